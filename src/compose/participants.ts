import type {FindingLocation} from '../domain/finding.js'
import type {Participant} from '../domain/participant.js'
import type {MountView} from '../domain/view.js'
import {inputErrorAt} from '../errors.js'
import {authKindFromEnv} from '../model/auth-kind.js'
import {type ClaudeEnv, configDirFrom} from '../model/config-dir.js'
import {protocolForVersion} from '../protocols/protocol-for.js'
import {canonicalTarget, joinPath} from '../resolve/normalize-path.js'
import type {ComposeLocation, ComposeMount, ComposeProject, ComposeService} from './types.js'
import {composeView} from './view.js'

/** A compose entry a finding can point at: where it is and what it says. */
export interface ComposeEntry {
  location: ComposeLocation
  /** `HOME`, `CLAUDE_CONFIG_DIR`, the mount target, `x-disinto-auth` … */
  what: string
  /** what had to be assumed about it (a host path missing where the gate runs) */
  assumption?: string
}

/** Where each fact of a compose participant came from, so findings land on the right line. */
export interface ComposeParticipantSources {
  service: ComposeService
  /** the volume entry whose target holds D (the later one on a shared target, as compose mounts it) */
  configDirMount?: ComposeEntry
  /** a mount whose target is exactly D/.credentials.json */
  credentialsMount?: ComposeEntry
  /** the environment entry that decided D (CLAUDE_SECURESTORAGE_CONFIG_DIR, CLAUDE_CONFIG_DIR or HOME) */
  configDirEnv?: ComposeEntry
  /** the environment entry that decided the auth kind, when not the /login OAuth */
  authEnv?: ComposeEntry
  /** the `x-disinto-auth` entry, when present */
  extension?: ComposeEntry
  /** where HOME came from */
  home: 'environment' | 'user' | 'unknown'
}

export interface ComposeParticipant {
  participant: Participant
  sources: ComposeParticipantSources
}

const AUTH_VARIABLES = [
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX',
  'CLAUDE_CODE_USE_FOUNDRY',
  'ANTHROPIC_AUTH_TOKEN',
  'ANTHROPIC_API_KEY',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_REFRESH_TOKEN',
]

/** `user: root`, `0`, `0:0`, `root:wheel`: the image's HOME for uid 0 is /root; any other user's is unknown. */
function homeOfUser(user: string | undefined): string | undefined {
  if (user === undefined) return undefined
  const name = user.split(':')[0]!.trim()
  return name === 'root' || name === '0' ? '/root' : undefined
}

function entry(location: ComposeLocation, what: string, assumption?: string): ComposeEntry {
  return assumption === undefined ? {location, what} : {location, what, assumption}
}

function mountEntry(mount: ComposeMount): ComposeEntry {
  return entry(mount.location, `${mount.type} ${mount.source ?? '(anonymous)'} at ${mount.target}`, mount.assumption)
}

/** The mount compose puts at `target` (the later of two entries with one target wins). */
function mountAt(service: ComposeService, target: string | undefined): ComposeMount | undefined {
  if (target === undefined) return undefined
  let found: ComposeMount | undefined
  for (const mount of service.mounts) if (mount.target.startsWith('/') && canonicalTarget(mount.target) === target) found = mount
  return found
}

function absolute(value: string, location: ComposeLocation, what: string): string {
  if (!value.startsWith('/')) throw inputErrorAt(location.file, location.line, `${what} "${value}" is not an absolute container path`, location.column)
  const parts = value.split('/').filter(Boolean)
  if (parts.some((part) => part === '.' || part === '..')) {
    throw inputErrorAt(location.file, location.line, `${what} "${value}" contains "." or ".."`, location.column)
  }
  return `/${parts.join('/')}`
}

/**
 * One Claude-running compose service as a participant of the verdict engine: its view is the
 * service's mounts, its environment the container's (never the host's), D from that environment
 * (HOME from `environment`, else `/root` for `user: root`, else unknown), version, interactive
 * and flock from `x-disinto-auth` (a config-file default version applies where none is given).
 */
export function composeParticipant(project: ComposeProject, service: ComposeService, defaults: {claudeVersion?: string} = {}): ComposeParticipant {
  const value = (name: string) => service.environment[name]?.value
  const env: ClaudeEnv = {}
  const sources: ComposeParticipantSources = {service, home: 'unknown'}
  for (const name of ['CLAUDE_SECURESTORAGE_CONFIG_DIR', 'CLAUDE_CONFIG_DIR', 'HOME'] as const) {
    const raw = value(name)
    if (raw) env[name] = absolute(raw, service.environment[name]!.location, name)
  }
  if (env.HOME) sources.home = 'environment'
  else {
    const home = homeOfUser(service.user)
    if (home) {
      env.HOME = home
      sources.home = 'user'
    }
  }
  const configDir = configDirFrom(env)
  if (configDir) {
    const variable = configDir.from === '$HOME/.claude' ? 'HOME' : configDir.from
    const set = service.environment[variable]
    if (set) sources.configDirEnv = entry(set.location, `${variable}=${set.value}`)
    else if (variable === 'HOME') sources.configDirEnv = entry(service.location, `user: ${service.user ?? ''} (HOME ${env.HOME})`)
  }
  const environment = Object.fromEntries(Object.entries(service.environment).map(([key, item]) => [key, item.value]))
  const auth = authKindFromEnv(environment)
  const authVariable = AUTH_VARIABLES.find((name) => Boolean(environment[name]))
  if (auth !== 'oauth' && authVariable) sources.authEnv = entry(service.environment[authVariable]!.location, authVariable)

  const view = statedAssumptions(composeView(project, service))
  if (configDir) {
    const holding = mountAt(service, view.resolve(configDir.path).mountTarget)
    if (holding) sources.configDirMount = mountEntry(holding)
    const credentials = mountAt(service, joinPath(configDir.path, '.credentials.json'))
    if (credentials) sources.credentialsMount = mountEntry(credentials)
  }

  const extension = service.extension
  if (extension) sources.extension = entry(extension.location, 'x-disinto-auth')
  const version = extension?.version ?? defaults.claudeVersion
  const protocol = protocolForVersion(version)
  if (version !== undefined && !protocol) {
    const at = extension?.version !== undefined ? extension.location : service.location
    throw inputErrorAt(at.file, at.line, `Claude Code version "${version}" of ${service.name} is not X.Y.Z`, at.column)
  }
  const flock = extension?.flock ? [absolute(extension.flock, extension.location, 'x-disinto-auth.flock')] : []

  const locations: NonNullable<Participant['locations']> = {service: asFinding(service.location)}
  const dAt = sources.configDirMount ?? sources.configDirEnv
  if (dAt) locations.configDir = asFinding(dAt.location)
  if (extension?.flock) locations.flock = asFinding(extension.location)
  if (extension?.version !== undefined) locations.version = asFinding(extension.location)

  const participant: Participant = {
    name: service.name,
    view,
    origin: `${service.location.file} (service ${service.name})`,
    env,
    auth,
    claude: protocol
      ? {version, protocol: protocol.id, protocolFrom: extension?.version !== undefined ? 'version' : 'override'}
      : {protocol: 'unknown', protocolFrom: 'unknown'},
    flock,
    interactive: extension?.interactive ?? false,
    locations,
  }
  if (configDir) participant.configDir = configDir
  return {participant, sources}
}

/**
 * A CI runner never has the deploy host's `~/.claude`: a bind whose host path is missing here (or
 * an external volume) keys by its spelling, which compose view marks inexact. Within one project on
 * one engine equal spellings are the same storage unless a host symlink says otherwise; the gate
 * assumes so and every finding on such an entry states the assumption.
 */
function statedAssumptions(view: MountView): MountView {
  return {
    ...view,
    resolve(path) {
      const at = view.resolve(path)
      if (at.backing.exact || !/^(host|volume):/.test(at.backing.key)) return at
      return {...at, backing: {...at.backing, exact: true}}
    },
  }
}

export function asFinding(location: ComposeLocation): FindingLocation {
  const result: FindingLocation = {file: location.file, line: location.line, column: location.column}
  if (location.via) result.via = location.via
  return result
}

/** Every Claude-running service among `services` as a participant, in definition order. */
export function composeParticipants(project: ComposeProject, services: readonly ComposeService[], defaults: {claudeVersion?: string} = {}): ComposeParticipant[] {
  return services.filter((service) => service.runsClaude.value).map((service) => composeParticipant(project, service, defaults))
}
