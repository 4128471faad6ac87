import {table} from 'table'

import type {LockReport, ParticipantJson} from '../domain/lock-report.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'
import {renderFindings, verdictLine} from './findings-human.js'

const LOCK_LABEL = {sibling: 'sibling  D.lock', 'in-dir': 'in-dir   D/.oauth_refresh.lock', flock: 'flock', custom: 'custom'} as const

/** `check lock` for people: D per participant, versions, the participants × locks matrix, findings. */
export function renderLockHuman(report: LockReport, style: Style): string {
  const {color, glyph} = style
  const lines: string[] = []
  for (const p of report.participants) {
    const d = p.configDir ? `${printable(p.configDir)}${p.configDirRealpath && p.configDirRealpath !== p.configDir ? ` → ${printable(p.configDirRealpath)}` : ''}` : 'unknown'
    lines.push(`  ${color.bold(p.name)}  D = ${d} · ${p.storage ? printable(p.storage) : 'storage unknown'} · ${versionWords(p)}${p.refreshes ? '' : ` · ${p.auth} (never refreshes)`}`)
  }
  lines.push('')
  const refreshers = report.participants.filter((p) => p.refreshes && p.configDir)
  if (refreshers.length > 0) {
    const kinds = [...new Set(refreshers.flatMap((p) => p.locks.map((lock) => lock.kind)))]
    const rows = [['lock', ...refreshers.map((p) => p.name), 'shared'].map((h) => color.bold(h))]
    for (const kind of kinds) {
      const cells = refreshers.map((p) => {
        const lock = p.locks.find((l) => l.kind === kind)
        if (!lock) return color.dim(`not taken${p.version ? ` (${p.version})` : ''}`)
        return `${printable(lock.path)}\n${color.dim(printable(lock.storage))}`
      })
      rows.push([LOCK_LABEL[kind], ...cells, sharedCell(report, kind, style)])
    }
    lines.push(table(rows).trimEnd())
  }
  const findings = renderFindings(report.findings, style)
  if (findings) lines.push('', findings)
  const perProtocol = report.perProtocol
    ? `  (${perProtocolWords(report.perProtocol)})`
    : ''
  lines.push('', `  ${verdictLine(report.verdict, style)}${perProtocol}`)
  if (report.pairs.length === 0 && refreshers.length > 1 && report.verdict === 'safe') lines.push(`  ${glyph.skip} no two participants share a credential store: nothing to race`)
  return lines.join('\n')
}

function versionWords(p: ParticipantJson): string {
  if (p.protocol === 'unknown') return 'Claude Code version unknown'
  return `Claude Code ${p.version ?? '?'} (${p.protocol} lock, from ${p.protocolFrom})`
}

function perProtocolWords(perProtocol: NonNullable<LockReport['perProtocol']>): string {
  return `${perProtocol.old} for clients ≤ 2.1.131, ${perProtocol.new} for ≥ 2.1.132 — version unknown for ${perProtocol.assumedFor.join(', ')}`
}

function sharedCell(report: LockReport, kind: string, style: Style): string {
  const results = report.pairs.map((pair) => pair.locks.find((lock) => lock.kind === kind)).filter((lock) => lock !== undefined)
  if (results.length === 0) return '–'
  const shared = results.filter((lock) => lock.shared).length
  if (shared === results.length) return style.color.green(`${style.glyph.ok} shared`)
  if (shared === 0) return style.color.red(`${style.glyph.fail} private`)
  return style.color.yellow(`${style.glyph.warn} ${shared}/${results.length} pairs`)
}
