import {describe, expect, it} from 'vitest'

import {memoryComposeIo} from '../../src/compose/gather.js'
import {loadComposeProject} from '../../src/compose/load.js'
import {composeParticipant} from '../../src/compose/participants.js'
import {checkCompose} from '../../src/pipeline/compose.js'
import {fixture, runCompose} from './helpers.js'

const ENV = {HOME: '/home/johba'}

describe('findings sit on the compose entry to change, and say where it came from', () => {
  it('a volume from an anchor: the anchor\'s line, via the alias; from extends in another file: that file, via extends', async () => {
    const report = await checkCompose({cwd: fixture('check/located'), env: ENV, claudeVersion: ['2.1.120']})
    const sibling = report.findings.filter((f) => f.rule === 'sibling-lock-private')
    expect(sibling.map((f) => [f.participants.join('+'), f.location])).toEqual([
      ['agents+edge', {file: 'compose.yaml', line: 3, column: 5, via: 'alias *claude-volumes at compose.yaml:9:14'}],
      ['agents+tools', {file: 'compose.yaml', line: 3, column: 5, via: 'alias *claude-volumes at compose.yaml:9:14'}],
      ['edge+tools', {file: 'common/base.yml', line: 7, column: 9, via: 'extends at compose.yaml:12:7'}],
    ])
    // the other service's entry is a related location
    expect(sibling[0]!.relatedLocations).toEqual([{file: 'common/base.yml', line: 7, column: 9, via: 'extends at compose.yaml:12:7'}])
    const readonly = report.findings.find((f) => f.rule === 'readonly-config-dir')!
    expect([readonly.participants, readonly.location]).toEqual([['tools'], {file: 'compose.yaml', line: 18, column: 9}])
  })

  it('a missing host path is stated as an assumption in the message and the evidence', async () => {
    const report = await checkCompose({cwd: fixture('check/located'), env: ENV, claudeVersion: ['2.1.120']})
    const finding = report.findings.find((f) => f.rule === 'readonly-config-dir')!
    expect(finding.message).toContain('(assumed: host path /home/johba/.claude does not exist here')
    expect(finding.evidence.actual).toContain('assumed: host path /home/johba/.claude does not exist here')
  })

  it('single-file-credentials-mount sits on the file bind; a pair finding with no mount at D on the HOME entry', async () => {
    const report = await checkCompose({cwd: fixture('scenarios/12-single-file'), env: ENV, claudeVersion: ['2.1.140']})
    expect(report.findings.map((f) => [f.rule, f.participants.join('+'), `${f.location!.line}:${f.location!.column}`])).toEqual([
      ['single-file-credentials-mount', 'agents', '6:15'],
      ['single-file-credentials-mount', 'edge', '10:15'],
      ['lock-not-shared', 'agents+edge', '5:19'],
    ])
  })

  it('version-unknown sits on the service key', async () => {
    const report = await checkCompose({cwd: fixture('scenarios/01-incident'), env: ENV})
    expect(report.findings.map((f) => [f.rule, f.location])).toEqual([['version-unknown', {file: 'compose.yaml', line: 3, column: 3}]])
  })

  it('a config dir set by CLAUDE_CONFIG_DIR with no mount at it: the finding is on that variable', async () => {
    const io = memoryComposeIo({
      '/p/compose.yaml': [
        'services:',
        '  a:',
        '    image: agent',
        '    environment: {HOME: /home/agent, CLAUDE_CONFIG_DIR: /data/claude}',
        '    volumes: ["claude:/home/agent/.claude"]',
        '    x-disinto-auth: {version: 2.1.140}',
        '  b:',
        '    image: agent',
        '    environment: {HOME: /home/agent}',
        '    volumes: ["claude:/home/agent/.claude"]',
        '    x-disinto-auth: {version: 2.1.140}',
        'volumes: {claude: {}}',
      ].join('\n'),
    })
    const report = await checkCompose({cwd: '/p', env: ENV}, io)
    const notShared = report.findings.find((f) => f.rule === 'config-dir-not-shared')!
    expect([notShared.participants[0], notShared.location]).toEqual(['a', {file: 'compose.yaml', line: 4, column: 38}])
  })
})

describe('participants from services', () => {
  it('HOME from environment, from user: root, or unknown (then the engine cannot tell, naming the service and the fix)', async () => {
    const report = await checkCompose({cwd: fixture('check/no-home'), env: ENV})
    expect(report.participants.map((p) => [p.name, p.configDir, p.configDirFrom])).toEqual([
      ['agents', null, null],
      ['rooty', '/root/.claude', '$HOME/.claude'],
    ])
    expect(report.verdict).toBe('cannot-tell')
    expect(report.exitCode).toBe(3)
    const [unknown] = report.findings
    expect(unknown).toMatchObject({rule: 'config-dir-unknown', participants: ['agents'], location: {file: 'compose.yaml', line: 2, column: 3}})
    expect(unknown!.fix).toContain('set HOME (or CLAUDE_CONFIG_DIR) under environment: of agents')
    expect(unknown!.fix).toContain('x-disinto-auth: {claude: false}')
  })

  it('D from CLAUDE_CONFIG_DIR, auth kind from the container env, version/interactive/flock from x-disinto-auth, locations filled', async () => {
    const io = memoryComposeIo({
      '/p/compose.yaml': [
        'services:',
        '  a:',
        '    image: agent',
        '    environment:',
        '      CLAUDE_CONFIG_DIR: /data/claude',
        '      CLAUDE_CODE_OAUTH_TOKEN: tok',
        '    volumes: ["/srv/claude:/data/claude"]',
        '    x-disinto-auth: {version: 2.1.150, interactive: true, flock: /data/claude/session.lock}',
      ].join('\n'),
    })
    const project = await loadComposeProject({cwd: '/p', env: ENV}, io)
    const {participant, sources} = composeParticipant(project, project.services[0]!)
    expect(participant).toMatchObject({
      name: 'a',
      auth: 'oauth-token',
      configDir: {path: '/data/claude', from: 'CLAUDE_CONFIG_DIR'},
      claude: {version: '2.1.150', protocol: 'dual', protocolFrom: 'version'},
      interactive: true,
      flock: ['/data/claude/session.lock'],
      locations: {
        service: {file: 'compose.yaml', line: 2, column: 3},
        configDir: {file: 'compose.yaml', line: 7, column: 15},
        flock: {file: 'compose.yaml', line: 8, column: 21},
        version: {file: 'compose.yaml', line: 8, column: 21},
      },
    })
    expect(sources.configDirEnv?.what).toBe('CLAUDE_CONFIG_DIR=/data/claude')
    expect(sources.authEnv?.what).toBe('CLAUDE_CODE_OAUTH_TOKEN')
    // the host HOME is never the container's
    expect(participant.env?.HOME).toBeUndefined()
  })

  it('a bad version in x-disinto-auth is bad input at its line', async () => {
    const io = memoryComposeIo({'/p/compose.yaml': 'services:\n  a:\n    environment: {HOME: /h}\n    x-disinto-auth: {claude: true, version: latest}\n'})
    await expect(checkCompose({cwd: '/p', env: ENV}, io)).rejects.toThrow('compose.yaml:4:21: Claude Code version "latest" of a is not X.Y.Z')
  })
})

describe('profile combinations', () => {
  it('by default every combination enabling a Claude service is judged; a finding lists the profile sets it holds in', async () => {
    const report = await checkCompose({cwd: fixture('check/profiles'), env: ENV})
    expect(report.combinations.map((c) => [c.profiles, c.services, c.verdict])).toEqual([
      [[], ['agents'], 'safe'],
      [['batch'], ['agents', 'batch'], 'hazard'],
      [['interactive'], ['agents', 'chat'], 'safe'],
      [['batch', 'interactive'], ['agents', 'batch', 'chat'], 'hazard'],
    ])
    expect(report.findings.map((f) => [f.rule, f.participants, f.profiles])).toEqual([
      ['mixed-versions', ['batch', 'agents'], [['batch'], ['batch', 'interactive']]],
      ['mixed-versions', ['batch', 'chat'], [['batch', 'interactive']]],
    ])
  })

  it('--profile (or COMPOSE_PROFILES) fixes the combination', async () => {
    const only = await checkCompose({cwd: fixture('check/profiles'), env: ENV, profiles: ['interactive']})
    expect([only.combinations.map((c) => c.profiles), only.verdict]).toEqual([[['interactive']], 'safe'])
    const fromEnv = await checkCompose({cwd: fixture('check/profiles'), env: {...ENV, COMPOSE_PROFILES: 'batch'}})
    expect([fromEnv.combinations.map((c) => c.services), fromEnv.verdict]).toEqual([[['agents', 'batch']], 'hazard'])
  })

  it('--all-profiles judges one combination with every profile on', async () => {
    const all = await checkCompose({cwd: fixture('check/profiles'), env: ENV, allProfiles: true})
    expect(all.combinations.map((c) => [c.profiles, c.services])).toEqual([[['*'], ['agents', 'batch', 'chat']]])
  })

  it('--service / --ignore-service narrow the participants', async () => {
    const ignored = await checkCompose({cwd: fixture('check/profiles'), env: ENV, ignoreServices: ['batch']})
    expect(ignored.verdict).toBe('safe')
    await expect(checkCompose({cwd: fixture('check/profiles'), env: ENV, services: ['nope']})).rejects.toThrow('no service "nope"')
  })
})

describe('inputs the gate cannot judge', () => {
  it('${VAR:?} unset → cannot-tell naming the variable and its location, exit 3', async () => {
    const run = await runCompose([], {cwd: fixture('check/required-var')})
    expect(run.exitCode).toBe(3)
    expect(run.stdout).toContain('compose.yaml:6:9 ? cannot-tell required-variable-unset  variable CLAUDE_STATE_ROOT is required (set it to the parent of the shared login dir) but unset')
  })

  it('the same variable set → judged normally', async () => {
    const run = await runCompose(['--claude-version', '2.1.140'], {cwd: fixture('check/required-var'), env: {CLAUDE_STATE_ROOT: '/home/johba'}})
    expect(run.exitCode).toBe(0)
  })

  it.each([
    ['bad YAML', 'bad/bad-yaml', [], /^disinto-auth: compose\.yaml:\d+:\d+: invalid YAML/],
    ['an unknown service in extends', 'bad/extends-unknown', [], /^disinto-auth: compose\.yaml:\d+:\d+: .*agnets/],
    ['an extends cycle', 'bad/extends-cycle', [], /^disinto-auth: compose\.yaml:\d+:\d+: .*cycle/],
    ['a missing file', 'check/located', ['-f', 'nope.yaml'], /^disinto-auth: nope\.yaml: compose file not found/],
  ])('%s → exit 2, one line with file:line:col', async (_name, dir, args, pattern) => {
    const run = await runCompose(args as string[], {cwd: fixture(dir as string)})
    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(pattern as RegExp)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stdout).toBe('')
  })

  it('a FILE argument and -f are the same; an unknown flag is bad usage', async () => {
    const a = await runCompose(['compose.yaml', '--claude-version', '2.1.140', '--format', 'json'], {cwd: fixture('check/profiles')})
    const b = await runCompose(['-f', 'compose.yaml', '--claude-version', '2.1.140', '--format', 'json'], {cwd: fixture('check/profiles')})
    expect(a.stdout).toBe(b.stdout)
    const bad = await runCompose(['--no-such-flag'], {cwd: fixture('check/profiles')})
    expect(bad.exitCode).toBe(2)
  })
})
