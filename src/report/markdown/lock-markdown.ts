import type {LockReport} from '../../domain/lock-report.js'
import {cell, code, findingsMarkdown, shellBlock, table, verdictMarkdown} from './common.js'
import {reproductionSteps} from './repro.js'
import {sketchTree} from './sketch.js'

const ROLE_KIND: Record<string, string> = {'sibling-lock': 'sibling', 'in-dir-lock': 'in-dir', flock: 'flock'}

/** `check lock --format markdown`: a triage report to paste into an issue. */
export function renderLockMarkdown(report: LockReport): string {
  const refreshers = report.participants.filter((p) => p.refreshes && p.configDir)
  const sections: string[] = ['## disinto-auth check lock', '', `**Verdict:** ${verdictMarkdown(report.verdict)}`]
  if (report.perProtocol) {
    sections.push('', `Versions unknown for ${report.perProtocol.assumedFor.map(code).join(', ')}: **${report.perProtocol.old}** for clients ≤ 2.1.131, **${report.perProtocol.new}** for ≥ 2.1.132.`)
  }
  sections.push('', '### Participants', '', table(
    ['name', 'source', 'D', 'realpath(D)', 'Claude Code', 'auth'],
    report.participants.map((p) => [code(p.name), code(p.origin), p.configDir ? code(p.configDir) : 'unknown', p.configDirRealpath ? code(p.configDirRealpath) : '–', p.protocol === 'unknown' ? 'unknown' : `${p.version ?? '?'} (${p.protocol})`, p.auth]),
  ))
  if (refreshers.length > 0) {
    const kinds = [...new Set(refreshers.flatMap((p) => p.locks.map((l) => l.kind)))]
    sections.push('', '### Where each lock lands', '', table(
      ['lock', ...refreshers.map((p) => code(p.name)), 'shared'],
      kinds.map((kind) => [
        kind,
        ...refreshers.map((p) => {
          const lock = p.locks.find((l) => l.kind === kind)
          return lock ? `${code(lock.path)}<br>${cell(lock.storage)}` : 'not taken'
        }),
        sharedWord(report, kind),
      ]),
    ))
    sections.push('', '### Mount trees (the relevant part)')
    for (const p of refreshers) {
      const paths = p.paths.map((path) => ({...path, mark: markFor(report, p.name, path.role)}))
      sections.push('', `**${cell(p.name)}**`, '', '```', sketchTree(paths), '```')
    }
  }
  sections.push('', '### Findings', '', findingsMarkdown(report.findings))
  const steps = reproductionSteps(refreshers.map((p) => ({name: p.name, origin: p.origin, configDir: p.configDir!, configDirRealpath: p.configDirRealpath ?? undefined})))
  sections.push('', '### Reproduce by hand', '', shellBlock(steps))
  return sections.join('\n')
}

function sharedWord(report: LockReport, kind: string): string {
  const locks = report.pairs.flatMap((pair) => pair.locks.filter((l) => l.kind === kind))
  if (locks.length === 0) return '–'
  const shared = locks.filter((l) => l.shared).length
  return shared === locks.length ? '✓ shared' : shared === 0 ? '✗ private' : `${shared}/${locks.length} pairs`
}

// A lock is shared for a participant when every pair it is in shares it; D when its store is shared.
function markFor(report: LockReport, name: string, role: string): string {
  const pairs = report.pairs.filter((pair) => pair.a === name || pair.b === name)
  if (pairs.length === 0) return ''
  if (role === 'config-dir') return pairs.every((pair) => pair.storeShared) ? '✓ shared' : '✗ private'
  const kind = ROLE_KIND[role]
  if (!kind) return ''
  const locks = pairs.flatMap((pair) => pair.locks.filter((l) => l.kind === kind))
  if (locks.length === 0) return ''
  return locks.every((l) => l.shared) ? '✓ shared' : '✗ private'
}
