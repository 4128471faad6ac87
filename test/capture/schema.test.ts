import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {captureBundleProblem, parseCaptureBundle} from '../../src/capture/parse.js'
import {InputError} from '../../src/errors.js'
import {loadSchemas} from '../helpers/schema.js'

const validate = loadSchemas().getSchema('https://disinto-auth.dev/schemas/capture.schema.json')!

const valid = {
  schema: 'disinto-auth/capture@1',
  name: 'agents',
  hostname: 'h',
  kernel: '6.1.0',
  uid: 1000,
  mountinfo: '22 1 0:21 / /proc rw - proc proc rw\n',
  env: {HOME: '/home/agent'},
  auth: 'oauth',
  configDir: '/home/agent/.claude',
  configDirRealpath: '/home/agent/.claude',
  configDirWritable: true,
  claude: {path: '/usr/bin/claude', version: '2.1.120', protocol: 'sibling'},
}

/** Documents near the valid one: each field replaced by something of another shape, or dropped. */
const anyValue = fc.oneof(fc.string(), fc.integer({min: -5, max: 5}), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.constantFrom('oauth', 'dual', '2.1.3', 'disinto-auth/capture@1', ''))
const mutated = fc
  .record({
    field: fc.constantFrom(...Object.keys(valid), 'extra', 'env.HOME', 'env.OTHER', 'claude.version', 'claude.protocol', 'claude.path', 'claude.other'),
    drop: fc.boolean(),
    value: anyValue,
  })
  .map(({field, drop, value}) => {
    const document = structuredClone(valid) as Record<string, unknown>
    const [head, tail] = field.split('.') as [string, string | undefined]
    const target = tail === undefined ? document : (document[head] as Record<string, unknown>)
    const key = tail ?? head
    if (drop) delete target[key]
    else target[key] = value
    return document
  })

describe('capture bundle validation', () => {
  it('accepts a full bundle and the minimal one', () => {
    expect(captureBundleProblem(valid)).toBeUndefined()
    expect(validate(valid)).toBe(true)
    const minimal = {schema: valid.schema, name: 'x', mountinfo: '', env: {}, auth: 'unknown'}
    expect(captureBundleProblem(minimal)).toBeUndefined()
    expect(validate(minimal)).toBe(true)
  })

  it('the hand-written check and schemas/capture.schema.json agree on every nearby document', () => {
    fc.assert(
      fc.property(mutated, (document) => {
        expect({document, ok: captureBundleProblem(document) === undefined}).toEqual({document, ok: validate(document) === true})
      }),
      {numRuns: 2000},
    )
  })

  it('rejects non-bundles with one line naming the file', () => {
    for (const text of ['', 'not json', '[]', '{"schema":"disinto-auth/capture@1"}', JSON.stringify({...valid, auth: 'sk-ant-secret'})]) {
      let error: unknown
      try {
        parseCaptureBundle(text, 'edge.json')
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).message).toMatch(/^edge\.json: not a capture bundle: /)
      expect((error as InputError).message).not.toContain('\n')
      expect((error as InputError).exitCode).toBe(2)
    }
  })
})
