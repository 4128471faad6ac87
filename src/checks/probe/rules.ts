import type {Finding} from '../../domain/finding.js'
import type {Participant} from '../../domain/participant.js'
import type {ProbeCell} from '../../domain/probe-check-report.js'
import type {ProbeKind} from '../../probes/types.js'

// User-facing text of the probe rules (stable ids: prediction-refuted, probe-error,
// participant-unreachable, probe-leftover; readonly-config-dir is shared with check lock).

const WHAT: Record<ProbeKind, string> = {
  'marker-dir': 'a marker made in D',
  'marker-parent': "a marker made in D's parent",
  'mkdir-sibling': 'mkdir at the sibling position realpath(D)….lock',
  'mkdir-in-dir': 'mkdir inside D (where D/.oauth_refresh.lock goes)',
  'flock-in-dir': 'flock on a file inside D',
  'flock-wrapper': "flock on a file beside the wrapper's lock file",
}

const dOf = (p: Participant | undefined) => p?.configDir?.path ?? 'D'

/** What to look at when a probe and the model disagree, per probe. */
function whatToCheck(probe: ProbeKind, a: Participant | undefined, b: Participant | undefined): string {
  const names = `${a?.name ?? '?'} and ${b?.name ?? '?'}`
  const given = [a, b].filter((p) => p && p.configDir && p.configDir.from.startsWith('--')).map((p) => `${p!.name}: D from ${p!.configDir!.from}`)
  const overrides = given.length ? ` (${given.join('; ')})` : ''
  switch (probe) {
    case 'marker-dir':
    case 'mkdir-in-dir':
    case 'flock-in-dir':
      return `check D and realpath(D) of ${names}${overrides} — drop a --config-dir/--home/--realpath that does not match the container, or run disinto-auth capture in each and compare the mount holding ${dOf(a)}; if every input is right, the mount table does not describe this kernel: report it with both captures`
    case 'mkdir-sibling':
    case 'marker-parent':
      return `check realpath(D) of ${names} (a symlinked D moves the sibling) and the mount holding D's parent in each; a --realpath that does not match the container gives exactly this; if every input is right, report both captures`
    case 'flock-wrapper':
      return `check the --flock paths of ${names}: the wrapper file must be the same path on the same storage in both; if they are, the medium's flock is not what its mount table says`
  }
}

export function predictionRefuted(a: Participant | undefined, b: Participant | undefined, names: [string, string], cell: ProbeCell): Finding {
  return {
    rule: 'prediction-refuted',
    severity: 'cannot-tell',
    message: `probe ${cell.probe} refutes the prediction for ${names[0]} and ${names[1]}: ${WHAT[cell.probe]} is ${cell.observed} in fact, but the mount tables predict ${cell.predicted} — the model or the input is wrong`,
    participants: [...names],
    evidence: {expected: `${cell.predicted} (predicted: ${cell.basis})`, actual: `${cell.observed} (observed: ${cell.detail})`},
    fix: whatToCheck(cell.probe, a, b),
  }
}

/** The reason class of a probe error: decides the fix. */
export type ErrorClass = 'read-only' | 'permission' | 'other'

export function errorClass(detail: string): ErrorClass {
  if (/Read-only file system|EROFS/i.test(detail)) return 'read-only'
  if (/Permission denied|EACCES|Operation not permitted|EPERM/i.test(detail)) return 'permission'
  return 'other'
}

export function probeError(names: [string, string], cells: ProbeCell[], reasonClass: ErrorClass, readOnlyIn: string[]): Finding {
  const probes = cells.map((cell) => cell.probe)
  const fix =
    reasonClass === 'read-only'
      ? `${readOnlyIn.length > 1 ? `${readOnlyIn.join(' and ')} have a read-only D` : `${readOnlyIn[0] ?? names.join(' or ')} has a read-only D`}: mount it read-write (drop ":ro") — a refreshing client must write .credentials.json and its lock there`
      : reasonClass === 'permission'
        ? 'the probe runs as the container user; make D writable for the user claude runs as (chown/chmod on the host side), or run claude as the owner of D'
        : 're-run with --verbose to see the exact commands and run one by hand in the participant; raise --timeout if the participants are slow'
  return {
    rule: 'probe-error',
    severity: 'warning',
    message: `${probes.join(', ')} between ${names[0]} and ${names[1]} could not run: ${cells[0]!.detail}`,
    participants: [...names],
    evidence: {expected: `a shared/private answer (predicted: ${cells.map((c) => `${c.probe} ${c.predicted}`).join(', ')})`, actual: cells.map((c) => `${c.probe}: ${c.detail}`).join(' | ')},
    fix,
  }
}

export function readonlyFromProbe(p: Participant): Finding {
  return {
    rule: 'readonly-config-dir',
    severity: 'hazard',
    message: `${p.name} refreshes the shared login but ${dOf(p)} is read-only (the probes got EROFS there): the in-dir lock fails and the rotated token cannot be written back`,
    participants: [p.name],
    evidence: {expected: 'D writable', actual: `mkdir in ${dOf(p)} inside ${p.name}: Read-only file system`},
    fix: `mount ${dOf(p)} read-write (drop ":ro"), or give ${p.name} a non-refreshing credential (ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN)`,
  }
}

export function participantUnreachable(unreachable: Array<{name: string; reason: string}>): Finding {
  const names = unreachable.map((u) => u.name)
  return {
    rule: 'participant-unreachable',
    severity: 'cannot-tell',
    message: `${names.join(', ')} could not be reached: no probe ran in ${names.length === 1 ? 'it' : 'them'}`,
    participants: names,
    evidence: {expected: 'every participant reachable through its transport', actual: unreachable.map((u) => `${u.name}: ${u.reason}`).join('; ')},
    fix: 'check that the container is running (docker ps / podman ps / kubectl get pod), that the name is right, and that this user may exec into it; then re-run',
  }
}

export function probeLeftover(leftovers: Array<{participant: string; path: string; reason: string}>): Finding {
  return {
    rule: 'probe-leftover',
    severity: 'warning',
    message: `the probes could not remove what they made: ${leftovers.map((l) => `${l.path} in ${l.participant}`).join(', ')}`,
    participants: [...new Set(leftovers.map((l) => l.participant))],
    evidence: {expected: 'nothing left behind', actual: leftovers.map((l) => `${l.participant}:${l.path} (${l.reason})`).join('; ')},
    fix: `remove them by hand inside each participant: ${leftovers.map((l) => `rm -rf -- '${l.path}' (in ${l.participant})`).join('; ')}`,
  }
}
