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

/** Filesystems whose SOURCE names the storage on the network (`server:/export`), from any host. */
const NETWORK_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ceph', 'glusterfs', 'lustre'])

export function backingKeyFor(mount: MountEntry, relative: string): BackingKey {
  const storagePath = joinPath(mount.fsRoot ?? '/', relative)
  const source = mount.source ?? ''
  const sourceKey = `src:${source}:${storagePath}`
  // MAJ:MIN is per kernel (each NFS client numbers its mounts anew): a network share is
  // keyed by its server-side name, so two hosts mounting one export meet at one key
  if (mount.fsType !== undefined && NETWORK_FS.has(mount.fsType) && source !== '') {
    return {key: `net:${source}:${storagePath}`, device: mount.majMin, storagePath, exact: true, sourceKey}
  }
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
