import type {MountEntry, MountTable} from '../domain/mount.js'
import {inputErrorAt} from '../errors.js'
import {forEachLine, isBlank} from './lines.js'
import {unescapeOctal} from './octal-unescape.js'
import {parsePropagation} from './propagation.js'

export interface ParseOptions {
  /** skip malformed lines with a warning each, as findmnt does, instead of failing */
  lenient?: boolean
}

const MAX_U32 = 4_294_967_295

/**
 * Parses /proc/<pid>/mountinfo text:
 * `ID PARENT MAJ:MIN ROOT TARGET VFS-OPTS [OPTIONAL…] - FSTYPE SOURCE SUPER-OPTS [ignored…]`.
 * Follows libmount: runs of spaces/tabs separate fields, the separator is the first " - " after
 * VFS-OPTS, SOURCE may be empty (two spaces), trailing extra fields are ignored.
 */
export function parseMountinfo(text: string, source: string, options: ParseOptions = {}): MountTable {
  const entries: MountEntry[] = []
  const warnings: string[] = []
  forEachLine(text, (line, lineNumber) => {
    if (isBlank(line) || line.startsWith('#')) return
    const parsed = parseMountinfoLine(line, lineNumber)
    if (typeof parsed !== 'string') {
      entries.push(parsed)
      return
    }
    const error = inputErrorAt(source, lineNumber, parsed)
    if (!options.lenient) throw error
    warnings.push(`${error.message} -- ignored`)
  })
  if (entries.length === 0 && warnings.length > 0) {
    throw inputErrorAt(source, 1, 'no line could be parsed as mountinfo')
  }
  return {source, format: 'mountinfo', entries, warnings}
}

/** One line → entry, or the reason it is malformed. */
export function parseMountinfoLine(line: string, lineNumber: number): MountEntry | string {
  const words: string[] = []
  let pos = 0
  while (words.length < 6) {
    pos = skipSeparators(line, pos)
    if (pos >= line.length) return `expected 6 fields before the " - " separator, found ${words.length}`
    const end = wordEnd(line, pos)
    words.push(line.slice(pos, end))
    pos = end
  }
  const separator = line.indexOf(' - ', pos)
  if (separator === -1) return 'missing the " - " separator before the filesystem type'
  const optionalFields = splitWords(line.slice(pos, separator))
  const [idText, parentText, majMin, root, target, vfsOptions] = words as [string, string, string, string, string, string]
  const id = parseU32(idText)
  if (id === undefined) return `mount ID "${idText}" is not a number`
  const parentId = parseU32(parentText)
  if (parentId === undefined) return `parent ID "${parentText}" is not a number`
  if (!/^\d{1,10}:\d{1,10}$/.test(majMin)) return `"${majMin}" is not a MAJ:MIN device number`

  let rest = separator + 3
  const fsTypeEnd = wordEnd(line, rest)
  const fsType = line.slice(rest, fsTypeEnd)
  if (fsType === '') return 'empty filesystem type after " - "'
  if (fsTypeEnd >= line.length) return 'missing SOURCE and super options after the filesystem type'
  rest = fsTypeEnd + 1
  let mountSource = ''
  if (!isSeparator(line.charCodeAt(rest))) {
    const end = wordEnd(line, rest)
    mountSource = line.slice(rest, end)
    rest = end
  }
  rest = skipSeparators(line, rest)
  const fsOptions = line.slice(rest, wordEnd(line, rest))
  if (fsOptions === '') return 'missing super options after SOURCE'

  return {
    id,
    parentId,
    majMin,
    fsRoot: unescapeOctal(root),
    target: unescapeOctal(target),
    vfsOptions: unescapeOctal(vfsOptions),
    optionalFields,
    fsType: unescapeOctal(fsType),
    source: unescapeOctal(mountSource),
    fsOptions: unescapeOctal(fsOptions),
    propagation: parsePropagation(optionalFields),
    line: lineNumber,
  }
}

function parseU32(text: string): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined
  const value = Number(text)
  return value <= MAX_U32 ? value : undefined
}

function isSeparator(code: number): boolean {
  return code === 32 || code === 9
}

function skipSeparators(line: string, pos: number): number {
  while (pos < line.length && isSeparator(line.charCodeAt(pos))) pos++
  return pos
}

function wordEnd(line: string, pos: number): number {
  while (pos < line.length && !isSeparator(line.charCodeAt(pos))) pos++
  return pos
}

function splitWords(text: string): string[] {
  return text.split(/[ \t]+/).filter((word) => word !== '')
}
