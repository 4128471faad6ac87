import type {CommandReport} from '../base-command.js'
import type {Finding, Verdict} from './finding.js'
import type {ProbeCheckPair} from './probe-check-report.js'
import type {ProtocolId} from './protocols.js'

/** One Claude Code version the lab's participants were judged with. */
export interface LabRun {
  claudeVersion: string
  protocol: ProtocolId
  /** which column of scenarios.md applies: old (≤ 2.1.131) or new (≥ 2.1.132) */
  clients: 'old' | 'new'
  expected: Verdict
  /** check lock's verdict (the mount tables alone) */
  static: Verdict
  /** check probe's verdict (the prediction with the live probes set against it) */
  probe: Verdict
  agrees: boolean
  findings: Finding[]
}

/** `disinto-auth lab`: a layout built as real namespaces, judged statically and by probes. */
export interface LabReport extends CommandReport {
  layout: {name: string; scenario: number; description: string}
  /** the lab directory while it lived (removed on exit) */
  labDir: string
  participants: Array<{name: string; pid: number; home: string; configDirEnv: string | null; configDir: string | null; configDirRealpath: string | null}>
  expected: {old: Verdict; new: Verdict}
  runs: LabRun[]
  probes: {runId: string | null; pairs: ProbeCheckPair[]; unreachable: Array<{name: string; reason: string}>; leftovers: Array<{participant: string; path: string; reason: string}>}
  /** prediction, probes and scenarios.md agree for every version run */
  agree: boolean
  /** why not, one line each */
  disagreements: string[]
}
