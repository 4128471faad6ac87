import {forEachLine, isBlank} from '../lines.js'
import {hasTreeGlyph} from './tree-prefix.js'

export type FindmntForm = 'tree' | 'list' | 'raw' | 'pairs' | 'json'

const SAMPLE_LINES = 200

/**
 * Guesses which findmnt form a text is: JSON starts with `{`, -P with `KEY="`, the rest have a
 * header; tree glyphs mean the tree; rows that split on single spaces into exactly the header's
 * fields mean -r (an -l table that does so reads the same either way); otherwise -l.
 * Undefined when the text is none of them (no header line).
 */
export function detectFindmntFormat(text: string): FindmntForm | undefined {
  const lines: string[] = []
  forEachLine(text, (line) => {
    if (lines.length < SAMPLE_LINES && !isBlank(line)) lines.push(line)
  })
  const first = lines[0]
  if (first === undefined) return undefined
  if (/^\s*[{[]/.test(first)) return 'json'
  if (/^[A-Z][A-Z0-9_%:.-]*="/.test(first)) return 'pairs'
  const words = first.trim().split(/ +/)
  if (!words.every((word) => /^[A-Z][A-Z0-9_%:.-]*$/.test(word)) || !words.includes('TARGET')) return undefined
  const rows = lines.slice(1)
  if (rows.some(hasTreeGlyph)) return 'tree'
  if (first.startsWith(' ') || first.includes('  ')) return 'list'
  return rows.every((row) => row.split(' ').length === words.length) ? 'raw' : 'list'
}
