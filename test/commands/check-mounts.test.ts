import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {ROOT, runCli, runCliJson} from '../helpers/run-cli.js'
import {schemaErrors} from '../helpers/schema.js'

// check mounts end to end on the incident layout captured from real mount namespaces
// (fixtures/captured/dir-only: host .claude bound at /home/agent/.claude, /home/agent private).
const AGENTS = join(ROOT, 'fixtures/captured/dir-only/agents')
const PARENT = join(ROOT, 'fixtures/captured/parent/agents')

interface MountsJson {
  verdict: string
  source: string
  format: string
  paths: {path: string; role: string; mount: {target: string; bind: boolean; fsRoot: string} | null; relative: string; backing: string}[]
  findings: {rule: string; message: string}[]
}

describe('check mounts', () => {
  it('the incident layout: D is a bind, its parent is the container image → sibling-lock-private, in plain words', () => {
    const result = runCliJson<MountsJson>(['check', 'mounts', '--mountinfo', join(AGENTS, 'mountinfo'), '--home', '/home/agent'])
    expect(result.status).toBe(0)
    expect(schemaErrors('check-mounts.schema.json', result.json)).toEqual([])
    const byRole = Object.fromEntries(result.json.paths.map((p) => [p.role, p]))
    expect(byRole['config-dir']).toMatchObject({path: '/home/agent/.claude', relative: '', mount: {target: '/home/agent/.claude', bind: true, fsRoot: '/host/home/johba/.claude'}})
    expect(byRole['parent']?.mount?.target).toBe('/')
    expect(byRole['sibling-lock']?.mount?.target).toBe('/')
    expect(byRole['in-dir-lock']).toMatchObject({relative: '.oauth_refresh.lock', mount: {target: '/home/agent/.claude'}})
    expect(result.json.findings.map((f) => f.rule)).toEqual(['sibling-lock-private'])
    expect(result.json.findings[0]?.message).toMatch(/D is a bind mount .*its parent \/home\/agent is .*the sibling lock \/home\/agent\/\.claude\.lock stays inside/)
  })

  it('the whole home bound: no sibling-lock finding, the parent is reported as a mounted home', () => {
    const result = runCliJson<MountsJson>(['check', 'mounts', '--mountinfo', join(PARENT, 'mountinfo'), '--home', '/home/agent'])
    expect(result.json.findings.map((f) => f.rule)).toEqual(['parent-home-mounted'])
  })

  it('reads stdin with -, explicit paths, and names the findmnt form it detected', () => {
    const text = readFileSync(join(AGENTS, 'findmnt-P.txt'), 'utf8')
    const result = runCliJson<MountsJson>(['check', 'mounts', '--findmnt', '-', '/home/agent/.claude/x', '/home/agent/.claude.lock'], {input: text})
    expect(result.json.format).toBe('findmnt-pairs')
    expect(result.json.paths.map((p) => [p.role, p.mount?.target])).toEqual([
      ['given', '/home/agent/.claude'],
      ['given', '/'],
    ])
  })

  it('--tree draws the mount tree with the paths marked, in findmnt glyphs', () => {
    const result = runCli(['check', 'mounts', '--mountinfo', join(AGENTS, 'mountinfo'), '--home', '/home/agent', '--tree'])
    expect(result.stdout).toMatch(/└─\/home\/agent\/\.claude disinto-lab\[\/host\/home\/johba\/\.claude\] tmpfs .*→ config-dir \/home\/agent\/\.claude, in-dir-lock/)
  })

  it('malformed corpus samples: exit 2, one line naming file and line, no stack', () => {
    for (const name of ['moby-extra-no-separator-1', 'k8s-bad-alphabet-in-major-field', 'prom-case-not-enough-information']) {
      const file = join(ROOT, 'fixtures/mountinfo/corpus', `${name}.txt`)
      const result = runCli(['check', 'mounts', '--mountinfo', file, '--home', '/h'])
      expect(result.status).toBe(2)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
      expect(result.stderr).toContain(`${file}:1: `)
      const json = runCliJson<{error: {exit: number; message: string}}>(['check', 'mounts', '--mountinfo', file, '--home', '/h'])
      expect(json.status).toBe(2)
      expect(json.json.error.exit).toBe(2)
    }
  })

  it('--lenient skips a bad line with one warning, as findmnt does', () => {
    const good = readFileSync(join(AGENTS, 'mountinfo'), 'utf8')
    const result = runCliJson<MountsJson & {warnings: string[]}>(['check', 'mounts', '--mountinfo', '-', '--lenient', '--home', '/home/agent'], {input: `${good}garbage line\n`})
    expect(result.status).toBe(0)
    expect(result.json.warnings).toEqual([expect.stringMatching(/^-:\d+: .* -- ignored$/)])
  })

  it('relative paths and .. are refused (exit 2)', () => {
    expect(runCli(['check', 'mounts', 'relative/x']).status).toBe(2)
    expect(runCli(['check', 'mounts', '/a/../b']).status).toBe(2)
  })

  it('no HOME and no CLAUDE_CONFIG_DIR: cannot tell (exit 3), naming the missing input', () => {
    const result = runCliJson<MountsJson>(['check', 'mounts', '--mountinfo', join(AGENTS, 'mountinfo')], {env: {HOME: ''}})
    expect(result.status).toBe(3)
    expect(result.json.findings[0]).toMatchObject({rule: 'config-dir-unknown'})
  })

  it('colour: NO_COLOR and --no-color turn it off, FORCE_COLOR turns it on', () => {
    const args = ['check', 'mounts', '--mountinfo', join(AGENTS, 'mountinfo'), '--home', '/home/agent']
    const ansi = /\u001B\[/
    expect(runCli(args, {env: {FORCE_COLOR: '1', NO_COLOR: ''}}).stdout).toMatch(ansi)
    expect(runCli([...args, '--no-color'], {env: {FORCE_COLOR: '', NO_COLOR: ''}}).stdout).not.toMatch(ansi)
    expect(runCli(args, {env: {NO_COLOR: '1'}}).stdout).not.toMatch(ansi)
  })

  it('this machine (live /proc/self/mountinfo) validates against the schema', () => {
    const result = runCliJson<MountsJson>(['check', 'mounts', '--home', '/nonexistent-home'])
    expect([0, 3]).toContain(result.status)
    expect(result.json.source).toBe('/proc/self/mountinfo')
    expect(schemaErrors('check-mounts.schema.json', result.json)).toEqual([])
  })
})
