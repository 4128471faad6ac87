import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Participant} from '../../src/domain/participant.js'
import {completeRealpaths, gatherParticipant} from '../../src/gather/participants.js'
import {createLab, LAYOUTS, type Lab} from '../../src/lab/index.js'
import {applyOverrides} from '../../src/participants/overrides.js'
import {buildLockReport} from '../../src/pipeline/lock.js'
import {kernelGate, requireSupport} from '../lab/helpers.js'

// The kernel is the judge: every lab layout is built as real mount namespaces, each participant
// is read from the host as `pid:PID` (its /proc/PID/mountinfo and root), and the verdict engine
// must give scenarios.md's verdict for old (≤ 2.1.131) and new (≥ 2.1.132) clients.
const gate = await kernelGate()

describe.skipIf(gate.skip)('check lock against real mount namespaces', () => {
  beforeAll(() => requireSupport(gate.support))

  for (const layout of LAYOUTS) {
    describe(`${layout.name} (scenario ${layout.scenario})`, () => {
      let lab: Lab
      let gathered: Participant[]
      beforeAll(async () => {
        lab = await createLab(layout)
        gathered = await Promise.all(lab.participants.map((p) => gatherParticipant({kind: 'pid', name: p.name, pid: p.pid})))
      })
      afterAll(async () => lab?.teardown())

      const verdictFor = async (version: string) => {
        // The lab's keeper processes do not carry the claude env: give each participant's HOME/D.
        const participants = await completeRealpaths(
          applyOverrides(gathered, {
            claudeVersion: [version],
            home: lab.participants.filter((p) => !p.env.CLAUDE_CONFIG_DIR).map((p) => `${p.name}=${p.env.HOME}`),
            configDir: lab.participants.filter((p) => p.env.CLAUDE_CONFIG_DIR).map((p) => `${p.name}=${p.env.CLAUDE_CONFIG_DIR}`),
          }),
        )
        return buildLockReport(participants)
      }

      it(`old clients: ${layout.expected.old}`, async () => {
        const report = await verdictFor('2.1.120')
        expect(report.verdict, JSON.stringify(report.findings.map((f) => f.rule))).toBe(layout.expected.old)
      })

      it(`new clients: ${layout.expected.new}`, async () => {
        const report = await verdictFor('2.1.140')
        expect(report.verdict, JSON.stringify(report.findings.map((f) => f.rule))).toBe(layout.expected.new)
      })

      it('unknown versions: answered per protocol, cannot-tell only when they differ', async () => {
        const participants = await completeRealpaths(
          applyOverrides(gathered, {
            home: lab.participants.filter((p) => !p.env.CLAUDE_CONFIG_DIR).map((p) => `${p.name}=${p.env.HOME}`),
            configDir: lab.participants.filter((p) => p.env.CLAUDE_CONFIG_DIR).map((p) => `${p.name}=${p.env.CLAUDE_CONFIG_DIR}`),
          }),
        )
        const report = buildLockReport(participants)
        if (layout.expected.old === layout.expected.new) expect(report.verdict).toBe(layout.expected.old)
        else {
          expect(report.verdict).toBe('cannot-tell')
          expect(report.perProtocol).toMatchObject({old: layout.expected.old, new: layout.expected.new})
          expect(report.findings.map((f) => f.rule)).toContain('version-unknown')
        }
      })
    })
  }
})
