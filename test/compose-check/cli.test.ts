import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/run-cli.js'
import {fixture} from './helpers.js'

// End to end through bin/run.js and dist/ (npm test builds first): what a CI job sees.
describe('disinto-auth check compose, end to end', () => {
  it('a hazard: exit 1, file:line:col rule message on stdout, nothing on stderr', () => {
    const run = runCli(['check', 'compose', '--claude-version', '2.1.120'], {cwd: fixture('scenarios/01-incident'), env: {HOME: '/home/johba'}})
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^compose\.yaml:7:9 ✗ hazard sibling-lock-private {2}agents and edge/m)
    expect(run.stderr).toBe('')
  })

  it('-f twice, --json: the envelope names the command; a version unknown exits 3', () => {
    const run = runCli(['check', 'compose', '-f', 'compose.yaml', '-f', 'compose.yaml', '--json'], {cwd: fixture('scenarios/06-named-volume-claude')})
    expect(run.status).toBe(3)
    expect(JSON.parse(run.stdout)).toMatchObject({command: 'check compose', verdict: 'cannot-tell', perProtocol: {old: 'hazard', new: 'safe'}})
  })

  it('malformed input: exit 2 and one line on stderr', () => {
    const run = runCli(['check', 'compose'], {cwd: fixture('bad/bad-yaml')})
    expect(run.status).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/^disinto-auth: compose\.yaml:\d+:\d+: invalid YAML/)
  })
})
