import {table} from 'table'

import type {MountsReport} from '../domain/mounts-report.js'
import type {MountTree} from '../model/mount-tree.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'
import {renderFindings, verdictLine} from './findings-human.js'
import {renderMountTree} from './mount-tree-text.js'

/** `check mounts` for people: where each path lives, the incident check in words, the verdict. */
export function renderMountsHuman(report: MountsReport & {tree?: MountTree; showTree?: boolean}, style: Style): string {
  const {color} = style
  const lines: string[] = []
  const d = report.configDir
  lines.push(`  ${report.mountCount} mounts from ${report.source} (${report.format})`)
  if (d) lines.push(`  D = ${printable(d.path)} (${d.from})${d.realpath && d.realpath !== d.path ? ` → realpath ${printable(d.realpath)}` : ''}`)
  for (const warning of report.warnings) lines.push(`  ${color.yellow(style.glyph.warn)} ${warning}`)
  lines.push('')
  if (report.paths.length > 0) {
    const rows = [['path', 'role', 'mount', 'bind', 'storage', 'backing key'].map((h) => color.bold(h))]
    for (const path of report.paths) {
      const mount = path.mount
      rows.push([
        printable(path.path),
        path.role,
        mount ? `${mount.id ?? '?'} ${printable(mount.target)} ${mount.fsType ?? ''}` : 'none',
        mount?.bind ? 'yes' : 'no',
        printable(path.storage),
        printable(path.backing) + (path.backingExact ? '' : ' (approx.)'),
      ])
    }
    lines.push(table(rows, {drawHorizontalLine: (i, size) => i === 0 || i === 1 || i === size}).trimEnd())
  }
  if (report.showTree && report.tree) {
    const marks = new Map<number, string[]>()
    for (const path of report.paths) {
      const index = path.mount ? report.tree.visibleByTarget.get(path.mount.target) : undefined
      if (index !== undefined) marks.set(index, [...(marks.get(index) ?? []), `${path.role} ${path.path}`])
    }
    lines.push('', renderMountTree(report.tree, marks, style))
  }
  const findings = renderFindings(report.findings, style)
  if (findings) lines.push('', findings)
  lines.push('', `  ${verdictLine(report.verdict, style)}  ${summaryWords(report)}`)
  return lines.join('\n')
}

function summaryWords(report: MountsReport): string {
  if (report.findings.length === 0) return 'nothing in this mount table splits the refresh lock'
  return `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}`
}
