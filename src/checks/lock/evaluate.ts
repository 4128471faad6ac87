import {type Finding, type Verdict, verdictOf} from '../../domain/finding.js'
import type {Participant} from '../../domain/participant.js'
import type {ProtocolId} from '../../domain/protocols.js'
import type {ViewLocation} from '../../domain/view.js'
import {parentPath} from '../../resolve/normalize-path.js'
import {comparePair, maybeSameStorage, type PairComparison, sameStorage} from './compare-pair.js'
import {type Refresher, refreshersOf} from './participant-facts.js'
import {
  configDirNotShared,
  flockOnly,
  flockWrapperPrivate,
  interactiveJoinsFlock,
  lockNotShared,
  mixedVersions,
  networkFsLock,
  parentHomeMounted,
  siblingLockPrivate,
  storageUnproven,
  versionUnknown,
} from './rules.js'

export interface PairResult extends PairComparison {
  storeShared: boolean
  safe: boolean
}

export interface LockEvaluation {
  verdict: Verdict
  findings: Finding[]
  pairs: PairResult[]
  /** credentials-store backing key per refresher */
  stores: Record<string, string>
  /** set when a version was unknown: the answer for each protocol the unknown clients may run */
  perProtocol?: {assumedFor: string[]; old: {verdict: Verdict; findings: Finding[]}; new: {verdict: Verdict; findings: Finding[]}}
}

/**
 * The verdict engine: group refreshers by credential store; a pair sharing a store is safe iff
 * some lock both take resolves to the same storage on a medium where it is coherent.
 */
export function evaluateLocks(participants: readonly Participant[]): LockEvaluation {
  const {refreshers, findings: common} = refreshersOf(participants)
  common.push(...notSharedFindings(refreshers))
  const stores = Object.fromEntries(refreshers.map((r) => [r.participant.name, r.store.backing.key]))
  const unknown = refreshers.filter((r) => r.participant.claude.protocol === 'unknown' && sharesStore(r, refreshers))
  if (unknown.length === 0) {
    const run = evaluatePairs(refreshers, undefined)
    const findings = dedupe([...common, ...run.findings])
    return {verdict: verdictOf(findings), findings, pairs: run.pairs, stores}
  }
  const old = evaluatePairs(refreshers, 'sibling')
  const recent = evaluatePairs(refreshers, 'dual')
  const oldFindings = dedupe([...common, ...old.findings])
  const newFindings = dedupe([...common, ...recent.findings])
  const perProtocol = {
    assumedFor: unknown.map((r) => r.participant.name),
    old: {verdict: verdictOf(oldFindings), findings: oldFindings},
    new: {verdict: verdictOf(newFindings), findings: newFindings},
  }
  if (perProtocol.old.verdict === perProtocol.new.verdict) {
    return {verdict: perProtocol.old.verdict, findings: oldFindings, pairs: old.pairs, stores, perProtocol}
  }
  const findings = dedupe([...common, versionUnknown(unknown.map((r) => r.participant), {old: perProtocol.old.verdict, new: perProtocol.new.verdict})])
  return {verdict: verdictOf(findings), findings, pairs: old.pairs, stores, perProtocol}
}

function sharesStore(r: Refresher, all: readonly Refresher[]): boolean {
  return all.some((other) => other !== r && maybeSameStorage(other.store, r.store))
}

function evaluatePairs(refreshers: readonly Refresher[], assume: ProtocolId | undefined): {pairs: PairResult[]; findings: Finding[]} {
  const pairs: PairResult[] = []
  const findings: Finding[] = []
  const protocolOf = (r: Refresher): ProtocolId =>
    r.participant.claude.protocol === 'unknown' && assume ? assume : r.participant.claude.protocol
  for (let i = 0; i < refreshers.length; i++) {
    for (let j = i + 1; j < refreshers.length; j++) {
      const x = refreshers[i]!
      const y = refreshers[j]!
      if (!maybeSameStorage(x.store, y.store)) continue
      const comparison = comparePair(x.participant, y.participant, {a: protocolOf(x), b: protocolOf(y)})
      pairs.push({...comparison, storeShared: true, safe: comparison.outcome === 'safe' || comparison.outcome === 'warn'})
      findings.push(...pairFindings(x, y, comparison, protocolOf(x), protocolOf(y)))
    }
  }
  for (const r of refreshers) {
    if (r.participant.interactive && r.participant.flock.length > 0 && sharesStore(r, refreshers)) findings.push(interactiveJoinsFlock(r.participant))
  }
  return {pairs, findings}
}

function pairFindings(x: Refresher, y: Refresher, comparison: PairComparison, px: ProtocolId, py: ProtocolId): Finding[] {
  const a = x.participant
  const b = y.participant
  const findings: Finding[] = []
  const flock = comparison.locks.find((lock) => lock.kind === 'flock')
  if (flock && !comparison.locks.some((lock) => lock.kind === 'flock' && lock.shared)) findings.push(flockWrapperPrivate(a, b, flock))
  const parentX = parentOf(x)
  if (sameStorage(parentX, parentOf(y)) && looksLikeHome(parentX)) findings.push(parentHomeMounted(a, b, parentX))
  const via = comparison.via
  if (!via) {
    const takesInDir = (p: ProtocolId) => p === 'in-dir' || p === 'dual'
    if (takesInDir(px) !== takesInDir(py)) findings.push(takesInDir(px) ? mixedVersions(b, a) : mixedVersions(a, b))
    else if (!takesInDir(px)) findings.push(siblingLockPrivate(a, b, comparison))
    else if (!findings.some((f) => f.severity === 'hazard')) findings.push(lockNotShared(a, b, comparison))
    return findings
  }
  if (via.kind === 'flock') findings.push(flockOnly(a, b, via))
  if (via.coherence === 'warn') findings.push(networkFsLock(a, b, via, 'warning'))
  if (via.sameness === 'unproven') findings.push(storageUnproven(a, b, via))
  else if (via.coherence === 'unknown') findings.push(networkFsLock(a, b, via, 'cannot-tell'))
  return findings
}

const parentCache = new WeakMap<Refresher, ViewLocation>()

function parentOf(r: Refresher): ViewLocation {
  let parent = parentCache.get(r)
  if (!parent) {
    const real = r.participant.configDirRealpath ?? r.participant.configDir?.path ?? '/'
    parentCache.set(r, (parent = r.participant.view.resolve(parentPath(real))))
  }
  return parent
}

// A shared parent that is somebody's home directory exposes it whole (scenario 5); a dedicated
// volume as home (scenario 7) or a shared /data parent (scenario 8) does not.
function looksLikeHome(parent: ViewLocation): boolean {
  if (parent.medium === 'overlay' || !parent.mountTarget) return false
  return /(^|\/)home\/[^/]+$|^\/root$/.test(parent.backing.storagePath) && !/\/volumes\//.test(parent.backing.storagePath)
}

// A refresher whose D sits on its own root filesystem while others share a mounted store
// (scenario 4), or whose D is mounted over so the store the others use is hidden (a copy, row 21).
function notSharedFindings(refreshers: readonly Refresher[]): Finding[] {
  const onMount = refreshers.filter((r) => r.configDir.mountTarget !== undefined && r.configDir.medium !== 'overlay' && r.configDir.bind)
  const findings: Finding[] = []
  for (const r of refreshers) {
    if (sharesStore(r, refreshers)) continue
    const covered = r.participant.view.coveredAt?.(r.configDir.path) ?? []
    const hiddenShare = refreshers.filter((o) => o !== r && covered.some((key) => key.exact && key.key === o.configDir.backing.key))
    if (hiddenShare.length > 0) {
      findings.push(configDirNotShared(r.participant, hiddenShare.map((o) => o.participant), `${r.configDir.describe}, mounted over the shared store`))
    } else if (onMount.length > 0 && !onMount.includes(r)) {
      findings.push(configDirNotShared(r.participant, onMount.map((o) => o.participant), r.configDir.mountTarget ? `${r.configDir.describe} (its own filesystem)` : 'its own root filesystem'))
    }
  }
  return findings
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((finding) => {
    const key = `${finding.rule}\u0000${finding.participants.join(',')}\u0000${finding.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
