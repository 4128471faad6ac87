import {posix} from 'node:path'

import {InputError, inputErrorAt} from '../errors.js'
import {claudeEvidence} from './claude.js'
import {DotenvSyntaxError, parseDotenv} from './dotenv.js'
import {type ComposeIo, nodeComposeIo} from './gather.js'
import type {Lookup} from './interpolate.js'
import {
  type Diagnostics,
  type DraftService,
  type DraftVolume,
  type LayerModel,
  buildLayer,
  interpolateTree,
  mergeLayer,
  mergeService,
  serviceVia,
  warn,
} from './model.js'
import type {
  ComposeLocation,
  ComposeMount,
  ComposeProject,
  ComposeService,
  ComposeValue,
  ComposeVolumeRef,
  LoadComposeOptions,
} from './types.js'
import {type DraftMount, isWindowsPath} from './volumes.js'
import {formatLocation, parseYamlDocuments} from './yaml-tree.js'

const DISCOVERY = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml']

function fail(loc: ComposeLocation, what: string): never {
  throw inputErrorAt(loc.file, loc.line, what, loc.column)
}

/** compose-go NormalizeProjectName: lower case, keep `[a-z0-9_-]`, no leading `_`/`-`. */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '')
}

interface Context {
  io: ComposeIo
  cwd: string
  display(path: string): string
  diagnostics: Diagnostics
}

/** The variables one (sub-)project interpolates with: the process env over its env files. */
interface ProjectEnv {
  lookup: Lookup
  /** the process environment, for `~` */
  process: Record<string, string | undefined>
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase())
}

function processLookup(env: Record<string, string | undefined>): Lookup {
  return (name) => (Object.hasOwn(env, name) ? env[name] : undefined)
}

/**
 * Reads env files in order (a later file wins; the `lookup` given — the process env or the
 * includer's environment — always wins over any file). `optionalPath` is the default `.env`.
 */
async function readProjectEnv(
  context: Context,
  over: Lookup,
  explicit: string[] | undefined,
  defaultPath: string | undefined,
  referencedAt?: ComposeLocation,
): Promise<Lookup> {
  const values = new Map<string, string>()
  const paths = explicit ?? (defaultPath ? [defaultPath] : [])
  for (const path of paths) {
    const text = await context.io.readText(path)
    if (text === undefined) {
      if (explicit === undefined) continue
      if (referencedAt) fail(referencedAt, `env file ${context.display(path)} not found`)
      throw new InputError(`${context.display(path)}: env file not found`, 'E_PARSE')
    }
    let parsed
    try {
      parsed = parseDotenv(text, (name) => over(name) ?? values.get(name))
    } catch (error) {
      if (error instanceof DotenvSyntaxError) throw inputErrorAt(context.display(path), error.line, error.message, 1)
      throw error
    }
    for (const {name, line} of parsed.unset) {
      warn(context.diagnostics, `${context.display(path)}:${line}:1: variable ${name} is not set; using an empty string`)
    }
    for (const missing of parsed.missing) {
      const entry = {name: missing.name, location: {file: context.display(path), line: missing.line, column: 1}}
      context.diagnostics.missing.push(missing.message === undefined ? entry : {...entry, message: missing.message})
    }
    for (const entry of parsed.entries) values.set(entry.key, entry.value)
  }
  return (name) => over(name) ?? values.get(name)
}

/** A file's documents merged in order, includes applied, `extends` not yet resolved. */
async function rawLayer(
  path: string,
  baseDir: string,
  env: ProjectEnv,
  context: Context,
  includeStack: string[],
  referencedAt?: ComposeLocation,
): Promise<LayerModel> {
  const text = await context.io.readText(path)
  const display = context.display(path)
  if (text === undefined) {
    if (referencedAt) fail(referencedAt, `file ${display} not found`)
    throw new InputError(`${display}: compose file not found`, 'E_PARSE')
  }
  let merged: LayerModel = {services: new Map(), volumes: new Map(), includes: []}
  for (const document of parseYamlDocuments(text, display)) {
    const interpolated = interpolateTree(document, env.lookup, context.diagnostics)
    if (interpolated.kind !== 'map') continue
    let layer = buildLayer(interpolated, path, baseDir)
    const ownName = layer.name
    for (const include of layer.includes) {
      const included = await loadInclude(include, path, env, context, [...includeStack, path])
      for (const [name, service] of layer.services) {
        if (included.services.has(name)) {
          warn(context.diagnostics, `${formatLocation(service.location)}: service ${name} is also defined by an included file; merged over it`)
        }
      }
      layer = mergeLayer(included, {services: layer.services, volumes: layer.volumes, includes: []})
    }
    if (ownName) layer.name = ownName
    layer.includes = []
    merged = mergeLayer(merged, layer)
  }
  return merged
}

async function loadInclude(
  include: {paths: string[]; projectDirectory?: string; envFiles?: string[]; location: ComposeLocation},
  includer: string,
  env: ProjectEnv,
  context: Context,
  stack: string[],
): Promise<LayerModel> {
  const here = posix.dirname(includer)
  const paths = include.paths.map((path) => posix.resolve(here, path))
  for (const path of paths) {
    if (stack.includes(path)) fail(include.location, `include cycle: ${[...stack, path].map(context.display).join(' → ')}`)
  }
  const projectDir = include.projectDirectory ? posix.resolve(here, include.projectDirectory) : posix.dirname(paths[0]!)
  // the includer's environment wins over the included project's own .env
  const lookup = await readProjectEnv(
    context,
    env.lookup,
    include.envFiles?.map((path) => posix.resolve(here, path)),
    posix.join(projectDir, '.env'),
    include.location,
  )
  const subEnv: ProjectEnv = {lookup, process: env.process}
  let layer: LayerModel = {services: new Map(), volumes: new Map(), includes: []}
  for (const path of paths) {
    layer = mergeLayer(layer, await resolvedLayer(path, projectDir, subEnv, context, stack, include.location))
  }
  const via = `include at ${formatLocation(include.location)}`
  const services = new Map([...layer.services].map(([name, service]) => [name, serviceVia(service, via)]))
  return {services, volumes: layer.volumes, includes: []}
}

/** A file's layer with every `extends` resolved. */
async function resolvedLayer(
  path: string,
  baseDir: string,
  env: ProjectEnv,
  context: Context,
  includeStack: string[],
  referencedAt?: ComposeLocation,
): Promise<LayerModel> {
  const layer = await rawLayer(path, baseDir, env, context, includeStack, referencedAt)
  const cache = new Map<string, LayerModel>()
  const services = new Map<string, DraftService>()
  for (const name of layer.services.keys()) {
    services.set(name, await resolveExtends(name, layer, path, env, context, [], cache))
  }
  return {...layer, services}
}

async function resolveExtends(
  name: string,
  layer: LayerModel,
  file: string,
  env: ProjectEnv,
  context: Context,
  stack: string[],
  cache: Map<string, LayerModel>,
): Promise<DraftService> {
  const service = layer.services.get(name)!
  const reference = service.extends
  if (!reference) return service
  const key = `${file}#${name}`
  const chain = [...stack, key]
  let baseLayer = layer
  let baseFile = file
  if (reference.file !== undefined) {
    baseFile = posix.resolve(posix.dirname(file), reference.file)
    let cached = cache.get(baseFile)
    if (!cached) {
      // an extended file's relative paths resolve against its own directory
      cached = await rawLayer(baseFile, posix.dirname(baseFile), env, context, [], reference.location)
      cache.set(baseFile, cached)
    }
    baseLayer = cached
  }
  const baseKey = `${baseFile}#${reference.service}`
  if (chain.includes(baseKey)) {
    const names = [...chain, baseKey].map((entry) => entry.slice(entry.lastIndexOf('#') + 1))
    fail(reference.location, `extends cycle: ${names.join(' → ')}`)
  }
  if (!baseLayer.services.has(reference.service)) {
    const where = reference.file === undefined ? '' : ` in ${context.display(baseFile)}`
    fail(reference.location, `service ${name} extends unknown service ${reference.service}${where}`)
  }
  const base = await resolveExtends(reference.service, baseLayer, baseFile, env, context, chain, cache)
  return mergeService(serviceVia(base, `extends at ${formatLocation(reference.location)}`), service, false)
}

/** Which files, which project directory (compose rules 1–2). */
async function locateFiles(
  options: LoadComposeOptions,
  context: Context,
  preliminary: Lookup,
): Promise<{files: string[]; projectDir: string}> {
  const explicitDir = options.projectDirectory ? posix.resolve(options.cwd, options.projectDirectory) : undefined
  let files: string[] | undefined
  if (options.files && options.files.length > 0) files = options.files.map((file) => posix.resolve(options.cwd, file))
  else {
    const fromEnv = preliminary('COMPOSE_FILE')
    if (fromEnv) {
      const separator = preliminary('COMPOSE_PATH_SEPARATOR') || ':'
      files = fromEnv
        .split(separator)
        .filter(Boolean)
        .map((file) => posix.resolve(explicitDir ?? options.cwd, file))
    }
  }
  if (files && files.length > 0) return {files, projectDir: explicitDir ?? posix.dirname(files[0]!)}
  for (let dir = explicitDir ?? options.cwd; ; dir = posix.dirname(dir)) {
    for (const name of DISCOVERY) {
      const candidate = posix.join(dir, name)
      if ((await context.io.readText(candidate)) === undefined) continue
      const found = [candidate]
      const extension = posix.extname(name)
      const stem = name.slice(0, -extension.length)
      for (const overrideExtension of [extension, extension === '.yml' ? '.yaml' : '.yml']) {
        const override = posix.join(dir, `${stem}.override${overrideExtension}`)
        if ((await context.io.readText(override)) !== undefined) {
          found.push(override)
          break
        }
      }
      return {files: found, projectDir: explicitDir ?? dir}
    }
    if (dir === '/') break
  }
  throw new InputError(
    `no compose file found in ${context.display(explicitDir ?? options.cwd)} or its parents (${DISCOVERY.join(', ')}); give one with -f`,
    'E_PARSE',
  )
}

/** `~`, relative → absolute, host symlinks followed where the path exists here. */
async function resolveHostPath(
  source: string,
  baseDir: string,
  env: ProjectEnv,
  context: Context,
): Promise<{path: string; assumption?: string}> {
  if (isWindowsPath(source)) {
    return {path: source, assumption: `Windows host path ${source}: its storage (and symlinks) are not visible from here`}
  }
  let path = source
  if (source.startsWith('~')) {
    const home = env.process['HOME']
    if (!home) return {path: source, assumption: 'HOME is not set, so ~ cannot be expanded'}
    // compose-go joins everything after `~` onto the runner's home (`~bob/x` → $HOME/bob/x)
    path = posix.join(home, source.slice(1))
  }
  path = posix.resolve(baseDir, path)
  const real = await context.io.realpath(path)
  if (real !== undefined) return {path: real}
  // follow symlinks in the longest existing ancestor; the rest would be created by the daemon
  let ancestor = posix.dirname(path)
  for (;;) {
    const resolved = await context.io.realpath(ancestor)
    if (resolved !== undefined) {
      const rest = posix.relative(ancestor, path)
      return {
        path: posix.join(resolved, rest),
        assumption: `host path ${path} does not exist here; symlinks below ${resolved} not followed`,
      }
    }
    if (ancestor === '/') break
    ancestor = posix.dirname(ancestor)
  }
  return {path, assumption: `host path ${path} does not exist here; symlinks not followed`}
}

const BIND_OPTIONS = new Set(['bind', 'rbind'])

async function volumeRef(
  key: string,
  draft: DraftVolume,
  projectName: string,
  env: ProjectEnv,
  context: Context,
): Promise<{ref: ComposeVolumeRef; assumption?: string}> {
  const name = draft.external ? (draft.externalName ?? draft.name ?? key) : (draft.name ?? `${projectName}_${key}`)
  const ref: ComposeVolumeRef = {name, key, external: draft.external}
  if (draft.driver) ref.driver = draft.driver
  const assumptions: string[] = []
  const options = (draft.driverOpts['o'] ?? '').split(',').map((option) => option.trim())
  const device = draft.driverOpts['device']
  const type = draft.driverOpts['type']
  if (options.some((option) => BIND_OPTIONS.has(option)) && device) {
    if (draft.driver && draft.driver !== 'local') {
      assumptions.push(`volume ${key} uses driver ${draft.driver} with o: bind; taken as a bind of ${device}`)
    }
    if (!device.startsWith('/') && !isWindowsPath(device) && (draft.driver !== 'local' || draft.driverOpts['o'] !== 'bind')) {
      // compose-go makes a relative device absolute only for driver: local with o: bind exactly
      assumptions.push(`relative device ${device} of volume ${key} taken against ${context.display(draft.baseDir)}; compose would pass it on as written`)
    }
    const resolved = await resolveHostPath(device, draft.baseDir, env, context)
    ref.driverOptsBindDevice = resolved.path
    if (resolved.assumption) assumptions.push(resolved.assumption)
  } else if (type && type !== 'none') ref.driverOptsType = type
  else if (draft.driver && draft.driver !== 'local') ref.driverOptsType = draft.driver
  if (draft.external) assumptions.push(`external volume ${name}: what backs it is not declared here`)
  return assumptions.length > 0 ? {ref, assumption: assumptions.join('; ')} : {ref}
}

async function finalizeMount(
  draft: DraftMount,
  service: string,
  volumes: Map<string, DraftVolume>,
  projectName: string,
  env: ProjectEnv,
  context: Context,
): Promise<ComposeMount> {
  const mount: ComposeMount = {
    target: draft.target,
    type: draft.type === 'image' ? 'image-root' : draft.type,
    readOnly: draft.readOnly,
    location: draft.location,
  }
  if (draft.propagation) mount.propagation = draft.propagation
  if (draft.createHostPath !== undefined) mount.createHostPath = draft.createHostPath
  if (draft.subpath) mount.subpath = draft.subpath
  if (draft.type === 'bind') {
    const resolved = await resolveHostPath(draft.source!, draft.baseDir, env, context)
    mount.source = resolved.path
    if (resolved.assumption) mount.assumption = resolved.assumption
  } else if (draft.type === 'volume') {
    if (draft.source === undefined) mount.fromService = service
    else {
      const declared = volumes.get(draft.source)
      if (!declared) fail(draft.location, `service ${service} refers to undefined volume ${draft.source}`)
      const {ref, assumption} = await volumeRef(draft.source, declared, projectName, env, context)
      mount.source = ref.name
      mount.volume = ref
      if (assumption) mount.assumption = assumption
    }
  } else if (draft.type === 'image') mount.source = draft.source!
  return mount
}

interface Finalized {
  service: Omit<ComposeService, 'mounts' | 'runsClaude' | 'opaqueVolumesFrom'>
  own: ComposeMount[]
  draft: DraftService
}

async function containerEnvironment(
  draft: DraftService,
  env: ProjectEnv,
  context: Context,
): Promise<Record<string, ComposeValue<string>>> {
  const environment: Record<string, ComposeValue<string>> = {}
  for (const envFile of draft.envFiles) {
    const path = posix.resolve(envFile.baseDir, envFile.path)
    const text = await context.io.readText(path)
    if (text === undefined) {
      if (envFile.required) fail(envFile.location, `env file ${context.display(path)} not found`)
      continue
    }
    const display = context.display(path)
    let parsed
    try {
      parsed = parseDotenv(text, env.lookup, !envFile.raw)
    } catch (error) {
      if (error instanceof DotenvSyntaxError) throw inputErrorAt(display, error.line, error.message, 1)
      throw error
    }
    for (const {name, line} of parsed.unset) warn(context.diagnostics, `${display}:${line}:1: variable ${name} is not set; using an empty string`)
    for (const missing of parsed.missing) {
      const entry = {name: missing.name, location: {file: display, line: missing.line, column: 1}}
      context.diagnostics.missing.push(missing.message === undefined ? entry : {...entry, message: missing.message})
    }
    for (const entry of parsed.entries) {
      environment[entry.key] = {value: entry.value, location: {file: display, line: entry.line, column: 1, via: `env_file at ${formatLocation(envFile.location)}`}}
    }
  }
  for (const [key, item] of draft.environment) {
    // `KEY` without a value takes the project environment's value (host side!), else stays unset
    const value = item.value ?? env.lookup(key)
    if (value === undefined) {
      delete environment[key]
      continue
    }
    environment[key] = {value, location: item.location}
  }
  return environment
}

export async function loadComposeProject(options: LoadComposeOptions, io: ComposeIo = nodeComposeIo): Promise<ComposeProject> {
  const cwd = posix.resolve(options.cwd)
  const context: Context = {
    io,
    cwd,
    display: (path) => {
      const relative = posix.relative(cwd, path)
      return relative === '' ? '.' : relative.startsWith('..') ? path : relative
    },
    diagnostics: {warnings: [], missing: []},
  }
  const processEnv = processLookup(options.env)
  const disableEnvFile = truthy(options.env['COMPOSE_DISABLE_ENV_FILE'])
  const explicitEnvFiles = options.envFiles?.length ? options.envFiles.map((path) => posix.resolve(cwd, path)) : undefined
  const explicitDir = options.projectDirectory ? posix.resolve(cwd, options.projectDirectory) : undefined

  // COMPOSE_FILE may itself come from the .env of the working directory
  const preliminary =
    options.files && options.files.length > 0
      ? processEnv
      : await readProjectEnv(context, processEnv, explicitEnvFiles, disableEnvFile ? undefined : posix.join(explicitDir ?? cwd, '.env'))
  const {files, projectDir} = await locateFiles(options, context, preliminary)
  const lookup = await readProjectEnv(context, processEnv, explicitEnvFiles, disableEnvFile ? undefined : posix.join(projectDir, '.env'))
  const env: ProjectEnv = {lookup, process: options.env}

  let model: LayerModel = {services: new Map(), volumes: new Map(), includes: []}
  for (const file of files) {
    // every -f file resolves relative paths against the project directory (rule 2)
    model = mergeLayer(model, await resolvedLayer(file, projectDir, env, context, []))
  }

  const name = normalizeProjectName(
    options.projectName || lookup('COMPOSE_PROJECT_NAME') || model.name?.value || posix.basename(projectDir),
  )
  if (name === '') throw new InputError(`project name is empty after normalisation; give one with -p`, 'E_USAGE')

  const requested = options.profiles && options.profiles.length > 0 ? options.profiles : (lookup('COMPOSE_PROFILES') ?? '').split(',')
  const activeProfiles = [...new Set(requested.map((profile) => profile.trim()).filter(Boolean))]
  const allProfiles = options.allProfiles === true || activeProfiles.includes('*')

  const finalized = new Map<string, Finalized>()
  for (const [serviceName, draft] of model.services) {
    const own: ComposeMount[] = []
    for (const mount of [...draft.volumes, ...draft.tmpfs]) {
      own.push(await finalizeMount(mount, serviceName, model.volumes, name, env, context))
    }
    const service: Finalized['service'] = {
      name: serviceName,
      environment: await containerEnvironment(draft, env, context),
      readOnlyRoot: draft.readOnly?.value ?? false,
      location: draft.location,
      profiles: draft.profiles,
    }
    if (draft.image) service.image = draft.image.value
    if (draft.user) service.user = draft.user.value
    if (draft.extension) service.extension = draft.extension
    finalized.set(serviceName, {service, own, draft})
  }

  const mountsOf = (serviceName: string, stack: string[]): {mounts: ComposeMount[]; opaque: string[]} => {
    const entry = finalized.get(serviceName)!
    const fromOthers: ComposeMount[] = []
    const opaque: string[] = []
    for (const reference of entry.draft.volumesFrom) {
      const parts = reference.value.split(':')
      if (parts[0] === 'container') {
        opaque.push(parts[1] ?? '')
        warn(
          context.diagnostics,
          `${formatLocation(reference.location)}: volumes_from ${reference.value} names a container outside the project; its mounts are not known`,
        )
        continue
      }
      const [other, mode] = parts as [string, string | undefined]
      if (!finalized.has(other)) fail(reference.location, `service ${serviceName} takes volumes_from unknown service ${other}`)
      if (stack.includes(other)) fail(reference.location, `volumes_from cycle: ${[...stack, other].join(' → ')}`)
      const copied = mountsOf(other, [...stack, other])
      opaque.push(...copied.opaque)
      for (const mount of copied.mounts) {
        if (mount.type === 'tmpfs') continue
        const via = `volumes_from ${reference.value} at ${formatLocation(reference.location)}`
        const copy: ComposeMount = {
          ...mount,
          location: {...mount.location, via: mount.location.via ? `${mount.location.via}; ${via}` : via},
        }
        if (mode === 'ro') copy.readOnly = true
        else if (mode === 'rw') copy.readOnly = false
        fromOthers.push(copy)
      }
    }
    const ownTargets = new Set(entry.own.map((mount) => mount.target))
    const mounts = [...fromOthers.filter((mount) => !ownTargets.has(mount.target)), ...entry.own]
    return {mounts, opaque}
  }

  const services: ComposeService[] = []
  const disabledServices: ComposeService[] = []
  for (const [serviceName, entry] of finalized) {
    const {mounts, opaque} = mountsOf(serviceName, [serviceName])
    const base = {...entry.service, mounts, opaqueVolumesFrom: opaque}
    const service: ComposeService = {...base, runsClaude: claudeEvidence(base, entry.draft.commands)}
    const enabled =
      service.profiles.length === 0 || allProfiles || service.profiles.some((profile) => activeProfiles.includes(profile))
    ;(enabled ? services : disabledServices).push(service)
  }

  return {
    name,
    workingDir: projectDir,
    files,
    services,
    disabledServices,
    activeProfiles,
    allProfiles,
    warnings: context.diagnostics.warnings,
    variablesMissing: context.diagnostics.missing,
  }
}
