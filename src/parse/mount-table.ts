import type {MountTable} from '../domain/mount.js'
import {forEachLine, isBlank} from './lines.js'
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
  let first: string | undefined
  forEachLine(text, (line) => {
    if (first === undefined && !isBlank(line) && !line.startsWith('#')) first = line
  })
  return first !== undefined && /^[ \t]*\d+[ \t]+\d+(?:[ \t]|$)/.test(first)
}

/** A mount table pasted or read from a file: mountinfo or any findmnt form, detected. */
export function parseMountTableText(text: string, source: string, options: MountTableTextOptions = {}): MountTable {
  if (options.findmntFormat === undefined && looksLikeMountinfo(text)) {
    return parseMountinfo(text, source, {lenient: options.lenient})
  }
  return parseFindmnt(text, source, {format: options.findmntFormat, lenient: options.lenient})
}
