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

/**
 * Built with typed arrays (parent index, children as offsets + list) and one Map from target to
 * entry; `byId`, `children` and `mountsOfSameRoot` are built from those on first read (a
 * `check mounts --json` never reads them). `visibleByTarget` lists targets in the order of their
 * first line in the table.
 */
export function buildMountTree(table: MountTable): MountTree {
  const {entries} = table
  const count = entries.length

  // index by ID: a dense array when IDs are not absurdly sparse (kernels count up from 1), else a Map
  let maxId = -1
  for (let index = 0; index < count; index++) {
    const id = entries[index]!.id
    if (id !== undefined && id > maxId) maxId = id
  }
  const dense = maxId < 4 * count + 65_536 ? new Int32Array(maxId + 1).fill(-1) : undefined
  const sparse = dense ? undefined : new Map<number, number>()
  const duplicateIds: number[] = []
  for (let index = 0; index < count; index++) {
    const id = entries[index]!.id
    if (id === undefined) continue
    if (dense) {
      if (dense[id] === -1) dense[id] = index
      else duplicateIds.push(id)
    } else if (sparse!.has(id)) duplicateIds.push(id)
    else sparse!.set(id, index)
  }
  const indexOfId = (id: number | undefined): number => {
    if (id === undefined) return -1
    if (dense) return id < dense.length ? dense[id]! : -1
    return sparse!.get(id) ?? -1
  }

  const targets: string[] = new Array(count)
  for (let index = 0; index < count; index++) targets[index] = canonicalTarget(entries[index]!.target)

  // parents, and children as CSR: the kids of p are list[start[p] .. start[p + 1]), in file order
  const parentIndex = new Int32Array(count).fill(-1)
  const start = new Int32Array(count + 1)
  const roots: number[] = []
  for (let index = 0; index < count; index++) {
    const parent = indexOfId(entries[index]!.parentId)
    if (parent === -1 || parent === index) {
      roots.push(index)
      continue
    }
    parentIndex[index] = parent
    start[parent + 1]!++
  }
  for (let index = 0; index < count; index++) start[index + 1]! += start[index]!
  const list = new Int32Array(start[count]!)
  const fill = start.slice(0, count)
  for (let index = 0; index < count; index++) {
    const parent = parentIndex[index]!
    if (parent !== -1) list[fill[parent]!++] = index
  }
  const children: Children = {start, list}

  const order = treeOrder(count, roots, children)
  const isRoot = new Uint8Array(count)
  for (const root of roots) isRoot[root] = 1

  // one Map from target to its last entry; earlier entries on the same target are chained
  const lastByTarget = new Map<string, number>()
  const previousSame = new Int32Array(count).fill(-1)
  for (let index = 0; index < count; index++) {
    const target = targets[index]!
    const earlier = lastByTarget.get(target)
    if (earlier !== undefined) previousSame[index] = earlier
    lastByTarget.set(target, index)
  }

  const shadowed = findShadowed({targets, order, parentIndex, children, isRoot, lastByTarget, previousSame})

  // Visible at a target: its last entry that is not shadowed; two visible entries on one target
  // only in inconsistent tables (orphans), where the last line wins and the earlier ones count as
  // shadowed. Only targets with a shadowed entry or with several entries need a look: the Map of
  // last entries becomes visibleByTarget.
  const visibleByTarget = lastByTarget
  const covering: [later: number, earlier: number][] = []
  const looked = new Set<string>()
  const look = (index: number) => {
    const target = targets[index]!
    if (visibleByTarget.get(target) !== index || looked.has(target)) return
    looked.add(target)
    let visible = index
    while (visible !== -1 && shadowed.has(visible)) visible = previousSame[visible]!
    if (visible === -1) {
      visibleByTarget.delete(target)
      return
    }
    visibleByTarget.set(target, visible)
    let later = visible
    for (let earlier = previousSame[visible]!; earlier !== -1; earlier = previousSame[earlier]!) {
      if (shadowed.has(earlier)) continue
      covering.push([later, earlier])
      later = earlier
    }
  }
  for (const index of [...shadowed]) look(index)
  for (let index = 0; index < count; index++) if (previousSame[index] !== -1 && visibleByTarget.get(targets[index]!) === index) look(index)
  covering.sort((a, b) => a[0] - b[0])
  for (const [, earlier] of covering) shadowed.add(earlier)

  const tree = {table, duplicateIds, roots, shadowed, visibleByTarget} as MountTree
  lazy(tree, 'byId', () => {
    const byId = new Map<number, MountEntry>()
    for (const entry of entries) if (entry.id !== undefined && !byId.has(entry.id)) byId.set(entry.id, entry)
    return byId
  })
  lazy(tree, 'children', () => {
    const map = new Map<number, number[]>()
    for (let index = 0; index < count; index++) {
      const parent = parentIndex[index]!
      if (parent === -1) continue
      const kids = map.get(parent)
      if (kids) kids.push(index)
      else map.set(parent, [index])
    }
    return map
  })
  lazy(tree, 'mountsOfSameRoot', () => mountsOfSameRoot(entries, targets))
  bindLookups.set(tree, {targets, lookups: 0, answers: new Map()})
  return tree
}

/** Defines `key` as an enumerable property computed on first read, then kept as a plain value. */
function lazy<K extends keyof MountTree>(tree: MountTree, key: K, build: () => MountTree[K]): void {
  const keep = (value: MountTree[K]) => Object.defineProperty(tree, key, {value, writable: true, configurable: true, enumerable: true})
  Object.defineProperty(tree, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = build()
      keep(value)
      return value
    },
    set: keep,
  })
}

// Distinct targets per (MAJ:MIN, fs root), listed when ≥ 2. Only entries whose MAJ:MIN occurs more
// than once can qualify, so keys are built for those alone; the first target is kept as a string,
// a Set only once a second one shows up (rare).
function mountsOfSameRoot(entries: readonly MountEntry[], targets: readonly string[]): Map<string, number> {
  const perDevice = new Map<string, number>()
  for (const entry of entries) if (entry.majMin !== undefined) perDevice.set(entry.majMin, (perDevice.get(entry.majMin) ?? 0) + 1)
  const targetsOfRoot = new Map<string, string | Set<string>>()
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!
    if (entry.majMin === undefined || perDevice.get(entry.majMin)! < 2) continue
    const key = rootKey(entry)
    const seen = targetsOfRoot.get(key)
    const target = targets[index]!
    if (seen === undefined) targetsOfRoot.set(key, target)
    else if (typeof seen === 'string') {
      if (seen !== target) targetsOfRoot.set(key, new Set([seen, target]))
    } else seen.add(target)
  }
  const result = new Map<string, number>()
  for (const [key, seen] of targetsOfRoot) if (typeof seen !== 'string') result.set(key, seen.size)
  return result
}

/** What isBind needs to answer a few lookups on a tree without building its mountsOfSameRoot. */
const bindLookups = new WeakMap<MountTree, {targets: readonly string[]; lookups: number; answers: Map<string, boolean>}>()

interface Children {
  start: Int32Array
  list: Int32Array
}

// Parents before children; entries in a parent cycle (malformed input) become extra roots, as in findmnt.
function treeOrder(count: number, roots: number[], children: Children): Int32Array {
  const {start, list} = children
  const order = new Int32Array(count)
  let placed = 0
  const seen = new Uint8Array(count)
  const stack = new Int32Array(count + 1)
  const walk = (from: number) => {
    let top = 0
    stack[top++] = from
    while (top > 0) {
      const index = stack[--top]!
      if (seen[index]) continue
      seen[index] = 1
      order[placed++] = index
      for (let k = start[index + 1]! - 1; k >= start[index]!; k--) {
        const kid = list[k]!
        if (!seen[kid]) stack[top++] = kid
      }
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
function findShadowed(tree: {
  targets: readonly string[]
  order: Int32Array
  parentIndex: Int32Array
  children: Children
  isRoot: Uint8Array
  lastByTarget: ReadonlyMap<string, number>
  previousSame: Int32Array
}): Set<number> {
  const {targets, order, parentIndex, children, isRoot, lastByTarget, previousSame} = tree
  const count = targets.length
  const covered = new Uint8Array(count)

  // Same target: only the (rare) groups of entries sharing a target need looking at, in file order.
  const groupOf = new Int32Array(count).fill(-1)
  const groups: number[][] = []
  for (let index = 0; index < count; index++) {
    const earlier = previousSame[index]!
    if (earlier === -1) continue
    let group = groupOf[earlier]!
    if (group === -1) {
      group = groups.length
      groups.push([earlier])
      groupOf[earlier] = group
    }
    groupOf[index] = group
    groups[group]!.push(index)
  }
  for (const group of groups) {
    const lastBySibling = new Map<number, number>() // parent index (-1: the roots) → last entry
    for (const index of group) {
      const parent = parentIndex[index]!
      if (parent !== -1 && targets[parent] === targets[index]) covered[parent] = 1
      const siblingKey = parent === -1 || isRoot[index] ? -1 : parent
      const earlier = lastBySibling.get(siblingKey)
      if (earlier !== undefined) covered[earlier] = 1
      lastBySibling.set(siblingKey, index)
    }
  }

  // A sibling on a directory strictly between T(parent) and T(entry). Only the ancestors whose
  // length is the length of some sibling's target are looked up (a cheap filter: most are not).
  const blockedBySibling = new Uint8Array(count)
  const siblingOn = (target: string, kid: number, parent: number): boolean => {
    for (let other = lastByTarget.get(target) ?? -1; other !== -1; other = previousSame[other]!) {
      if (other !== kid && parentIndex[other] === parent) return true
    }
    return false
  }
  const {start, list} = children
  for (let parent = 0; parent < count; parent++) {
    const first = start[parent]!
    const stop = start[parent + 1]!
    if (stop - first < 2) continue
    const parentTarget = targets[parent]!
    const lengths = new Set<number>()
    for (let k = first; k < stop; k++) lengths.add(targets[list[k]!]!.length)
    for (let k = first; k < stop; k++) {
      const kid = list[k]!
      const target = targets[kid]!
      if (target === parentTarget) continue
      let slash = target.startsWith(parentTarget) ? parentTarget.length : 0
      while ((slash = target.indexOf('/', slash + 1)) !== -1) {
        if (!lengths.has(slash)) continue
        if (siblingOn(target.slice(0, slash), kid, parent)) {
          blockedBySibling[kid] = 1
          break
        }
      }
    }
  }

  const reached = new Uint8Array(count)
  const done = new Uint8Array(count)
  const shadowed = new Set<number>()
  for (let k = 0; k < order.length; k++) {
    const index = order[k]!
    const parent = parentIndex[index]!
    let reach: boolean
    if (parent === -1 || !done[parent]) reach = true // a root, or where a parent cycle was cut
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

/**
 * A bind mount exposes a subdirectory of a filesystem, or the same root at several targets. The
 * first lookups on a tree scan its entries once per (MAJ:MIN, root) (a `check mounts` asks about four
 * paths); after 16 scans the tree's mountsOfSameRoot is built once and read.
 */
export function isBind(tree: MountTree, entry: MountEntry): boolean {
  if (entry.fsRoot !== undefined && entry.fsRoot !== '/') return true
  if (entry.majMin === undefined) return false
  const scan = bindLookups.get(tree)
  const built = Object.getOwnPropertyDescriptor(tree, 'mountsOfSameRoot')
  if (scan === undefined || (built !== undefined && 'value' in built)) return (tree.mountsOfSameRoot.get(rootKey(entry)) ?? 0) > 1
  const key = rootKey(entry)
  const known = scan.answers.get(key)
  if (known !== undefined) return known
  if (++scan.lookups > 16) return (tree.mountsOfSameRoot.get(key) ?? 0) > 1
  const answer = severalTargets(tree.table.entries, scan.targets, entry.majMin, entry.fsRoot ?? '/')
  scan.answers.set(key, answer)
  return answer
}

/** More than one distinct canonical target among the entries with this MAJ:MIN and root? */
function severalTargets(entries: readonly MountEntry[], targets: readonly string[], majMin: string, root: string): boolean {
  let first: string | undefined
  for (let other = 0; other < entries.length; other++) {
    const candidate = entries[other]!
    if (candidate.majMin !== majMin || (candidate.fsRoot ?? '/') !== root) continue
    const target = targets[other]!
    if (first === undefined) first = target
    else if (target !== first) return true
  }
  return false
}
