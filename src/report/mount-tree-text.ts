import type {MountTree} from '../model/mount-tree.js'
import {printable} from '../text/bytes.js'
import type {Style} from '../ui/style.js'

/**
 * The mount tree as findmnt draws it (children by ascending ID), with marks after the mounts
 * holding the given paths. Linear in the table: every node is visited once, prefixes are built
 * incrementally (findmnt's own tree walk rescans the table per child).
 */
export function renderMountTree(tree: MountTree, marks: ReadonlyMap<number, string[]>, style: Style): string {
  const entries = tree.table.entries
  const out: string[] = []
  const byId = (a: number, b: number) => (entries[a]!.id ?? 0) - (entries[b]!.id ?? 0) || a - b
  const ascii = style.glyph.ok === 'ok'
  const [branch, last, pipe] = ascii ? ['|-', '`-', '| '] : ['├─', '└─', '│ ']
  const stack: {index: number; prefix: string; connector: string}[] = []
  for (let r = tree.roots.length - 1; r >= 0; r--) stack.push({index: tree.roots[r]!, prefix: '', connector: ''})
  while (stack.length > 0) {
    const {index, prefix, connector} = stack.pop()!
    const entry = entries[index]!
    const source = entry.source ? `${entry.source}${entry.fsRoot && entry.fsRoot !== '/' ? `[${entry.fsRoot}]` : ''}` : ''
    const mark = marks.get(index)
    const shadow = tree.shadowed.has(index) ? style.color.dim(' (shadowed)') : ''
    const label = mark ? ` ${style.color.cyan(`${style.glyph.arrow} ${mark.join(', ')}`)}` : ''
    out.push(`${prefix}${connector}${printable(entry.target)} ${printable(source)} ${entry.fsType ?? ''} ${entry.vfsOptions ?? entry.options ?? ''}${shadow}${label}`)
    const kids = [...(tree.children.get(index) ?? [])].sort(byId)
    const childPrefix = connector === '' ? prefix : prefix + (connector === last ? '  ' : pipe)
    for (let k = kids.length - 1; k >= 0; k--) {
      stack.push({index: kids[k]!, prefix: childPrefix, connector: k === kids.length - 1 ? last : branch})
    }
  }
  return out.join('\n')
}
