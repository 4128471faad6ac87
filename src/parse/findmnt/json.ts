import type {MountTable} from '../../domain/mount.js'
import {inputErrorAt} from '../../errors.js'
import {TableBuilder, type FindmntParseOptions} from './collect.js'
import {entryFromCells} from './columns.js'
import {JsonSyntaxError, readJson, type JsonObject, type JsonValue} from './json-reader.js'
import {show} from './show.js'

/**
 * Parses `findmnt -J` (a tree: `children` arrays, read depth-first as findmnt prints it) and
 * `findmnt -J -l` (flat). Keys are lower-case column names; `null` is an empty value; strings
 * use JSON escapes only (no `\xNN`). A JSON syntax error is fatal even under --lenient.
 */
export function parseJson(text: string, source: string, options: FindmntParseOptions = {}): MountTable {
  const table = new TableBuilder(source, 'findmnt-json', options)
  let document: JsonValue
  try {
    document = readJson(text)
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw inputErrorAt(source, error.line, `bad JSON: ${error.message}`)
    throw error
  }
  if (!isObject(document)) throw inputErrorAt(source, 1, 'expected findmnt -J output: a JSON object with a "filesystems" array')
  const filesystems = document.members.get('filesystems')
  if (!Array.isArray(filesystems)) throw inputErrorAt(source, document.line, 'expected findmnt -J output: no "filesystems" array')
  visit(filesystems, table, document.line)
  return table.finish()
}

function visit(items: JsonValue[], table: TableBuilder, parentLine: number): void {
  for (const item of items) {
    if (!isObject(item)) {
      table.reject(parentLine, 'each filesystem must be a JSON object')
      continue
    }
    const cells = cellsOf(item)
    if (typeof cells === 'string') table.reject(item.line, cells)
    else table.add(entryFromCells(cells, item.line), item.line)
    const children = item.members.get('children')
    if (children === undefined) continue
    if (Array.isArray(children)) visit(children, table, item.line)
    else table.reject(item.line, '"children" must be an array')
  }
}

// Object members → upper-case column cells; other keys are kept only when they are scalars.
function cellsOf(item: JsonObject): Map<string, string> | string {
  const cells = new Map<string, string>()
  for (const [key, value] of item.members) {
    if (key === 'children') continue
    if (value === null) cells.set(key.toUpperCase(), '')
    else if (typeof value === 'string') cells.set(key.toUpperCase(), value)
    else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) cells.set(key.toUpperCase(), String(value))
    else if (typeof value === 'number' || typeof value === 'boolean') cells.set(key.toUpperCase(), String(value))
    else return `key ${show(key)} must hold a string, number or null`
  }
  return cells
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
