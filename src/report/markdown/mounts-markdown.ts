import type {MountsReport} from '../../domain/mounts-report.js'
import {shellQuote} from '../../transports/shell-quote.js'
import {cell, code, findingsMarkdown, shellBlock, table, verdictMarkdown} from './common.js'
import {sketchTree} from './sketch.js'

/** `check mounts --format markdown`: where D and its locks live, to paste into an issue. */
export function renderMountsMarkdown(report: MountsReport): string {
  const d = report.configDir
  const sections = [
    '## disinto-auth check mounts',
    '',
    `**Verdict:** ${verdictMarkdown(report.verdict)} · ${report.mountCount} mounts from ${code(report.source)} (${report.format})`,
  ]
  if (d) sections.push('', `D = ${code(d.path)} (${d.from})${d.realpath ? ` → realpath ${code(d.realpath)}` : ''}`)
  sections.push('', table(
    ['path', 'role', 'mount', 'bind', 'storage', 'backing key'],
    report.paths.map((p) => [code(p.path), p.role, p.mount ? `${p.mount.id ?? '?'} ${code(p.mount.target)} ${p.mount.fsType ?? ''}` : 'none', p.mount?.bind ? 'yes' : 'no', cell(p.storage), code(p.backing)]),
  ))
  if (report.paths.some((p) => p.role === 'parent')) {
    const sketch = report.paths.map((p) => ({role: p.role, path: p.path, mountTarget: p.mount?.target ?? null, storage: p.storage, mark: ''}))
    sections.push('', '```', sketchTree(sketch), '```')
  }
  sections.push('', '### Findings', '', findingsMarkdown(report.findings))
  const probe = report.paths.filter((p) => p.role === 'config-dir' || p.role === 'parent').map((p) => `findmnt -T ${shellQuote(p.path)}`)
  if (probe.length > 0) sections.push('', '### Reproduce by hand (inside each container)', '', shellBlock([...probe, `cat /proc/self/mountinfo`]))
  return sections.join('\n')
}
