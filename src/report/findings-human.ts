import type {Finding, Severity, Verdict} from '../domain/finding.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'

/** Glyph + coloured word per severity, so output works without colour and stays greppable. */
export function severityTag(severity: Severity, style: Style): string {
  const {color, glyph} = style
  if (severity === 'hazard') return color.red(`${glyph.fail} hazard`)
  if (severity === 'cannot-tell') return color.magenta(`${glyph.unknown} cannot-tell`)
  if (severity === 'warning') return color.yellow(`${glyph.warn} warning`)
  return color.cyan(`${glyph.skip} info`)
}

export function verdictLine(verdict: Verdict, style: Style): string {
  const {color, glyph} = style
  if (verdict === 'hazard') return color.red.bold(`${glyph.fail} hazard`)
  if (verdict === 'cannot-tell') return color.magenta.bold(`${glyph.unknown} cannot-tell`)
  if (verdict === 'safe-but-warn') return color.yellow.bold(`${glyph.warn} safe-but-warn`)
  return color.green.bold(`${glyph.ok} safe`)
}

/** Findings as a stylish block: tag, rule, message, then expected/actual/fix indented. */
export function renderFindings(findings: readonly Finding[], style: Style): string {
  if (findings.length === 0) return ''
  const lines: string[] = []
  for (const finding of findings) {
    const where = finding.location
      ? `${finding.location.file}:${finding.location.line}${finding.location.column ? `:${finding.location.column}` : ''} `
      : ''
    lines.push(`  ${severityTag(finding.severity, style)}  ${where}${style.color.bold(finding.rule)}  ${printable(finding.message)}`)
    if (finding.participants.length > 0) lines.push(`      participants  ${finding.participants.join(', ')}`)
    lines.push(`      expected      ${printable(finding.evidence.expected)}`)
    lines.push(`      actual        ${printable(finding.evidence.actual)}`)
    lines.push(`      fix           ${printable(finding.fix)}`)
    if (finding.location?.via) lines.push(`      via           ${finding.location.via}`)
  }
  return lines.join('\n')
}
