import type {Medium} from '../domain/view.js'

const LOCAL = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'zfs', 'tmpfs', 'f2fs', 'jfs', 'reiserfs', 'bcachefs', 'devtmpfs', 'ramfs', 'vfat', 'exfat', 'ntfs3', 'squashfs', 'iso9660'])

/** The locking medium of a filesystem type: decides whether mkdir and flock are coherent there. */
export function mediumOf(fsType: string | undefined): Medium {
  if (!fsType) return 'unknown'
  if (LOCAL.has(fsType)) return 'local'
  if (fsType === 'overlay' || fsType === 'aufs') return 'overlay'
  if (fsType === 'nfs' || fsType === 'nfs4') return 'nfs'
  if (fsType === 'cifs' || fsType === 'smb3' || fsType === 'smbfs') return 'cifs'
  if (fsType === 'virtiofs') return 'virtiofs'
  if (fsType === '9p' || fsType === 'drvfs') return '9p'
  if (fsType === 'fuse' || fsType.startsWith('fuse.') || fsType === 'fuseblk') return 'fuse'
  return 'unknown'
}
