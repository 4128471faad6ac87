import type {DoctorReport} from '../../domain/doctor-report.js'
import {cell, code, findingsMarkdown, table, verdictMarkdown} from './common.js'

/** `doctor --format markdown`: every check, the findings with fixes, ready to paste. */
export function renderDoctorMarkdown(report: DoctorReport): string {
  return [
    '## disinto-auth doctor',
    '',
    `**Verdict:** ${verdictMarkdown(report.verdict)}`,
    '',
    table(['check', 'status', 'outcome'], report.checks.map((check) => [code(check.id), check.status, cell(check.summary)])),
    '',
    '### Findings',
    '',
    findingsMarkdown(report.findings),
    '',
    '### Details',
    '',
    ...report.checks.filter((check) => check.details.length > 0).flatMap((check) => [`**${check.id}**`, '', '```', ...check.details, '```', '']),
  ].join('\n')
}
