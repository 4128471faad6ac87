import type {BackingKey} from '../resolve/backing-key.js'

/** What kind of storage a lock lands on: decides whether mkdir and flock are coherent there. */
export type Medium =
  | 'local' // ext4, xfs, btrfs, tmpfs, a bind or named volume on one kernel
  | 'overlay' // a container's own writable layer: private to it
  | 'nfs'
  | 'cifs'
  | 'fuse' // sshfs, bindfs, gRPC-FUSE, s3fs …
  | 'virtiofs'
  | '9p'
  | 'unknown'

/** Where one path lives in one participant's view, in terms every source can give. */
export interface ViewLocation {
  path: string
  /** target of the mount holding the path, undefined when nothing covers it (private root fs) */
  mountTarget?: string
  /** path relative to that mount ('' = the mount point itself) */
  relative: string
  backing: BackingKey
  medium: Medium
  fsType?: string
  /** mount options that matter for locks, e.g. `nolock`, `local_lock=flock` */
  options?: string
  readOnly: boolean
  /** true when the mount exposes a subdirectory or is mounted more than once */
  bind: boolean
  /** human words for the storage: `host /home/johba/.claude`, `overlay of agents`, `volume claude-auth` */
  describe: string
}

/**
 * A participant's mount view, whatever it came from (a kernel mount table, a compose service).
 * resolve() is pure; it throws InputError for relative paths or `..`.
 */
export interface MountView {
  kind: 'kernel' | 'compose'
  /** where the view came from: `/proc/1234/mountinfo`, `agents.txt`, `compose.yaml service agents` */
  source: string
  resolve(path: string): ViewLocation
  /** true when `path` is exactly a mount point */
  isMountPoint(path: string): boolean
  /** backing keys of mounts at exactly `path` that a later mount covers (kernel views only) */
  coveredAt?(path: string): BackingKey[]
}
