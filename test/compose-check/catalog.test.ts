import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {RULES} from '../../src/report/rule-catalog.js'
import {ROOT} from '../helpers/run-cli.js'

// Every rule id the code can emit, read from the sources that emit them.
function emittedRuleIds(): Set<string> {
  const files = [
    join(ROOT, 'src/checks/lock/rules.ts'),
    join(ROOT, 'src/compose/suppressions.ts'),
    join(ROOT, 'src/pipeline/compose.ts'),
  ]
  const ids = new Set<string>()
  for (const file of files) for (const match of readFileSync(file, 'utf8').matchAll(/rule: '([a-z][a-z0-9-]*)'/g)) ids.add(match[1]!)
  for (const match of readFileSync(join(ROOT, 'src/compose/suppressions.ts'), 'utf8').matchAll(/'(suppression-[a-z-]+)'/g)) ids.add(match[1]!)
  return ids
}

describe('the rule catalogue (SARIF rules, JUnit cases, docs/rules.md, the config schema) covers every rule', () => {
  const catalogue = RULES.map((rule) => rule.id)

  it('every rule the code emits is in the catalogue', () => {
    expect([...emittedRuleIds()].filter((id) => !catalogue.includes(id))).toEqual([])
  })

  it('docs/rules.md has one section per rule (the helpUri anchor)', () => {
    const headings = [...readFileSync(join(ROOT, 'docs/rules.md'), 'utf8').matchAll(/^## ([a-z0-9-]+)$/gm)].map((m) => m[1])
    expect([...headings].sort()).toEqual([...catalogue].sort())
  })

  it('the config schema accepts exactly the catalogue ids in ignore[].rule', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/disinto-auth-config.schema.json'), 'utf8'))
    expect([...schema.properties.ignore.items.properties.rule.enum].sort()).toEqual([...catalogue].sort())
  })

  it('the schemas directory holds the two compose schemas', () => {
    expect(readdirSync(join(ROOT, 'schemas'))).toEqual(expect.arrayContaining(['check-compose.schema.json', 'disinto-auth-config.schema.json']))
  })
})
