import type {MountTable} from '../../domain/mount.js'
import {inputErrorAt} from '../../errors.js'
import {forEachLine, isBlank} from '../lines.js'
import {TableBuilder, type FindmntParseOptions} from './collect.js'
import {entryFromCells, isColumnName} from './columns.js'
import {show} from './show.js'
import {unescapeHex} from './unescape-hex.js'

/**
 * Parses `findmnt -r`: a header, then one row per mount with values separated by exactly one
 * space (spaces inside values are `\x20`), an empty value being an empty field.
 */
export function parseRaw(text: string, source: string, options: FindmntParseOptions = {}): MountTable {
  const table = new TableBuilder(source, 'findmnt-raw', options)
  let header: string[] | undefined
  forEachLine(text, (line, lineNumber) => {
    if (isBlank(line)) return
    if (!header) {
      header = parseRawHeader(line, source, lineNumber)
      return
    }
    const fields = line.split(' ')
    if (fields.length !== header.length) {
      return table.reject(lineNumber, `expected ${header.length} space-separated fields as in the header, found ${fields.length}`)
    }
    const cells = new Map<string, string>()
    header.forEach((name, i) => cells.set(name, unescapeHex(fields[i]!)))
    table.add(entryFromCells(cells, lineNumber), lineNumber)
  })
  return table.finish()
}

function parseRawHeader(line: string, source: string, lineNumber: number): string[] {
  const names = line.split(' ')
  for (const name of names) {
    if (!isColumnName(name)) throw inputErrorAt(source, lineNumber, `${show(name)} is not a findmnt column name: expected a header such as "TARGET SOURCE FSTYPE OPTIONS"`)
  }
  if (new Set(names).size !== names.length) throw inputErrorAt(source, lineNumber, 'a column appears twice in the header')
  if (!names.includes('TARGET')) throw inputErrorAt(source, lineNumber, 'the header has no TARGET column')
  return names
}
