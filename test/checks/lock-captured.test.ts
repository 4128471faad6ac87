import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import type {Participant} from '../../src/domain/participant.js'
import {participantFromFile} from '../../src/gather/participants.js'
import {applyOverrides} from '../../src/participants/overrides.js'
import {buildLockReport} from '../../src/pipeline/lock.js'
import {ROOT} from '../helpers/run-cli.js'

// Offline triage from captured evidence: each lab layout (fixtures/captured, real mount
// namespaces) fed back as capture bundles, raw mountinfo and findmnt -J -o with MAJ:MIN
// must give scenarios.md's verdicts, without root and without the kernel.
interface IndexEntry {
  name: string
  scenario: number
  participants: string[]
  expected: {old: string; new: string}
}

const CAPTURED = join(ROOT, 'fixtures/captured')
const index = JSON.parse(readFileSync(join(CAPTURED, 'index.json'), 'utf8')) as IndexEntry[]

function envOf(layout: string, name: string): {HOME: string; CLAUDE_CONFIG_DIR?: string} {
  return JSON.parse(readFileSync(join(CAPTURED, layout, name, 'env.json'), 'utf8'))
}

async function participants(layout: IndexEntry, file: string): Promise<Participant[]> {
  const gathered = await Promise.all(layout.participants.map((name) => participantFromFile(name, join(CAPTURED, layout.name, name, file), {})))
  if (file === 'capture.json') return gathered
  // A pasted table carries no environment: the user names HOME (or D) and realpath(D) per participant.
  return applyOverrides(gathered, {
    home: layout.participants.filter((n) => !envOf(layout.name, n).CLAUDE_CONFIG_DIR).map((n) => `${n}=${envOf(layout.name, n).HOME}`),
    configDir: layout.participants.filter((n) => envOf(layout.name, n).CLAUDE_CONFIG_DIR).map((n) => `${n}=${envOf(layout.name, n).CLAUDE_CONFIG_DIR}`),
    realpath: layout.participants.map((n) => `${n}=${readFileSync(join(CAPTURED, layout.name, n, 'realpath-D.txt'), 'utf8').trim()}`),
  })
}

describe.each(['capture.json', 'mountinfo', 'findmnt-J-o.json'])('captured layouts from %s', (file) => {
  for (const layout of index) {
    it(`${layout.name} (scenario ${layout.scenario}): old ${layout.expected.old}, new ${layout.expected.new}`, async () => {
      const base = await participants(layout, file)
      for (const [era, version] of [['old', '2.1.131'], ['new', '2.1.132']] as const) {
        const report = buildLockReport(applyOverrides(base, {claudeVersion: [version]}))
        expect(report.verdict, `${era}: ${report.findings.map((f) => `${f.rule} ${f.message}`).join('\n')}`).toBe(layout.expected[era])
      }
    })
  }
})

describe('findmnt output without MAJ:MIN', () => {
  it('cannot prove a tmpfs-backed bind is shared: cannot-tell for new clients, never safe', async () => {
    const layout = index.find((l) => l.name === 'dir-only')!
    const base = await participants(layout, 'findmnt-l.txt')
    const report = buildLockReport(applyOverrides(base, {claudeVersion: ['2.1.140']}))
    expect(report.verdict).toBe('cannot-tell')
    expect(report.findings.map((f) => f.rule)).toContain('storage-unproven')
  })
})
