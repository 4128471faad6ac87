import type {MountTable} from '../../domain/mount.js'
import {inputErrorAt} from '../../errors.js'
import {parseAligned} from './aligned.js'
import type {FindmntParseOptions} from './collect.js'
import {detectFindmntFormat, type FindmntForm} from './detect.js'
import {parseJson} from './json.js'
import {parsePairs} from './pairs.js'
import {parseRaw} from './raw.js'

export {detectFindmntFormat, type FindmntForm} from './detect.js'
export type {FindmntParseOptions} from './collect.js'

export interface ParseFindmntOptions extends FindmntParseOptions {
  /** skip detection: the form the user says the text is in */
  format?: FindmntForm
}

/** One entry point for findmnt output pasted in any form; the table's `format` names the form. */
export function parseFindmnt(text: string, source: string, options: ParseFindmntOptions = {}): MountTable {
  const format = options.format ?? detectFindmntFormat(text)
  if (format === undefined) {
    if (/^[ \t\r\n]*$/.test(text)) return {source, format: 'findmnt-list', entries: [], warnings: []}
    throw inputErrorAt(source, firstContentLine(text), 'not findmnt output: expected a header such as "TARGET SOURCE FSTYPE OPTIONS", KEY="value" pairs or JSON')
  }
  switch (format) {
    case 'tree':
    case 'list':
      return parseAligned(text, source, format, options)
    case 'raw':
      return parseRaw(text, source, options)
    case 'pairs':
      return parsePairs(text, source, options)
    case 'json':
      return parseJson(text, source, options)
  }
}

function firstContentLine(text: string): number {
  let line = 1
  for (const row of text.split('\n')) {
    if (!/^[ \t\r]*$/.test(row)) return line
    line++
  }
  return 1
}
