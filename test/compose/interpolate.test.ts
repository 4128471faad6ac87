import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {InterpolationSyntaxError, interpolate} from '../../src/compose/interpolate.js'

const env: Record<string, string> = {SET: 'v', EMPTY: '', B: 'b'}
const lookup = (name: string) => (Object.hasOwn(env, name) ? env[name] : undefined)
const value = (text: string) => interpolate(text, lookup).value

describe('interpolate (compose-spec 12-interpolation.md, compose-go template tests)', () => {
  it.each([
    ['$SET', 'v'],
    ['${SET}', 'v'],
    ['x${SET}y', 'xvy'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${UNSET-d}', 'd'],
    ['${SET:-d}', 'v'],
    ['${SET:+r}', 'r'],
    ['${EMPTY:+r}', ''],
    ['${EMPTY+r}', 'r'],
    ['${UNSET+r}', ''],
    ['${UNSET:-${ALSO:-x}}', 'x'],
    ['${UNSET:-${B}-${B:+y}}', 'b-y'],
    ['${SET:-${NEVER:?not evaluated}}', 'v'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['$SET-bar', 'v-bar'],
    ['${UNSET-a:?b}', 'a:?b'],
    ['cost $5 and a lone $', 'cost $5 and a lone $'],
    ['${set}', ''],
    ['${UNSET:-a}}', 'a}'],
  ])('%s → %s', (text, expected) => {
    expect(value(text)).toBe(expected)
  })

  it('unset without default: empty and reported', () => {
    expect(interpolate('a${UNSET}b$OTHER', lookup)).toEqual({value: 'ab', unset: ['UNSET', 'OTHER'], missing: []})
  })

  it('`:?` fails on unset or empty, `?` only on unset', () => {
    expect(interpolate('${UNSET:?set it}', lookup).missing).toEqual([{name: 'UNSET', message: 'set it'}])
    expect(interpolate('${EMPTY:?}', lookup).missing).toEqual([{name: 'EMPTY'}])
    expect(interpolate('${EMPTY?}', lookup).missing).toEqual([])
    expect(interpolate('${UNSET?}', lookup).missing).toEqual([{name: 'UNSET'}])
    expect(interpolate('${SET:?x}', lookup)).toEqual({value: 'v', unset: [], missing: []})
  })

  it.each(['${', '${}', '${SET', '${1X}', '${SET:x}', '${SET:-unclosed'])('malformed %s is an error', (text) => {
    expect(() => interpolate(text, lookup)).toThrow(InterpolationSyntaxError)
  })

  it('text without $ is unchanged; $$-escaped text comes back verbatim', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(value(text.replaceAll('$', ''))).toBe(text.replaceAll('$', ''))
        expect(value(text.replaceAll('$', () => '$$'))).toBe(text)
      }),
    )
  })
})
