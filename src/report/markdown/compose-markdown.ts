import type {ComposeReport} from '../../domain/compose-report.js'
import {cell, code, findingsMarkdown, table, verdictMarkdown} from './common.js'

/** `check compose --format markdown`: the gate's answer as a comment for a merge request. */
export function renderComposeMarkdown(report: ComposeReport): string {
  const sections = [
    '## disinto-auth check compose',
    '',
    `**Verdict:** ${verdictMarkdown(report.verdict)} · project ${code(report.project.name)} · ${report.project.files.map(code).join(', ')}`,
  ]
  if (report.perProtocol) {
    sections.push('', `Versions unknown for ${report.perProtocol.assumedFor.map(code).join(', ')}: **${report.perProtocol.old}** for clients ≤ 2.1.131, **${report.perProtocol.new}** for ≥ 2.1.132.`)
  }
  sections.push('', '### Services', '', table(
    ['service', 'runs Claude Code', 'D', 'Claude Code', 'evidence'],
    report.services.map((service) => {
      const p = report.participants.find((participant) => participant.name === service.name)
      return [code(service.name), service.runsClaude ? 'yes' : 'no', p?.configDir ? code(p.configDir) : '–', p ? (p.protocol === 'unknown' ? 'unknown' : `${p.version ?? '?'} (${p.protocol})`) : '–', cell(service.evidence.join('; ') || '–')]
    }),
  ))
  const refreshers = report.participants.filter((p) => p.refreshes && p.configDir)
  if (refreshers.length > 0) {
    const kinds = [...new Set(refreshers.flatMap((p) => p.locks.map((l) => l.kind)))]
    sections.push('', '### Where each lock lands', '', table(
      ['lock', ...refreshers.map((p) => code(p.name))],
      kinds.map((kind) => [kind, ...refreshers.map((p) => {
        const lock = p.locks.find((l) => l.kind === kind)
        return lock ? `${code(lock.path)}<br>${cell(lock.storage)}` : 'not taken'
      })]),
    ))
  }
  sections.push('', '### Findings', '', findingsMarkdown(report.findings))
  if (report.suppressed.length > 0) {
    sections.push('', '### Suppressed', '', ...report.suppressed.map((f) => `- ${code(f.rule)} ${cell(f.participants.join(', '))}: ${cell(f.suppression?.justification ?? '')}`))
  }
  return sections.join('\n')
}
