import {spawn, spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

import type {LabReport} from '../../src/domain/lab-report.js'
import {LAYOUTS} from '../../src/lab/index.js'
import {ROOT, runCli, runCliJson} from '../helpers/run-cli.js'
import {CLEAN, hostMountCount, kernelGate, requireSupport, snapshot, waitUntil} from '../lab/helpers.js'

// `disinto-auth lab` end to end: real namespaces, both verdicts beside scenarios.md's, and
// nothing left behind — after a normal run and after SIGINT/SIGTERM in the middle of one.
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const gate = await kernelGate()

describe('lab without a kernel', () => {
  it('--list names every layout with its expected verdicts (no root needed)', () => {
    const result = runCliJson<{layouts: {name: string; scenario: number; expected: {old: string; new: string}}[]}>(['lab', '--list'])
    expect(result.status).toBe(0)
    expect(result.json.layouts.map((l) => l.name)).toEqual(LAYOUTS.map((l) => l.name))
    expect(result.json.layouts.find((l) => l.name === 'dir-only')).toMatchObject({scenario: 1, expected: {old: 'hazard', new: 'safe'}})
    expect(runCli(['lab', '--list']).stdout).toMatch(/^dir-only\s+row\s+1\s+old hazard\s+new safe/m)
  })

  it('an unknown layout or no layout: exit 2, one line', () => {
    const unknown = runCli(['lab', '--layout', 'no-such'])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expect(unknown.stderr).toMatch(/no layout named "no-such" \(have: dir-only, /)
    expect(runCli(['lab']).status).toBe(2)
  })

  it.skipIf(process.getuid?.() !== 0)('not root: exit 2 with one line saying why', () => {
    const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, 'lab', '--layout', 'dir-only'], {cwd: ROOT, encoding: 'utf8', env: {PATH: process.env.PATH, HOME: '/tmp', NO_COLOR: '1'}, timeout: 30_000})
    expect(result.status).toBe(2)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/lab needs Linux, root and mount namespaces.*not root/)
  })
})

describe.skipIf(gate.skip)('lab against real mount namespaces', () => {
  it('dir-only --json: old hazard / new safe from check lock and from the probes, as scenarios.md says; exit 0; nothing left', async () => {
    requireSupport(gate.support)
    const mounts = hostMountCount()
    const result = runCliJson<LabReport>(['lab', '--layout', 'dir-only'])
    expect(result.status, result.stderr).toBe(0)
    const report = result.json
    expect(report.agree).toBe(true)
    expect(report.disagreements).toEqual([])
    expect(report.runs.map((run) => [run.claudeVersion, run.clients, run.expected, run.static, run.probe, run.agrees])).toEqual([
      ['2.1.131', 'old', 'hazard', 'hazard', 'hazard', true],
      ['2.1.132', 'new', 'safe', 'safe', 'safe', true],
    ])
    const probes = Object.fromEntries(report.probes.pairs[0]!.probes.map((cell) => [cell.probe, cell.observed]))
    expect(probes).toMatchObject({'mkdir-sibling': 'private', 'mkdir-in-dir': 'shared', 'marker-dir': 'shared', 'marker-parent': 'private'})
    expect(report.probes.pairs[0]!.probes.every((cell) => cell.agrees === true)).toBe(true)
    expect(report.participants.map((p) => [p.name, p.configDir])).toEqual([['agents', '/home/agent/.claude'], ['edge', '/home/agent/.claude']])
    // no stderr chatter under --json
    expect(result.stderr).not.toMatch(/lab: /)
    expect(existsSync(report.labDir)).toBe(false)
    expect(await snapshot([report.labDir])).toEqual(CLEAN(mounts))
  })

  it('human: both verdicts side by side and the agreement line; progress milestones on stderr', () => {
    requireSupport(gate.support)
    const result = runCli(['lab', '--layout', 'symlink', '--claude-version', '2.1.120'])
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/2\.1\.120 \(old\)\s*│ ✓ safe\s*│ ✓ safe\s*│ ✓ safe\s*│ ✓/)
    expect(result.stdout).toMatch(/D = \/home\/agent\/\.claude → \/data\/claude/)
    expect(result.stdout).toMatch(/prediction, probes and scenarios\.md agree/)
    expect(result.stderr).toMatch(/^lab: built symlink in \/tmp\/disinto-lab-\w+ /m)
    expect(result.stderr).toMatch(/^lab: tearing down /m)
  })

  // Interrupted at three points: while capturing (right after the build), while probing, and while holding.
  const interruptions = [
    {signal: 'SIGINT', at: /^lab: built /m, phase: 'capture'},
    {signal: 'SIGINT', at: /^lab: probing/m, phase: 'probes'},
    {signal: 'SIGTERM', at: /^lab: holding /m, phase: 'hold'},
  ] as const
  for (const {signal, at, phase} of interruptions) {
    it(`${signal} during the ${phase}: the process dies of it and leaves no mount, process or lab dir`, async () => {
      requireSupport(gate.support)
      const mounts = hostMountCount()
      const child = spawn(process.execPath, [BIN, 'lab', '--layout', 'dir-only', '--hold', '30'], {cwd: ROOT, env: {PATH: process.env.PATH, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (code, sig) => resolve({code, signal: sig})))
      try {
        expect(await waitUntil(() => at.test(stderr) || child.exitCode !== null, 30_000), stderr).toBe(true)
        const dir = /^lab: built \S+ in (\/tmp\/disinto-lab-\w+) /m.exec(stderr)?.[1]
        expect(dir, stderr).toBeDefined()
        expect(child.exitCode, stderr).toBeNull()
        child.kill(signal)
        const end = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))])
        expect(end, stderr).not.toBe('timeout')
        // it dies of the signal (re-raised after cleanup), never exit 0
        expect(end === 'timeout' ? undefined : (end.signal ?? end.code), stderr).toBe(signal)
        expect(await waitUntil(async () => (await snapshot([dir!])).labProcesses === 0, 5000)).toBe(true)
        expect(await snapshot([dir!])).toEqual(CLEAN(mounts))
        expect(existsSync(dir!)).toBe(false)
        // mid-run: interrupted before the verdicts when aimed at the capture or the probes
        if (phase !== 'hold') expect(stderr).not.toMatch(/^lab: holding/m)
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
    })
  }
})
