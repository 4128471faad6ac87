import type {AuthKind, CaptureBundle} from '../domain/capture.js'
import type {ProtocolId} from '../domain/protocols.js'
import {InputError} from '../errors.js'

// A hand-written check of schemas/capture.schema.json (ajv is a devDependency only; the tests
// check that both accept and reject the same documents).

export const AUTH_KINDS: readonly AuthKind[] = ['oauth', 'api-key', 'auth-token', 'api-key-helper', 'oauth-token', 'refresh-token', 'cloud', 'unknown']
const PROTOCOL_IDS: readonly ProtocolId[] = ['sibling', 'in-dir', 'dual', 'unknown']
const TOP_KEYS = new Set(['schema', 'name', 'hostname', 'kernel', 'uid', 'mountinfo', 'env', 'auth', 'configDir', 'configDirRealpath', 'configDirWritable', 'claude'])
const ENV_KEYS = new Set(['HOME', 'CLAUDE_CONFIG_DIR', 'CLAUDE_SECURESTORAGE_CONFIG_DIR'])
const CLAUDE_KEYS = new Set(['path', 'version', 'protocol'])

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The first way `value` is not a capture bundle, as `/path: what`; undefined when it is one. */
export function captureBundleProblem(value: unknown): string | undefined {
  if (!isObject(value)) return '(top): must be a JSON object'
  for (const key of Object.keys(value)) if (!TOP_KEYS.has(key)) return `/${key}: unknown property`
  if (value.schema !== 'disinto-auth/capture@1') return `/schema: must be "disinto-auth/capture@1"`
  if (typeof value.name !== 'string' || value.name === '') return '/name: must be a non-empty string'
  for (const key of ['hostname', 'kernel'] as const) {
    if (key in value && typeof value[key] !== 'string') return `/${key}: must be a string`
  }
  if ('uid' in value && !(typeof value.uid === 'number' && Number.isInteger(value.uid) && value.uid >= 0)) return '/uid: must be a non-negative integer'
  if (typeof value.mountinfo !== 'string') return '/mountinfo: must be a string (the raw text of /proc/self/mountinfo)'
  if (!isObject(value.env)) return '/env: must be an object'
  for (const [key, item] of Object.entries(value.env)) {
    if (!ENV_KEYS.has(key)) return `/env/${key}: unknown property`
    if (typeof item !== 'string') return `/env/${key}: must be a string`
  }
  if (!AUTH_KINDS.includes(value.auth as AuthKind)) return `/auth: must be one of ${AUTH_KINDS.join(', ')}`
  for (const key of ['configDir', 'configDirRealpath'] as const) {
    if (key in value && (typeof value[key] !== 'string' || value[key] === '')) return `/${key}: must be a non-empty string`
  }
  if ('configDirWritable' in value && typeof value.configDirWritable !== 'boolean') return '/configDirWritable: must be a boolean'
  if ('claude' in value) {
    const claude = value.claude
    if (!isObject(claude)) return '/claude: must be an object'
    for (const key of Object.keys(claude)) if (!CLAUDE_KEYS.has(key)) return `/claude/${key}: unknown property`
    if ('path' in claude && (typeof claude.path !== 'string' || claude.path === '')) return '/claude/path: must be a non-empty string'
    if ('version' in claude && (typeof claude.version !== 'string' || !/^[0-9]+\.[0-9]+\.[0-9]+/.test(claude.version))) return '/claude/version: must look like X.Y.Z'
    if ('protocol' in claude && !PROTOCOL_IDS.includes(claude.protocol as ProtocolId)) return `/claude/protocol: must be one of ${PROTOCOL_IDS.join(', ')}`
  }
  return undefined
}

/** A capture bundle from its JSON text; anything else is an InputError naming the file. */
export function parseCaptureBundle(text: string, file: string): CaptureBundle {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new InputError(`${file}: not a capture bundle: invalid JSON (${(error as Error).message.split('\n')[0]})`, 'E_PARSE')
  }
  const problem = captureBundleProblem(value)
  if (problem !== undefined) throw new InputError(`${file}: not a capture bundle: ${problem}`, 'E_PARSE')
  return value as CaptureBundle
}

/** Cheap sniff for format detection: does the text look like a capture bundle at all? */
export function looksLikeCaptureBundle(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"disinto-auth/capture@1"')
}
