import {readFileSync, readdirSync} from 'node:fs'
import {posix} from 'node:path'
import {describe, expect, it} from 'vitest'

import {memoryComposeIo} from '../../src/compose/gather.js'
import {checkCompose} from '../../src/pipeline/compose.js'
import {fixture} from './helpers.js'

// The host home the fixtures assume; it does not exist here, so binds carry a stated assumption.
const ENV = {HOME: '/home/johba'}
const OLD = '2.1.120'
const NEW = '2.1.140'

interface Expected {
  scenario: number
  layout: string
  verdict: {old: string; new: string}
}

const root = fixture('scenarios')
const cases = readdirSync(root).sort()

function judge(dir: string, claudeVersion?: string[]) {
  return checkCompose({cwd: dir, env: ENV, claudeVersion})
}

describe('scenarios.md layouts through check compose: the verdict for old and for new clients', () => {
  describe.each(cases)('%s', (name) => {
    const dir = posix.join(root, name)
    const expected = JSON.parse(readFileSync(posix.join(dir, 'expected.json'), 'utf8')) as Expected

    it(`#${expected.scenario} old clients (--claude-version ${OLD}): ${expected.verdict.old}`, async () => {
      expect((await judge(dir, [OLD])).verdict).toBe(expected.verdict.old)
    })

    it(`#${expected.scenario} new clients (--claude-version ${NEW}): ${expected.verdict.new}`, async () => {
      expect((await judge(dir, [NEW])).verdict).toBe(expected.verdict.new)
    })

    it(`#${expected.scenario} version unknown: answered per protocol, cannot-tell only where old and new differ`, async () => {
      const report = await judge(dir)
      const pinned = /version:/.test(readFileSync(posix.join(dir, 'compose.yaml'), 'utf8'))
      if (pinned || report.perProtocol === null) return // x-disinto-auth pins the versions, or nobody refreshes
      expect({old: report.perProtocol.old, new: report.perProtocol.new}).toEqual(expected.verdict)
      const differ = expected.verdict.old !== expected.verdict.new
      expect(report.verdict).toBe(differ ? 'cannot-tell' : expected.verdict.old)
      expect(report.exitCode).toBe(differ ? 3 : expected.verdict.old === 'hazard' ? 1 : 0)
      if (differ) expect(report.findings.map((f) => f.rule)).toEqual(['version-unknown'])
    })
  })

  it('#5 as written: x-disinto-auth pins agents at 2.1.120 and edge at 2.1.140 — a mixed-versions hazard on the old one\'s entry', async () => {
    const report = await judge(posix.join(root, '05-whole-home'))
    expect(report.verdict).toBe('hazard')
    const mixed = report.findings.find((f) => f.rule === 'mixed-versions')!
    expect(mixed.participants).toEqual(['agents', 'edge'])
    expect(mixed.location).toEqual({file: 'compose.yaml', line: 7, column: 21})
  })

  it('#26: non-rotating credentials are info only, on the variable that sets them', async () => {
    const report = await judge(posix.join(root, '26-api-key'))
    expect(report.verdict).toBe('safe')
    expect(report.findings.map((f) => [f.rule, f.severity, f.location?.line])).toEqual([
      ['not-a-refresher', 'info', 7],
      ['not-a-refresher', 'info', 12],
    ])
  })
})

describe('#2: the external flock on the agents only, an interactive chat unwrapped (x-disinto-auth)', () => {
  const dir = fixture('check/02-flock')

  it('old clients: hazard — the chat never takes the flock and the sibling lock is private', async () => {
    const report = await judge(dir, [OLD])
    expect(report.verdict).toBe('hazard')
    expect(report.findings.map((f) => f.rule)).toContain('sibling-lock-private')
  })

  it('new clients: safe — both take D/.oauth_refresh.lock on the shared host dir', async () => {
    expect((await judge(dir, [NEW])).verdict).toBe('safe')
  })

  it('carries flock and interactive into the participants', async () => {
    const report = await judge(dir, [NEW])
    expect(report.participants.map((p) => [p.name, p.flock, p.interactive])).toEqual([
      ['agents', ['/home/agent/.claude/session.lock'], false],
      ['chat', [], true],
    ])
  })

  it('an interactive chat wrapped in the same flock is warned about, on its x-disinto-auth entry', async () => {
    const text = readFileSync(posix.join(dir, 'compose.yaml'), 'utf8').replace(
      '{interactive: true}',
      '{interactive: true, flock: /home/agent/.claude/session.lock}',
    )
    const io = memoryComposeIo({'/p/compose.yaml': text})
    const report = await checkCompose({cwd: '/p', env: ENV, claudeVersion: [NEW]}, io)
    expect(report.verdict).toBe('safe-but-warn')
    const warned = report.findings.find((f) => f.rule === 'interactive-joins-flock')!
    expect([warned.participants, warned.location]).toEqual([['chat'], {file: 'compose.yaml', line: 14, column: 21}])
  })
})
