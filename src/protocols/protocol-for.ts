import semver from 'semver'

import {type LockProtocol, PROTOCOLS, type ProtocolId} from '../domain/protocols.js'

/** The protocol a Claude Code version uses; undefined when the version is unknown or unparsable. */
export function protocolForVersion(version: string | undefined): LockProtocol | undefined {
  if (!version) return undefined
  const parsed = semver.coerce(version)
  if (!parsed) return undefined
  return PROTOCOLS.find((protocol) => semver.satisfies(parsed, protocol.versions))
}

/** The protocol whose markers a binary contains: the most specific match wins. */
export function protocolForMarkers(found: ReadonlySet<string>): LockProtocol | undefined {
  let best: LockProtocol | undefined
  for (const protocol of PROTOCOLS) {
    if (protocol.markers.every((marker) => found.has(marker))) best = protocol
  }
  return best
}

export function protocolById(id: ProtocolId): LockProtocol | undefined {
  return PROTOCOLS.find((protocol) => protocol.id === id)
}
