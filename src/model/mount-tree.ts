import type {MountEntry, MountTable} from '../domain/mount.js'

/** A mount table seen as the kernel's tree, built once in time linear in the table. */
export interface MountTree {
  table: MountTable
  /** entries with an ID, by ID; a duplicate ID keeps the first and is listed in duplicateIds */
  byId: Map<number, MountEntry>
  duplicateIds: number[]
  /** children by parent entry index, in file order */
  children: Map<number, number[]>
  /** indexes of entries whose parent is not in the table (container and chroot views), file order */
  roots: number[]
  /** indexes of entries hidden by a later mount on the same target (or inside a hidden mount) */
  shadowed: Set<number>
  /** for each target, the index of the entry visible there */
  visibleByTarget: Map<string, number>
  /** (MAJ:MIN, fs root) → number of targets it is mounted on: >1 means bind mounts */
  mountsOfSameRoot: Map<string, number>
}

export function buildMountTree(table: MountTable): MountTree {
  const {entries} = table
  const byId = new Map<number, MountEntry>()
  const indexById = new Map<number, number>()
  const duplicateIds: number[] = []
  entries.forEach((entry, index) => {
    if (entry.id === undefined) return
    if (indexById.has(entry.id)) duplicateIds.push(entry.id)
    else {
      byId.set(entry.id, entry)
      indexById.set(entry.id, index)
    }
  })

  const children = new Map<number, number[]>()
  const roots: number[] = []
  const parentIndex: (number | undefined)[] = entries.map((entry, index) => {
    const parent = entry.parentId === undefined ? undefined : indexById.get(entry.parentId)
    if (parent === undefined || parent === index) {
      roots.push(index)
      return undefined
    }
    const list = children.get(parent)
    if (list) list.push(index)
    else children.set(parent, [index])
    return parent
  })

  const order = treeOrder(entries.length, roots, children)
  const shadowed = findShadowed(entries, order, parentIndex, children)
  const visibleByTarget = new Map<string, number>()
  entries.forEach((entry, index) => {
    if (!shadowed.has(index)) visibleByTarget.set(entry.target, index)
  })

  const mountsOfSameRoot = new Map<string, number>()
  for (const entry of entries) {
    if (entry.majMin === undefined) continue
    const key = rootKey(entry)
    mountsOfSameRoot.set(key, (mountsOfSameRoot.get(key) ?? 0) + 1)
  }

  return {table, byId, duplicateIds, children, roots, shadowed, visibleByTarget, mountsOfSameRoot}
}

// Parents before children; entries in a parent cycle (malformed input) become extra roots, as in findmnt.
function treeOrder(count: number, roots: number[], children: ReadonlyMap<number, number[]>): number[] {
  const order: number[] = []
  const seen = new Uint8Array(count)
  const walk = (start: number) => {
    const stack = [start]
    while (stack.length > 0) {
      const index = stack.pop()!
      if (seen[index]) continue
      seen[index] = 1
      order.push(index)
      const kids = children.get(index)
      if (kids) for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!)
    }
  }
  for (const root of roots) walk(root)
  for (let index = 0; index < count; index++) {
    if (!seen[index]) {
      roots.push(index)
      walk(index)
    }
  }
  return order
}

// Covered: a later mount sits on the same target. Hidden: beneath a covered mount (other than the
// cover itself) or beneath a hidden one. Both are shadowed: a path never resolves to them.
function findShadowed(
  entries: readonly MountEntry[],
  order: readonly number[],
  parentIndex: readonly (number | undefined)[],
  children: ReadonlyMap<number, number[]>,
): Set<number> {
  const covered = new Set<number>()
  const lastByTarget = new Map<string, number>()
  entries.forEach((entry, index) => {
    const earlier = lastByTarget.get(entry.target)
    if (earlier !== undefined) covered.add(earlier)
    lastByTarget.set(entry.target, index)
  })
  for (const [parent, kids] of children) {
    if (kids.some((child) => entries[child]!.target === entries[parent]!.target)) covered.add(parent)
  }
  const hidden = new Set<number>()
  for (const index of order) {
    const parent = parentIndex[index]
    if (parent === undefined) continue
    const isCover = entries[index]!.target === entries[parent]!.target
    if (hidden.has(parent) || (covered.has(parent) && !isCover)) hidden.add(index)
  }
  return new Set([...covered, ...hidden])
}

/** (MAJ:MIN, fs root): the storage a mount exposes at its target. */
export function rootKey(entry: MountEntry): string {
  return `${entry.majMin ?? ''}\u0000${entry.fsRoot ?? '/'}`
}

/** A bind mount exposes a subdirectory of a filesystem, or the same root at several targets. */
export function isBind(tree: MountTree, entry: MountEntry): boolean {
  if (entry.fsRoot !== undefined && entry.fsRoot !== '/') return true
  if (entry.majMin === undefined) return false
  return (tree.mountsOfSameRoot.get(rootKey(entry)) ?? 0) > 1
}
