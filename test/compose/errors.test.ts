import {describe, expect, it} from 'vitest'

import {InputError} from '../../src/errors.js'
import {load} from './helpers.js'

async function failure(name: string, options = {}): Promise<InputError> {
  try {
    await load(`bad/${name}`, options)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error(`bad/${name} loaded without error`)
}

describe('bad inputs: one line naming file:line:col, exit 2', () => {
  it.each([
    ['bad-yaml', /^compose\.yaml:5:3: invalid YAML: Flow sequence/],
    ['extends-unknown', /^compose\.yaml:6:7: service edge extends unknown service agnets$/],
    ['extends-cycle', /^compose\.yaml:\d+:\d+: extends cycle: (a → b → c → a|b → c → a → b|c → a → b → c)$/],
    ['extends-missing-file', /^compose\.yaml:3:14: file nowhere\.yml not found$/],
    ['undefined-volume', /^compose\.yaml:4:9: service a refers to undefined volume claude-auth$/],
    ['bad-interpolation', /^compose\.yaml:3:12: invalid interpolation format "agent:\$\{TAG"$/],
    ['too-many-colons', /^compose\.yaml:4:9: invalid volume "\/a:\/b:ro:extra": too many colons$/],
    ['duplicate-merge-keys', /^compose\.yaml:6:5: invalid YAML: Map keys must be unique/],
    ['duplicate-target', /^compose\.yaml:5:9: duplicate mount target \/data \(also at line 4\)$/],
    ['bind-without-source', /^compose\.yaml:4:9: a volume of type bind needs a source$/],
    ['missing-env-file', /^compose\.yaml:4:16: env file absent\.env not found$/],
  ])('%s', async (name, pattern) => {
    const error = await failure(name)
    expect(error.message).toMatch(pattern)
    expect(error.message).not.toContain('\n')
    expect(error.exitCode).toBe(2)
  })

  it('a missing -f file names the file', async () => {
    const error = await failure('bad-yaml', {files: ['missing.yml']})
    expect(error.message).toBe('missing.yml: compose file not found')
  })

  it('no compose file anywhere up the tree', async () => {
    await expect(load('bad', {projectDirectory: '/'})).rejects.toThrow(/no compose file found in \/ or its parents/)
  })
})
