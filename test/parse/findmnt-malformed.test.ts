// Malformed findmnt input: one `FILE:LINE: what` error (exit 2), never a stack trace or a
// silently wrong table; --lenient skips the bad rows with a warning each.
import {describe, expect, it} from 'vitest'
import {InputError} from '../../src/errors.js'
import {parseFindmnt, type FindmntForm} from '../../src/parse/findmnt/index.js'
import {parseMountTableText} from '../../src/parse/mount-table.js'

function failure(run: () => unknown): InputError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    const inputError = error as InputError
    expect(inputError.exitCode).toBe(2)
    expect(inputError.message).toMatch(/^[^\n]+:\d+: .+$/)
    return inputError
  }
  throw new Error('expected an InputError')
}

const LIST = [
  'TARGET          SOURCE    FSTYPE OPTIONS',
  '/               /dev/sda1 ext4   rw,relatime',
  '/home/agent/x   /dev/sda1',
  '/proc           proc      proc   rw,nosuid',
].join('\n')

const cases: Array<[string, FindmntForm | undefined, string, RegExp]> = [
  ['-l row with fewer columns than the header', 'list', LIST, /^in\.txt:3: row ends before column FSTYPE: fewer columns than the header$/],
  ['-l row misaligned with the header', 'list', 'TARGET   SOURCE FSTYPE OPTIONS\n/a/very/long/path /dev/x ext4 rw', /^in\.txt:2: row does not line up with the header: TARGET runs into SOURCE$/],
  ['tree row cut short', 'tree', 'TARGET  SOURCE    FSTYPE OPTIONS\n/       /dev/sda1 ext4   rw\n├─/proc proc', /^in\.txt:3: row ends before column FSTYPE/],
  ['-r row with a missing field', 'raw', 'TARGET SOURCE FSTYPE OPTIONS\n/ /dev/sda1 ext4 rw\n/x /dev/sda2 ext4', /^in\.txt:3: expected 4 space-separated fields as in the header, found 3$/],
  ['-r row with an extra field', 'raw', 'TARGET SOURCE FSTYPE OPTIONS\n/x y /dev/sda2 ext4 rw', /^in\.txt:2: expected 4 space-separated fields as in the header, found 5$/],
  ['-P line that is not KEY="value" pairs', 'pairs', 'TARGET="/" SOURCE="/dev/sda1" FSTYPE="ext4" OPTIONS="rw"\nTARGET=/x SOURCE=y', /^in\.txt:2: expected KEY="value" at column 1, found "TARGET=\/x SOURCE=y"$/],
  ['-P pairs run together', 'pairs', 'TARGET="/"SOURCE="x"', /^in\.txt:1: expected a space before "SOURCE="x"" at column 11$/],
  ['-P unterminated value', 'pairs', 'TARGET="/ SOURCE=x', /^in\.txt:1: expected KEY="value" at column 1/],
  ['-P without TARGET', 'pairs', 'SOURCE="/dev/sda1" FSTYPE="ext4"', /^in\.txt:1: no TARGET column$/],
  ['-P non-numeric ID', 'pairs', 'ID="x1" TARGET="/"', /^in\.txt:1: ID "x1" is not a number$/],
  ['-P bad MAJ:MIN', 'pairs', 'TARGET="/" MAJ:MIN="8-1"', /^in\.txt:1: MAJ:MIN "8-1" is not a device number$/],
  ['-P unknown PROPAGATION word', 'pairs', 'TARGET="/" PROPAGATION="shared,weird"', /^in\.txt:1: PROPAGATION "shared,weird" is not a list of shared, private, slave, unbindable$/],
  ['-P duplicate key', 'pairs', 'TARGET="/" TARGET="/x"', /^in\.txt:1: key TARGET appears twice$/],
  ['JSON syntax error names its line', 'json', '{\n  "filesystems": [\n    {"target": "/"}\n    {"target": "/x"}\n  ]\n}', /^in\.txt:4: bad JSON: expected "," or "]" in an array, found "\{"$/],
  ['JSON truncated', 'json', '{\n  "filesystems": [\n    {"target": "/"', /^in\.txt:3: bad JSON: expected "," or "}" in an object, found end of input$/],
  ['JSON without filesystems', 'json', '{"blockdevices": []}', /^in\.txt:1: expected findmnt -J output: no "filesystems" array$/],
  ['JSON entry without target', 'json', '{"filesystems": [\n  {"source": "/dev/sda1"}\n]}', /^in\.txt:2: no TARGET column$/],
  ['JSON target of the wrong type', 'json', '{"filesystems": [\n {"target": ["/"]}]}', /^in\.txt:2: key "target" must hold a string, number or null$/],
  ['not findmnt output at all', undefined, '\n\nhello world\n', /^in\.txt:3: not findmnt output: expected a header/],
  ['header with a non-column word', 'list', 'TARGET SOURCE fstype\n/ x y', /^in\.txt:1: "fstype" is not a findmnt column name/],
  ['header without TARGET', 'raw', 'SOURCE FSTYPE\nx y', /^in\.txt:1: the header has no TARGET column$/],
  ['control bytes in a bad value stay on one line', 'pairs', 'ID="1\r2\u2028" TARGET="/"', /^in\.txt:1: ID "1\\x0d2\\u2028" is not a number$/],
]

describe('malformed findmnt input', () => {
  it.each(cases)('%s', (_what, format, text, message) => {
    const error = failure(() => parseFindmnt(text, 'in.txt', {format}))
    expect(error.message).toMatch(message)
  })

  it('also fails the same way through detection', () => {
    expect(failure(() => parseFindmnt(LIST, 'in.txt')).message).toMatch(/^in\.txt:3: /)
    expect(failure(() => parseMountTableText(LIST, 'in.txt')).message).toMatch(/^in\.txt:3: /)
  })

  it('a broken mountinfo is reported by the mountinfo parser', () => {
    const error = failure(() => parseMountTableText('20 1 8:1 / / rw - ext4 /dev/sda1 rw\n21 20 8:1 / /x rw ext4 /dev/sda1 rw\n', 'mi'))
    expect(error.message).toMatch(/^mi:2: /)
  })
})

describe('--lenient', () => {
  it('skips a bad -l row with a warning and keeps the others', () => {
    const table = parseFindmnt(LIST, 'in.txt', {lenient: true})
    expect(table.entries.map((entry) => [entry.target, entry.line])).toEqual([['/', 2], ['/proc', 4]])
    expect(table.warnings).toEqual(['in.txt:3: row ends before column FSTYPE: fewer columns than the header -- ignored'])
  })

  it('skips a bad -P line', () => {
    const table = parseFindmnt('TARGET="/a"\nnonsense\nTARGET="/b"', 'p', {lenient: true})
    expect(table.entries.map((entry) => entry.target)).toEqual(['/a', '/b'])
    expect(table.warnings).toHaveLength(1)
    expect(table.warnings[0]).toMatch(/^p:2: expected KEY="value" at column 1, found "nonsense" -- ignored$/)
  })

  it('skips a bad JSON entry but never a JSON syntax error', () => {
    const table = parseFindmnt('{"filesystems": [\n{"target": "/"},\n{"id": "x", "target": "/y"}]}', 'j', {lenient: true})
    expect(table.entries.map((entry) => entry.target)).toEqual(['/'])
    expect(table.warnings).toEqual(['j:3: ID "x" is not a number -- ignored'])
    failure(() => parseFindmnt('{"filesystems": [}', 'j', {lenient: true}))
  })

  it('still fails when no row at all could be read', () => {
    const error = failure(() => parseFindmnt('TARGET SOURCE\n/a\n/b', 'r', {format: 'raw', lenient: true}))
    expect(error.message).toBe('r:2: no row could be parsed as findmnt raw output')
  })

  it('does not forgive a broken header', () => {
    failure(() => parseFindmnt('TARGET source\n/ x', 'h', {format: 'raw', lenient: true}))
  })
})
