import type {ComposeReport} from '../domain/compose-report.js'
import type {Severity} from '../domain/finding.js'
import {repoPath} from './sarif.js'

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {hazard: 'error', 'cannot-tell': 'error', warning: 'warning', info: 'notice'}

/** Workflow-command data: `%`, CR and LF must be escaped (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Workflow-command properties: also `:` and `,`, which end a property (actions/toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * GitHub Actions annotations, one workflow command per active finding, on the repo-relative
 * file and line; the fix and the service ride in the message. Info findings and suppressed
 * ones are not annotated. A last `::notice` carries the verdict.
 */
export function renderGithub(report: ComposeReport, _style?: unknown): string {
  const lines: string[] = []
  for (const finding of report.findings) {
    if (finding.severity === 'info') continue
    const properties: string[] = []
    if (finding.location) {
      properties.push(`file=${escapeProperty(repoPath(report.root, finding.location.file))}`, `line=${finding.location.line}`)
      if (finding.location.column) properties.push(`col=${finding.location.column}`)
    }
    properties.push(`title=${escapeProperty(`disinto-auth ${finding.severity}: ${finding.rule}`)}`)
    const message = [
      finding.message,
      finding.participants.length > 0 ? `service: ${finding.participants.join(', ')}` : '',
      finding.location?.via ? `via: ${finding.location.via}` : '',
      `fix: ${finding.fix}`,
    ]
      .filter(Boolean)
      .join('\n')
    lines.push(`::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(message)}`)
  }
  const suppressed = report.suppressed.length > 0 ? ` (${report.suppressed.length} suppressed)` : ''
  lines.push(`::notice title=${escapeProperty('disinto-auth check compose')}::${escapeData(`verdict ${report.verdict}: ${report.findings.filter((f) => f.severity !== 'info').length} finding(s)${suppressed}`)}`)
  return `${lines.join('\n')}\n`
}
