import type {ProbeCell, ProbeCheckReport} from '../../domain/probe-check-report.js'
import {cell, code, findingsMarkdown, table, verdictMarkdown} from './common.js'

function mark(probe: ProbeCell): string {
  if (probe.agrees === true) return '✓'
  if (probe.agrees === false) return '✗ refuted'
  return '?'
}

/** `check probe --format markdown`: a triage report to paste into an issue. */
export function renderProbeMarkdown(report: ProbeCheckReport): string {
  const sections: string[] = [
    '## disinto-auth check probe',
    '',
    `**Verdict with probes:** ${verdictMarkdown(report.verdict)} · **static (check lock):** ${verdictMarkdown(report.staticVerdict)}`,
  ]
  if (report.perProtocol) {
    sections.push('', `Versions unknown for ${report.perProtocol.assumedFor.map(code).join(', ')}: **${report.perProtocol.old}** for clients ≤ 2.1.131, **${report.perProtocol.new}** for ≥ 2.1.132.`)
  }
  sections.push('', '### Participants', '', table(
    ['name', 'source', 'D', 'realpath(D)', 'Claude Code', 'probed'],
    report.participants.map((p) => [code(p.name), code(p.origin), p.configDir ? code(p.configDir) : 'unknown', p.configDirRealpath ? code(p.configDirRealpath) : '–', p.protocol === 'unknown' ? 'unknown' : `${p.version ?? '?'} (${p.protocol})`, p.probed ? 'yes' : 'no']),
  ))
  if (report.unreachable.length > 0) {
    sections.push('', '**Unreachable:**', '', ...report.unreachable.map((u) => `- ${code(u.name)}: ${cell(u.reason)}`))
  }
  sections.push('', '### Probes against the prediction', '')
  if (report.pairs.length === 0) sections.push('_No pair of participants could be probed._')
  else {
    sections.push(table(
      ['pair', 'probe', 'observed', 'predicted', '', 'predicted from', 'observed detail'],
      report.pairs.flatMap((pair) => pair.probes.map((probe) => [`${code(pair.a)} ↔ ${code(pair.b)}`, code(probe.probe), probe.observed, probe.predicted, mark(probe), cell(probe.basis), cell(probe.detail)])),
    ))
  }
  sections.push('', '### Findings', '', findingsMarkdown(report.findings))
  if (report.leftovers.length > 0) sections.push('', '### Left behind (remove by hand)', '', ...report.leftovers.map((l) => `- ${code(l.participant)}: ${code(l.path)} (${cell(l.reason)})`))
  if (report.commands.length > 0) {
    sections.push('', `<details><summary>Commands run (${report.commands.length}, run id ${code(report.runId ?? '')})</summary>`, '', '```sh', ...report.commands.map((command) => command.replace(/```/g, '` ` `')), '```', '', '</details>')
  }
  return sections.join('\n')
}
