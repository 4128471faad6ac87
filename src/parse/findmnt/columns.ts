import type {MountEntry} from '../../domain/mount.js'
import {parsePropagationLabel} from './propagation-label.js'
import {show} from './show.js'
import {splitSourceRoot, stripKnownRoot} from './source-root.js'

/** A findmnt row as column name (upper case, as in the header) → decoded value. */
export type Cells = ReadonlyMap<string, string>

// Column names as findmnt prints them in a header or -P key; -J keys are these in lower case.
const NAME = /^[A-Z][A-Z0-9_%:.-]*$/

export function isColumnName(word: string): boolean {
  return NAME.test(word)
}

// Columns whose value is never empty in findmnt output: an empty one means a broken row.
const NEVER_EMPTY = ['TARGET', 'FSTYPE', 'OPTIONS', 'VFS-OPTIONS', 'FS-OPTIONS', 'FSROOT', 'PROPAGATION']

export function neverEmpty(name: string): boolean {
  return NEVER_EMPTY.includes(name)
}

/**
 * Cells → entry, or the reason the row is wrong. findmnt prints 0 as empty for ID, PARENT and
 * MAJ:MIN (JSON `null`), so an empty cell there means 0, as parseMountinfo would read it.
 */
export function entryFromCells(given: Cells, line: number): MountEntry | string {
  const cells = canonical(given)
  const target = cells.get('TARGET')
  if (target === undefined) return 'no TARGET column'
  for (const name of NEVER_EMPTY) if (cells.get(name) === '') return `empty ${name}`
  const entry: MountEntry = {target, line}

  const id = cells.get('ID')
  if (id !== undefined) {
    const value = parseCount(id)
    if (value === undefined) return `ID ${show(id)} is not a number`
    entry.id = value
  }
  const parent = cells.get('PARENT')
  if (parent !== undefined) {
    const value = parseCount(parent)
    if (value === undefined) return `PARENT ${show(parent)} is not a number`
    entry.parentId = value
  }
  const majMin = cells.get('MAJ:MIN')
  if (majMin !== undefined) {
    const compact = majMin.replace(/ /g, '')
    if (compact === '') entry.majMin = '0:0'
    else if (/^\d{1,10}:\d{1,10}$/.test(compact)) entry.majMin = compact
    else return `MAJ:MIN ${show(majMin)} is not a device number`
  }

  const fsRoot = cells.get('FSROOT')
  const source = cells.get('SOURCE')
  if (fsRoot !== undefined) entry.fsRoot = fsRoot
  if (source !== undefined) {
    if (fsRoot !== undefined) {
      entry.source = stripKnownRoot(source, fsRoot)
    } else {
      const split = splitSourceRoot(source)
      entry.source = split.source
      entry.fsRoot = split.fsRoot
    }
  }

  const fsType = cells.get('FSTYPE')
  if (fsType !== undefined) entry.fsType = fsType
  const options = cells.get('OPTIONS')
  if (options !== undefined) entry.options = options
  const vfsOptions = cells.get('VFS-OPTIONS')
  if (vfsOptions !== undefined) entry.vfsOptions = vfsOptions
  const fsOptions = cells.get('FS-OPTIONS')
  if (fsOptions !== undefined) entry.fsOptions = fsOptions
  const propagation = cells.get('PROPAGATION')
  if (propagation !== undefined) {
    const parsed = parsePropagationLabel(propagation)
    if (typeof parsed === 'string') return parsed
    entry.propagation = parsed
  }
  return entry
}

function parseCount(text: string): number | undefined {
  if (text === '') return 0
  if (!/^\d{1,10}$/.test(text)) return undefined
  const value = Number(text)
  return value <= 4_294_967_295 ? value : undefined
}

// Newer util-linux may print -P keys as shell variables (`MAJ_MIN`, `FS_OPTIONS`): same columns.
function canonical(cells: Cells): Cells {
  let out: Map<string, string> | undefined
  for (const [name, value] of cells) {
    if (!name.includes('_')) continue
    const alias = name === 'MAJ_MIN' ? 'MAJ:MIN' : name.replace(/_/g, '-')
    if (cells.has(alias)) continue
    out ??= new Map(cells)
    out.set(alias, value)
  }
  return out ?? cells
}
