import type {MountTable} from '../../domain/mount.js'
import {forEachLine, isBlank} from '../lines.js'
import {TableBuilder, type FindmntParseOptions} from './collect.js'
import {entryFromCells} from './columns.js'
import {show} from './show.js'
import {unescapeHex} from './unescape-hex.js'

// One `KEY="value"` pair; findmnt escapes `"` inside values as \x22, so a value ends at the next quote.
const PAIR = /([A-Z][A-Z0-9_%:.-]*)="([^"]*)"/y

/** Parses `findmnt -P`: one line per mount of `KEY="value"` pairs separated by one space. */
export function parsePairs(text: string, source: string, options: FindmntParseOptions = {}): MountTable {
  const table = new TableBuilder(source, 'findmnt-pairs', options)
  forEachLine(text, (line, lineNumber) => {
    if (isBlank(line)) return
    const cells = parsePairLine(line)
    if (typeof cells === 'string') return table.reject(lineNumber, cells)
    table.add(entryFromCells(cells, lineNumber), lineNumber)
  })
  return table.finish()
}

/** One -P line → key → decoded value; unknown keys are kept (and later ignored). */
export function parsePairLine(line: string): Map<string, string> | string {
  const cells = new Map<string, string>()
  let pos = 0
  while (pos < line.length) {
    if (pos > 0) {
      if (line[pos] !== ' ') return `expected a space before ${show(line.slice(pos, pos + 20))} at column ${pos + 1}`
      pos++
    }
    PAIR.lastIndex = pos
    const match = PAIR.exec(line)
    if (!match) return `expected KEY="value" at column ${pos + 1}, found ${show(line.slice(pos, pos + 20))}`
    const key = match[1]!
    if (cells.has(key)) return `key ${key} appears twice`
    cells.set(key, unescapeHex(match[2]!))
    pos = PAIR.lastIndex
  }
  return cells
}
