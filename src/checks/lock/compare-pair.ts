import type {Participant} from '../../domain/participant.js'
import type {ProtocolId} from '../../domain/protocols.js'
import type {ViewLocation} from '../../domain/view.js'
import {isBlockDevice} from '../../resolve/backing-key.js'
import {type Coherence, coherenceOf} from './coherence.js'
import {type LockSiteKind, type ResolvedSite, resolvedLockSites} from './lock-sites.js'

/** One lock both participants take, resolved in each one's own view. */
export interface LockComparison {
  kind: LockSiteKind
  primitive: 'mkdir' | 'flock'
  path: {a: string; b: string}
  backing: {a: string; b: string}
  storage: {a: string; b: string}
  shared: boolean
  /** `unproven`: equal keys that name no device (findmnt without MAJ:MIN) */
  sameness: Sameness
  coherence: Coherence
  why?: string
}

export interface PairComparison {
  a: string
  b: string
  locks: LockComparison[]
  /** the best common lock: shared and coherent, else undefined */
  via?: LockComparison
  outcome: 'safe' | 'warn' | 'unknown' | 'unsafe'
}

/** Whether two participants' refresh-lock sites land on the same storage, lock by lock. */
export function comparePair(
  a: Participant,
  b: Participant,
  protocols: {a: ProtocolId; b: ProtocolId},
): PairComparison {
  const sitesA = resolvedLockSites(a, protocols.a)
  const sitesB = resolvedLockSites(b, protocols.b)
  const locks: LockComparison[] = []
  for (const siteA of sitesA) {
    for (const siteB of sitesB) {
      if (siteA.site.kind === siteB.site.kind) locks.push(compareSite(siteA, siteB))
    }
  }
  const rank = {yes: 3, warn: 2, unknown: 1}
  const best = locks.filter((lock) => lock.shared).sort((x, y) => rank[y.coherence] - rank[x.coherence])[0]
  const outcome = !best ? 'unsafe' : best.coherence === 'yes' ? 'safe' : best.coherence === 'warn' ? 'warn' : 'unknown'
  return {a: a.name, b: b.name, locks, via: best, outcome}
}

function compareSite({site: siteA, at: atA}: ResolvedSite, {site: siteB, at: atB}: ResolvedSite): LockComparison {
  const sameness = storageSameness(atA, atB)
  const shared = sameness !== 'different'
  const coherenceA = coherenceOf(siteA.primitive, atA)
  const coherenceB = coherenceOf(siteB.primitive, atB)
  const unproven = {coherence: 'unknown' as const, why: `the input has no MAJ:MIN, so "${atA.describe}" cannot be proven to be the same storage in both (paste mountinfo or findmnt -o +MAJ:MIN)`}
  // one client of a network filesystem (same device number on both sides) serialises locally
  const sameClient = atA.backing.device !== undefined && atA.backing.device === atB.backing.device && atA.backing.key.startsWith('net:')
  const worse = sameness === 'unproven' ? unproven : sameClient ? {coherence: 'yes' as const} : order(coherenceA.coherence) <= order(coherenceB.coherence) ? coherenceA : coherenceB
  return {
    kind: siteA.kind,
    primitive: siteA.primitive,
    path: {a: siteA.path, b: siteB.path},
    backing: {a: atA.backing.key, b: atB.backing.key},
    storage: {a: atA.describe, b: atB.describe},
    shared,
    sameness,
    coherence: shared ? worse.coherence : 'yes',
    why: shared ? worse.why : undefined,
  }
}

function order(coherence: Coherence): number {
  return coherence === 'unknown' ? 0 : coherence === 'warn' ? 1 : 2
}

export type Sameness = 'same' | 'different' | 'unproven'

/**
 * Same storage iff the backing keys are equal. An inexact key (findmnt without MAJ:MIN, where
 * SOURCE "tmpfs" names no device) cannot prove sharing: equal inexact keys are `unproven`,
 * except on a container's own overlay, which is private by construction.
 */
export function storageSameness(x: ViewLocation, y: ViewLocation): Sameness {
  const privateByNature = x.medium === 'overlay' || !x.mountTarget || y.medium === 'overlay' || !y.mountTarget
  if (x.backing.key === y.backing.key) {
    if (x.backing.exact && y.backing.exact) return 'same'
    return privateByNature ? 'different' : 'unproven'
  }
  if (x.backing.exact && y.backing.exact && x.backing.key.startsWith('dev:') === y.backing.key.startsWith('dev:')) return 'different'
  // A table with MAJ:MIN beside one without: compare what both have, SOURCE and the storage path.
  if (!x.backing.sourceKey || x.backing.sourceKey !== y.backing.sourceKey || privateByNature) return 'different'
  return isBlockDevice(x.backing.sourceKey.slice(4)) ? 'same' : 'unproven'
}

/** Proven to be the same storage. */
export function sameStorage(x: ViewLocation, y: ViewLocation): boolean {
  return storageSameness(x, y) === 'same'
}

/** Possibly the same storage: what decides whether two participants might race at all. */
export function maybeSameStorage(x: ViewLocation, y: ViewLocation): boolean {
  return storageSameness(x, y) !== 'different'
}
