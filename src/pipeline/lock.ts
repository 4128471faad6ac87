import {lockSites} from '../checks/lock/lock-sites.js'
import {evaluateLocks} from '../checks/lock/evaluate.js'
import type {LockReport, ParticipantJson} from '../domain/lock-report.js'
import {type Participant, refreshesSharedLogin} from '../domain/participant.js'
import {parentPath} from '../resolve/normalize-path.js'

function lockRole(kind: 'sibling' | 'in-dir' | 'flock'): 'sibling-lock' | 'in-dir-lock' | 'flock' {
  return kind === 'flock' ? 'flock' : kind === 'sibling' ? 'sibling-lock' : 'in-dir-lock'
}

/** Pure: participants → the check-lock report (verdict, participants × locks, pairs, findings). */
export function buildLockReport(participants: readonly Participant[]): LockReport {
  const evaluation = evaluateLocks(participants)
  return {
    verdict: evaluation.verdict,
    findings: evaluation.findings,
    participants: participants.map((p) => participantJson(p, evaluation.stores[p.name])),
    pairs: evaluation.pairs.map((pair) => ({
      a: pair.a,
      b: pair.b,
      storeShared: pair.storeShared,
      locks: pair.locks.map((lock) => ({kind: lock.kind, path: lock.path, backing: lock.backing, storage: lock.storage, shared: lock.shared, coherence: lock.coherence})),
      safe: pair.safe,
      via: pair.via ? pair.via.kind : null,
    })),
    perProtocol: evaluation.perProtocol
      ? {assumedFor: evaluation.perProtocol.assumedFor, old: evaluation.perProtocol.old.verdict, new: evaluation.perProtocol.new.verdict}
      : null,
  }
}

// An unknown protocol shows both mkdir locks: where each would land if the client takes it.
function participantJson(p: Participant, store: string | undefined): ParticipantJson {
  const d = p.configDir?.path
  const locks = lockSites(p, p.claude.protocol === 'unknown' ? 'dual' : p.claude.protocol).map((site) => {
    const at = p.view.resolve(site.resolvable)
    return {kind: site.kind, path: site.path, resolvable: site.resolvable, backing: at.backing.key, storage: at.describe}
  })
  const real = p.configDirRealpath ?? d
  const where = (role: ParticipantJson['paths'][number]['role'], path: string, resolvable = path) => {
    const at = p.view.resolve(resolvable)
    return {role, path, mountTarget: at.mountTarget ?? null, storage: at.describe}
  }
  const paths = d && real
    ? [where('parent', parentPath(real)), where('config-dir', d, real), ...locks.map((lock) => where(lockRole(lock.kind), lock.path, lock.resolvable))]
    : []
  return {
    name: p.name,
    origin: p.origin,
    auth: p.auth,
    refreshes: refreshesSharedLogin(p),
    configDir: d ?? null,
    configDirFrom: p.configDir?.from ?? null,
    configDirRealpath: p.configDirRealpath ?? null,
    store: store ?? null,
    storage: d ? p.view.resolve(p.configDirRealpath ?? d).describe : null,
    version: p.claude.version ?? null,
    protocol: p.claude.protocol,
    protocolFrom: p.claude.protocolFrom,
    flock: p.flock,
    interactive: p.interactive,
    paths,
    locks: locks.map(({resolvable: _, ...lock}) => lock),
  }
}
