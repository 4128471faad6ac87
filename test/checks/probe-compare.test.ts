import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {parseCaptureBundle} from '../../src/capture/parse.js'
import {predictProbe} from '../../src/checks/probe/predict.js'
import type {Participant} from '../../src/domain/participant.js'
import {applyOverrides} from '../../src/participants/overrides.js'
import {participantFromBundle} from '../../src/participants/from-evidence.js'
import {buildProbeCheckReport} from '../../src/pipeline/probe.js'
import type {ProbeKind, ProbeOutcome, ProbeReport} from '../../src/probes/types.js'
import {ROOT} from '../helpers/run-cli.js'

// Pure: captured lab bundles (fixtures/captured) as the model, hand-written probe reports as the
// kernel's answer. What the probes must show is the layout's own lock table.

function captured(layout: string, name: string): Participant {
  const file = join(ROOT, 'fixtures/captured', layout, name, 'capture.json')
  return participantFromBundle(name, parseCaptureBundle(readFileSync(file, 'utf8'), file), `pid:${name}`)
}

function pair(layout: string, version: string): Participant[] {
  const names = (JSON.parse(readFileSync(join(ROOT, 'fixtures/captured', layout, 'layout.json'), 'utf8')) as {participants: {name: string}[]}).participants.map((p) => p.name)
  return applyOverrides(names.slice(0, 2).map((name) => captured(layout, name)), {claudeVersion: [version]})
}

function probes(a: string, b: string, results: Partial<Record<ProbeKind, ProbeOutcome | [ProbeOutcome, string]>>): ProbeReport {
  return {
    runId: 'abc123',
    pairs: [{a, b, probes: Object.entries(results).map(([probe, value]) => {
      const [result, detail] = Array.isArray(value) ? value : [value, `${probe} ${value}`]
      return {probe: probe as ProbeKind, result, detail}
    })}],
    commands: ['docker exec -i agents sh -c …'],
    unreachable: [],
    leftovers: [],
  }
}

const INCIDENT = {'marker-dir': 'shared', 'marker-parent': 'private', 'mkdir-sibling': 'private', 'mkdir-in-dir': 'shared', 'flock-in-dir': 'shared'} as const

describe('probes against the prediction', () => {
  it('dir-only: the model predicts exactly what the kernel shows (sibling private, in-dir shared)', () => {
    const [a, b] = pair('dir-only', '2.1.140')
    const predicted = Object.fromEntries((Object.keys(INCIDENT) as ProbeKind[]).map((kind) => [kind, predictProbe(a!, b!, kind).predicted]))
    expect(predicted).toEqual(INCIDENT)
    const report = buildProbeCheckReport([a!, b!], probes('agents', 'edge', INCIDENT))
    expect(report.pairs[0]!.probes.every((cell) => cell.agrees === true)).toBe(true)
    expect(report.findings).toEqual([])
    expect(report).toMatchObject({verdict: 'safe', staticVerdict: 'safe', runId: 'abc123'})
    expect(report.pairs[0]!.storeShared).toBe(true)
  })

  it('the engine verdict stands when the probes agree (old clients: hazard)', () => {
    const report = buildProbeCheckReport(pair('dir-only', '2.1.120'), probes('agents', 'edge', INCIDENT))
    expect(report.verdict).toBe('hazard')
    expect(report.findings.map((f) => f.rule)).toEqual(['sibling-lock-private'])
  })

  it('a disagreement is prediction-refuted, naming the probe, both values and what to check; safe becomes cannot-tell', () => {
    const report = buildProbeCheckReport(pair('dir-only', '2.1.140'), probes('agents', 'edge', {...INCIDENT, 'mkdir-in-dir': ['private', 'mkdir … succeeded (each has its own)']}))
    const refuted = report.findings.filter((f) => f.rule === 'prediction-refuted')
    expect(refuted).toHaveLength(1)
    expect(refuted[0]).toMatchObject({severity: 'cannot-tell', participants: ['agents', 'edge']})
    expect(refuted[0]!.message).toMatch(/mkdir-in-dir .*private in fact.*predict shared/)
    expect(refuted[0]!.evidence.expected).toMatch(/^shared \(predicted: /)
    expect(refuted[0]!.evidence.actual).toMatch(/^private \(observed: mkdir … succeeded/)
    expect(refuted[0]!.fix).toMatch(/realpath\(D\)/)
    expect(report.staticVerdict).toBe('safe')
    expect(report.verdict).toBe('cannot-tell')
  })

  it('a hazard stays a hazard when refuted too (never safer than the engine)', () => {
    const report = buildProbeCheckReport(pair('dir-only', '2.1.120'), probes('agents', 'edge', {...INCIDENT, 'mkdir-sibling': 'shared'}))
    expect(report.verdict).toBe('hazard')
    expect(report.findings.map((f) => f.rule)).toContain('prediction-refuted')
  })

  it('EROFS: one probe-error per pair and reason, and readonly-config-dir once per participant', () => {
    const rofs = (x: string) => `cannot make a marker directory in ${x} (/home/agent/.claude): Read-only file system`
    const report = buildProbeCheckReport(pair('readonly', '2.1.140'), probes('agents', 'edge', {
      'marker-dir': ['error', `${rofs('agents')}; ${rofs('edge')}`],
      'marker-parent': 'private',
      'mkdir-sibling': 'private',
      'mkdir-in-dir': ['error', 'mkdir /home/agent/.claude/.disinto-probe-abc123-d0-1.lock in agents: Read-only file system'],
      'flock-in-dir': ['error', `${rofs('agents')}; ${rofs('edge')}`],
    }))
    const rules = report.findings.map((f) => f.rule)
    expect(rules.filter((r) => r === 'probe-error')).toHaveLength(1)
    expect(rules.filter((r) => r === 'readonly-config-dir')).toHaveLength(2)
    const error = report.findings.find((f) => f.rule === 'probe-error')!
    expect(error.message).toMatch(/marker-dir, mkdir-in-dir, flock-in-dir .*Read-only file system/)
    expect(error.fix).toMatch(/agents and edge have a read-only D/)
    expect(report.pairs[0]!.probes.filter((c) => c.agrees === null).map((c) => c.probe)).toEqual(['marker-dir', 'mkdir-in-dir', 'flock-in-dir'])
    expect(report.verdict).toBe('hazard')
  })

  it('EACCES is a probe-error with a permission fix, not a crash', () => {
    const report = buildProbeCheckReport(pair('dir-only', '2.1.140'), probes('agents', 'edge', {...INCIDENT, 'marker-parent': ['error', 'cannot make a marker directory in edge (/home/agent): Permission denied']}))
    const error = report.findings.find((f) => f.rule === 'probe-error')!
    expect(error.fix).toMatch(/writable for the user claude runs as/)
    expect(report.findings.map((f) => f.rule)).not.toContain('readonly-config-dir')
  })

  it('an unreachable participant is cannot-tell naming it; a leftover is a warning with the removal command', () => {
    const report = buildProbeCheckReport(pair('dir-only', '2.1.140'), {
      ...probes('agents', 'edge', INCIDENT),
      unreachable: [{name: 'chat', reason: 'participant "chat" (docker:chat) is unreachable: No such container: chat'}],
      leftovers: [{participant: 'edge', path: '/home/agent/.claude/.disinto-probe-abc123-m1', reason: 'Device or resource busy'}],
    })
    const unreachable = report.findings.find((f) => f.rule === 'participant-unreachable')!
    expect(unreachable).toMatchObject({severity: 'cannot-tell', participants: ['chat']})
    expect(unreachable.message).toMatch(/^chat could not be reached/)
    expect(report.findings.find((f) => f.rule === 'probe-leftover')!.fix).toMatch(/rm -rf -- '\/home\/agent\/\.claude\/\.disinto-probe-abc123-m1'/)
    expect(report.verdict).toBe('cannot-tell')
  })

  it('symlink: predictions follow realpath(D) (sibling shared on the volume), a single-file bind keeps D private', () => {
    const [a, b] = pair('symlink', '2.1.120')
    expect(predictProbe(a!, b!, 'mkdir-sibling').predicted).toBe('shared')
    expect(predictProbe(a!, b!, 'marker-parent').predicted).toBe('shared')
    const [c, d] = pair('single-file', '2.1.140')
    expect(predictProbe(c!, d!, 'marker-dir').predicted).toBe('private')
    expect(predictProbe(c!, d!, 'mkdir-in-dir').predicted).toBe('private')
  })

  it('flock-wrapper: predicted from the --flock files; unknown without one', () => {
    const [a, b] = applyOverrides(pair('dir-only', '2.1.120'), {flock: ['/home/agent/.claude/session.lock']})
    expect(predictProbe(a!, b!, 'flock-wrapper').predicted).toBe('shared')
    const [c, d] = applyOverrides(pair('dir-only', '2.1.120'), {flock: ['/home/agent/session.lock']})
    expect(predictProbe(c!, d!, 'flock-wrapper').predicted).toBe('private')
    const [e, f] = pair('dir-only', '2.1.120')
    expect(predictProbe(e!, f!, 'flock-wrapper')).toMatchObject({predicted: 'unknown', basis: 'agents: no flock wrapper file'})
  })
})
