import type {AuthKind} from '../domain/capture.js'

const FALSY = new Set(['', '0', 'false', 'no', 'off'])

function truthy(value: string | undefined): boolean {
  return value !== undefined && !FALSY.has(value.toLowerCase())
}

/** What only the filesystem can tell about auth; undefined when it was not looked at. */
export interface AuthEvidence {
  /** settings.json of the config dir names an apiKeyHelper */
  apiKeyHelper?: boolean
  /** D/.credentials.json exists */
  credentialsExist?: boolean
}

/**
 * The auth a Claude Code process uses, by the precedence Claude Code applies: cloud provider →
 * ANTHROPIC_AUTH_TOKEN → ANTHROPIC_API_KEY → apiKeyHelper → CLAUDE_CODE_OAUTH_TOKEN → a headless
 * refresh token → the /login OAuth in D. Only the kind is ever kept, never a value.
 */
export function authKindFromEnv(env: Record<string, string | undefined>, evidence: AuthEvidence = {}): AuthKind {
  const set = (name: string) => Boolean(env[name])
  if (truthy(env.CLAUDE_CODE_USE_BEDROCK) || truthy(env.CLAUDE_CODE_USE_VERTEX) || truthy(env.CLAUDE_CODE_USE_FOUNDRY)) return 'cloud'
  if (set('ANTHROPIC_AUTH_TOKEN')) return 'auth-token'
  if (set('ANTHROPIC_API_KEY')) return 'api-key'
  if (evidence.apiKeyHelper) return 'api-key-helper'
  if (set('CLAUDE_CODE_OAUTH_TOKEN')) return 'oauth-token'
  if (set('CLAUDE_CODE_OAUTH_REFRESH_TOKEN')) return 'refresh-token'
  return evidence.credentialsExist === false ? 'unknown' : 'oauth'
}
