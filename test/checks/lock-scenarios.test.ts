import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {participantFromFile} from '../../src/gather/participants.js'
import {type OverrideFlags, applyOverrides} from '../../src/participants/overrides.js'
import {buildLockReport} from '../../src/pipeline/lock.js'
import {ROOT} from '../helpers/run-cli.js'

// The rows of scenarios.md the lab cannot build (NFS, Docker Desktop, WSL, several nodes,
// versions and auth): each folder of fixtures/scenarios gives its participants and the
// catalog's verdicts; see fixtures/scenarios/README.md.
interface Scenario {
  scenario: number
  title: string
  participants: {name: string; file: string; home?: string}[]
  flags?: OverrideFlags
  versions?: Record<string, string>
  expected: {old?: string; new?: string; fixed?: string}
}

const DIR = join(ROOT, 'fixtures/scenarios')
const scenarios = readdirSync(DIR, {withFileTypes: true})
  .filter((entry) => entry.isDirectory())
  .map((entry) => ({dir: entry.name, ...(JSON.parse(readFileSync(join(DIR, entry.name, 'scenario.json'), 'utf8')) as Scenario)}))

async function verdict(scenario: Scenario & {dir: string}, versions: string[]): Promise<{verdict: string; rules: string[]}> {
  const base = join(DIR, scenario.dir)
  const gathered = await Promise.all(scenario.participants.map((p) => participantFromFile(p.name, join(base, p.file), {})))
  const homes = scenario.participants.filter((p) => p.home).map((p) => `${p.name}=${p.home}`)
  const report = buildLockReport(applyOverrides(gathered, {...scenario.flags, home: homes, claudeVersion: versions}))
  return {verdict: report.verdict, rules: report.findings.map((f) => f.rule)}
}

describe.each(scenarios)('$dir: $title', (scenario) => {
  if (scenario.expected.fixed) {
    it(`with its own versions: ${scenario.expected.fixed}`, async () => {
      const versions = Object.entries(scenario.versions ?? {}).map(([name, version]) => `${name}=${version}`)
      const result = await verdict(scenario, versions)
      expect(result.verdict, result.rules.join(' ')).toBe(scenario.expected.fixed)
    })
    return
  }
  it(`old clients: ${scenario.expected.old}`, async () => {
    const result = await verdict(scenario, ['2.1.131'])
    expect(result.verdict, result.rules.join(' ')).toBe(scenario.expected.old)
  })
  it(`new clients: ${scenario.expected.new}`, async () => {
    const result = await verdict(scenario, ['2.1.132'])
    expect(result.verdict, result.rules.join(' ')).toBe(scenario.expected.new)
  })
})

it('every fixture says whether it was captured or written by hand', () => {
  for (const scenario of scenarios) expect((scenario as {source?: string}).source, scenario.dir).toMatch(/^(captured|synthetic): /)
  expect(scenarios.length).toBeGreaterThanOrEqual(12)
})
