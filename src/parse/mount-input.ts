import type {MountTable} from '../domain/mount.js'
import {parseMountinfo} from './mountinfo.js'

export type FindmntFormat = 'tree' | 'list' | 'raw' | 'pairs' | 'json'

/** Text of a known kind → mount table; findmnt parsers load only when a paste needs them. */
export async function parseMountText(
  text: string,
  source: string,
  kind: 'mountinfo' | 'findmnt',
  options: {findmntFormat?: FindmntFormat; lenient?: boolean} = {},
): Promise<MountTable> {
  if (kind === 'mountinfo') return parseMountinfo(text, source, {lenient: options.lenient})
  const {parseFindmnt} = await import('./findmnt/index.js')
  return parseFindmnt(text, source, {format: options.findmntFormat, lenient: options.lenient})
}
