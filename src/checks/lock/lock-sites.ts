import type {Participant} from '../../domain/participant.js'
import type {ViewLocation} from '../../domain/view.js'
import {type ProtocolId, lockPath} from '../../domain/protocols.js'
import {protocolById} from '../../protocols/protocol-for.js'

export type LockSiteKind = 'sibling' | 'in-dir' | 'flock'

/** One lock a participant takes around a refresh, as a path in its own view. */
export interface LockSite {
  kind: LockSiteKind
  primitive: 'mkdir' | 'flock'
  /** the path the client names */
  path: string
  /** the same path with D replaced by realpath(D): what the kernel walks (a symlinked D leads elsewhere) */
  resolvable: string
}

/** The locks a participant takes when it runs `protocol` (its own, or an assumed one). */
export function lockSites(participant: Participant, protocol: ProtocolId): LockSite[] {
  const d = participant.configDir?.path
  const real = participant.configDirRealpath ?? d
  const physical = (path: string) => (d && real && path.startsWith(`${d}/`) ? real + path.slice(d.length) : path)
  const sites: LockSite[] = []
  if (d && real) {
    for (const kind of protocolById(protocol)?.locks ?? []) {
      const path = lockPath(kind, d, real)
      sites.push({kind, primitive: 'mkdir', path, resolvable: physical(path)})
    }
  }
  for (const path of participant.flock) sites.push({kind: 'flock', primitive: 'flock', path, resolvable: physical(path)})
  return sites
}

/** A lock site with where it lands in its participant's own view. */
export interface ResolvedSite {
  site: LockSite
  at: ViewLocation
}

const resolvedCache = new WeakMap<Participant, Map<ProtocolId, ResolvedSite[]>>()

/** lockSites resolved once per participant and protocol: pairs are O(n²), views are not. */
export function resolvedLockSites(participant: Participant, protocol: ProtocolId): ResolvedSite[] {
  let byProtocol = resolvedCache.get(participant)
  if (!byProtocol) resolvedCache.set(participant, (byProtocol = new Map()))
  let sites = byProtocol.get(protocol)
  if (!sites) {
    sites = lockSites(participant, protocol).map((site) => ({site, at: participant.view.resolve(site.resolvable)}))
    byProtocol.set(protocol, sites)
  }
  return sites
}
