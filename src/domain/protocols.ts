// Claude Code's refresh-lock protocols as data (research/claude-locks.md, "Refresh-lock timeline").

/** Which mkdir locks a client takes around the OAuth refresh. */
export type LockKind = 'sibling' | 'in-dir'

export type ProtocolId = 'sibling' | 'in-dir' | 'dual' | 'unknown'

export interface LockProtocol {
  id: ProtocolId
  /** semver range of Claude Code versions that use it */
  versions: string
  /** locks taken, in order */
  locks: LockKind[]
  /** strings whose presence in the Claude Code bundle/binary identifies the protocol */
  markers: string[]
  summary: string
}

/** The refresh takes a proper-lockfile lock at all (every protocol since the lock exists). */
export const MARKER_REFRESH_LOCK = 'tengu_oauth_token_refresh_lock_acquiring'
/** The lock inside D (≥ 2.1.132). */
export const MARKER_IN_DIR = '.oauth_refresh.lock'
/** The legacy sibling is taken as well (≥ 2.1.144). */
export const MARKER_LEGACY_SIBLING = 'tengu_oauth_refresh_legacy_lock_contended'

export const PROTOCOLS: readonly LockProtocol[] = [
  {
    id: 'sibling',
    versions: '<=2.1.131',
    locks: ['sibling'],
    markers: [MARKER_REFRESH_LOCK],
    summary: 'sibling lock realpath(D).lock only',
  },
  {
    id: 'in-dir',
    versions: '>=2.1.132 <2.1.144',
    locks: ['in-dir'],
    markers: [MARKER_REFRESH_LOCK, MARKER_IN_DIR],
    summary: 'lock inside D (D/.oauth_refresh.lock)',
  },
  {
    id: 'dual',
    versions: '>=2.1.144',
    locks: ['in-dir', 'sibling'],
    markers: [MARKER_REFRESH_LOCK, MARKER_IN_DIR, MARKER_LEGACY_SIBLING],
    summary: 'lock inside D, then the legacy sibling',
  },
]

/** The first version whose lock sits inside D: the fix for the sibling-lock hazard. */
export const FIRST_IN_DIR_VERSION = '2.1.132'

/** Path of each lock for a config dir D and its realpath. */
export function lockPath(kind: LockKind, configDir: string, configDirRealpath: string): string {
  return kind === 'sibling' ? `${configDirRealpath}.lock` : `${configDir}/.oauth_refresh.lock`
}
