import type {MountEntry, MountTable, Propagation} from '../domain/mount.js'
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
 *
 * Speed (100,000-line tables, bench/README.md): fields are read straight from `text` by index, no
 * line is sliced out; values that repeat from line to line (options, types, sources, MAJ:MIN,
 * optional fields) are shared strings, and entries without optional fields share one frozen empty
 * array and one frozen propagation. Entries are never mutated after parsing: do not mutate those.
 */
export function parseMountinfo(text: string, source: string, options: ParseOptions = {}): MountTable {
  const entries: MountEntry[] = []
  const warnings: string[] = []
  let firstError: {line: number; reason: string} | undefined
  const length = text.length
  const scan = new Scanner(text)
  let start = 0
  let lineNumber = 0
  while (start < length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = length
    lineNumber++
    const stop = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end
    const lineStart = start
    start = end + 1
    const first = skipSeparators(text, lineStart, stop)
    if (first >= stop || text.charCodeAt(first) === HASH) continue
    const parsed = scan.line(lineStart, stop, lineNumber)
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
  return new Scanner(line).line(0, line.length, lineNumber)
}

const NO_FIELDS: string[] = Object.freeze([]) as unknown as string[]
const NO_PROPAGATION: Propagation = Object.freeze({unbindable: false, unknown: NO_FIELDS}) as Propagation
const CACHE_SLOTS = 64

/** A word seen before (same length, same characters): its string, shared. */
class Interner {
  private readonly slots: (string | undefined)[] = new Array(CACHE_SLOTS)
  take(text: string, pos: number, end: number): string {
    const length = end - pos
    if (length > 256) return text.slice(pos, end)
    const slot = (length * 31 + text.charCodeAt(pos) * 7 + text.charCodeAt(end - 1)) & (CACHE_SLOTS - 1)
    const seen = this.slots[slot]
    if (seen !== undefined && seen.length === length && text.startsWith(seen, pos)) return seen
    const word = text.slice(pos, end)
    this.slots[slot] = word
    return word
  }
}

/** The optional fields of one line and what they mean, shared with the previous lines that had the same text. */
interface OptionalFields {
  raw: string
  fields: string[]
  propagation: Propagation
}

/**
 * Reads lines of one text by index. The cursors (`nextSpace`, `nextTab`, `nextDash`) only move
 * forward, so looking for the next space, tab or " - " costs linear time over the whole text,
 * even when a malformed line lacks them.
 */
class Scanner {
  // -1: not looked for yet; `none` (past the end, a small integer unlike Infinity): there is none
  private nextSpace = -1
  private nextTab = -1
  private nextDash = -1
  private readonly none: number
  private readonly majMins = new Interner()
  private readonly vfsOptions = new Interner()
  private readonly fsTypes = new Interner()
  private readonly sources = new Interner()
  private readonly fsOptions = new Interner()
  private readonly optional: (OptionalFields | undefined)[] = new Array(CACHE_SLOTS)

  constructor(private readonly text: string) {
    this.none = text.length + 1
  }

  private stop = 0
  private tabs = false

  /** End of the word at `pos` on the current line. Kernels separate fields with single spaces:
   *  then that is one native indexOf (amortised by the cursor). */
  private wordEnd(pos: number): number {
    const stop = this.stop
    if (this.tabs) return anyWordEnd(this.text, pos, stop)
    const space = this.spaceFrom(pos)
    return space < stop ? space : stop
  }

  private spaceFrom(pos: number): number {
    if (this.nextSpace < pos) {
      const found = this.text.indexOf(' ', pos)
      this.nextSpace = found === -1 ? this.none : found
    }
    return this.nextSpace
  }

  private hasTab(start: number, stop: number): boolean {
    if (this.nextTab < start) {
      const found = this.text.indexOf('\t', start)
      this.nextTab = found === -1 ? this.none : found
    }
    return this.nextTab < stop
  }

  private separatorFrom(pos: number, stop: number): number {
    if (this.nextDash < pos) {
      const found = this.text.indexOf(' - ', pos)
      this.nextDash = found === -1 ? this.none : found
    }
    // " - " must lie wholly inside the line
    return this.nextDash + 3 <= stop ? this.nextDash : -1
  }

  line(lineStart: number, stop: number, lineNumber: number): MountEntry | string {
    const line = this.text
    this.stop = stop
    this.tabs = this.hasTab(lineStart, stop)
    // (1) ID, (2) PARENT
    let pos = skipSeparators(line, lineStart, stop)
    let end = this.wordEnd(pos)
    const id = parseU32(line, pos, end)
    if (id === undefined) return `mount ID ${quote(line.slice(pos, end))} is not a number`
    pos = skipSeparators(line, end, stop)
    end = this.wordEnd(pos)
    const parentId = parseU32(line, pos, end)
    if (parentId === undefined) {
      return pos >= stop ? 'expected a parent ID after the mount ID' : `parent ID ${quote(line.slice(pos, end))} is not a number`
    }
    // (3) MAJ:MIN, kept in the kernel's canonical `%u:%u` spelling
    pos = skipSeparators(line, end, stop)
    end = this.wordEnd(pos)
    const majMin = this.majMin(pos, end)
    if (majMin === undefined) {
      return pos >= stop ? 'expected MAJ:MIN after the parent ID' : `${quote(line.slice(pos, end))} is not a MAJ:MIN device number`
    }
    // (4) ROOT, (5) TARGET, (6) VFS-OPTS
    pos = skipSeparators(line, end, stop)
    end = this.wordEnd(pos)
    if (pos === end) return 'expected ROOT, TARGET and mount options after MAJ:MIN'
    const root = end - pos === 1 ? line.charAt(pos) : line.slice(pos, end)
    pos = skipSeparators(line, end, stop)
    end = this.wordEnd(pos)
    if (pos === end) return 'expected TARGET and mount options after ROOT'
    const target = line.slice(pos, end)
    pos = skipSeparators(line, end, stop)
    end = this.wordEnd(pos)
    if (pos === end) return 'expected mount options after TARGET'
    const vfsOptions = this.vfsOptions.take(line, pos, end)
    // (7) optional fields up to the first " - "
    const separator = this.separatorFrom(end, stop)
    if (separator === -1) return 'missing the " - " separator before the filesystem type'
    const optional = separator > end + 1 ? this.optionalFields(end + 1, separator) : undefined
    // (8) FSTYPE
    pos = skipSeparators(line, separator + 3, stop)
    end = this.wordEnd(pos)
    if (pos === end) return 'missing the filesystem type after " - "'
    const fsType = this.fsTypes.take(line, pos, end)
    if (end >= stop) return 'missing SOURCE and super options after the filesystem type'
    // (9) SOURCE: empty iff exactly two spaces follow FSTYPE (libmount's test)
    let mountSource = ''
    if (!(line.charCodeAt(end) === SPACE && end + 1 < stop && line.charCodeAt(end + 1) === SPACE)) {
      pos = skipSeparators(line, end, stop)
      end = this.wordEnd(pos)
      if (pos === end) return 'missing SOURCE and super options after the filesystem type'
      mountSource = this.sources.take(line, pos, end)
    }
    // (10) SUPER-OPTS; anything after them is ignored
    pos = skipSeparators(line, end, stop)
    end = this.wordEnd(pos)
    if (pos === end) return 'missing super options after SOURCE'
    const fsOptions = this.fsOptions.take(line, pos, end)

    return {
      id,
      parentId,
      majMin,
      fsRoot: unescapeOctal(root),
      target: unescapeOctal(target),
      vfsOptions: unescapeOctal(vfsOptions),
      optionalFields: optional === undefined ? NO_FIELDS : optional.fields,
      fsType: unescapeOctal(fsType),
      source: unescapeOctal(mountSource),
      fsOptions: unescapeOctal(fsOptions),
      propagation: optional === undefined ? NO_PROPAGATION : optional.propagation,
      line: lineNumber,
    }
  }

  /** `MAJ:MIN` → `${maj}:${min}` as the kernel prints it (`08:01` → `8:1`), or undefined. */
  private majMin(start: number, end: number): string | undefined {
    const line = this.text
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
    return canonical ? this.majMins.take(line, start, end) : `${major}:${minor}`
  }

  /** Optional fields between `start` and the separator; the same text as a recent line shares its result. */
  private optionalFields(start: number, end: number): OptionalFields | undefined {
    const line = this.text
    while (end > start && isSeparator(line.charCodeAt(end - 1))) end--
    while (start < end && isSeparator(line.charCodeAt(start))) start++
    if (start >= end) return undefined
    const length = end - start
    const slot = (length * 31 + line.charCodeAt(start) * 7 + line.charCodeAt(end - 1)) & (CACHE_SLOTS - 1)
    const seen = this.optional[slot]
    if (seen !== undefined && seen.raw.length === length && line.startsWith(seen.raw, start)) {
      // shared from now on: frozen, so that no entry can change another's (unique ones stay as built)
      if (!Object.isFrozen(seen.propagation)) {
        Object.freeze(seen.fields)
        Object.freeze(seen.propagation)
      }
      return seen
    }
    const raw = line.slice(start, end)
    let result: OptionalFields
    const group = oneGroup(line, start, end)
    if (group !== undefined) {
      // the usual line: one `shared:N` or `master:N`, read without splitting
      const propagation: Propagation = {unbindable: false, unknown: NO_FIELDS}
      if (line.charCodeAt(start) === S_LOWER) propagation.shared = group
      else propagation.master = group
      result = {raw, fields: [raw], propagation}
    } else {
      const fields = splitWords(line, start, end)
      const propagation = parsePropagation(fields)
      if (propagation.unknown.length === 0) propagation.unknown = NO_FIELDS
      result = {raw, fields, propagation}
    }
    this.optional[slot] = result
    return result
  }
}

const S_LOWER = 115

/** `shared:N` or `master:N` alone, N plain decimal digits (what parsePropagation reads the same way) → N. */
function oneGroup(line: string, start: number, end: number): number | undefined {
  if (end - start < 8 || end - start > 22) return undefined
  if (!(line.startsWith('shared:', start) || line.startsWith('master:', start))) return undefined
  let value = 0
  for (let i = start + 7; i < end; i++) {
    const digit = line.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) return undefined
    value = value * 10 + digit
  }
  return Number.isSafeInteger(value) ? value : undefined
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

function isSeparator(code: number): boolean {
  return code === SPACE || code === TAB
}

function skipSeparators(line: string, pos: number, stop: number): number {
  while (pos < stop && isSeparator(line.charCodeAt(pos))) pos++
  return pos
}

function anyWordEnd(line: string, pos: number, stop: number): number {
  while (pos < stop && !isSeparator(line.charCodeAt(pos))) pos++
  return pos
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

