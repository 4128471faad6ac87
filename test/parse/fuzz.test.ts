// Random bytes and mutated real fixture text through every mount-table parser: each input either
// parses or throws the project's InputError with a one-line `FILE:LINE: what` message — never
// another exception, never a multi-line message.
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import type {MountTable} from '../../src/domain/mount.js'
import {InputError} from '../../src/errors.js'
import {parseFindmnt, type FindmntForm} from '../../src/parse/findmnt/index.js'
import {parseMountTableText} from '../../src/parse/mount-table.js'
import {parseMountinfo} from '../../src/parse/mountinfo.js'
import {decodeBytes} from '../../src/text/bytes.js'

const FIXTURES = join(import.meta.dirname, '../../fixtures')
const FORMS: FindmntForm[] = ['tree', 'list', 'raw', 'pairs', 'json']

type Parser = (text: string, lenient: boolean) => MountTable
const PARSERS: Array<[string, Parser]> = [
  ['mountinfo', (text, lenient) => parseMountinfo(text, 'fuzz.txt', {lenient})],
  ...FORMS.map((format): [string, Parser] => [`findmnt ${format}`, (text, lenient) => parseFindmnt(text, 'fuzz.txt', {format, lenient})]),
  ['findmnt detected', (text, lenient) => parseFindmnt(text, 'fuzz.txt', {lenient})],
  ['mount table detected', (text, lenient) => parseMountTableText(text, 'fuzz.txt', {lenient})],
]

/** Runs every parser, strict and lenient; returns a description of the first broken contract. */
function contractBreach(bytes: Uint8Array): string | undefined {
  const text = decodeBytes(bytes)
  for (const [name, parse] of PARSERS) {
    for (const lenient of [false, true]) {
      try {
        const table = parse(text, lenient)
        if (!Array.isArray(table.entries)) return `${name}: no entries array`
        for (const warning of table.warnings) {
          if (!/^[^\n]+:\d+: .+ -- ignored$/.test(warning)) return `${name}: bad warning ${JSON.stringify(warning)}`
        }
      } catch (error) {
        if (!(error instanceof InputError)) return `${name}${lenient ? ' --lenient' : ''}: ${String(error)}`
        if (!/^[^\n]+:\d+: .+$/.test(error.message)) return `${name}${lenient ? ' --lenient' : ''}: message not one FILE:LINE line: ${JSON.stringify(error.message)}`
      }
    }
  }
  return undefined
}

// Snippets of real inputs (up to 12 lines from each fixture) to mutate.
function fixtureSnippets(): Uint8Array[] {
  const files: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.txt')) files.push(path)
    }
  }
  walk(join(FIXTURES, 'mountinfo'))
  walk(join(FIXTURES, 'findmnt'))
  return files.sort().map((file) => {
    const bytes = readFileSync(file)
    let end = 0
    for (let lines = 0; lines < 12 && end !== -1; lines++) end = bytes.indexOf(10, end + 1)
    return new Uint8Array(end === -1 ? bytes : bytes.subarray(0, end + 1))
  })
}

const snippets = fixtureSnippets()
const interesting = [0x20, 0x09, 0x0a, 0x0d, 0x5c, 0x22, 0x2d, 0x3a, 0x3d, 0x5b, 0x5d, 0x7b, 0x7d, 0x2c, 0x78, 0x30, 0x39, 0x92, 0xc3, 0xe2, 0x94]

type Mutation = {at: number; kind: 'flip' | 'insert' | 'delete' | 'duplicate'; byte: number; length: number}
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('flip', 'insert', 'delete', 'duplicate'),
  byte: fc.oneof(fc.constantFrom(...interesting), fc.integer({min: 0, max: 255})),
  length: fc.integer({min: 1, max: 40}),
})

function mutate(base: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = Array.from(base)
  for (const {at, kind, byte, length} of mutations) {
    const i = bytes.length === 0 ? 0 : at % bytes.length
    if (kind === 'flip' && bytes.length > 0) bytes[i] = byte
    else if (kind === 'insert') bytes.splice(i, 0, ...Array.from({length: Math.min(length, 4)}, () => byte))
    else if (kind === 'delete') bytes.splice(i, length)
    else if (kind === 'duplicate') bytes = [...bytes.slice(0, i + length), ...bytes.slice(i)]
  }
  return new Uint8Array(bytes)
}

const mutatedFixture = fc
  .tuple(fc.integer({min: 0, max: snippets.length - 1}), fc.array(mutation, {minLength: 1, maxLength: 6}))
  .map(([index, mutations]) => mutate(snippets[index]!, mutations))

const randomBytes = fc.uint8Array({maxLength: 400})
// random bytes drawn from the characters that matter to the parsers, so more inputs get far
const structuredBytes = fc.array(fc.oneof(fc.constantFrom(...interesting), fc.integer({min: 0x30, max: 0x5a})), {maxLength: 300}).map((b) => new Uint8Array(b))

describe('fuzz: every parser either parses or throws a one-line InputError', () => {
  it.each([
    ['random bytes', randomBytes, 4000],
    ['random parser-relevant bytes', structuredBytes, 3000],
    ['mutated fixture lines', mutatedFixture, 5000],
  ] as const)('%s', (_what, inputs, numRuns) => {
    fc.assert(
      fc.property(inputs, (bytes) => {
        const breach = contractBreach(bytes)
        if (breach !== undefined) throw new Error(breach)
      }),
      {numRuns},
    )
  }, 60_000)

  it('the fixtures themselves all satisfy the contract', () => {
    for (const snippet of snippets) expect(contractBreach(snippet)).toBeUndefined()
  })
})
