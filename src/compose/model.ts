import {inputErrorAt} from '../errors.js'
import {InterpolationSyntaxError, type Lookup, interpolate} from './interpolate.js'
import type {ComposeLocation, ComposeValue, MissingVariable} from './types.js'
import {type DraftMount, booleanValue, parseLongVolume, parseShortVolume, parseTmpfs} from './volumes.js'
import {type CEntry, type CMap, type CNode, formatLocation} from './yaml-tree.js'

/** Warnings and missing variables collected while loading. */
export interface Diagnostics {
  warnings: string[]
  missing: MissingVariable[]
}

export function warn(diagnostics: Diagnostics, message: string): void {
  if (!diagnostics.warnings.includes(message)) diagnostics.warnings.push(message)
}

function fail(loc: ComposeLocation, what: string): never {
  throw inputErrorAt(loc.file, loc.line, what, loc.column)
}

/** Interpolates every string value (never a key) of a tree, before any merge (compose rule 10). */
export function interpolateTree(node: CNode, lookup: Lookup, diagnostics: Diagnostics): CNode {
  if (node.kind === 'map') {
    return {...node, entries: node.entries.map((entry) => ({...entry, value: interpolateTree(entry.value, lookup, diagnostics)}))}
  }
  if (node.kind === 'seq') return {...node, items: node.items.map((item) => interpolateTree(item, lookup, diagnostics))}
  if (typeof node.value !== 'string' || !node.value.includes('$')) return node
  let result
  try {
    result = interpolate(node.value, lookup)
  } catch (error) {
    if (error instanceof InterpolationSyntaxError) fail(node.loc, error.message)
    throw error
  }
  const where = formatLocation(node.loc)
  for (const name of result.unset) warn(diagnostics, `${where}: variable ${name} is not set; using an empty string`)
  for (const missing of result.missing) {
    const entry: MissingVariable = {name: missing.name, location: node.loc}
    if (missing.message !== undefined) entry.message = missing.message
    diagnostics.missing.push(entry)
  }
  return {...node, value: result.value}
}

export interface DraftEnvValue {
  /** undefined: `KEY` without a value, taken from the project environment */
  value: string | undefined
  location: ComposeLocation
  reset?: boolean
}

export interface DraftEnvFile {
  path: string
  required: boolean
  raw: boolean
  location: ComposeLocation
  baseDir: string
}

export interface DraftExtension {
  claude?: boolean
  version?: string
  interactive?: boolean
  flock?: string
  location: ComposeLocation
}

export interface DraftService {
  name: string
  location: ComposeLocation
  /** absolute path of the file this layer came from, for `extends` without `file` */
  file: string
  baseDir: string
  image?: ComposeValue<string>
  user?: ComposeValue<string>
  readOnly?: ComposeValue<boolean>
  volumes: DraftMount[]
  tmpfs: DraftMount[]
  volumesFrom: ComposeValue<string>[]
  environment: Map<string, DraftEnvValue>
  envFiles: DraftEnvFile[]
  profiles: string[]
  /** `command` / `entrypoint` words, only to look for `claude` */
  commands: ComposeValue<string>[]
  extends?: {service: string; file?: string; location: ComposeLocation}
  extension?: DraftExtension
  /** fields tagged `!reset` / `!override` in this layer */
  resets: Set<string>
  overrides: Set<string>
}

export interface DraftVolume {
  key: string
  name?: string
  external: boolean
  /** `external: {name: x}` (legacy) */
  externalName?: string
  driver?: string
  driverOpts: Record<string, string>
  location: ComposeLocation
  baseDir: string
}

export interface IncludeSpec {
  paths: string[]
  projectDirectory?: string
  envFiles?: string[]
  location: ComposeLocation
}

export interface LayerModel {
  name?: ComposeValue<string>
  services: Map<string, DraftService>
  volumes: Map<string, DraftVolume>
  includes: IncludeSpec[]
}

function text(node: CNode | undefined, what: string): string | undefined {
  if (node === undefined) return undefined
  if (node.kind !== 'scalar') fail(node.loc, `${what} must be a string`)
  return node.value === null ? undefined : String(node.value)
}

function stringList(node: CNode | undefined, what: string): ComposeValue<string>[] {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return []
  const items = node.kind === 'seq' ? node.items : [node]
  return items.map((item) => {
    const value = text(item, what)
    if (value === undefined) fail(item.loc, `${what} entries must be strings`)
    return {value, location: item.loc}
  })
}

/** Builds the model of one (interpolated) document. `baseDir` is where relative paths resolve. */
export function buildLayer(root: CMap, file: string, baseDir: string): LayerModel {
  const layer: LayerModel = {services: new Map(), volumes: new Map(), includes: []}
  for (const entry of root.entries) {
    switch (entry.key) {
      case 'name': {
        const value = text(entry.value, 'name')
        if (value !== undefined) layer.name = {value, location: entry.value.loc}
        break
      }
      case 'services':
        if (entry.value.kind === 'scalar' && entry.value.value === null) break
        if (entry.value.kind !== 'map') fail(entry.value.loc, 'services must be a mapping')
        for (const service of entry.value.entries) {
          layer.services.set(service.key, buildService(service, file, baseDir))
        }
        break
      case 'volumes':
        if (entry.value.kind === 'scalar' && entry.value.value === null) break
        if (entry.value.kind !== 'map') fail(entry.value.loc, 'volumes must be a mapping')
        for (const volume of entry.value.entries) layer.volumes.set(volume.key, buildVolume(volume, baseDir))
        break
      case 'include':
        layer.includes.push(...buildIncludes(entry.value))
        break
      default:
    }
  }
  return layer
}

function buildIncludes(node: CNode): IncludeSpec[] {
  const items = node.kind === 'seq' ? node.items : [node]
  return items.map((item) => {
    if (item.kind === 'scalar') {
      const path = text(item, 'include')
      if (path === undefined) fail(item.loc, 'include entries must be paths')
      return {paths: [path], location: item.loc}
    }
    if (item.kind !== 'map') fail(item.loc, 'include entries must be paths or mappings')
    const get = (key: string) => item.entries.find((entry) => entry.key === key)?.value
    const paths = stringList(get('path'), 'include.path').map((value) => value.value)
    if (paths.length === 0) fail(item.loc, 'include entry needs a path')
    const spec: IncludeSpec = {paths, location: item.loc}
    const projectDirectory = text(get('project_directory'), 'include.project_directory')
    if (projectDirectory !== undefined) spec.projectDirectory = projectDirectory
    const envFiles = get('env_file')
    if (envFiles !== undefined) spec.envFiles = stringList(envFiles, 'include.env_file').map((value) => value.value)
    return spec
  })
}

function buildVolume(entry: CEntry, baseDir: string): DraftVolume {
  const volume: DraftVolume = {key: entry.key, external: false, driverOpts: {}, location: entry.keyLoc, baseDir}
  const node = entry.value
  if (node.kind === 'scalar' && node.value === null) return volume
  if (node.kind !== 'map') fail(node.loc, `volume ${entry.key} must be a mapping`)
  for (const {key, value} of node.entries) {
    if (key === 'name') {
      const name = text(value, 'volume name')
      if (name !== undefined) volume.name = name
    } else if (key === 'external') {
      if (value.kind === 'map') {
        volume.external = true
        const legacy = text(value.entries.find((e) => e.key === 'name')?.value, 'external.name')
        if (legacy !== undefined) volume.externalName = legacy
      } else volume.external = booleanValue(value, 'external')
    } else if (key === 'driver') {
      const driver = text(value, 'driver')
      if (driver !== undefined) volume.driver = driver
    } else if (key === 'driver_opts') {
      if (value.kind !== 'map') fail(value.loc, 'driver_opts must be a mapping')
      for (const option of value.entries) volume.driverOpts[option.key] = text(option.value, `driver_opts.${option.key}`) ?? ''
    }
  }
  return volume
}

function buildService(entry: CEntry, file: string, baseDir: string): DraftService {
  const service: DraftService = {
    name: entry.key,
    location: entry.keyLoc,
    file,
    baseDir,
    volumes: [],
    tmpfs: [],
    volumesFrom: [],
    environment: new Map(),
    envFiles: [],
    profiles: [],
    commands: [],
    resets: new Set(),
    overrides: new Set(),
  }
  const node = entry.value
  if (node.kind === 'scalar' && node.value === null) return service
  if (node.kind !== 'map') fail(node.loc, `service ${entry.key} must be a mapping`)
  for (const {key, value} of node.entries) {
    if (value.tag === 'reset') {
      service.resets.add(key)
      continue
    }
    if (value.tag === 'override') service.overrides.add(key)
    const isNull = value.kind === 'scalar' && value.value === null
    switch (key) {
      case 'image':
      case 'user': {
        const scalar = text(value, key)
        if (scalar !== undefined) service[key] = {value: scalar, location: value.loc}
        break
      }
      case 'read_only':
        if (!isNull) service.readOnly = {value: booleanValue(value, 'read_only'), location: value.loc}
        break
      case 'volumes': {
        if (isNull) break
        if (value.kind !== 'seq') fail(value.loc, 'volumes must be a list')
        const seen = new Map<string, DraftMount>()
        for (const item of value.items) {
          let mount: DraftMount | undefined
          if (item.kind === 'scalar') mount = parseShortVolume(text(item, 'volume') ?? '', item.loc, baseDir)
          else if (item.kind === 'map') mount = parseLongVolume(item, baseDir)
          else fail(item.loc, 'volume entries must be strings or mappings')
          if (!mount) continue
          const earlier = seen.get(mount.target)
          if (earlier) {
            fail(item.loc, `duplicate mount target ${mount.target} (also at line ${earlier.location.line})`)
          }
          seen.set(mount.target, mount)
          service.volumes.push(mount)
        }
        break
      }
      case 'tmpfs':
        if (!isNull) service.tmpfs = parseTmpfs(value, baseDir)
        break
      case 'volumes_from':
        service.volumesFrom = stringList(value, 'volumes_from')
        break
      case 'environment':
        service.environment = buildEnvironment(value)
        break
      case 'env_file':
        service.envFiles = buildEnvFiles(value, baseDir)
        break
      case 'profiles':
        service.profiles = stringList(value, 'profiles').map((item) => item.value)
        break
      case 'command':
      case 'entrypoint':
        service.commands.push(...stringList(value, key))
        break
      case 'extends': {
        if (value.kind === 'scalar') {
          const base = text(value, 'extends')
          if (base !== undefined) service.extends = {service: base, location: value.loc}
          break
        }
        if (value.kind !== 'map') fail(value.loc, 'extends must name a service')
        const get = (name: string) => value.entries.find((e) => e.key === name)?.value
        const base = text(get('service'), 'extends.service')
        if (base === undefined) fail(value.loc, 'extends needs a service')
        const extendsFile = text(get('file'), 'extends.file')
        service.extends = extendsFile === undefined ? {service: base, location: value.loc} : {service: base, file: extendsFile, location: value.loc}
        break
      }
      case 'x-disinto-auth':
        if (!isNull) service.extension = buildExtension(value)
        break
      default:
    }
  }
  return service
}

function buildEnvironment(node: CNode): Map<string, DraftEnvValue> {
  const environment = new Map<string, DraftEnvValue>()
  if (node.kind === 'scalar' && node.value === null) return environment
  if (node.kind === 'map') {
    for (const {key, keyLoc, value} of node.entries) {
      if (value.tag === 'reset') {
        environment.set(key, {value: undefined, location: keyLoc, reset: true})
        continue
      }
      if (value.kind !== 'scalar') fail(value.loc, `environment ${key} must be a string`)
      environment.set(key, {value: value.value === null ? undefined : String(value.value), location: keyLoc})
    }
    return environment
  }
  if (node.kind !== 'seq') fail(node.loc, 'environment must be a mapping or a list')
  for (const item of node.items) {
    const entry = text(item, 'environment entry')
    if (entry === undefined) continue
    const equals = entry.indexOf('=')
    if (equals < 0) environment.set(entry, {value: undefined, location: item.loc})
    else environment.set(entry.slice(0, equals), {value: entry.slice(equals + 1), location: item.loc})
  }
  return environment
}

function buildEnvFiles(node: CNode, baseDir: string): DraftEnvFile[] {
  if (node.kind === 'scalar' && node.value === null) return []
  const items = node.kind === 'seq' ? node.items : [node]
  return items.map((item) => {
    if (item.kind === 'map') {
      const get = (key: string) => item.entries.find((e) => e.key === key)?.value
      const path = text(get('path'), 'env_file.path')
      if (path === undefined) fail(item.loc, 'env_file entry needs a path')
      const required = get('required')
      return {
        path,
        required: required ? booleanValue(required, 'env_file.required') : true,
        raw: text(get('format'), 'env_file.format') === 'raw',
        location: item.loc,
        baseDir,
      }
    }
    const path = text(item, 'env_file')
    if (path === undefined) fail(item.loc, 'env_file entries must be paths')
    return {path, required: true, raw: false, location: item.loc, baseDir}
  })
}

function buildExtension(node: CNode): DraftExtension {
  if (node.kind !== 'map') fail(node.loc, 'x-disinto-auth must be a mapping')
  const extension: DraftExtension = {location: node.loc}
  for (const {key, value} of node.entries) {
    if (key === 'claude') extension.claude = booleanValue(value, 'x-disinto-auth.claude')
    else if (key === 'interactive') extension.interactive = booleanValue(value, 'x-disinto-auth.interactive')
    else if (key === 'version') {
      const version = text(value, 'x-disinto-auth.version')
      if (version !== undefined) extension.version = version
    } else if (key === 'flock') {
      const flock = text(value, 'x-disinto-auth.flock')
      if (flock !== undefined) extension.flock = flock
    } else fail(value.loc, `unknown x-disinto-auth key "${key}" (claude, version, interactive, flock)`)
  }
  return extension
}

/** Adds a `via` note to every location a service layer carries (used for extends and include). */
export function serviceVia(service: DraftService, via: string): DraftService {
  const tag = (loc: ComposeLocation): ComposeLocation => ({...loc, via: loc.via ? `${loc.via}; ${via}` : via})
  const value = <T>(item: ComposeValue<T> | undefined) => (item ? {...item, location: tag(item.location)} : undefined)
  const copy: DraftService = {
    ...service,
    volumes: service.volumes.map((mount) => ({...mount, location: tag(mount.location)})),
    tmpfs: service.tmpfs.map((mount) => ({...mount, location: tag(mount.location)})),
    volumesFrom: service.volumesFrom.map((item) => ({...item, location: tag(item.location)})),
    environment: new Map([...service.environment].map(([key, item]) => [key, {...item, location: tag(item.location)}])),
    envFiles: service.envFiles.map((item) => ({...item, location: tag(item.location)})),
    commands: service.commands.map((item) => ({...item, location: tag(item.location)})),
  }
  const image = value(service.image)
  const user = value(service.user)
  const readOnly = value(service.readOnly)
  if (image) copy.image = image
  if (user) copy.user = user
  if (readOnly) copy.readOnly = readOnly
  if (service.extension) copy.extension = {...service.extension, location: tag(service.extension.location)}
  return copy
}

/** Sequence merge unique by a key: a later entry with the same key replaces the earlier in place. */
function mergeUnique<T>(base: T[], over: T[], key: (item: T) => string): T[] {
  const result = [...base]
  for (const item of over) {
    const index = result.findIndex((existing) => key(existing) === key(item))
    if (index < 0) result.push(item)
    else result[index] = item
  }
  return result
}

/**
 * Merges a later layer onto an earlier one (compose-spec 13-merge.md): scalars override,
 * `volumes`/`tmpfs` unique by target, `environment` by key, `env_file` unique by path,
 * `volumes_from`/`profiles` appended without duplicates, `command`/`entrypoint` replaced;
 * `!reset` drops the inherited value, `!override` replaces it whole.
 * `keepBaseLocation`: the service's own location stays the base one (-f merge), else the later one (extends).
 */
export function mergeService(base: DraftService, over: DraftService, keepBaseLocation: boolean): DraftService {
  const merged: DraftService = {
    ...base,
    location: keepBaseLocation ? base.location : over.location,
    file: keepBaseLocation ? base.file : over.file,
    baseDir: keepBaseLocation ? base.baseDir : over.baseDir,
    resets: new Set(),
    overrides: new Set(),
  }
  if (keepBaseLocation && over.extends) merged.extends = over.extends
  else if (!keepBaseLocation) delete merged.extends
  const replace = (field: string) => over.resets.has(field) || over.overrides.has(field)
  const cleared = (field: string) => over.resets.has(field)

  for (const field of ['image', 'user'] as const) {
    if (cleared(field)) delete merged[field]
    const value = over[field]
    if (value) merged[field] = value
  }
  if (cleared('read_only')) delete merged.readOnly
  if (over.readOnly) merged.readOnly = over.readOnly

  merged.volumes = replace('volumes') ? over.volumes : mergeUnique(base.volumes, over.volumes, (mount) => mount.target)
  merged.tmpfs = replace('tmpfs') ? over.tmpfs : mergeUnique(base.tmpfs, over.tmpfs, (mount) => mount.target)
  merged.volumesFrom = replace('volumes_from')
    ? over.volumesFrom
    : mergeUnique(base.volumesFrom, over.volumesFrom, (item) => item.value)
  merged.envFiles = replace('env_file') ? over.envFiles : mergeUnique(base.envFiles, over.envFiles, (item) => item.path)
  merged.profiles = replace('profiles') ? over.profiles : [...new Set([...base.profiles, ...over.profiles])]
  const commandsSet = over.commands.length > 0 || cleared('command') || cleared('entrypoint')
  merged.commands = commandsSet ? over.commands : base.commands

  if (replace('environment')) merged.environment = new Map([...over.environment].filter(([, item]) => !item.reset))
  else {
    merged.environment = new Map(base.environment)
    for (const [key, item] of over.environment) {
      if (item.reset) merged.environment.delete(key)
      else merged.environment.set(key, item)
    }
  }

  if (cleared('x-disinto-auth')) delete merged.extension
  if (over.extension) {
    merged.extension = over.overrides.has('x-disinto-auth') || !merged.extension ? over.extension : {...merged.extension, ...over.extension}
  }
  return merged
}

export function mergeVolume(base: DraftVolume, over: DraftVolume): DraftVolume {
  return {...base, ...over, driverOpts: {...base.driverOpts, ...over.driverOpts}}
}

/** Merges a later layer (file, document or include) onto the accumulated one. */
export function mergeLayer(base: LayerModel, over: LayerModel): LayerModel {
  const services = new Map(base.services)
  for (const [name, service] of over.services) {
    const earlier = services.get(name)
    services.set(name, earlier ? mergeService(earlier, service, true) : service)
  }
  const volumes = new Map(base.volumes)
  for (const [key, volume] of over.volumes) {
    const earlier = volumes.get(key)
    volumes.set(key, earlier ? mergeVolume(earlier, volume) : volume)
  }
  const merged: LayerModel = {services, volumes, includes: [...base.includes, ...over.includes]}
  const name = over.name ?? base.name
  if (name) merged.name = name
  return merged
}
