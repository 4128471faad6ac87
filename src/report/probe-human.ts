import {table} from 'table'

import type {ProbeCell, ProbeCheckPair, ProbeCheckReport} from '../domain/probe-check-report.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'
import {renderFindings, verdictLine} from './findings-human.js'

/** ✓ agree, ✗ refuted, ? no comparison (a probe error or no prediction). */
export function agreementMark(cell: ProbeCell, style: Style): string {
  if (cell.agrees === true) return style.color.green(style.glyph.ok)
  if (cell.agrees === false) return style.color.red(`${style.glyph.fail} refuted`)
  return style.color.magenta(style.glyph.unknown)
}

function outcome(word: string, style: Style): string {
  if (word === 'shared') return style.color.green(word)
  if (word === 'private') return style.color.yellow(word)
  return style.color.magenta(word)
}

/** `check probe` for people: participants, the pairs × probes matrix (observed, predicted, ✓/✗), findings, both verdicts. */
export function renderProbeHuman(report: ProbeCheckReport, style: Style, options: {verbose?: boolean} = {}): string {
  const {color} = style
  const lines: string[] = []
  const width = Math.max(0, ...report.participants.map((p) => p.name.length))
  for (const p of report.participants) {
    const d = p.configDir ? `${printable(p.configDir)}${p.configDirRealpath && p.configDirRealpath !== p.configDir ? ` → ${printable(p.configDirRealpath)}` : ''}` : 'unknown'
    const version = p.protocol === 'unknown' ? 'Claude Code version unknown' : `Claude Code ${p.version ?? '?'} (${p.protocol} lock)`
    const wrapper = p.flock.length ? ` · flock ${p.flock.map(printable).join(', ')}` : ''
    lines.push(`  ${color.bold(p.name.padEnd(width))}  ${printable(p.origin)} · D = ${d} · ${version}${wrapper}${p.probed ? '' : color.magenta(' · not probed')}`)
  }
  for (const u of report.unreachable.filter((u) => !report.participants.some((p) => p.name === u.name))) {
    lines.push(`  ${color.bold(u.name)}  ${color.magenta(`unreachable: ${printable(u.reason)}`)}`)
  }
  lines.push('')
  lines.push(renderProbeMatrix(report.pairs, style))
  const findings = renderFindings(report.findings, style)
  if (findings) lines.push('', findings)
  const perProtocol = report.perProtocol ? ` (${report.perProtocol.old} for clients ≤ 2.1.131, ${report.perProtocol.new} for ≥ 2.1.132)` : ''
  lines.push('', `  static (check lock): ${verdictLine(report.staticVerdict, style)}${perProtocol}   with probes: ${verdictLine(report.verdict, style)}`)
  if (options.verbose && report.commands.length > 0) {
    lines.push('', color.bold('  commands run (host side, in order started):'), ...report.commands.map((command) => `  $ ${printable(command)}`))
  }
  return lines.join('\n')
}

/** The pairs × probes matrix (observed, predicted, ✓/✗) and how many agree; shared with `lab`. */
export function renderProbeMatrix(pairs: readonly ProbeCheckPair[], style: Style): string {
  const {color} = style
  if (pairs.length === 0) return `  ${style.glyph.skip} no pair of participants could be probed`
  const rows = [['pair', 'probe', 'observed', 'predicted', ''].map((h) => color.bold(h))]
  for (const pair of pairs) {
    pair.probes.forEach((cell, index) => {
      rows.push([index === 0 ? `${pair.a} ↔ ${pair.b}` : '', cell.probe, outcome(cell.observed, style), outcome(cell.predicted, style), agreementMark(cell, style)])
    })
  }
  const lines = [table(rows, {drawHorizontalLine: (index, size) => index <= 1 || index === size || isPairStart(pairs, index)}).trimEnd()]
  const cells = pairs.flatMap((pair) => pair.probes)
  const compared = cells.filter((cell) => cell.agrees !== null)
  const refuted = compared.filter((cell) => cell.agrees === false).length
  lines.push(`  ${compared.length - refuted}/${compared.length} compared probes agree with the prediction${cells.length > compared.length ? ` · ${cells.length - compared.length} without an answer on one side` : ''}`)
  return lines.join('\n')
}

// a horizontal line above the first row of each pair (rows: 0 header line, 1 after header …)
function isPairStart(pairs: readonly ProbeCheckPair[], lineIndex: number): boolean {
  let row = 1
  for (const pair of pairs) {
    if (lineIndex === row) return true
    row += pair.probes.length
  }
  return false
}
