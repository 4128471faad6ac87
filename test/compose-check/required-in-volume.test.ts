import {join} from 'node:path'

import {expect, it} from 'vitest'

import {ROOT, runCliJson} from '../helpers/run-cli.js'

// `${VAR:?}` unset inside a volume string must reach the required-variable finding (exit 3),
// not a parse error on the empty section it would leave.
it('an unset ${VAR:?} inside a volume: cannot tell, exit 3, naming the variable and its line', () => {
  const file = join(ROOT, 'fixtures/compose/check/required-var-in-volume/compose.yaml')
  const result = runCliJson<{verdict: string; findings: {rule: string; message: string; location?: {line: number}}[]}>(['check', 'compose', '-f', file, '--claude-version', '2.1.140'], {env: {HOME: '/tmp'}})
  expect(result.status).toBe(3)
  expect(result.json.verdict).toBe('cannot-tell')
  expect(result.json.findings[0]).toMatchObject({rule: 'required-variable-unset', location: {line: 7}})
  expect(result.json.findings[0]?.message).toMatch(/CLAUDE_HOME/)
})
