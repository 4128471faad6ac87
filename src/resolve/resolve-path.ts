import type {MountEntry} from '../domain/mount.js'
import type {MountTree} from '../model/mount-tree.js'
import {type BackingKey, backingKeyFor, unmountedKey} from './backing-key.js'
import {normalizeAbsolutePath, parentPath} from './normalize-path.js'

/** Where a path lives in one mount table. */
export interface Location {
  path: string
  /** the visible mount containing the path; undefined when no mount of the table covers it */
  mount?: MountEntry
  mountIndex?: number
  /** the path relative to the mount's target ('' when the path is the target) */
  relative: string
  backing: BackingKey
}

/**
 * The visible mount holding `path`: component-wise longest target match, so `/a/.claude` holds
 * `/a/.claude/x` but not `/a/.claude.lock`; on an overmount the top mount wins.
 */
export function resolvePath(tree: MountTree, path: string): Location {
  const normalized = normalizeAbsolutePath(path)
  const targets = tree.visibleByTarget
  let candidate = normalized
  for (;;) {
    const entryIndex = targets.get(candidate)
    if (entryIndex !== undefined) {
      const mount = tree.table.entries[entryIndex]!
      const relative = candidate === normalized ? '' : normalized.slice(candidate === '/' ? 1 : candidate.length + 1)
      return {path: normalized, mount, mountIndex: entryIndex, relative, backing: backingKeyFor(mount, relative)}
    }
    if (candidate === '/') break
    candidate = parentPath(candidate)
  }
  return {path: normalized, relative: normalized.slice(1), backing: unmountedKey(tree.table.source, normalized)}
}

/** True when `path` is exactly a mount point in this tree (findmnt PATH would print it). */
export function isMountPoint(tree: MountTree, path: string): boolean {
  return tree.visibleByTarget.has(normalizeAbsolutePath(path))
}
