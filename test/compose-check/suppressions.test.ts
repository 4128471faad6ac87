import {describe, expect, it} from 'vitest'

import {parseDisintoConfig} from '../../src/compose/config-file.js'
import {memoryComposeIo} from '../../src/compose/gather.js'
import {parseInlineSuppressions} from '../../src/compose/suppressions.js'
import {checkCompose} from '../../src/pipeline/compose.js'
import {loadSchemas} from '../helpers/schema.js'
import {parse as parseYaml} from 'yaml'
import {fixture, runCompose} from './helpers.js'

const ENV = {HOME: '/home/johba'}

describe('inline ignore comments', () => {
  it('parse rule lists and the reason after --', () => {
    expect(parseInlineSuppressions('c.yaml', 'a: 1 # disinto-auth ignore x-rule,y-rule -- because\n  #disinto-auth ignore z\n')).toEqual([
      {rules: ['x-rule', 'y-rule'], reason: 'because', location: {file: 'c.yaml', line: 1, column: 6}},
      {rules: ['z'], location: {file: 'c.yaml', line: 2, column: 3}},
    ])
  })

  it('with a reason they suppress (on the entry line or the service key line); without one, or with an unknown rule, they are warnings that suppress nothing', async () => {
    const report = await checkCompose({cwd: fixture('check/suppress-inline'), env: ENV, claudeVersion: ['2.1.120']})
    expect(report.suppressed.map((f) => [f.rule, f.participants.join('+'), f.suppression])).toEqual([
      ['sibling-lock-private', 'agents+edge', {kind: 'inSource', justification: 'every call runs under flock', location: {file: 'compose.yaml', line: 6, column: 39}}],
      ['sibling-lock-private', 'agents+tools', {kind: 'inSource', justification: 'every call runs under flock', location: {file: 'compose.yaml', line: 6, column: 39}}],
    ])
    expect(report.findings.map((f) => [f.rule, f.severity, f.participants.join('+'), f.location?.line])).toEqual([
      ['readonly-config-dir', 'hazard', 'edge', 11],
      ['sibling-lock-private', 'hazard', 'edge+tools', 11],
      ['suppression-without-reason', 'warning', '', 11],
      ['suppression-unknown-rule', 'warning', '', 12],
    ])
    expect(report.verdict).toBe('hazard')
  })

  it('on the service key line they cover that service\'s findings', async () => {
    // without edge (read-only: a hazard for every version) the verdict hangs on the unknown version
    const report = await checkCompose({cwd: fixture('check/suppress-inline'), env: ENV, ignoreServices: ['edge']})
    expect(report.findings.filter((f) => !f.rule.startsWith('suppression-'))).toEqual([])
    expect(report.suppressed.find((f) => f.rule === 'version-unknown')?.suppression).toEqual({
      kind: 'inSource',
      justification: 'pinned by the image tag (ops#12)',
      location: {file: 'compose.yaml', line: 2, column: 11},
    })
  })

  it('--no-inline-ignores: comments are neither honoured nor checked', async () => {
    const report = await checkCompose({cwd: fixture('check/suppress-inline'), env: ENV, claudeVersion: ['2.1.120'], inlineIgnores: false})
    expect(report.suppressed).toEqual([])
    expect(report.findings.filter((f) => f.rule.startsWith('suppression-'))).toEqual([])
    expect(report.findings.filter((f) => f.rule === 'sibling-lock-private')).toHaveLength(3)
  })
})

describe('.disinto-auth.yaml', () => {
  it('ignore entries suppress (kind external) by rule, service and file; claude-version is the default version', async () => {
    const report = await checkCompose({cwd: fixture('check/suppress-config'), env: ENV})
    expect(report.participants.map((p) => p.version)).toEqual(['2.1.120', '2.1.120'])
    expect(report.findings).toEqual([])
    expect(report.suppressed.map((f) => [f.rule, f.suppression])).toEqual([
      ['sibling-lock-private', {kind: 'external', justification: 'every claude call runs under flock until ops#40 lands', location: {file: '.disinto-auth.yaml', line: 4, column: 5}}],
    ])
    expect(report.verdict).toBe('safe')
  })

  it('--claude-version wins over the config file', async () => {
    const report = await checkCompose({cwd: fixture('check/suppress-config'), env: ENV, claudeVersion: ['2.1.140']})
    expect([report.verdict, report.suppressed]).toEqual(['safe', []])
  })

  it('fail-on from the file; the flag wins', async () => {
    const io = memoryComposeIo({
      '/p/compose.yaml': 'services:\n  a:\n    environment: {HOME: /home/a}\n    volumes: ["~:/home/a"]\n    x-disinto-auth: {claude: true, version: 2.1.150}\n  b:\n    environment: {HOME: /home/a}\n    volumes: ["~:/home/a"]\n    x-disinto-auth: {claude: true, version: 2.1.150}\n',
      '/p/.disinto-auth.yaml': 'fail-on: warning\n',
    })
    const fromFile = await checkCompose({cwd: '/p', env: ENV}, io)
    expect([fromFile.verdict, fromFile.failOn, fromFile.exitCode]).toEqual(['safe-but-warn', 'warning', 1])
    const flag = await checkCompose({cwd: '/p', env: ENV, failOn: 'error'}, io)
    expect([flag.failOn, flag.exitCode]).toEqual(['error', 0])
  })

  it.each([
    ['unknown key', 'fail_on: error\n', '.disinto-auth.yaml:1:1: unknown key "fail_on"'],
    ['bad fail-on', 'fail-on: sometimes\n', '.disinto-auth.yaml:1:10: fail-on must be one of error, warning, never'],
    ['bad version', 'claude-version: latest\n', '.disinto-auth.yaml:1:17: claude-version "latest" is not a Claude Code version'],
    ['unknown rule', 'ignore:\n  - rule: nope\n    reason: x\n', '.disinto-auth.yaml:2:11: unknown rule "nope"'],
    ['no reason', 'ignore:\n  - rule: version-unknown\n', '.disinto-auth.yaml:2:5: the ignore entry for version-unknown needs a reason'],
    ['bad YAML', 'ignore: [\n', '.disinto-auth.yaml:2:1: invalid YAML'],
  ])('%s → exit 2 at file:line:col', (_name, text, message) => {
    expect(() => parseDisintoConfig(text, '.disinto-auth.yaml')).toThrow(message)
  })

  it('the JSON Schema agrees with the hand check on good and bad files', () => {
    const ajv = loadSchemas()
    const validate = ajv.getSchema('https://disinto-auth.dev/schemas/disinto-auth-config.schema.json')!
    const good = 'fail-on: never\nclaude-version: 2.1.140\nignore:\n  - {rule: parent-home-mounted, service: a, file: compose.yaml, reason: accepted}\n'
    expect(validate(parseYaml(good))).toBe(true)
    expect(() => parseDisintoConfig(good, 'c.yaml')).not.toThrow()
    for (const bad of ['fail_on: error\n', 'fail-on: sometimes\n', 'ignore:\n  - rule: nope\n    reason: x\n', 'ignore:\n  - rule: version-unknown\n', 'ignore:\n  - {rule: version-unknown, reason: x, extra: 1}\n']) {
      expect(validate(parseYaml(bad)), bad).toBe(false)
      expect(() => parseDisintoConfig(bad, 'c.yaml'), bad).toThrow()
    }
  })

  it('--config FILE that does not exist is bad usage (exit 2); the default file may be absent', async () => {
    const missing = await runCompose(['--config', 'nope.yaml'], {cwd: fixture('check/profiles')})
    expect([missing.exitCode, missing.stderr.trim()]).toEqual([2, 'disinto-auth: nope.yaml: config file not found'])
  })
})
