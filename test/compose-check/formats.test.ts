import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {describe, expect, it} from 'vitest'

import Ajv04 from 'ajv-draft-04'

import {escapeData, escapeProperty} from '../../src/report/github.js'
import {schemaErrors} from '../helpers/schema.js'
import {fixture, runCompose} from './helpers.js'

const require = createRequire(import.meta.url)

/**
 * The official OASIS SARIF 2.1.0 JSON schema (2.1.0-rtm.5, draft-04) as shipped in the npm
 * package @microsoft/jest-sarif; draft-04 needs ajv-draft-04. The three string formats it uses
 * are checked by small functions (no ajv-formats in the tree).
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'))
  const Ajv = ((Ajv04 as unknown as {default?: unknown}).default ?? Ajv04) as unknown as typeof Ajv04.default
  // the schema's language pattern (`^[a-zA-Z]{2}|…]?$`) is valid only without the u flag
  const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false})
  ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && !/\s/.test(value))
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value))
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)))
  return ajv.compile(schema)
}

const LOCATED = fixture('check/located')
const INLINE = fixture('check/suppress-inline')
const OLD = ['--claude-version', '2.1.120']

// the tool version is the package's, the nearest existing ancestor of a missing host path the
// machine's: keep snapshots independent of both
function stable(text: string): string {
  return text
    .replace(/"version": "\d+\.\d+\.\d+[^"]*"(,\n\s+"command")/, '"version": "X"$1')
    .replace(/symlinks below \/[^\s)";%]* not followed/g, 'symlinks below <nearest existing dir> not followed')
}

describe('every format, snapshot without ANSI', () => {
  it.each(['human', 'json', 'sarif', 'junit', 'github'])('%s', async (format) => {
    const run = await runCompose([...OLD, '--format', format], {cwd: LOCATED})
    expect(run.exitCode).toBe(1)
    expect(run.stdout).not.toMatch(/\u001B\[/)
    if (format !== 'json') expect(stable(run.stdout)).toMatchSnapshot()
    else {
      // the engine's participant records have their own tests; snapshot what check compose adds
      const {verdict, findings, suppressed, combinations, perProtocol, root, project, failOn, exitCode} = JSON.parse(run.stdout)
      const combos = combinations.map(({pairs: _pairs, ...rest}: {pairs: unknown}) => rest)
      expect(JSON.parse(stable(JSON.stringify({verdict, findings, suppressed, combinations: combos, perProtocol, root, project, failOn, exitCode})))).toMatchSnapshot()
    }
  })

  it.each(['human', 'sarif', 'junit'])('%s with suppressed findings', async (format) => {
    const run = await runCompose([...OLD, '--format', format], {cwd: INLINE})
    expect(stable(run.stdout)).toMatchSnapshot()
  })

  it('human: the profile sets a finding holds in, when several combinations were judged', async () => {
    const run = await runCompose([], {cwd: fixture('check/profiles')})
    expect(stable(run.stdout)).toMatchSnapshot()
  })

  it('human: the per-protocol answer when the version is unknown', async () => {
    const run = await runCompose([], {cwd: fixture('scenarios/01-incident')})
    expect(run.exitCode).toBe(3)
    expect(stable(run.stdout)).toMatchSnapshot()
  })
})

describe('machine formats validate', () => {
  it.each([
    ['located, old clients', LOCATED, OLD],
    ['suppressions', INLINE, OLD],
    ['version unknown (cannot-tell)', fixture('scenarios/01-incident'), []],
    ['required variable unset', fixture('check/required-var'), []],
    ['safe', fixture('scenarios/07-named-volume-home'), []],
    ['profiles', fixture('check/profiles'), []],
  ])('%s: --json against schemas/check-compose.schema.json, SARIF against the official SARIF 2.1.0 schema', async (_name, dir, args) => {
    const json = await runCompose([...(args as string[]), '--json'], {cwd: dir as string})
    const data = JSON.parse(json.stdout)
    expect(schemaErrors('check-compose.schema.json', data)).toEqual([])
    const sarif = await runCompose([...(args as string[]), '--format', 'sarif'], {cwd: dir as string})
    const validate = sarifValidator()
    const log = JSON.parse(sarif.stdout)
    expect(validate(log) ? [] : validate.errors).toEqual([])
    expect(sarif.exitCode).toBe(json.exitCode)
  })

  it('the SARIF validator is real: it rejects a wrong level and a result without message', async () => {
    const log = JSON.parse((await runCompose([...OLD, '--format', 'sarif'], {cwd: LOCATED})).stdout)
    const validate = sarifValidator()
    log.runs[0].results[0].level = 'fatal'
    delete log.runs[0].results[1].message
    expect(validate(log)).toBe(false)
  })

  it('SARIF: stable rule ids with helpUri, repo-relative URIs, fingerprints, suppressions, cannot-tell as notifications', async () => {
    const located = JSON.parse((await runCompose([...OLD, '--format', 'sarif'], {cwd: LOCATED})).stdout)
    const run = located.runs[0]
    expect(run.tool.driver.rules.find((r: {id: string}) => r.id === 'sibling-lock-private').helpUri).toBe(
      'https://github.com/disinto/disinto-auth/blob/main/docs/rules.md#sibling-lock-private',
    )
    const edgeTools = run.results.find((r: {message: {text: string}}) => r.message.text.startsWith('edge and tools'))
    expect(edgeTools.locations[0].physicalLocation).toEqual({
      artifactLocation: {uri: 'fixtures/compose/check/located/common/base.yml'},
      region: {startLine: 7, startColumn: 9},
    })
    expect(edgeTools.partialFingerprints['disintoAuth/v1']).toMatch(/^[0-9a-f]{32}$/)
    const inline = JSON.parse((await runCompose([...OLD, '--format', 'sarif'], {cwd: INLINE})).stdout).runs[0]
    expect(inline.results.filter((r: {suppressions?: unknown}) => r.suppressions).map((r: {suppressions: unknown}) => r.suppressions)).toEqual([
      [{kind: 'inSource', status: 'accepted', justification: 'every call runs under flock'}],
      [{kind: 'inSource', status: 'accepted', justification: 'every call runs under flock'}],
    ])
    const unknown = JSON.parse((await runCompose(['--format', 'sarif'], {cwd: fixture('scenarios/01-incident')})).stdout).runs[0]
    expect(unknown.results.map((r: {ruleId: string; level: string; properties: {severity: string}}) => [r.ruleId, r.level, r.properties.severity])).toEqual([
      ['version-unknown', 'warning', 'cannot-tell'],
    ])
    expect(unknown.invocations[0].executionSuccessful).toBe(false)
    expect(unknown.invocations[0].toolExecutionNotifications[0].descriptor.id).toBe('version-unknown')
  })

  it('fingerprints do not move with the line (only rule, file, services and entry count)', async () => {
    const a = JSON.parse((await runCompose([...OLD, '--format', 'json'], {cwd: LOCATED})).stdout)
    expect(new Set(a.findings.map((f: {fingerprint: string}) => f.fingerprint)).size).toBe(a.findings.length)
  })
})

describe('GitHub workflow commands', () => {
  it('escape %, CR and LF in data; also : and , in properties', () => {
    expect(escapeData('50% done\r\nnext: a, b')).toBe('50%25 done%0D%0Anext: a, b')
    expect(escapeProperty('dir:a,b%\n')).toBe('dir%3Aa%2Cb%25%0A')
  })

  it('one ::error per hazard with file, line, col and title, the fix in the message', async () => {
    const run = await runCompose([...OLD, '--format', 'github'], {cwd: LOCATED})
    const lines = run.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^::error file=fixtures\/compose\/check\/located\/compose\.yaml,line=18,col=9,title=disinto-auth hazard%3A readonly-config-dir::tools refreshes/)
    expect(lines[0]).toContain('%0Afix: mount /home/agent/.claude read-write')
    expect(lines.at(-1)).toBe('::notice title=disinto-auth check compose::verdict hazard: 4 finding(s)')
  })
})

describe('--fail-on', () => {
  const warnOnly = fixture('scenarios/05-whole-home')
  it.each([
    ['error', LOCATED, OLD, 1],
    ['warning', LOCATED, OLD, 1],
    ['never', LOCATED, OLD, 0],
    ['error', warnOnly, ['--claude-version', '2.1.140'], 0],
    ['warning', warnOnly, ['--claude-version', '2.1.140'], 1],
    ['never', warnOnly, ['--claude-version', '2.1.140'], 0],
    ['error', fixture('scenarios/01-incident'), [], 3],
    ['never', fixture('scenarios/01-incident'), [], 3],
    ['never', fixture('scenarios/07-named-volume-home'), [], 0],
  ])('--fail-on %s on %s → exit %d', async (failOn, dir, args, exit) => {
    const run = await runCompose([...(args as string[]), '--fail-on', failOn as string], {cwd: dir as string})
    expect(run.exitCode).toBe(exit)
  })

  it('keeps its exit code under --json', async () => {
    expect((await runCompose([...OLD, '--json'], {cwd: LOCATED})).exitCode).toBe(1)
    expect((await runCompose(['--json'], {cwd: fixture('scenarios/01-incident')})).exitCode).toBe(3)
  })
})
