import type {CommandReport} from '../base-command.js'
import type {MountTableFormat} from './mount.js'
import type {Medium} from './view.js'
import type {PathRole} from '../checks/path-roles.js'

/** One mount as `check mounts --json` prints it. */
export interface MountJson {
  id: number | null
  parentId: number | null
  target: string
  source: string | null
  fsRoot: string | null
  fsType: string | null
  majMin: string | null
  vfsOptions: string | null
  fsOptions: string | null
  propagation: string
  /** peer group ids from the optional fields */
  peerGroup: number | null
  masterGroup: number | null
  bind: boolean
  shadowed: boolean
}

export interface PathReport {
  path: string
  role: PathRole
  /** null when no mount of the table covers the path */
  mount: MountJson | null
  relative: string
  backing: string
  backingExact: boolean
  medium: Medium
  storage: string
}

export interface MountsReport extends CommandReport {
  source: string
  format: MountTableFormat
  mountCount: number
  configDir: {path: string; from: string; realpath?: string} | null
  paths: PathReport[]
  shadowedCount: number
  duplicateIds: number[]
  warnings: string[]
}
