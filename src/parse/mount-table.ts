import type {MountTable} from '../domain/mount.js'
import {isBlank} from './lines.js'
import {parseFindmnt} from './findmnt/index.js'
import type {FindmntForm} from './findmnt/detect.js'
import {parseMountinfo} from './mountinfo.js'

export interface MountTableTextOptions {
  /** the findmnt form, when the user named it (skips detection of the form, not of findmnt) */
  findmntFormat?: FindmntForm
  lenient?: boolean
}

/** True when the text is /proc/<pid>/mountinfo: its first non-blank line starts with two integers (as libmount guesses). */
export function looksLikeMountinfo(text: string): boolean {
  // only the first non-blank, non-# line matters: stop there instead of splitting the whole text
  let start = 0
  while (start < text.length) {
    const end = text.indexOf('\n', start)
    const line = text.slice(start, end === -1 ? text.length : end).replace(/\r$/, '')
    if (!isBlank(line) && !line.startsWith('#')) return /^[ \t]*\d+[ \t]+\d+(?:[ \t]|$)/.test(line)
    if (end === -1) break
    start = end + 1
  }
  return false
}

/** A mount table pasted or read from a file: mountinfo or any findmnt form, detected. */
export function parseMountTableText(text: string, source: string, options: MountTableTextOptions = {}): MountTable {
  if (options.findmntFormat === undefined && looksLikeMountinfo(text)) {
    return parseMountinfo(text, source, {lenient: options.lenient})
  }
  return parseFindmnt(text, source, {format: options.findmntFormat, lenient: options.lenient})
}
