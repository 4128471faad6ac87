import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {ROOT, runCli, runCliJson} from '../helpers/run-cli.js'
import {schemaErrors} from '../helpers/schema.js'

// End to end through bin/run.js: exit codes, JSON contract and one-line errors of check lock.
const cap = (layout: string, name: string, file = 'capture.json') => `${name}=${join(ROOT, 'fixtures/captured', layout, name, file)}`
const incident = [cap('dir-only', 'agents'), cap('dir-only', 'edge')].flatMap((p) => ['--participant', p])

describe('check lock', () => {
  it('old clients on the incident layout: hazard, exit 1, sibling-lock-private with a fix', () => {
    const result = runCliJson<{verdict: string; findings: {rule: string; fix: string}[]}>(['check', 'lock', ...incident, '--claude-version', '2.1.120'])
    expect(result.status).toBe(1)
    expect(result.json.verdict).toBe('hazard')
    expect(result.json.findings[0]?.rule).toBe('sibling-lock-private')
    expect(result.json.findings[0]?.fix).toMatch(/2\.1\.132/)
    expect(schemaErrors('check-lock.schema.json', result.json)).toEqual([])
  })

  it('new clients: safe, exit 0; the matrix shows the in-dir lock shared', () => {
    const result = runCli(['check', 'lock', ...incident, '--claude-version', '2.1.140'])
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/in-dir\s+D\/\.oauth_refresh\.lock/)
    expect(result.stdout).toMatch(/✓ shared/)
    expect(result.stdout).toMatch(/✓ safe/)
  })

  it('no version: answers per protocol and exits 3', () => {
    const result = runCliJson<{verdict: string; perProtocol: unknown; findings: {rule: string; message: string}[]}>(['check', 'lock', ...incident])
    expect(result.status).toBe(3)
    expect(result.json.perProtocol).toMatchObject({old: 'hazard', new: 'safe'})
    expect(result.json.findings.map((f) => f.message).join('\n')).toMatch(/hazard for clients ≤ 2\.1\.131, safe for ≥ 2\.1\.132/)
    expect(schemaErrors('check-lock.schema.json', result.json)).toEqual([])
  })

  it('one old client among new ones: mixed-versions hazard', () => {
    const result = runCliJson<{findings: {rule: string}[]}>(['check', 'lock', ...incident, '--claude-version', 'agents=2.1.120', '--claude-version', 'edge=2.1.150'])
    expect(result.status).toBe(1)
    expect(result.json.findings.map((f) => f.rule)).toContain('mixed-versions')
  })

  it('pasted mountinfo plus --home gives the same verdict as the bundles', () => {
    const args = [cap('dir-only', 'agents', 'mountinfo'), cap('dir-only', 'edge', 'findmnt-P.txt')].flatMap((p) => ['--participant', p])
    const old = runCliJson<{verdict: string}>(['check', 'lock', ...args, '--home', '/home/agent', '--claude-version', '2.1.120'])
    expect(old.json.verdict).toBe('hazard')
  })

  it('an interactive participant wrapped in the shared flock is warned about', () => {
    const args = [...incident, '--claude-version', '2.1.120', '--flock', '/home/agent/.claude/session.lock', '--interactive', 'edge']
    const result = runCliJson<{verdict: string; findings: {rule: string}[]}>(['check', 'lock', ...args])
    expect(result.json.verdict).toBe('safe-but-warn')
    expect(result.json.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['flock-only-protection', 'interactive-joins-flock']))
  })

  it('a wrapper on a private file protects nothing: flock-wrapper-private', () => {
    const args = [...incident, '--claude-version', '2.1.120', '--flock', 'agents=/home/agent/.claude/session.lock', '--flock', 'edge=/home/agent/session.lock']
    const result = runCliJson<{verdict: string; findings: {rule: string}[]}>(['check', 'lock', ...args])
    expect(result.json.verdict).toBe('hazard')
    expect(result.json.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['flock-wrapper-private', 'sibling-lock-private']))
  })

  it('api-key participants never refresh: separate from the verdict', () => {
    const result = runCliJson<{verdict: string; findings: {rule: string}[]}>(['check', 'lock', ...incident, '--claude-version', '2.1.120', '--auth', 'edge=api-key'])
    expect(result.json.verdict).toBe('safe')
    expect(result.json.findings.map((f) => f.rule)).toEqual(['not-a-refresher'])
  })

  describe('bad input: one line, exit 2', () => {
    const cases: [string, string[], RegExp][] = [
      ['an override naming an unknown participant', [...incident, '--claude-version', 'nobody=2.1.120'], /no participant named "nobody"/],
      ['a file of no accepted form', ['--participant', `x=${join(ROOT, 'package.json')}`], /package\.json:\d+: /],
      ['a missing file', ['--participant', 'x=/nonexistent/file'], /cannot read: no such file/],
      ['conflicting flags', [...incident, '--config-dir', 'agents=/a', '--home', 'agents=/b'], /--config-dir and --home both given for agents/],
      ['the same override twice with different values', [...incident, '--claude-version', 'agents=2.1.1', '--claude-version', 'agents=2.1.2'], /given twice/],
      ['a bad version', [...incident, '--claude-version', 'latest'], /not a Claude Code version/],
      ['a duplicate participant name', ['--participant', cap('dir-only', 'agents'), '--participant', cap('dir-only', 'agents')], /used twice/],
    ]
    for (const [what, args, message] of cases) {
      it(what, () => {
        const result = runCli(['check', 'lock', ...args])
        expect(result.status).toBe(2)
        expect(result.stderr.trim().split('\n')).toHaveLength(1)
        expect(result.stderr).toMatch(message)
        expect(result.stderr).not.toMatch(/\s+at\s/)
      })
    }
  })
})
