import type {DoctorResult, DoctorStatus} from '../domain/doctor-report.js'
import {type Finding, verdictOf} from '../domain/finding.js'

const STATUS_BY_VERDICT = {safe: 'pass', 'safe-but-warn': 'warn', hazard: 'fail', 'cannot-tell': 'cannot-tell'} as const

/** A check's result from its findings: the status follows the worst one. */
export function resultFrom(id: string, title: string, summary: string, findings: Finding[], details: string[] = []): DoctorResult {
  return {id, title, status: STATUS_BY_VERDICT[verdictOf(findings)], summary, findings, details}
}

export function skipped(id: string, title: string, why: string): DoctorResult {
  return {id, title, status: 'skip', summary: why, findings: [], details: []}
}

export function statusRank(status: DoctorStatus): number {
  return {pass: 0, skip: 0, warn: 1, 'cannot-tell': 2, error: 2, fail: 3}[status]
}
