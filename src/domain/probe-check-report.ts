import type {CommandReport} from '../base-command.js'
import type {ProbeKind, ProbeOutcome} from '../probes/types.js'
import type {Finding, Verdict} from './finding.js'
import type {ProtocolId} from './protocols.js'

/** What the mount tables predict for one probe: `unknown` when the input cannot prove it either way. */
export type Prediction = 'shared' | 'private' | 'unknown'

/** One probe of one pair: what the kernel showed beside what the verdict engine predicted. */
export interface ProbeCell {
  probe: ProbeKind
  observed: ProbeOutcome
  predicted: Prediction
  /** true: they agree; false: the probe refutes the prediction; null: one side has no answer */
  agrees: boolean | null
  /** where the probe's position lands in each view, by the model (`host /home/johba/.claude / overlay of edge`) */
  basis: string
  /** what the probe saw, or why it could not tell */
  detail: string
}

export interface ProbeCheckPair {
  a: string
  b: string
  /** whether the engine puts both on one credential store (null: D unknown for one of them) */
  storeShared: boolean | null
  probes: ProbeCell[]
}

export interface ProbeCheckParticipant {
  name: string
  origin: string
  configDir: string | null
  configDirRealpath: string | null
  flock: string[]
  version: string | null
  protocol: ProtocolId
  /** false when it could not be reached or has no D: no probe ran in it */
  probed: boolean
}

/** `check probe`: the static prediction, the live probes, and where they disagree. */
export interface ProbeCheckReport extends CommandReport {
  /** the verdict engine's own verdict (check lock) for the same participants */
  staticVerdict: Verdict
  /** when some version is unknown: the engine's verdict for old and new clients */
  perProtocol: {assumedFor: string[]; old: Verdict; new: Verdict} | null
  participants: ProbeCheckParticipant[]
  pairs: ProbeCheckPair[]
  unreachable: Array<{name: string; reason: string}>
  /** anything a probe made and could not remove (should stay empty) */
  leftovers: Array<{participant: string; path: string; reason: string}>
  /** the random part of every name the probes used (`.disinto-probe-<runId>…`) */
  runId: string | null
  /** the exact host commands the probes ran, in order started */
  commands: string[]
}
