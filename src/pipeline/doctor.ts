import {type DoctorCheck, type DoctorContext, DOCTOR_CHECKS} from '../doctor/registry.js'
import {statusRank} from '../doctor/result.js'
import type {DoctorReport, DoctorResult} from '../domain/doctor-report.js'
import {type Finding, verdictOf} from '../domain/finding.js'
import {CannotTellError, DisintoError, InputError} from '../errors.js'

export const BUG_TRACKER = 'https://github.com/disinto/disinto-auth/issues'

/** The checks named on the command line (ids), all of them when none; unknown ids are usage errors. */
export function selectChecks(ids: readonly string[]): DoctorCheck[] {
  if (ids.length === 0) return [...DOCTOR_CHECKS]
  const known = new Map(DOCTOR_CHECKS.map((check) => [check.id, check]))
  return ids.map((id) => {
    const check = known.get(id)
    if (!check) throw new InputError(`doctor: no check "${id}" (checks: ${[...known.keys()].join(', ')})`, 'E_USAGE')
    return check
  })
}

/**
 * Runs the checks side by side; one that throws never stops the others. Our own errors keep
 * their meaning (an unreachable participant is cannot-tell); anything else is a bug to report.
 */
export async function runDoctor(checks: readonly DoctorCheck[], context: DoctorContext, onDone?: (done: number, total: number) => void): Promise<DoctorReport> {
  const started = Date.now()
  let done = 0
  const results = await Promise.all(
    checks.map(async (check) => {
      const result = await check.run(context).catch((error: unknown) => failedResult(check, error))
      onDone?.(++done, checks.length)
      return result
    }),
  )
  const findings = results.flatMap((result) => result.findings)
  const errors: Finding[] = results.filter((r) => r.status === 'error').map((r) => ({
    rule: 'check-error',
    severity: 'cannot-tell',
    message: `${r.id}: ${r.summary}`,
    participants: [],
    evidence: {expected: 'the check runs', actual: r.summary},
    fix: r.details[0] ?? `report it at ${BUG_TRACKER}`,
  }))
  return {verdict: verdictOf([...findings, ...errors]), findings: [...findings, ...errors], checks: results, durationMs: Date.now() - started}
}

function failedResult(check: DoctorCheck, error: unknown): DoctorResult {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
  if (error instanceof CannotTellError) {
    return {id: check.id, title: check.title, status: 'cannot-tell', summary: message, details: [], findings: [{
      rule: 'participant-unreachable',
      severity: 'cannot-tell',
      message,
      participants: [],
      evidence: {expected: 'every participant reachable', actual: message},
      fix: error.suggestions[0] ?? 'check that the container is running and the engine client works, then re-run',
    }]}
  }
  if (error instanceof DisintoError) return {id: check.id, title: check.title, status: 'error', summary: message, findings: [], details: ['fix the input named above and re-run']}
  return {id: check.id, title: check.title, status: 'error', summary: `internal error: ${message}`, findings: [], details: [`this is a bug in disinto-auth: please report it at ${BUG_TRACKER} with the output of --format markdown`]}
}

export {statusRank}
