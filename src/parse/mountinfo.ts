import type {MountEntry, MountTable} from '../domain/mount.js'
import {inputErrorAt} from '../errors.js'
import {printable} from '../text/bytes.js'
import {unescapeOctal} from './octal-unescape.js'
import {parsePropagation} from './propagation.js'

export interface ParseOptions {
  /** skip malformed lines with a warning each, as findmnt does, instead of failing */
  lenient?: boolean
}

const MAX_U32 = 4_294_967_295
const SPACE = 32
const TAB = 9
const CR = 13
const HASH = 35
const COLON = 58

/**
 * Parses /proc/<pid>/mountinfo text:
 * `ID PARENT MAJ:MIN ROOT TARGET VFS-OPTS [OPTIONAL…] - FSTYPE SOURCE SUPER-OPTS [ignored…]`.
 * Follows libmount 2.38 (tab_parse.c, mnt_parse_mountinfo_line) field for field: lines end at
 * `\n` (one trailing `\r` dropped), blank lines and lines whose first non-blank is `#` are
 * skipped, runs of spaces/tabs separate fields, the separator is the first " - " after VFS-OPTS,
 * SOURCE is empty iff FSTYPE is followed by exactly two spaces, trailing extra fields are
 * ignored, every `\ooo` escape becomes a byte. Deliberately stricter than libmount on garbage the
 * kernel never prints (signed/`+` IDs, `8:1x` device numbers): those lines are errors.
 *
 * Strict mode throws on the first malformed line; lenient mode skips it with a warning, but a
 * text in which no line parses is still an error (it is not a mountinfo: findmnt exits 1 on it).
 */
export function parseMountinfo(text: string, source: string, options: ParseOptions = {}): MountTable {
  const entries: MountEntry[] = []
  const warnings: string[] = []
  let firstError: {line: number; reason: string} | undefined
  const length = text.length
  let start = 0
  let lineNumber = 0
  while (start < length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = length
    lineNumber++
    const stop = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end
    const line = text.slice(start, stop)
    start = end + 1
    const first = skipSeparators(line, 0)
    if (first >= line.length || line.charCodeAt(first) === HASH) continue
    const parsed = parseMountinfoLine(line, lineNumber)
    if (typeof parsed !== 'string') {
      entries.push(parsed)
      continue
    }
    if (!options.lenient) throw inputErrorAt(source, lineNumber, parsed)
    firstError ??= {line: lineNumber, reason: parsed}
    warnings.push(`${inputErrorAt(source, lineNumber, parsed).message} -- ignored`)
  }
  if (entries.length === 0 && firstError) {
    throw inputErrorAt(source, firstError.line, `${firstError.reason} (no line of this file is a mountinfo line)`)
  }
  return {source, format: 'mountinfo', entries, warnings}
}

/** One line (without its `\n`) → entry, or the reason it is malformed (one line of text). */
export function parseMountinfoLine(line: string, lineNumber: number): MountEntry | string {
  const length = line.length
  // kernels separate fields with single spaces: then the end of a word is one native indexOf
  const wordEnd = line.indexOf('\t') === -1 ? spaceWordEnd : anyWordEnd
  // (1) ID, (2) PARENT
  let pos = skipSeparators(line, 0)
  let end = wordEnd(line, pos)
  const id = parseU32(line, pos, end)
  if (id === undefined) return `mount ID ${quote(line.slice(pos, end))} is not a number`
  pos = skipSeparators(line, end)
  end = wordEnd(line, pos)
  const parentId = parseU32(line, pos, end)
  if (parentId === undefined) {
    return pos >= length ? 'expected a parent ID after the mount ID' : `parent ID ${quote(line.slice(pos, end))} is not a number`
  }
  // (3) MAJ:MIN, kept in the kernel's canonical `%u:%u` spelling
  pos = skipSeparators(line, end)
  end = wordEnd(line, pos)
  const majMin = parseMajMin(line, pos, end)
  if (majMin === undefined) {
    return pos >= length ? 'expected MAJ:MIN after the parent ID' : `${quote(line.slice(pos, end))} is not a MAJ:MIN device number`
  }
  // (4) ROOT, (5) TARGET, (6) VFS-OPTS
  pos = skipSeparators(line, end)
  end = wordEnd(line, pos)
  if (pos === end) return 'expected ROOT, TARGET and mount options after MAJ:MIN'
  const root = line.slice(pos, end)
  pos = skipSeparators(line, end)
  end = wordEnd(line, pos)
  if (pos === end) return 'expected TARGET and mount options after ROOT'
  const target = line.slice(pos, end)
  pos = skipSeparators(line, end)
  end = wordEnd(line, pos)
  if (pos === end) return 'expected mount options after TARGET'
  const vfsOptions = line.slice(pos, end)
  // (7) optional fields up to the first " - "
  const separator = line.indexOf(' - ', end)
  if (separator === -1) return 'missing the " - " separator before the filesystem type'
  const optionalFields = separator > end + 1 ? splitWords(line, end + 1, separator) : []
  // (8) FSTYPE
  pos = skipSeparators(line, separator + 3)
  end = wordEnd(line, pos)
  if (pos === end) return 'missing the filesystem type after " - "'
  const fsType = line.slice(pos, end)
  if (end >= length) return 'missing SOURCE and super options after the filesystem type'
  // (9) SOURCE: empty iff exactly two spaces follow FSTYPE (libmount's test)
  let mountSource = ''
  if (!(line.charCodeAt(end) === SPACE && line.charCodeAt(end + 1) === SPACE)) {
    pos = skipSeparators(line, end)
    end = wordEnd(line, pos)
    if (pos === end) return 'missing SOURCE and super options after the filesystem type'
    mountSource = line.slice(pos, end)
  }
  // (10) SUPER-OPTS; anything after them is ignored
  pos = skipSeparators(line, end)
  end = wordEnd(line, pos)
  if (pos === end) return 'missing super options after SOURCE'
  const fsOptions = line.slice(pos, end)

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

/** Decimal digits only, ≤ 2^32-1 (leading zeros allowed: `007` is 7). */
function parseU32(line: string, start: number, end: number): number | undefined {
  if (start === end) return undefined
  let value = 0
  for (let i = start; i < end; i++) {
    const digit = line.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return undefined
    value = value * 10 + digit
    if (value > MAX_U32) return undefined
  }
  return value
}

/** `MAJ:MIN` → `${maj}:${min}` as the kernel prints it (`08:01` → `8:1`), or undefined. */
function parseMajMin(line: string, start: number, end: number): string | undefined {
  let colon = -1
  for (let i = start; i < end; i++) {
    if (line.charCodeAt(i) === COLON) {
      colon = i
      break
    }
  }
  if (colon === -1) return undefined
  const major = parseU32(line, start, colon)
  const minor = parseU32(line, colon + 1, end)
  if (major === undefined || minor === undefined) return undefined
  const canonical = end - start === String(major).length + String(minor).length + 1
  return canonical ? line.slice(start, end) : `${major}:${minor}`
}

function isSeparator(code: number): boolean {
  return code === SPACE || code === TAB
}

function skipSeparators(line: string, pos: number): number {
  const length = line.length
  while (pos < length && isSeparator(line.charCodeAt(pos))) pos++
  return pos
}

function anyWordEnd(line: string, pos: number): number {
  const length = line.length
  while (pos < length && !isSeparator(line.charCodeAt(pos))) pos++
  return pos
}

function spaceWordEnd(line: string, pos: number): number {
  const space = line.indexOf(' ', pos)
  return space === -1 ? line.length : space
}

function splitWords(line: string, start: number, end: number): string[] {
  const words: string[] = []
  let pos = start
  while (pos < end) {
    while (pos < end && isSeparator(line.charCodeAt(pos))) pos++
    if (pos >= end) break
    let stop = pos
    while (stop < end && !isSeparator(line.charCodeAt(stop))) stop++
    words.push(line.slice(pos, stop))
    pos = stop
  }
  return words
}

/** A field quoted for an error message: printable, and short. */
function quote(field: string): string {
  const shown = field.length > 64 ? `${field.slice(0, 61)}...` : field
  return `"${printable(shown)}"`
}

