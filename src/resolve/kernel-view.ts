import type {MountEntry, MountTable} from '../domain/mount.js'
import type {MountView, ViewLocation} from '../domain/view.js'
import {buildMountTree, isBind, type MountTree} from '../model/mount-tree.js'
import {backingKeyFor} from './backing-key.js'
import {mediumOf} from './medium.js'
import {canonicalTarget, normalizeAbsolutePath} from './normalize-path.js'
import {isMountPoint, resolvePath} from './resolve-path.js'

/** A kernel mount table as a MountView: the one resolve() every check uses. */
export function kernelView(table: MountTable, tree: MountTree = buildMountTree(table)): MountView & {tree: MountTree} {
  return {
    kind: 'kernel',
    source: table.source,
    tree,
    isMountPoint: (path) => isMountPoint(tree, path),
    coveredAt(path) {
      const target = normalizeAbsolutePath(path)
      return [...tree.shadowed]
        .map((index) => table.entries[index]!)
        .filter((entry) => canonicalTarget(entry.target) === target)
        .map((entry) => backingKeyFor(entry, ''))
    },
    resolve(path): ViewLocation {
      const location = resolvePath(tree, path)
      const {mount} = location
      if (!mount) {
        return {...location, medium: 'unknown', readOnly: false, bind: false, describe: `no mount in ${table.source}`}
      }
      return {
        path: location.path,
        mountTarget: mount.target,
        relative: location.relative,
        backing: location.backing,
        medium: mediumOf(mount.fsType),
        fsType: mount.fsType,
        options: [mount.vfsOptions, mount.fsOptions, mount.options].filter(Boolean).join(','),
        readOnly: isReadOnly(mount),
        bind: isBind(tree, mount),
        describe: describeMount(mount, location.backing.storagePath),
      }
    },
  }
}

/** The per-mount options decide writability (a ro bind of a rw filesystem is read-only). */
export function isReadOnly(mount: MountEntry): boolean {
  const options = mount.vfsOptions ?? mount.options ?? ''
  return options.split(',').includes('ro')
}

/** `ext4 254:0 /home/johba/.claude` — the storage in words a user can check with findmnt. */
export function describeMount(mount: MountEntry, storagePath: string): string {
  const device = mount.majMin ?? mount.source ?? '?'
  return `${mount.fsType ?? '?'} ${device} ${storagePath}`
}
