import type {Participant} from '../../domain/participant.js'
import {type ProtocolId, lockPath} from '../../domain/protocols.js'
import {protocolById} from '../../protocols/protocol-for.js'

export type LockSiteKind = 'sibling' | 'in-dir' | 'flock'

/** One lock a participant takes around a refresh, as a path in its own view. */
export interface LockSite {
  kind: LockSiteKind
  primitive: 'mkdir' | 'flock'
  path: string
}

/** The locks a participant takes when it runs `protocol` (its own, or an assumed one). */
export function lockSites(participant: Participant, protocol: ProtocolId): LockSite[] {
  const d = participant.configDir?.path
  const sites: LockSite[] = []
  if (d) {
    const real = participant.configDirRealpath ?? d
    for (const kind of protocolById(protocol)?.locks ?? []) {
      sites.push({kind, primitive: 'mkdir', path: lockPath(kind, d, real)})
    }
  }
  for (const path of participant.flock) sites.push({kind: 'flock', primitive: 'flock', path})
  return sites
}
