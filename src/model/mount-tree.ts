import type {MountEntry, MountTable} from '../domain/mount.js'
import {canonicalTarget} from '../resolve/normalize-path.js'

/** A mount table seen as the kernel's tree, built once in time linear in the table. */
export interface MountTree {
  table: MountTable
  /** entries with an ID, by ID; a duplicate ID keeps the first and is listed in duplicateIds */
  byId: Map<number, MountEntry>
  duplicateIds: number[]
  /** children by parent entry index, in file order */
  children: Map<number, number[]>
  /** indexes of entries whose parent is not in the table (container and chroot views), file order;
   *  then one entry of each parent cycle (malformed input) */
  roots: number[]
  /** indexes of entries a path walk never reaches: covered by a mount on the same target, or
   *  beneath a covered/hidden mount, or beneath a sibling mounted over an ancestor directory */
  shadowed: Set<number>
  /** for each canonical target (`//` collapsed, no trailing `/`), the index of the entry visible there */
  visibleByTarget: Map<string, number>
  /** (MAJ:MIN, fs root) → number of distinct targets it is mounted on, listed only when ≥ 2 (bind mounts) */
  mountsOfSameRoot: Map<string, number>
}

export function buildMountTree(table: MountTable): MountTree {
  const {entries} = table
  const count = entries.length
  const byId = new Map<number, MountEntry>()
  const indexById = new Map<number, number>()
  const duplicateIds: number[] = []
  for (let index = 0; index < count; index++) {
    const entry = entries[index]!
    if (entry.id === undefined) continue
    if (indexById.has(entry.id)) duplicateIds.push(entry.id)
    else {
      byId.set(entry.id, entry)
      indexById.set(entry.id, index)
    }
  }

  const targets = entries.map((entry) => canonicalTarget(entry.target))
  const children = new Map<number, number[]>()
  const roots: number[] = []
  const parentIndex: (number | undefined)[] = new Array(count)
  for (let index = 0; index < count; index++) {
    const entry = entries[index]!
    const parent = entry.parentId === undefined ? undefined : indexById.get(entry.parentId)
    if (parent === undefined || parent === index) {
      roots.push(index)
      continue
    }
    parentIndex[index] = parent
    const list = children.get(parent)
    if (list) list.push(index)
    else children.set(parent, [index])
  }

  const order = treeOrder(count, roots, children)
  const shadowed = findShadowed(targets, order, parentIndex, children, roots)
  const visibleByTarget = new Map<string, number>()
  for (let index = 0; index < count; index++) {
    if (shadowed.has(index)) continue
    // two visible entries on one target only in inconsistent tables (orphans): the last line wins
    const earlier = visibleByTarget.get(targets[index]!)
    if (earlier !== undefined) shadowed.add(earlier)
    visibleByTarget.set(targets[index]!, index)
  }

  // distinct targets per (MAJ:MIN, fs root): the first target as a string, a Set only once a
  // second one shows up (rare), so the common case allocates nothing per entry
  const targetsOfRoot = new Map<string, string | Set<string>>()
  for (let index = 0; index < count; index++) {
    const entry = entries[index]!
    if (entry.majMin === undefined) continue
    const key = rootKey(entry)
    const seen = targetsOfRoot.get(key)
    const target = targets[index]!
    if (seen === undefined) targetsOfRoot.set(key, target)
    else if (typeof seen === 'string') {
      if (seen !== target) targetsOfRoot.set(key, new Set([seen, target]))
    } else seen.add(target)
  }
  const mountsOfSameRoot = new Map<string, number>()
  for (const [key, seen] of targetsOfRoot) if (typeof seen !== 'string') mountsOfSameRoot.set(key, seen.size)

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

// What a path walk from `/` can reach, as the kernel does it: at a mount point, climb to the top
// of the stack mounted there. With T(x) the canonical target of x, a mount is visible iff its
// mount point is reached and nothing is on top of it:
//  - on top of E (E is "covered"): a child of E with T = T(E) (an overmount), or a LATER sibling
//    (same parent; for roots, any later root) with T = T(E) — a sibling stack as older kernels
//    and propagation leave it, where the last line wins (kubelet's SearchMountPoints, util-linux
//    ≥ 2.39 `findmnt -T`);
//  - E's mount point is reached iff E is a root; or E covers its parent P (T(E) = T(P)) and P's
//    mount point is reached; or P is visible and no other child of P sits on a directory strictly
//    between T(P) and T(E): mounting /proc/sys hides what /proc had mounted under /proc/sys
//    before (ul-findmnt-mountinfo-messy: boot_id 106, child of /proc, is hidden; 105, child of
//    /proc/sys, is visible).
// Roots have unknown parents, so only the same-target rule applies between them.
function findShadowed(
  targets: readonly string[],
  order: readonly number[],
  parentIndex: readonly (number | undefined)[],
  children: ReadonlyMap<number, number[]>,
  roots: readonly number[],
): Set<number> {
  const count = targets.length
  const covered = new Uint8Array(count)

  // Same target: only the (rare) groups of entries sharing a target need looking at.
  const firstByTarget = new Map<string, number>()
  const sameTarget = new Map<number, number[]>() // first index → all indexes, file order
  for (let index = 0; index < count; index++) {
    const first = firstByTarget.get(targets[index]!)
    if (first === undefined) firstByTarget.set(targets[index]!, index)
    else {
      const group = sameTarget.get(first)
      if (group) group.push(index)
      else sameTarget.set(first, [first, index])
    }
  }
  const rootSet = new Set(roots)
  for (const group of sameTarget.values()) {
    const lastBySibling = new Map<number, number>() // parent index (-1: the roots) → last entry
    for (const index of group) {
      const parent = parentIndex[index]
      if (parent !== undefined && targets[parent] === targets[index]) covered[parent] = 1
      const siblingKey = parent === undefined || rootSet.has(index) ? -1 : parent
      const earlier = lastBySibling.get(siblingKey)
      if (earlier !== undefined) covered[earlier] = 1
      lastBySibling.set(siblingKey, index)
    }
  }

  // A sibling on a directory strictly between T(parent) and T(entry). Only the ancestors whose
  // length is the length of some sibling's target are looked up (a cheap filter: most are not).
  const blockedBySibling = new Uint8Array(count)
  const withTarget = (target: string): number[] => {
    const first = firstByTarget.get(target)
    return first === undefined ? [] : (sameTarget.get(first) ?? [first])
  }
  for (const [parent, kids] of children) {
    if (kids.length < 2) continue
    const parentTarget = targets[parent]!
    const lengths = new Set<number>()
    for (const kid of kids) lengths.add(targets[kid]!.length)
    for (const kid of kids) {
      const target = targets[kid]!
      if (target === parentTarget) continue
      let slash = target.startsWith(parentTarget) ? parentTarget.length : 0
      while ((slash = target.indexOf('/', slash + 1)) !== -1) {
        if (!lengths.has(slash)) continue
        if (withTarget(target.slice(0, slash)).some((other) => other !== kid && parentIndex[other] === parent)) {
          blockedBySibling[kid] = 1
          break
        }
      }
    }
  }

  const reached = new Uint8Array(count)
  const done = new Uint8Array(count)
  const shadowed = new Set<number>()
  for (const index of order) {
    const parent = parentIndex[index]
    let reach: boolean
    if (parent === undefined || !done[parent]) reach = true // a root, or where a parent cycle was cut
    else if (targets[index] === targets[parent]) reach = reached[parent] === 1
    else reach = reached[parent] === 1 && covered[parent] === 0 && blockedBySibling[index] === 0
    done[index] = 1
    reached[index] = reach ? 1 : 0
    if (!reach || covered[index]) shadowed.add(index)
  }
  return shadowed
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
