import type {Finding} from '../../domain/finding.js'
import type {Participant} from '../../domain/participant.js'
import type {ViewLocation} from '../../domain/view.js'
import {FIRST_IN_DIR_VERSION} from '../../domain/protocols.js'
import type {LockComparison, PairComparison} from './compare-pair.js'

// User-facing text of every lock rule lives here, next to the rule ids (stable forever).

const dOf = (p: Participant) => p.configDir?.path ?? '$HOME/.claude'
const wrapperFor = (p: Participant) => `flock -o "${dOf(p)}/session.lock" claude …`

function lockLine(lock: LockComparison): string {
  return `${lock.kind} ${lock.path.a} → ${lock.storage.a} / ${lock.path.b} → ${lock.storage.b}`
}

/** Fix for a pair left without a common lock, tuned to interactive participants. */
function upgradeOrWrap(pair: Participant[]): string {
  const names = pair.map((p) => p.name).join(' and ')
  const interactive = pair.filter((p) => p.interactive)
  const wrap = interactive.length > 0
    ? `give ${interactive.map((p) => p.name).join(', ')} its own login (a separate config dir), ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN instead of a shared flock`
    : `run every claude call in both through ${wrapperFor(pair[0]!)}`
  return `upgrade ${names} to Claude Code ≥ ${FIRST_IN_DIR_VERSION} (then both take ${dOf(pair[0]!)}/.oauth_refresh.lock), or ${wrap}`
}

export function siblingLockPrivate(a: Participant, b: Participant, comparison: PairComparison): Finding {
  const sibling = comparison.locks.find((lock) => lock.kind === 'sibling')
  return {
    rule: 'sibling-lock-private',
    severity: 'hazard',
    message: `${a.name} and ${b.name} share the login in ${dOf(a)} but can refresh at once: the only lock they both take (${sibling?.path.a ?? `${dOf(a)}.lock`}) lives in each one's own filesystem`,
    participants: [a.name, b.name],
    evidence: {
      expected: 'a common refresh lock on the same storage',
      actual: sibling ? lockLine(sibling) : 'no common lock',
    },
    fix: upgradeOrWrap([a, b]),
  }
}

export function lockNotShared(a: Participant, b: Participant, comparison: PairComparison): Finding {
  return {
    rule: 'lock-not-shared',
    severity: 'hazard',
    message: `${a.name} and ${b.name} share a login store, but every lock they both take lands on different storage`,
    participants: [a.name, b.name],
    evidence: {expected: 'a common refresh lock on the same storage', actual: comparison.locks.map(lockLine).join('; ') || 'no common lock'},
    fix: `mount ${dOf(a)} itself (not files inside it) at the same storage in ${a.name} and ${b.name}, so ${dOf(a)}/.oauth_refresh.lock is one directory for both`,
  }
}

export function mixedVersions(old: Participant, recent: Participant): Finding {
  return {
    rule: 'mixed-versions',
    severity: 'hazard',
    message: `${old.name} runs Claude Code ${old.claude.version ?? `with the ${old.claude.protocol} protocol`} and takes only the sibling lock; ${recent.name} locks inside D, which ${old.name} never takes`,
    participants: [old.name, recent.name],
    evidence: {expected: `every participant ≥ ${FIRST_IN_DIR_VERSION}`, actual: `${old.name} ${old.claude.version ?? old.claude.protocol}, ${recent.name} ${recent.claude.version ?? recent.claude.protocol}`},
    fix: `upgrade ${old.name} to Claude Code ≥ ${FIRST_IN_DIR_VERSION} (pin the image and the host), or run every claude call in both through ${wrapperFor(old)}`,
  }
}

export function flockWrapperPrivate(a: Participant, b: Participant, lock: LockComparison): Finding {
  return {
    rule: 'flock-wrapper-private',
    severity: 'warning',
    message: `the flock wrappers of ${a.name} and ${b.name} lock different files, so they serialise nothing between them`,
    participants: [a.name, b.name],
    evidence: {expected: 'one wrapper file on the shared store', actual: lockLine(lock)},
    fix: `wrap with the file inside the shared D: flock -o "\${CLAUDE_CONFIG_DIR:-$HOME/.claude}/session.lock" claude … (here ${dOf(a)}/session.lock)`,
  }
}

export function flockOnly(a: Participant, b: Participant, lock: LockComparison): Finding {
  return {
    rule: 'flock-only-protection',
    severity: 'warning',
    message: `${a.name} and ${b.name} exclude each other only through the external flock on ${lock.path.a}: every caller must use it, and it serialises whole runs`,
    participants: [a.name, b.name],
    evidence: {expected: 'a Claude Code refresh lock on shared storage', actual: `only flock ${lock.path.a} is shared`},
    fix: `upgrade every participant to Claude Code ≥ ${FIRST_IN_DIR_VERSION}; keep ${wrapperFor(a)} until then (with -o, so background helpers do not inherit the lock)`,
  }
}

export function interactiveJoinsFlock(p: Participant): Finding {
  return {
    rule: 'interactive-joins-flock',
    severity: 'warning',
    message: `${p.name} is interactive but waits on the whole-run flock ${p.flock.join(', ')}: it starves behind every batch run (flock -w 600 expires)`,
    participants: [p.name],
    evidence: {expected: 'interactive participants outside the shared flock', actual: `${p.name} wrapped in flock ${p.flock.join(', ')}`},
    fix: `give ${p.name} its own login (a separate config dir mounted at ${dOf(p)}), ANTHROPIC_API_KEY, or CLAUDE_CODE_OAUTH_TOKEN from claude setup-token, and drop the wrapper`,
  }
}

export function parentHomeMounted(a: Participant, b: Participant, parent: ViewLocation): Finding {
  return {
    rule: 'parent-home-mounted',
    severity: 'warning',
    message: `D's parent ${parent.path} is a whole home shared by ${a.name} and ${b.name} (${parent.describe}): the sibling lock is shared, but everything else in that home is exposed too`,
    participants: [a.name, b.name],
    evidence: {expected: `only ${dOf(a)} shared`, actual: `its parent shared: ${parent.describe}`},
    fix: `mount only ${dOf(a)} and upgrade every participant to Claude Code ≥ ${FIRST_IN_DIR_VERSION}, or set CLAUDE_CONFIG_DIR under a dedicated shared parent (e.g. /data/claude with /data the shared mount)`,
  }
}

export function networkFsLock(a: Participant, b: Participant, lock: LockComparison, severity: 'warning' | 'cannot-tell'): Finding {
  return {
    rule: 'network-fs-lock',
    severity,
    message: `${a.name} and ${b.name} share ${lock.kind} lock ${lock.path.a}, but ${lock.why ?? 'the medium may not make it coherent'}`,
    participants: [a.name, b.name],
    evidence: {expected: `${lock.primitive} coherent for every participant`, actual: `${lock.storage.a} / ${lock.storage.b}`},
    fix: severity === 'cannot-tell'
      ? `keep the lock on a local filesystem or remount without nolock/local_lock, then re-run; or confirm with: disinto-auth check probe --participant ${a.name}=… --participant ${b.name}=…`
      : 'keep the clocks of every host in sync (NTP) and prefer Claude Code ≥ 2.1.332 (60 s stale window)',
  }
}

export function storageUnproven(a: Participant, b: Participant, lock: LockComparison): Finding {
  return {
    rule: 'storage-unproven',
    severity: 'cannot-tell',
    message: `${a.name} and ${b.name} may share ${lock.kind} lock ${lock.path.a}, but ${lock.why ?? 'the input cannot prove it'}`,
    participants: [a.name, b.name],
    evidence: {expected: 'MAJ:MIN of the mount holding the lock in both views', actual: `${lock.storage.a} / ${lock.storage.b} (no device number)`},
    fix: `paste /proc/self/mountinfo (or findmnt -o TARGET,SOURCE,FSTYPE,OPTIONS,MAJ:MIN) from ${a.name} and ${b.name}, or run disinto-auth capture in each`,
  }
}

export function readonlyConfigDir(p: Participant, why: string): Finding {
  return {
    rule: 'readonly-config-dir',
    severity: 'hazard',
    message: `${p.name} refreshes the shared login but ${dOf(p)} is read-only (${why}): the in-dir lock fails with EROFS and the rotated token cannot be written back`,
    participants: [p.name],
    evidence: {expected: 'D writable', actual: why},
    fix: `mount ${dOf(p)} read-write (drop ":ro"), or give ${p.name} a non-refreshing credential (ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN)`,
  }
}

export function singleFileCredentials(p: Participant): Finding {
  return {
    rule: 'single-file-credentials-mount',
    severity: 'hazard',
    message: `${p.name} mounts ${dOf(p)}/.credentials.json as a single file: both refresh locks land in its private ${dOf(p)}, and the rename on refresh fails with EBUSY`,
    participants: [p.name],
    evidence: {expected: `${dOf(p)} mounted as a directory`, actual: `${dOf(p)}/.credentials.json is its own mount point`},
    fix: `mount the directory: replace the file bind with "<host dir>:${dOf(p)}"`,
  }
}

export function configDirNotShared(p: Participant, others: Participant[], where: string): Finding {
  return {
    rule: 'config-dir-not-shared',
    severity: 'hazard',
    message: `${p.name}'s D ${dOf(p)} is on ${where}, not on the mounted store ${others.map((o) => o.name).join(', ')} ${others.length === 1 ? 'uses' : 'use'}: it has no login there, or a copy of it (a copy rotates apart on the first refresh)`,
    participants: [p.name, ...others.map((o) => o.name)],
    evidence: {expected: `${dOf(p)} on the shared store`, actual: `${dOf(p)} on ${where}`},
    fix: `mount the shared dir at ${dOf(p)} in ${p.name}, or set CLAUDE_CONFIG_DIR (or HOME) there so D is the mounted dir`,
  }
}

export function configDirUnknown(p: Participant): Finding {
  return {
    rule: 'config-dir-unknown',
    severity: 'cannot-tell',
    message: `${p.name}: its config dir D is unknown (no HOME or CLAUDE_CONFIG_DIR in ${p.origin})`,
    participants: [p.name],
    evidence: {expected: 'HOME or CLAUDE_CONFIG_DIR of the participant', actual: 'not in the input'},
    fix: `pass --config-dir ${p.name}=PATH or --home ${p.name}=PATH, or feed a capture bundle (disinto-auth capture)`,
  }
}

export function versionUnknown(unknown: Participant[], verdicts: {old: string; new: string}): Finding {
  const names = unknown.map((p) => p.name)
  return {
    rule: 'version-unknown',
    severity: 'cannot-tell',
    message: `Claude Code version of ${names.join(', ')} unknown: ${verdicts.old} for clients ≤ 2.1.131, ${verdicts.new} for ≥ ${FIRST_IN_DIR_VERSION}`,
    participants: names,
    evidence: {expected: 'a version or a scanned binary per participant', actual: `unknown for ${names.join(', ')}`},
    fix: `pass --claude-version ${names[0]}=X.Y.Z (or --claude-version X.Y.Z for all), or capture each participant so its binary is scanned`,
  }
}

export function refreshTokenInjected(ps: Participant[]): Finding {
  return {
    rule: 'refresh-token-injected',
    severity: 'hazard',
    message: `${ps.map((p) => p.name).join(', ')} each get CLAUDE_CODE_OAUTH_REFRESH_TOKEN: every one exchanges the same rotating token into its own store`,
    participants: ps.map((p) => p.name),
    evidence: {expected: 'one store per token family', actual: `${ps.length} participants exchange one refresh token`},
    fix: 'give each participant its own login, or one shared writable config dir, or a non-rotating CLAUDE_CODE_OAUTH_TOKEN',
  }
}

export function nonRefreshing(p: Participant): Finding {
  return {
    rule: 'not-a-refresher',
    severity: 'info',
    message: `${p.name} uses ${p.auth} auth and never refreshes the shared login`,
    participants: [p.name],
    evidence: {expected: 'no refresh of the shared OAuth login', actual: `auth ${p.auth}`},
    fix: 'nothing to do',
  }
}
