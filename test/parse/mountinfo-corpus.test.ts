// Differential test: our mountinfo parser against util-linux findmnt 2.38.1 on the 57 real samples
// of fixtures/mountinfo/corpus (origin: SOURCES.md there). The oracle output is committed, so this
// test needs no findmnt:
//   expected/<name>.json                   findmnt -F <name>.txt -k -J -o COLS          (the tree)
//   ../../findmnt/<name>/json-list-cols.txt findmnt -F <name>.txt -k -J -l -o COLS       (file order)
// For every sample findmnt parses, each of our entries must render as exactly the row findmnt
// printed for that mount (test/helpers/findmnt-row.ts derives the row).
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import type {MountEntry} from '../../src/domain/mount.js'
import {InputError} from '../../src/errors.js'
import {parseMountinfo} from '../../src/parse/mountinfo.js'
import {decodeBytes} from '../../src/text/bytes.js'
import {
  type FindmntRow,
  findmntRow,
  flattenFindmntJson,
  parseFindmntJson,
  rowKey,
} from '../helpers/findmnt-row.js'

const CORPUS = 'fixtures/mountinfo/corpus'
const FORMS = 'fixtures/findmnt'
const root = new URL('../../', import.meta.url)
const read = (relative: string): Buffer => readFileSync(new URL(relative, root))
const readText = (relative: string): string => decodeBytes(read(relative))

const samples = readdirSync(new URL(CORPUS, root))
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -4))
  .sort()

/** mountinfo.md §5: the samples findmnt refuses (rc=1, empty oracle, "parse error at line 1"). */
const MALFORMED = [
  'k8s-bad-alphabet-in-major-field',
  'k8s-bad-alphabet-in-minor-field',
  'k8s-bad-empty-major-field',
  'k8s-bad-empty-minor-field',
  'k8s-bad-missing-major-minor-field',
  'moby-extra-no-separator-1',
  'moby-extra-not-enough-fields-1',
  'moby-extra-not-enough-fields-2',
  'moby-extra-not-enough-post-separator-fields',
  'prom-case-not-enough-information',
]
const parsable = samples.filter((name) => !MALFORMED.includes(name))

const json = (row: FindmntRow) => JSON.stringify(row)

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

describe('mountinfo corpus', () => {
  it('holds the 57 samples of mountinfo.md §5, an oracle for each, and exactly the 10 malformed ones have an empty oracle', () => {
    expect(samples).toHaveLength(57)
    for (const name of samples) expect(existsSync(new URL(`${CORPUS}/expected/${name}.json`, root)), name).toBe(true)
    const emptyOracle = samples.filter((name) => read(`${CORPUS}/expected/${name}.json`).length === 0)
    expect(emptyOracle).toEqual(MALFORMED)
  })
})

describe.each(parsable)('%s: parseMountinfo agrees with findmnt 2.38.1', (name) => {
  const file = `${CORPUS}/${name}.txt`
  const table = parseMountinfo(readText(file), file)
  const ours = table.entries.map(findmntRow)

  it('parses every non-blank line, strictly, with no warning', () => {
    const lines = readText(file)
      .split('\n')
      .filter((line) => line.replace(/\r$/, '').trim() !== '')
    expect(table.entries).toHaveLength(lines.length)
    expect(table.warnings).toEqual([])
  })

  it('gives the same rows as the findmnt tree (expected/*.json), as multisets keyed by ID+TARGET', () => {
    const oracle = flattenFindmntJson(parseFindmntJson(read(`${CORPUS}/expected/${name}.json`)))
    // Same (ID, TARGET) keys, and for each key the same distinct row(s).
    const oursByKey = countBy(ours, rowKey)
    const oracleByKey = countBy(oracle, rowKey)
    expect([...oracleByKey.keys()].sort()).toEqual([...oursByKey.keys()].sort())
    const oursRows = countBy(ours, json)
    const oracleRows = countBy(oracle, json)
    expect([...oracleRows.keys()].sort()).toEqual([...oursRows.keys()].sort())
    // Multiplicity: findmnt 2.38.1 prints a mount once under EVERY entry that carries its parent
    // ID, so with duplicate mount IDs (the k8s collages) a row may appear more than once in the
    // tree. That is the only excess allowed: a row printed n > (our count) times must have a
    // parent ID carried by at least n entries of the table.
    const carriers = countBy(
      table.entries.filter((entry) => entry.id !== undefined),
      (entry) => String(entry.id),
    )
    for (const [row, count] of oracleRows) {
      const mine = oursRows.get(row) ?? 0
      if (count === mine) continue
      const parent = (JSON.parse(row) as FindmntRow).parent
      expect(count, `findmnt prints ${row} ${count}× (ours ${mine}×)`).toBeGreaterThan(mine)
      expect(carriers.get(String(parent)) ?? 0, `duplicate parent ID explains ${row}`).toBeGreaterThanOrEqual(count)
    }
  })

  it('gives the same rows, in file order, as findmnt -J -l (fixtures/findmnt/*/json-list-cols.txt)', () => {
    const listFile = `${FORMS}/${name}/json-list-cols.txt`
    if (!existsSync(new URL(listFile, root))) return
    expect(ours).toEqual(flattenFindmntJson(parseFindmntJson(read(listFile))))
  })
})

// The k8s collages are the only samples with duplicate IDs: pin what findmnt made of them, so the
// multiplicity rule above is seen to be exercised, not vacuous.
describe('duplicate mount IDs', () => {
  it('k8s-parse-mountinfo: ID 80 twice → findmnt prints its child 189 twice (41 lines, 42 nodes); we keep 41 entries', () => {
    const file = `${CORPUS}/k8s-parse-mountinfo.txt`
    const table = parseMountinfo(readText(file), file)
    expect(table.entries.filter((entry) => entry.id === 80)).toHaveLength(2)
    const oracle = flattenFindmntJson(parseFindmntJson(read(`${CORPUS}/expected/k8s-parse-mountinfo.json`)))
    expect(oracle).toHaveLength(42)
    expect(oracle.filter((row) => row.id === 189)).toHaveLength(2)
    expect(table.entries.filter((entry) => entry.id === 189)).toHaveLength(1)
  })
})

describe('hand-made special.txt (escapes, control bytes, raw 0x92, empty sources, brackets)', () => {
  it('matches findmnt -J -l row for row', () => {
    const file = 'fixtures/mountinfo/special.txt'
    const table = parseMountinfo(readText(file), file)
    const oracle = flattenFindmntJson(parseFindmntJson(read(`${FORMS}/special/json-list-cols.txt`)))
    expect(table.entries.map(findmntRow)).toEqual(oracle)
  })
})

describe.each(MALFORMED)('%s: malformed (findmnt: "parse error at line 1 -- ignored", rc 1)', (name) => {
  const file = `${CORPUS}/${name}.txt`
  const oneLine = new RegExp(`^${file.replace(/[.]/g, '\\.')}:1: [^\\n\\r]+$`)

  it('strict: throws one InputError line naming file and line 1', () => {
    const error = catchError(() => parseMountinfo(readText(file), file))
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toMatch(oneLine)
    expect((error as InputError).exitCode).toBe(2)
  })

  it('lenient: still throws — no line of the file is mountinfo (findmnt exits 1 too)', () => {
    const error = catchError(() => parseMountinfo(readText(file), file, {lenient: true}))
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toMatch(oneLine)
    expect(error.message).toContain('no line of this file is a mountinfo line')
  })

  it('lenient: after a good line, the bad line is skipped with a findmnt-style warning', () => {
    const good = '20 1 8:1 / / rw - ext4 /dev/sda1 rw\n'
    const bad = readText(file).replace(/\n$/, '')
    const table = parseMountinfo(`${good}${bad}\n`, file, {lenient: true})
    expect(table.entries.map((entry: MountEntry) => entry.target)).toEqual(['/'])
    expect(table.warnings).toHaveLength(1)
    expect(table.warnings[0]).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:2: [^\\n\\r]+ -- ignored$`))
    // findmnt's own verdict on this line, captured in the fixtures: "parse error at line 1".
    const stderr = `${FORMS}/${name}/json-list-cols.stderr`
    if (existsSync(new URL(stderr, root))) expect(readText(stderr)).toContain('parse error at line 1 -- ignored')
  })
})

function catchError(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error, none was thrown')
}
