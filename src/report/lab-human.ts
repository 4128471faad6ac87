import {table} from 'table'

import type {LabReport} from '../domain/lab-report.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'
import {renderFindings, verdictLine} from './findings-human.js'
import {renderProbeMatrix} from './probe-human.js'

const PROBE_RULES = new Set(['prediction-refuted', 'probe-error', 'participant-unreachable', 'probe-leftover'])

/** `lab` for people: the layout, the verdicts side by side per version, the probe matrix, and whether they agree. */
export function renderLabHuman(report: LabReport, style: Style): string {
  const {color, glyph} = style
  const lines: string[] = [
    `  ${color.bold(`lab ${report.layout.name}`)} (scenarios.md row ${report.layout.scenario}): ${printable(report.layout.description)}`,
  ]
  for (const p of report.participants) {
    const d = p.configDir ? `${printable(p.configDir)}${p.configDirRealpath && p.configDirRealpath !== p.configDir ? ` → ${printable(p.configDirRealpath)}` : ''}` : 'unknown'
    lines.push(`    ${color.bold(p.name)}  pid ${p.pid} · HOME=${printable(p.home)}${p.configDirEnv ? ` CLAUDE_CONFIG_DIR=${printable(p.configDirEnv)}` : ''} · D = ${d}`)
  }
  lines.push('')
  const rows = [['Claude Code', 'expected (scenarios.md)', 'static (check lock)', 'with probes (check probe)', ''].map((h) => color.bold(h))]
  for (const run of report.runs) {
    rows.push([
      `${run.claudeVersion} (${run.clients})`,
      verdictLine(run.expected, style),
      verdictLine(run.static, style),
      verdictLine(run.probe, style),
      run.agrees ? color.green(glyph.ok) : color.red(glyph.fail),
    ])
  }
  lines.push(table(rows).trimEnd(), '')
  lines.push(renderProbeMatrix(report.probes.pairs, style))
  // the static findings differ per version and are check lock's; show the probes' own here
  const probeFindings = renderFindings(report.findings.filter((f) => PROBE_RULES.has(f.rule)), style)
  if (probeFindings) lines.push('', probeFindings)
  lines.push('')
  if (report.agree) lines.push(`  ${color.green.bold(`${glyph.ok} prediction, probes and scenarios.md agree`)}`)
  else {
    lines.push(`  ${color.red.bold(`${glyph.fail} they disagree:`)}`)
    for (const line of report.disagreements) lines.push(`    ${printable(line)}`)
  }
  return lines.join('\n')
}
