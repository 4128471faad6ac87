import {spawnSync} from 'node:child_process'

import {expect, it} from 'vitest'

import {ROOT} from '../helpers/run-cli.js'

// bin/dev.js runs the TypeScript sources (oclif maps dist/commands to src/commands once tsx
// registers), so a change under src/ is live without a build.
it('bin/dev.js loads the commands from src/', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx/esm', 'bin/dev.js', 'check', 'mounts', '--home', '/nonexistent', '--json'], {
    cwd: ROOT,
    env: {PATH: process.env.PATH, DEBUG: 'oclif:config:ts-path'},
    encoding: 'utf8',
    timeout: 60_000,
  })
  expect(result.stderr).toMatch(/Found source directory for .*dist\/commands at .*src\/commands/)
  expect(JSON.parse(result.stdout).command).toBe('check mounts')
})
