/** The four answers every command gives (DESIGN.md "Verdicts and exit codes"). */
export type Verdict = 'safe' | 'safe-but-warn' | 'hazard' | 'cannot-tell'

/**
 * hazard: two participants can refresh at once (exit 1). cannot-tell: an input the verdict
 * depends on is missing (exit 3). warning: safe but fragile. info: context, never fails a run.
 */
export type Severity = 'hazard' | 'cannot-tell' | 'warning' | 'info'

/** Where a finding points in an input file (compose file, pasted table). */
export interface FindingLocation {
  file: string
  line: number
  column?: number
  /** where the value came from when that is elsewhere: an anchor, extends, include */
  via?: string
}

export interface Finding {
  /** stable forever, kebab-case: `sibling-lock-private` */
  rule: string
  severity: Severity
  /** one line, the outcome in plain words */
  message: string
  /** names of the participants it concerns */
  participants: string[]
  evidence: {expected: string; actual: string}
  /** the exact edit or command that removes the finding */
  fix: string
  location?: FindingLocation
}

const RANK: Record<Severity, number> = {info: 0, warning: 1, 'cannot-tell': 2, hazard: 3}

/** hazard beats cannot-tell (a known hazard is already an answer), which beats a warning. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  let worst = 0
  for (const finding of findings) worst = Math.max(worst, RANK[finding.severity])
  if (worst === RANK.hazard) return 'hazard'
  if (worst === RANK['cannot-tell']) return 'cannot-tell'
  if (worst === RANK.warning) return 'safe-but-warn'
  return 'safe'
}
