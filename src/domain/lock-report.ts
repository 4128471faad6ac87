import type {CommandReport} from '../base-command.js'
import type {AuthKind} from './capture.js'
import type {Finding, Verdict} from './finding.js'
import type {ProtocolId} from './protocols.js'

export interface ParticipantJson {
  name: string
  origin: string
  auth: AuthKind
  refreshes: boolean
  configDir: string | null
  configDirFrom: string | null
  configDirRealpath: string | null
  /** backing key of D/.credentials.json: participants with equal keys share a login store */
  store: string | null
  storage: string | null
  version: string | null
  protocol: ProtocolId
  protocolFrom: string
  flock: string[]
  interactive: boolean
  /** D, its parent and each lock with the mount holding it: the part of the tree a triage drawing shows */
  paths: {role: 'parent' | 'config-dir' | 'sibling-lock' | 'in-dir-lock' | 'flock'; path: string; mountTarget: string | null; storage: string}[]
  /** where each lock it takes lands in its own view */
  locks: {kind: 'sibling' | 'in-dir' | 'flock' | 'custom'; path: string; backing: string; storage: string}[]
}

export interface PairJson {
  a: string
  b: string
  storeShared: boolean
  locks: {kind: 'sibling' | 'in-dir' | 'flock' | 'custom'; path: {a: string; b: string}; backing: {a: string; b: string}; storage: {a: string; b: string}; shared: boolean; coherence: string}[]
  safe: boolean
  via: string | null
}

export interface LockReport extends CommandReport {
  participants: ParticipantJson[]
  pairs: PairJson[]
  /** when some version is unknown: the verdict for old (≤ 2.1.131) and new (≥ 2.1.132) clients */
  perProtocol: {assumedFor: string[]; old: Verdict; new: Verdict} | null
}

export type {Finding}
