import type {Finding, Verdict} from '../../domain/finding.js'
import {printable} from '../../text/bytes.js'

const VERDICT_WORDS: Record<Verdict, string> = {
  safe: '✅ **safe**',
  'safe-but-warn': '⚠️ **safe-but-warn**',
  hazard: '❌ **hazard**',
  'cannot-tell': '❓ **cannot-tell**',
}

export function verdictMarkdown(verdict: Verdict): string {
  return VERDICT_WORDS[verdict]
}

/** Inline code that survives backticks and pipes inside a table cell. */
export function code(text: string): string {
  const clean = printable(text).replaceAll('|', '\\|')
  const fence = clean.includes('`') ? '``' : '`'
  return `${fence}${clean}${fence}`
}

export function cell(text: string): string {
  return printable(text).replaceAll('|', '\\|').replaceAll('\n', '<br>')
}

export function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n')
}

/** Findings as a list a maintainer can act on: severity, rule, message, evidence, fix. */
export function findingsMarkdown(findings: readonly Finding[]): string {
  if (findings.length === 0) return '_No findings._'
  return findings
    .map((f) => {
      const where = f.location ? ` (${code(`${f.location.file}:${f.location.line}${f.location.column ? `:${f.location.column}` : ''}`)})` : ''
      return [
        `- **${f.severity}** ${code(f.rule)}${where}: ${cell(f.message)}`,
        `  - expected: ${cell(f.evidence.expected)}`,
        `  - actual: ${cell(f.evidence.actual)}`,
        `  - fix: ${cell(f.fix)}`,
      ].join('\n')
    })
    .join('\n')
}

/** A fenced block of shell commands. */
export function shellBlock(lines: readonly string[]): string {
  return ['```sh', ...lines, '```'].join('\n')
}
