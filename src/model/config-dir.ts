import {joinPath} from '../resolve/normalize-path.js'

/** The environment variables that decide where Claude Code keeps its credentials. */
export interface ClaudeEnv {
  HOME?: string
  CLAUDE_CONFIG_DIR?: string
  CLAUDE_SECURESTORAGE_CONFIG_DIR?: string
}

/**
 * D, the credential dir, evaluated in the participant's own environment:
 * CLAUDE_SECURESTORAGE_CONFIG_DIR (newer builds; empty = unset) → CLAUDE_CONFIG_DIR → $HOME/.claude.
 * Undefined when none is known (no HOME).
 */
export function configDirFrom(env: ClaudeEnv): {path: string; from: string} | undefined {
  if (env.CLAUDE_SECURESTORAGE_CONFIG_DIR) return {path: env.CLAUDE_SECURESTORAGE_CONFIG_DIR, from: 'CLAUDE_SECURESTORAGE_CONFIG_DIR'}
  if (env.CLAUDE_CONFIG_DIR) return {path: env.CLAUDE_CONFIG_DIR, from: 'CLAUDE_CONFIG_DIR'}
  if (env.HOME) return {path: joinPath(env.HOME, '.claude'), from: '$HOME/.claude'}
  return undefined
}

/** Reads the Claude-relevant variables out of a NUL-separated /proc/PID/environ. */
export function parseEnviron(text: string): ClaudeEnv & Record<string, string> {
  const env: Record<string, string> = {}
  for (const item of text.split('\0')) {
    const eq = item.indexOf('=')
    if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return env
}
