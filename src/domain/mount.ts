/** Where a parsed value came from, so errors and findings can name file and line. */
export interface SourcePosition {
  file: string
  line: number
  column?: number
}

/** Mount propagation as the optional fields of mountinfo describe it (findmnt's PROPAGATION). */
export interface Propagation {
  /** peer group id from `shared:N` */
  shared?: number
  /** peer group id of the master from `master:N` */
  master?: number
  /** `propagate_from:N` */
  propagateFrom?: number
  unbindable: boolean
  /** optional-field tags the kernel may add later; kept verbatim */
  unknown: string[]
}

/**
 * One mount as a mount table states it. Every string is decoded from the kernel's bytes:
 * valid UTF-8 as text, any other byte b ≥ 0x80 as the lone surrogate U+DC00+b (see text/bytes.ts),
 * so nothing is lost and ordinary paths compare as ordinary strings.
 * Fields a source does not carry (findmnt's default columns have no ID or MAJ:MIN) are undefined.
 */
export interface MountEntry {
  id?: number
  parentId?: number
  /** `major:minor` of the device (st_dev), e.g. `254:0` */
  majMin?: string
  /** path inside the filesystem that is mounted here (`/` unless a bind of a subdirectory) */
  fsRoot?: string
  target: string
  /** per-mount options (mountinfo field 6) */
  vfsOptions?: string
  /** raw optional fields (`shared:1`, `master:3`, …) */
  optionalFields?: string[]
  fsType?: string
  /** mount source as the kernel prints it; may be the empty string */
  source?: string
  /** per-superblock options (mountinfo field 11) */
  fsOptions?: string
  /** findmnt's merged OPTIONS column when VFS and FS options are not given separately */
  options?: string
  propagation?: Propagation
  /** line (1-based) in the input this entry came from */
  line: number
}

/** Which parser produced a table; used in reports and to know what fields can be trusted. */
export type MountTableFormat =
  | 'mountinfo'
  | 'findmnt-tree'
  | 'findmnt-list'
  | 'findmnt-raw'
  | 'findmnt-pairs'
  | 'findmnt-json'

export interface MountTable {
  /** file name, `-` for stdin, or `/proc/<pid>/mountinfo` */
  source: string
  format: MountTableFormat
  entries: MountEntry[]
  /** lines skipped under --lenient, as `FILE:LINE: reason` */
  warnings: string[]
}
