import type {MountEntry} from '../domain/mount.js'
import {joinPath} from './normalize-path.js'

/**
 * The storage a path denotes. With MAJ:MIN (mountinfo, findmnt with that column) two keys from
 * one kernel are equal iff the paths name the same file. Without it we fall back to SOURCE,
 * which is exact only for block devices: two tmpfs mounts both have SOURCE "tmpfs".
 */
export interface BackingKey {
  key: string
  /** `maj:min` when known */
  device?: string
  /** path inside the filesystem: fs root + the path relative to the mount */
  storagePath: string
  exact: boolean
  /** SOURCE + storage path: the common ground with a table that has no MAJ:MIN */
  sourceKey?: string
}

export function backingKeyFor(mount: MountEntry, relative: string): BackingKey {
  const storagePath = joinPath(mount.fsRoot ?? '/', relative)
  const source = mount.source ?? ''
  const sourceKey = `src:${source}:${storagePath}`
  if (mount.majMin !== undefined) {
    return {key: `dev:${mount.majMin}:${storagePath}`, device: mount.majMin, storagePath, exact: true, sourceKey}
  }
  return {key: sourceKey, storagePath, exact: isBlockDevice(source), sourceKey}
}

/** A /dev/ source names one device; `tmpfs`, `overlay`, `none` name none. */
export function isBlockDevice(source: string): boolean {
  return source.startsWith('/dev/')
}

/** A path on no mount of the table: the participant's own root filesystem, never shared. */
export function unmountedKey(tableSource: string, path: string): BackingKey {
  return {key: `unmounted:${tableSource}:${path}`, storagePath: path, exact: false}
}
