import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ProbeCheckReport} from '../../src/domain/probe-check-report.js'
import {createLab, layoutByName, type Lab} from '../../src/lab/index.js'
import {runCli, runCliJson} from '../helpers/run-cli.js'
import {schemaErrors} from '../helpers/schema.js'
import {kernelGate, requireSupport} from '../lab/helpers.js'
import {probeLeftovers} from '../probes/helpers.js'
import {type EngineMap, useFakeEngines} from '../transports/fake-engines.js'

// check probe end to end (bin/run.js) against lab layouts built as real mount namespaces,
// reached through the fake docker/kubectl on PATH (exec mapped onto nsenter).
const gate = await kernelGate()

type Report = ProbeCheckReport & {schemaVersion: number}

/** Lab participants as docker containers `lab-<name>` and kubectl pods `lab/<name>/claude`, with their HOME. */
function engineMap(lab: Lab): EngineMap {
  const map: EngineMap = {}
  for (const p of lab.participants) {
    const entry = {pid: p.pid, env: {HOME: p.env.HOME, ...(p.env.CLAUDE_CONFIG_DIR ? {CLAUDE_CONFIG_DIR: p.env.CLAUDE_CONFIG_DIR} : {})}}
    map[`lab-${p.name}`] = entry
    map[`lab/${p.name}/claude`] = entry
  }
  return map
}

const cells = (report: Report) => Object.fromEntries(report.pairs[0]!.probes.map((cell) => [cell.probe, cell]))
const rules = (report: Report) => report.findings.map((f) => f.rule)

describe.skipIf(gate.skip)('check probe against lab namespaces', () => {
  beforeAll(() => requireSupport(gate.support))

  describe('dir-only (the incident)', () => {
    let lab: Lab
    let engines: ReturnType<typeof useFakeEngines>
    let env: NodeJS.ProcessEnv
    const both = ['--container', 'lab-agents', '--container', 'lab-edge']
    beforeAll(async () => {
      lab = await createLab(layoutByName('dir-only'))
      engines = useFakeEngines(engineMap(lab))
      env = {DISINTO_FAKE_ENGINE_MAP: engines.file}
    })
    afterAll(async () => {
      engines?.restore()
      await lab?.teardown()
    })

    it('new clients: sibling private, in-dir shared, markers as predicted, nothing refuted; safe, exit 0; valid JSON', () => {
      const result = runCliJson<Report>(['check', 'probe', ...both, '--claude-version', '2.1.140'], {env})
      expect(result.status, result.stderr).toBe(0)
      const got = cells(result.json)
      expect(Object.fromEntries(Object.entries(got).map(([k, c]) => [k, [c.observed, c.predicted, c.agrees]]))).toEqual({
        'marker-dir': ['shared', 'shared', true],
        'marker-parent': ['private', 'private', true],
        'mkdir-sibling': ['private', 'private', true],
        'mkdir-in-dir': ['shared', 'shared', true],
        'flock-in-dir': ['shared', 'shared', true],
      })
      expect(rules(result.json)).not.toContain('prediction-refuted')
      expect(result.json).toMatchObject({verdict: 'safe', staticVerdict: 'safe', unreachable: [], leftovers: []})
      expect(result.json.commands.some((c) => c.startsWith('docker exec -i lab-agents sh -c '))).toBe(true)
      expect(schemaErrors('check-probe.schema.json', result.json)).toEqual([])
      expect(probeLeftovers(lab.hostPath('host'))).toEqual([])
      expect(probeLeftovers(lab.hostPath('p'))).toEqual([])
    })

    it('old clients through kubectl: the probes confirm the hazard (exit 1, sibling-lock-private)', () => {
      const result = runCliJson<Report>(['check', 'probe', '--container', 'lab/agents/claude', '--container', 'lab/edge/claude', '--via', 'kubectl', '--claude-version', '2.1.120'], {env})
      expect(result.status, result.stderr).toBe(1)
      expect(result.json.participants.map((p) => [p.name, p.origin])).toEqual([['agents', 'kubectl:lab/agents/claude'], ['edge', 'kubectl:lab/edge/claude']])
      expect(rules(result.json)).toEqual(['sibling-lock-private'])
      expect(result.json.pairs[0]!.probes.every((c) => c.agrees === true)).toBe(true)
      expect(schemaErrors('check-probe.schema.json', result.json)).toEqual([])
    })

    it('a lying --realpath: prediction-refuted for the probes in D, naming both values; the verdict is never safe (exit 3)', () => {
      // realpath(D) = /home/agent puts D, in the model, on each container's own overlay
      const result = runCliJson<Report>(['check', 'probe', ...both, '--claude-version', '2.1.140', '--realpath', '/home/agent'], {env})
      const refuted = result.json.findings.filter((f) => f.rule === 'prediction-refuted')
      expect(refuted.map((f) => f.message.split(' ')[1])).toEqual(expect.arrayContaining(['marker-dir', 'mkdir-in-dir', 'flock-in-dir']))
      const inDir = refuted.find((f) => f.message.includes('mkdir-in-dir'))!
      expect(inDir.evidence.expected).toMatch(/^private \(predicted: overlay/)
      expect(inDir.evidence.actual).toMatch(/^shared \(observed: .*File exists/)
      expect(inDir.fix).toMatch(/--realpath/)
      expect(result.json.staticVerdict).toBe('safe')
      expect(result.json.verdict).toBe('cannot-tell')
      expect(result.status).toBe(3)
      expect(schemaErrors('check-probe.schema.json', result.json)).toEqual([])
    })

    it('--flock: the wrapper probe follows the wrapper files (shared in D, private in each home), as predicted', () => {
      const shared = runCliJson<Report>(['check', 'probe', ...both, '--claude-version', '2.1.120', '--flock', '/home/agent/.claude/session.lock'], {env})
      expect(cells(shared.json)['flock-wrapper']).toMatchObject({observed: 'shared', predicted: 'shared', agrees: true})
      expect(rules(shared.json)).toEqual(['flock-only-protection'])
      expect(shared.status).toBe(0)
      const apart = runCliJson<Report>(['check', 'probe', ...both, '--claude-version', '2.1.120', '--flock', '/home/agent/session.lock'], {env})
      expect(cells(apart.json)['flock-wrapper']).toMatchObject({observed: 'private', predicted: 'private', agrees: true})
      expect(rules(apart.json)).toContain('flock-wrapper-private')
      expect(apart.status).toBe(1)
    })

    it('human: the matrix with observed, predicted and ✓, both verdicts; no progress on a non-TTY stderr', () => {
      const result = runCli(['check', 'probe', '--participant', 'agents=docker:lab-agents', '--participant', 'edge=docker:lab-edge', '--claude-version', '2.1.140'], {env})
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toMatch(/agents ↔ edge\s*│ marker-dir\s*│ shared\s*│ shared\s*│ ✓/)
      expect(result.stdout).toMatch(/mkdir-sibling\s*│ private\s*│ private\s*│ ✓/)
      expect(result.stdout).toMatch(/5\/5 compared probes agree with the prediction/)
      expect(result.stdout).toMatch(/static \(check lock\): ✓ safe\s+with probes: ✓ safe/)
      expect(result.stdout).not.toMatch(/commands run/)
      expect(result.stderr).not.toMatch(/probes:/)
    })

    it('--verbose prints the exact commands', () => {
      const result = runCli(['check', 'probe', ...both, '--claude-version', '2.1.140', '--verbose'], {env})
      expect(result.stdout).toMatch(/commands run/)
      expect(result.stdout).toMatch(/\$ docker exec -i lab-edge sh -c /)
    })

    it('markdown: verdicts, the probe table with ✓ and the commands folded away', () => {
      const result = runCli(['check', 'probe', ...both, '--claude-version', '2.1.140', '--format', 'markdown'], {env})
      expect(result.status, result.stderr).toBe(0)
      const md = result.stdout
      expect(md).toMatch(/^## disinto-auth check probe\n/)
      expect(md).toMatch(/\*\*Verdict with probes:\*\* ✅ \*\*safe\*\* · \*\*static \(check lock\):\*\* ✅ \*\*safe\*\*/)
      expect(md).toMatch(/\| pair \| probe \| observed \| predicted \|/)
      expect(md).toMatch(/\| `lab-agents` ↔ `lab-edge` \| `mkdir-in-dir` \| shared \| shared \| ✓ \|/)
      expect(md).toMatch(/_No findings\._/)
      expect(md).toMatch(/<details><summary>Commands run \(\d+, run id `[0-9a-f]{12}`\)<\/summary>/)
      // every table row has as many cells as its header
      const tableRows = md.split('\n').filter((line) => line.startsWith('| `lab-agents` ↔'))
      expect(tableRows.length).toBe(5)
      for (const row of tableRows) expect(row.replace(/\\\|/g, '').split('|').length).toBe(9)
    })

    it('markdown snapshot (run id, device numbers and the folded commands normalised)', () => {
      const result = runCli(['check', 'probe', ...both, '--claude-version', '2.1.120', '--format', 'markdown'], {env})
      const md = result.stdout
        .replace(/<details>[\s\S]*<\/details>/, '<details>…</details>')
        .replace(/disinto-probe-[0-9a-f]{12}/g, 'disinto-probe-RUNID')
        .replace(/\b\d+:\d+\b/g, 'MAJ:MIN')
      expect(md).toMatchSnapshot()
    })

    it('an unknown container: exit 3, a cannot-tell finding naming it, the others still gathered', () => {
      const result = runCliJson<Report>(['check', 'probe', '--container', 'lab-agents', '--container', 'no-such-box'], {env})
      expect(result.status).toBe(3)
      const finding = result.json.findings.find((f) => f.rule === 'participant-unreachable')!
      expect(finding.participants).toEqual(['no-such-box'])
      expect(finding.evidence.actual).toMatch(/no-such-box.*No such container/)
      expect(result.json.verdict).toBe('cannot-tell')
      expect(schemaErrors('check-probe.schema.json', result.json)).toEqual([])
      const human = runCli(['check', 'probe', '--container', 'lab-agents', '--container', 'no-such-box'], {env})
      expect(human.status).toBe(3)
      expect(human.stdout).toMatch(/no-such-box could not be reached/)
    })

    it('usage: one participant, or a file, is exit 2 with one line', () => {
      const one = runCli(['check', 'probe', '--container', 'lab-agents'], {env})
      expect(one.status).toBe(2)
      expect(one.stderr.trim().split('\n')).toHaveLength(1)
      const file = runCli(['check', 'probe', '--participant', 'a=fixtures/captured/dir-only/agents/mountinfo', '--container', 'lab-edge'], {env})
      expect(file.status).toBe(2)
      expect(file.stderr).toMatch(/is read, not run/)
    })
  })

  describe('readonly', () => {
    let lab: Lab
    let engines: ReturnType<typeof useFakeEngines>
    beforeAll(async () => {
      lab = await createLab(layoutByName('readonly'))
      engines = useFakeEngines(engineMap(lab))
    })
    afterAll(async () => {
      engines?.restore()
      await lab?.teardown()
    })

    it('EROFS in D becomes probe-error and readonly-config-dir findings, not a crash; nothing refuted', () => {
      const result = runCliJson<Report>(['check', 'probe', '--container', 'lab-agents', '--container', 'lab-edge', '--claude-version', '2.1.140'], {env: {DISINTO_FAKE_ENGINE_MAP: engines.file}})
      expect(result.status, result.stderr).toBe(1)
      const error = result.json.findings.find((f) => f.rule === 'probe-error')!
      expect(error.message).toMatch(/Read-only file system/)
      expect(error.fix).toMatch(/read-write/)
      expect(rules(result.json).filter((r) => r === 'readonly-config-dir')).toHaveLength(2)
      expect(rules(result.json)).not.toContain('prediction-refuted')
      const got = cells(result.json)
      expect(got['mkdir-in-dir']!.observed).toBe('error')
      expect(got['mkdir-sibling']).toMatchObject({observed: 'private', predicted: 'private', agrees: true})
      expect(result.json.verdict).toBe('hazard')
      expect(result.json.leftovers).toEqual([])
      expect(schemaErrors('check-probe.schema.json', result.json)).toEqual([])
    })
  })
})
