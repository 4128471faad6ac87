import {spawnSync} from 'node:child_process'

import {expect, it} from 'vitest'

import {ROOT} from '../helpers/run-cli.js'

// bin/run.js answers --version before loading oclif: it must print exactly oclif's own line.
it('the fast --version of bin/run.js equals what oclif prints', () => {
  const run = (args: string[]) => spawnSync(process.execPath, args, {cwd: ROOT, env: {PATH: process.env.PATH}, encoding: 'utf8', timeout: 60_000})
  const fast = run(['bin/run.js', '--version'])
  const oclif = run(['--import', 'tsx/esm', 'bin/dev.js', '--version'])
  expect(fast.status).toBe(0)
  expect(fast.stdout).toMatch(/^disinto-auth\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/)
  expect(fast.stdout).toBe(oclif.stdout)
})
