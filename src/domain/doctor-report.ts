import type {CommandReport} from '../base-command.js'
import type {Finding} from './finding.js'

/** pass/warn/fail follow the findings; cannot-tell needs an input; skip does not apply here; error is our bug. */
export type DoctorStatus = 'pass' | 'warn' | 'fail' | 'cannot-tell' | 'skip' | 'error'

export interface DoctorResult {
  /** stable: `self-config-dir`, `compose`, … */
  id: string
  title: string
  status: DoctorStatus
  /** one line: the outcome */
  summary: string
  findings: Finding[]
  /** extra lines shown for problems and under --verbose */
  details: string[]
}

export interface DoctorReport extends CommandReport {
  checks: DoctorResult[]
  durationMs: number
}
