// Every form of real findmnt 2.38.1 output (fixtures/findmnt, made by
// scripts/capture-findmnt-forms.sh) parses to the entries parseMountinfo reads from the file
// findmnt was given.
import {describe, expect, it} from 'vitest'
import {parseFindmnt, type FindmntForm} from '../../src/parse/findmnt/index.js'
import {parseMountTableText} from '../../src/parse/mount-table.js'
import {parseMountinfo} from '../../src/parse/mountinfo.js'
import {captures, columnSetOf, distinctSorted, expectedFromMountinfo, projectParsed, readFixture} from './findmnt-expected.js'

// form file name (without -cols) → the parser form and whether findmnt printed a tree
const FORMS: Record<string, {form: FindmntForm; tree: boolean; firstRowLine?: number}> = {
  tree: {form: 'tree', tree: true, firstRowLine: 2},
  ascii: {form: 'tree', tree: true, firstRowLine: 2},
  'tree-c': {form: 'tree', tree: true, firstRowLine: 2},
  list: {form: 'list', tree: false, firstRowLine: 2},
  'list-c': {form: 'list', tree: false, firstRowLine: 2},
  raw: {form: 'raw', tree: false, firstRowLine: 2},
  pairs: {form: 'pairs', tree: false, firstRowLine: 1},
  json: {form: 'json', tree: true},
  'json-list': {form: 'json', tree: false},
}

const all = captures()

describe('findmnt fixtures', () => {
  it('cover the 47 parsable corpus samples and special.txt in 18 forms each', () => {
    expect(all).toHaveLength(48)
    for (const capture of all) expect([...capture.forms.keys()], capture.name).toHaveLength(18)
  })
})

describe.each(all.map((capture) => [capture.name, capture] as const))('%s', (_name, capture) => {
  const mountinfo = parseMountinfo(readFixture(capture.mountinfoPath), capture.mountinfoPath)

  it.each([...capture.forms.keys()])('%s parses to the mountinfo entries', (formName) => {
    const text = capture.forms.get(formName)!
    const set = columnSetOf(formName)
    const spec = FORMS[formName.replace(/-(cols|mixed)$/, '')]!
    const table = parseFindmnt(text, formName, {format: spec.form})
    expect(table.format).toBe(`findmnt-${spec.form}`)
    expect(table.warnings).toEqual([])

    const expected = mountinfo.entries.map((entry) => expectedFromMountinfo(entry, set))
    const actual = table.entries.map((entry) => projectParsed(entry, set))
    if (spec.tree) {
      // findmnt orders a tree by mount ID and repeats a child under duplicate parent IDs
      expect(distinctSorted(actual)).toEqual(distinctSorted(expected))
      expect(actual.length).toBeGreaterThanOrEqual(new Set(expected.map((row) => JSON.stringify(row))).size)
    } else {
      expect(actual).toEqual(expected)
    }

    if (spec.firstRowLine !== undefined) {
      expect(table.entries.map((entry) => entry.line)).toEqual(table.entries.map((_, i) => i + spec.firstRowLine!))
    } else {
      const lines = table.entries.map((entry) => entry.line)
      expect(lines).toEqual([...lines].sort((a, b) => a - b))
      for (const line of lines) expect(text.split('\n')[line - 1]).toMatch(/\{\s*$/)
    }
  })

  it.each([...capture.forms.keys()])('%s is detected as its form and parses the same way', (formName) => {
    const text = capture.forms.get(formName)!
    const spec = FORMS[formName.replace(/-(cols|mixed)$/, '')]!
    const detected = parseFindmnt(text, formName)
    // a tree with no nested mount has no glyphs: it is byte-for-byte an -l table
    const hasGlyphs = /[├└]─|[|`]-\//.test(text)
    const expectedForm = spec.form === 'tree' && !hasGlyphs ? 'list' : spec.form
    expect(detected.format).toBe(`findmnt-${expectedForm}`)
    expect(detected.entries).toEqual(parseFindmnt(text, formName, {format: spec.form}).entries)
    expect(parseMountTableText(text, formName).entries).toEqual(detected.entries)
  })

  it('mountinfo itself is detected as mountinfo', () => {
    expect(parseMountTableText(readFixture(capture.mountinfoPath), capture.mountinfoPath)).toEqual(mountinfo)
  })
})
