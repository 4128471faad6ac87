import type {AuthKind} from '../domain/capture.js'

/**
 * The auth a Claude Code process uses, by the documented precedence: cloud provider →
 * ANTHROPIC_AUTH_TOKEN → ANTHROPIC_API_KEY → CLAUDE_CODE_OAUTH_TOKEN → a headless refresh token →
 * the /login OAuth in D. Only the kind is ever kept, never a value.
 */
export function authKindFromEnv(env: Record<string, string | undefined>): AuthKind {
  const set = (name: string) => Boolean(env[name])
  if (set('CLAUDE_CODE_USE_BEDROCK') || set('CLAUDE_CODE_USE_VERTEX') || set('CLAUDE_CODE_USE_FOUNDRY')) return 'cloud'
  if (set('ANTHROPIC_AUTH_TOKEN')) return 'auth-token'
  if (set('ANTHROPIC_API_KEY')) return 'api-key'
  if (set('CLAUDE_CODE_OAUTH_TOKEN')) return 'oauth-token'
  if (set('CLAUDE_CODE_OAUTH_REFRESH_TOKEN')) return 'refresh-token'
  return 'oauth'
}
