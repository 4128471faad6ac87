import type {DoctorReport, DoctorStatus} from '../domain/doctor-report.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'
import {renderFindings, verdictLine} from './findings-human.js'

/** flutter-doctor style: one line per check, details and fixes only for problems (all with --verbose). */
export function renderDoctorHuman(report: DoctorReport & {verbose?: boolean}, style: Style): string {
  const width = Math.max(...report.checks.map((check) => check.id.length))
  const lines: string[] = []
  for (const check of report.checks) {
    lines.push(`  ${tag(check.status, style)} ${check.id.padEnd(width)}  ${printable(check.summary)}`)
    const problem = check.status !== 'pass' && check.status !== 'skip'
    if (problem || report.verbose) {
      for (const detail of check.details) lines.push(`      ${style.color.dim(printable(detail))}`)
      const findings = renderFindings(problem || report.verbose ? check.findings : [], style)
      if (findings) lines.push(findings.replace(/^/gm, '  '))
    }
  }
  const count = (status: DoctorStatus) => report.checks.filter((check) => check.status === status).length
  const parts = [`${count('fail')} failed`, `${count('warn')} warning${count('warn') === 1 ? '' : 's'}`, `${count('cannot-tell')} cannot tell`, `${count('error')} errors`, `${count('pass')} passed`, `${count('skip')} skipped`]
  const hint = report.verbose ? '' : '   run with --verbose to see details of passed checks'
  lines.push('', `  ${verdictLine(report.verdict, style)}  ${parts.join(' · ')}  (${(report.durationMs / 1000).toFixed(1)} s)${hint}`)
  return lines.join('\n')
}

function tag(status: DoctorStatus, style: Style): string {
  const {color, glyph} = style
  if (status === 'pass') return color.green(glyph.ok)
  if (status === 'fail') return color.red(glyph.fail)
  if (status === 'warn') return color.yellow(glyph.warn)
  if (status === 'cannot-tell') return color.magenta(glyph.unknown)
  if (status === 'error') return color.red(glyph.error)
  return color.dim(glyph.skip)
}
