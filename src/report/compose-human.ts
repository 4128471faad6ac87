import type {ComposeFinding, ComposeReport} from '../domain/compose-report.js'
import type {FindingLocation} from '../domain/finding.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'
import {severityTag, verdictLine} from './findings-human.js'

export function where(location: FindingLocation | undefined): string {
  if (!location) return '-'
  return `${location.file}:${location.line}${location.column ? `:${location.column}` : ''}`
}

function profileWords(profiles: string[][]): string {
  return profiles.map((set) => (set.length === 0 ? '(no profile)' : set.join('+'))).join(', ')
}

function block(finding: ComposeFinding, style: Style, multipleCombinations: boolean): string[] {
  const {color} = style
  const lines = [`${where(finding.location)} ${severityTag(finding.severity, style)} ${color.bold(finding.rule)}  ${printable(finding.message)}`]
  if (finding.participants.length > 0) lines.push(`    service   ${finding.participants.join(', ')}`)
  if (finding.location?.via) lines.push(`    via       ${printable(finding.location.via)}`)
  for (const related of finding.relatedLocations) lines.push(`    also      ${where(related)}${related.via ? ` (via ${printable(related.via)})` : ''}`)
  if (multipleCombinations && finding.profiles.length > 0) lines.push(`    profiles  ${profileWords(finding.profiles)}`)
  lines.push(`    expected  ${printable(finding.evidence.expected)}`)
  lines.push(`    actual    ${printable(finding.evidence.actual)}`)
  lines.push(`    fix       ${printable(finding.fix)}`)
  return lines
}

/**
 * `check compose` for a CI log: `file:line:col severity rule message`, then the service, where
 * it came from, and the fix on following lines — complete without annotations. Ends with one
 * summary line; suppressed findings are counted and named, never shown as problems.
 */
export function renderComposeHuman(report: ComposeReport, style: Style): string {
  const {color, glyph} = style
  const lines: string[] = []
  const multiple = report.combinations.length > 1
  const shown = report.findings.filter((finding) => finding.severity !== 'info')
  for (const finding of shown) lines.push(...block(finding, style, multiple), '')
  for (const finding of report.suppressed) {
    const how = finding.suppression?.kind === 'inSource' ? 'ignore comment' : 'config file'
    lines.push(color.dim(`${where(finding.location)} suppressed ${finding.rule}  ${finding.participants.join(', ')} (${how} at ${where(finding.suppression?.location)}: ${printable(finding.suppression?.justification ?? '')})`))
  }
  if (report.suppressed.length > 0) lines.push('')
  for (const warning of report.warnings) lines.push(color.yellow(`warning: ${printable(warning)}`))
  if (report.warnings.length > 0) lines.push('')

  const claude = report.services.filter((service) => service.runsClaude).map((service) => service.name)
  const count = (severity: string) => report.findings.filter((finding) => finding.severity === severity).length
  const parts = [
    `${count('hazard')} hazard${count('hazard') === 1 ? '' : 's'}`,
    `${count('cannot-tell')} cannot-tell`,
    `${count('warning')} warning${count('warning') === 1 ? '' : 's'}`,
    `${report.suppressed.length} suppressed`,
  ]
  const scope = claude.length === 0
    ? 'no service runs Claude Code'
    : `${claude.length} Claude service${claude.length === 1 ? '' : 's'} (${claude.join(', ')})${multiple ? ` in ${report.combinations.length} profile combinations` : ''}`
  lines.push(`${verdictLine(report.verdict, style)} · ${parts.join(' · ')} · ${scope} · ${report.project.files.join(', ')}`)
  if (report.perProtocol && report.perProtocol.old !== report.perProtocol.new) {
    lines.push(`${glyph.unknown} ${report.perProtocol.old} for clients ≤ 2.1.131, ${report.perProtocol.new} for ≥ 2.1.132 — version unknown for ${report.perProtocol.assumedFor.join(', ')}; pin it with x-disinto-auth: {version: X.Y.Z} or --claude-version`)
  }
  return lines.join('\n')
}
