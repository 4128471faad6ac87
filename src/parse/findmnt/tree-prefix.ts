// In the tree form the TARGET cell starts with the tree drawing: per ancestor `│ ` or two
// spaces, then `├─`/`└─` (`| `, `|-`, `` `- `` with --ascii or in the C locale); roots have none.
const PREFIX = /^(?:│ |\| | {2})*(?:├─|└─|\|-|`-)/

/** The target without its tree glyphs, and the depth they show (0 for a root). */
export function stripTreePrefix(cell: string): {target: string; depth: number} {
  const match = PREFIX.exec(cell)
  if (!match) return {target: cell, depth: 0}
  return {target: cell.slice(match[0].length), depth: match[0].length / 2}
}

/** True when a line holds a tree branch glyph right before a path. */
export function hasTreeGlyph(line: string): boolean {
  return /(?:^| )(?:│ |\| | {2})*(?:├─|└─|\|-|`-)\//.test(line)
}
