import type {MountTable} from '../../domain/mount.js'
import {inputErrorAt} from '../../errors.js'
import {forEachLine, isBlank} from '../lines.js'
import {TableBuilder, type FindmntParseOptions} from './collect.js'
import {entryFromCells, isColumnName, neverEmpty} from './columns.js'
import {codePointWidth} from './display-width.js'
import {show} from './show.js'
import {stripTreePrefix} from './tree-prefix.js'
import {unescapeHex} from './unescape-hex.js'

// findmnt columns printed right-aligned (libsmartcols SCOLS_FL_RIGHT), header included.
const RIGHT_ALIGNED = new Set(['ID', 'PARENT', 'TID', 'SIZE', 'AVAIL', 'USED', 'USE%', 'FSSIZE', 'FSAVAIL', 'FSUSED', 'FSUSE%', 'FREQ', 'PASSNO'])

interface HeaderColumn {
  name: string
  /** display columns of the header word: [start, end) */
  start: number
  end: number
  right: boolean
}

/** A line as code points with the display column each starts at. */
interface Laid {
  chars: string[]
  starts: number[]
  width: number
}

/**
 * Parses the aligned forms — the default tree and `-l` — by the header's column positions:
 * tree and -l print spaces inside values raw, so splitting on spaces would be wrong.
 * Trailing spaces of a value cannot be told from padding and are lost.
 */
export function parseAligned(text: string, source: string, form: 'tree' | 'list', options: FindmntParseOptions = {}): MountTable {
  const table = new TableBuilder(source, form === 'tree' ? 'findmnt-tree' : 'findmnt-list', options)
  let header: HeaderColumn[] | undefined
  forEachLine(text, (line, lineNumber) => {
    if (isBlank(line)) return
    if (!header) {
      header = parseHeader(line, source, lineNumber)
      return
    }
    const cells = splitRow(layOut(line), header)
    if (typeof cells === 'string') return table.reject(lineNumber, cells)
    const named = new Map<string, string>()
    header.forEach((column, i) => {
      let value = cells[i]!
      if (column.name === 'TARGET' && form === 'tree') value = stripTreePrefix(value).target
      named.set(column.name, unescapeHex(value))
    })
    table.add(entryFromCells(named, lineNumber), lineNumber)
  })
  return table.finish()
}

/** The header line: column names and where each sits. Not recoverable under --lenient. */
export function parseHeader(line: string, source: string, lineNumber: number): HeaderColumn[] {
  const laid = layOut(line)
  const columns: HeaderColumn[] = []
  let i = 0
  while (i < laid.chars.length) {
    if (laid.chars[i] === ' ') {
      i++
      continue
    }
    const first = i
    while (i < laid.chars.length && laid.chars[i] !== ' ') i++
    const name = laid.chars.slice(first, i).join('')
    if (!isColumnName(name)) throw inputErrorAt(source, lineNumber, `${show(name)} is not a findmnt column name: expected a header such as "TARGET SOURCE FSTYPE OPTIONS"`)
    if (columns.some((column) => column.name === name)) throw inputErrorAt(source, lineNumber, `column ${name} appears twice in the header`)
    columns.push({name, start: laid.starts[first]!, end: laid.starts[i - 1]! + codePointWidth(laid.chars[i - 1]!.codePointAt(0)!), right: RIGHT_ALIGNED.has(name)})
  }
  if (!columns.some((column) => column.name === 'TARGET')) throw inputErrorAt(source, lineNumber, 'the header has no TARGET column')
  return columns
}

function layOut(line: string): Laid {
  const chars = Array.from(line)
  const starts = new Array<number>(chars.length)
  let col = 0
  for (let i = 0; i < chars.length; i++) {
    starts[i] = col
    col += codePointWidth(chars[i]!.codePointAt(0)!)
  }
  return {chars, starts, width: col}
}

// First char index whose display column is ≥ col.
function indexAt(laid: Laid, col: number): number {
  let lo = 0
  let hi = laid.chars.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (laid.starts[mid]! < col) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Cuts a row at the header's column boundaries, or says why it does not line up. */
function splitRow(laid: Laid, header: HeaderColumn[]): string[] | string {
  const bounds: number[] = [0]
  for (let c = 1; c < header.length; c++) {
    const column = header[c]!
    const before = header[c - 1]!
    let start: number
    if (!column.right) start = column.start
    else if (before.right) start = before.end + 1
    else start = tokenStart(laid, column.end)
    if (start <= bounds[c - 1]!) return `row does not line up with the header at column ${column.name}`
    bounds.push(start)
  }
  const cells: string[] = []
  for (let c = 0; c < header.length; c++) {
    if (laid.width <= bounds[c]! && neverEmpty(header[c]!.name)) {
      return `row ends before column ${header[c]!.name}: fewer columns than the header`
    }
    const from = indexAt(laid, bounds[c]!)
    const last = c + 1 === header.length
    const to = last ? laid.chars.length : indexAt(laid, bounds[c + 1]! - 1)
    if (!last && to < laid.chars.length) {
      if (laid.chars[to] !== ' ' || laid.starts[to] !== bounds[c + 1]! - 1) {
        return `row does not line up with the header: ${header[c]!.name} runs into ${header[c + 1]!.name}`
      }
    }
    if (from < laid.chars.length && laid.starts[from] !== bounds[c] && from < to) {
      return `row does not line up with the header at column ${header[c]!.name}`
    }
    const raw = laid.chars.slice(from, Math.max(from, to)).join('')
    cells.push(header[c]!.right ? raw.replace(/^ +| +$/g, '') : raw.replace(/ +$/, ''))
  }
  return cells
}

// Display column where the space-free value ending at `end` starts (right-aligned cells);
// `end` itself when that value is empty.
function tokenStart(laid: Laid, end: number): number {
  if (laid.width < end) return end
  let i = indexAt(laid, end) - 1
  if (i < 0 || laid.chars[i] === ' ') return end
  while (i > 0 && laid.chars[i - 1] !== ' ') i--
  return laid.starts[i]!
}
