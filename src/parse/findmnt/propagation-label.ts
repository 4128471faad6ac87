import type {Propagation} from '../../domain/mount.js'
import {show} from './show.js'

/**
 * Peer group id used when findmnt only says `shared`/`slave`: PROPAGATION carries no ids and the
 * kernel numbers peer groups from 1, so 0 means "shared (or slave) with an unknown group".
 */
export const UNKNOWN_PEER_GROUP = 0

// findmnt's PROPAGATION: comma-separated words from shared|private, slave, unbindable.
export function parsePropagationLabel(label: string): Propagation | string {
  const propagation: Propagation = {unbindable: false, unknown: []}
  for (const word of label.split(',')) {
    if (word === 'shared') propagation.shared = UNKNOWN_PEER_GROUP
    else if (word === 'slave') propagation.master = UNKNOWN_PEER_GROUP
    else if (word === 'unbindable') propagation.unbindable = true
    else if (word !== 'private') return `PROPAGATION ${show(label)} is not a list of shared, private, slave, unbindable`
  }
  return propagation
}
