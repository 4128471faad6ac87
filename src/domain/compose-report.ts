import type {CommandReport} from '../base-command.js'
import type {Finding, FindingLocation, Verdict} from './finding.js'
import type {PairJson, ParticipantJson} from './lock-report.js'

/** How a finding was suppressed: a `# disinto-auth ignore` comment or a `.disinto-auth.yaml` entry. */
export interface Suppression {
  kind: 'inSource' | 'external'
  justification: string
  /** the comment, or the config file entry */
  location: FindingLocation
}

/** A finding of `check compose`: located on the compose entry that causes it. */
export interface ComposeFinding extends Finding {
  /** the same finding's entries in the other services it concerns */
  relatedLocations: FindingLocation[]
  /** the profile sets (active profiles) in which it holds; [[]] = with no profile active */
  profiles: string[][]
  /** stable across line moves: hash of rule, file, services and the entry (SARIF partialFingerprints) */
  fingerprint: string
  suppression?: Suppression
}

export interface ComposeCombination {
  /** active profiles ('*' = every profile) */
  profiles: string[]
  /** the Claude-running services it enables */
  services: string[]
  verdict: Verdict
  perProtocol: {assumedFor: string[]; old: Verdict; new: Verdict} | null
  pairs: PairJson[]
}

export type FailOn = 'error' | 'warning' | 'never'

export interface ComposeReport extends CommandReport {
  findings: ComposeFinding[]
  /** findings an ignore comment or the config file suppressed: listed, never counted */
  suppressed: ComposeFinding[]
  project: {name: string; workingDir: string; files: string[]}
  /** the working directory relative to the repository root ('' when the same or outside git): SARIF/GitHub paths */
  root: string
  /** every service of the project (after --service/--ignore-service) and whether it runs Claude Code */
  services: {name: string; runsClaude: boolean; evidence: string[]; profiles: string[]; location: FindingLocation}[]
  participants: ParticipantJson[]
  combinations: ComposeCombination[]
  /** set when some version is unknown: the worst verdict over the combinations for old and new clients */
  perProtocol: {assumedFor: string[]; old: Verdict; new: Verdict} | null
  /** loader warnings, `file:line:col: what` */
  warnings: string[]
  failOn: FailOn
  exitCode: number
}
