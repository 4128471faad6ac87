import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import type {CaptureBundle} from '../../src/domain/capture.js'
import {DOCTOR_CHECKS} from '../../src/doctor/registry.js'
import {hostClaudeCheck} from '../../src/doctor/wider-checks.js'
import type {DoctorFacts} from '../../src/gather/doctor-facts.js'
import {MARKER_REFRESH_LOCK} from '../../src/domain/protocols.js'
import {runDoctor} from '../../src/pipeline/doctor.js'
import {runCli, runCliJson} from '../helpers/run-cli.js'
import {schemaErrors} from '../helpers/schema.js'

// doctor in a temp "host": a HOME with a login, a fake old claude on PATH (its bundle carries
// the sibling-lock marker only), and the incident compose project in the current directory.
const root = mkdtempSync(join(tmpdir(), 'disinto-doctor-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))
const home = join(root, 'home')
mkdirSync(join(home, '.claude'), {recursive: true})
writeFileSync(join(home, '.claude/.credentials.json'), '{"claudeAiOauth":{"refreshToken":"sk-ant-ort01-FAKE"}}')
const bin = join(root, 'bin')
mkdirSync(bin)
writeFileSync(join(bin, 'claude'), `#!/bin/sh\n# ${MARKER_REFRESH_LOCK}\necho "2.1.120 (Claude Code)"\n`)
chmodSync(join(bin, 'claude'), 0o755)
const project = join(root, 'project')
mkdirSync(project)
writeFileSync(join(project, 'compose.yaml'), [
  'services:',
  '  agents:',
  '    image: disinto/agents',
  '    x-disinto-auth: {version: "2.1.120"}',
  '    environment: {HOME: /home/agent}',
  '    volumes:',
  '      - ${HOME}/.claude:/home/agent/.claude',
  '  edge:',
  '    image: disinto/edge',
  '    x-disinto-auth: {version: "2.1.120"}',
  '    environment: {HOME: /home/agent}',
  '    volumes:',
  '      - ${HOME}/.claude:/home/agent/.claude',
  '',
].join('\n'))
const env = {HOME: home, PATH: `${bin}:${process.env.PATH}`}

describe('doctor', () => {
  it('one line per check, the compose hazard with its fix, exit 1', () => {
    const result = runCli(['doctor'], {cwd: project, env})
    expect(result.status).toBe(1)
    expect(result.stdout).toMatch(/✓ self-config-dir .*writable, auth oauth/)
    expect(result.stdout).toMatch(/! self-claude .*2\.1\.120: sibling lock/)
    expect(result.stdout).toMatch(/✗ compose .*hazard/)
    expect(result.stdout).toMatch(/fix +.*2\.1\.132/)
    expect(result.stdout).toMatch(/✗ hazard .*failed/)
  })

  it('--json: the envelope validates, every check has a status', () => {
    const result = runCliJson<{verdict: string; checks: {id: string; status: string}[]}>(['doctor'], {cwd: project, env})
    expect(schemaErrors('doctor.schema.json', result.json), JSON.stringify(result.json.checks)).toEqual([])
    expect(result.json.checks.map((c) => c.id)).toEqual(DOCTOR_CHECKS.map((c) => c.id))
    expect(result.json.checks.find((c) => c.id === 'participants')?.status).toBe('skip')
  })

  it('runs a subset by id; an unknown id is a usage error', () => {
    const subset = runCliJson<{checks: {id: string}[]}>(['doctor', 'self-claude', 'compose'], {cwd: project, env})
    expect(subset.json.checks.map((c) => c.id)).toEqual(['self-claude', 'compose'])
    const bad = runCli(['doctor', 'nope'], {cwd: project, env})
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/no check "nope"/)
  })

  it('--list-checks and --format markdown', () => {
    expect(runCli(['doctor', '--list-checks']).stdout.split('\n')[0]).toMatch(/^self-config-dir +config dir/)
    const md = runCli(['doctor', '--format', 'markdown'], {cwd: project, env}).stdout
    expect(md).toMatch(/^## disinto-auth doctor/)
    expect(md).toMatch(/\| `compose` \| fail \|/)
  })

  it('a check that throws becomes an error result pointing at the bug tracker; the others still run', async () => {
    const boom = {id: 'boom', title: 'boom', run: async () => { throw new Error('kaput') }}
    const fine = {id: 'fine', title: 'fine', run: async () => ({id: 'fine', title: 'fine', status: 'pass' as const, summary: 'ok', findings: [], details: []})}
    const report = await runDoctor([boom, fine], {facts: {} as DoctorFacts, participantCount: 0, cwd: '/', env: {}})
    expect(report.checks.map((c) => c.status)).toEqual(['error', 'pass'])
    expect(report.checks[0]?.details[0]).toMatch(/bug .*issues/)
    expect(report.verdict).toBe('cannot-tell')
  })

  it("on the host: an old host claude beside services that mount its D is a hazard", async () => {
    const bundle: CaptureBundle = {schema: 'disinto-auth/capture@1', name: 'self', mountinfo: '1 0 8:1 / / rw - ext4 /dev/sda1 rw\n', env: {HOME: home}, auth: 'oauth', configDir: join(home, '.claude'), configDirRealpath: join(home, '.claude'), configDirWritable: true, claude: {path: join(bin, 'claude'), version: '2.1.120', protocol: 'sibling'}}
    const facts: DoctorFacts = {self: async () => bundle, inContainer: async () => false, participants: async () => [], composeFiles: async () => [join(project, 'compose.yaml')]}
    const result = await hostClaudeCheck(facts, project, {HOME: home})
    expect(result.status).toBe('fail')
    expect(result.summary).toMatch(/shares its login with agents, edge/)
    expect(result.findings.map((f) => f.rule)).toContain('sibling-lock-private')
  })
})
