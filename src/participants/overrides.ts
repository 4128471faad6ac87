import type {AuthKind} from '../domain/capture.js'
import type {Participant} from '../domain/participant.js'
import {InputError} from '../errors.js'
import {configDirFrom} from '../model/config-dir.js'
import {protocolForVersion} from '../protocols/protocol-for.js'
import {normalizeAbsolutePath} from '../resolve/normalize-path.js'

/** Raw per-participant override flags, each `NAME=VALUE` or a bare `VALUE` meaning every participant. */
export interface OverrideFlags {
  configDir?: string[]
  home?: string[]
  realpath?: string[]
  claudeVersion?: string[]
  flock?: string[]
  auth?: string[]
  interactive?: string[]
}

const AUTH_KINDS: readonly AuthKind[] = ['oauth', 'api-key', 'auth-token', 'api-key-helper', 'oauth-token', 'refresh-token', 'cloud', 'unknown']
const ALL = '*'

interface Parsed {
  flag: string
  target: string
  value: string
}

// `agents=/home/agent/.claude` names a participant; a value alone applies to all. A path value
// may itself contain '=', so only a prefix that is a participant name counts as NAME.
function split(flag: string, raw: string, names: ReadonlySet<string>): Parsed {
  const eq = raw.indexOf('=')
  if (eq > 0 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(raw.slice(0, eq))) {
    const target = raw.slice(0, eq)
    if (!names.has(target)) throw new InputError(`--${flag} ${raw}: no participant named "${target}" (participants: ${[...names].join(', ')})`, 'E_USAGE')
    return {flag, target, value: raw.slice(eq + 1)}
  }
  return {flag, target: ALL, value: raw}
}

/** Applies the override flags to the participants; unknown names and contradictions are usage errors. */
export function applyOverrides(participants: Participant[], flags: OverrideFlags): Participant[] {
  const names = new Set(participants.map((p) => p.name))
  const collect = (flag: string, values: string[] | undefined) => (values ?? []).map((raw) => split(flag, raw, names))
  const single = (flag: string, values: string[] | undefined) => {
    const byTarget = new Map<string, string>()
    for (const {target, value} of collect(flag, values)) {
      const previous = byTarget.get(target)
      if (previous !== undefined && previous !== value) throw new InputError(`--${flag} given twice for ${target === ALL ? 'all participants' : target}: "${previous}" and "${value}"`, 'E_USAGE')
      byTarget.set(target, value)
    }
    return (name: string) => byTarget.get(name) ?? byTarget.get(ALL)
  }
  const configDir = single('config-dir', flags.configDir)
  const home = single('home', flags.home)
  const realpath = single('realpath', flags.realpath)
  const version = single('claude-version', flags.claudeVersion)
  const auth = single('auth', flags.auth)
  const flocks = collect('flock', flags.flock)
  const interactive = new Set((flags.interactive ?? []).map((name) => {
    if (name !== ALL && !names.has(name)) throw new InputError(`--interactive ${name}: no participant named "${name}"`, 'E_USAGE')
    return name
  }))
  if (flags.configDir?.length && flags.home?.length) {
    const both = participants.find((p) => configDir(p.name) && home(p.name))
    if (both) throw new InputError(`--config-dir and --home both given for ${both.name}: give one`, 'E_USAGE')
  }
  return participants.map((participant) => {
    const next: Participant = {...participant, flock: [...participant.flock]}
    const h = home(participant.name)
    if (h) {
      next.env = {...participant.env, HOME: path('home', h), CLAUDE_CONFIG_DIR: undefined, CLAUDE_SECURESTORAGE_CONFIG_DIR: undefined}
      next.configDir = configDirFrom(next.env)
      next.configDirRealpath = undefined
    }
    const d = configDir(participant.name)
    if (d) {
      next.configDir = {path: path('config-dir', d), from: '--config-dir'}
      next.configDirRealpath = undefined
    }
    const r = realpath(participant.name)
    if (r) next.configDirRealpath = path('realpath', r)
    const v = version(participant.name)
    if (v) {
      const protocol = protocolForVersion(v)
      if (!protocol) throw new InputError(`--claude-version ${v}: not a Claude Code version (X.Y.Z)`, 'E_USAGE')
      next.claude = {version: v, protocol: protocol.id, protocolFrom: 'override'}
    }
    const a = auth(participant.name)
    if (a) {
      if (!AUTH_KINDS.includes(a as AuthKind)) throw new InputError(`--auth ${a}: expected one of ${AUTH_KINDS.join(', ')}`, 'E_USAGE')
      next.auth = a as AuthKind
    }
    for (const {target, value} of flocks) if (target === ALL || target === participant.name) next.flock.push(path('flock', value))
    if (interactive.has(participant.name) || interactive.has(ALL)) next.interactive = true
    return next
  })
}

function path(flag: string, value: string): string {
  try {
    return normalizeAbsolutePath(value)
  } catch (error) {
    throw new InputError(`--${flag} ${value}: ${(error as Error).message}`, 'E_USAGE')
  }
}
