// Test helper: what util-linux findmnt 2.38.1 prints for one mount, derived from our MountEntry,
// in the shape of one object of `findmnt -J -o ID,PARENT,TARGET,SOURCE,FSROOT,FSTYPE,VFS-OPTIONS,
// FS-OPTIONS,PROPAGATION,MAJ:MIN` (children stripped). The rules come from findmnt.c get_data():
//   SOURCE   = source + "[" + fsroot + "]" iff fsroot ≠ "/" (no `-v`) — also for an EMPTY source,
//              which prints as "[/sub]" (observed, fixtures/findmnt/special; mountinfo.md §3.1 says
//              otherwise), so only an empty source on fsroot "/" prints as null
//   empty strings, ID/PARENT 0 and MAJ:MIN 0:0 print as JSON null
//   PROPAGATION from the optional fields (see propagationLabel)
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import type {MountEntry} from '../../src/domain/mount.js'
import {propagationLabel} from '../../src/parse/propagation.js'
import {decodeBytes} from '../../src/text/bytes.js'

export const FINDMNT_COLUMNS = 'ID,PARENT,TARGET,SOURCE,FSROOT,FSTYPE,VFS-OPTIONS,FS-OPTIONS,PROPAGATION,MAJ:MIN'

export interface FindmntRow {
  id: number | null
  parent: number | null
  target: string | null
  source: string | null
  fsroot: string | null
  fstype: string | null
  'vfs-options': string | null
  'fs-options': string | null
  propagation: string | null
  'maj:min': string | null
}

const KEYS: readonly (keyof FindmntRow)[] = [
  'id',
  'parent',
  'target',
  'source',
  'fsroot',
  'fstype',
  'vfs-options',
  'fs-options',
  'propagation',
  'maj:min',
]

const orNull = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value)

/** The row findmnt would print for this entry. */
export function findmntRow(entry: MountEntry): FindmntRow {
  const source = entry.source ?? ''
  const fsRoot = entry.fsRoot ?? '/'
  return {
    id: entry.id ? entry.id : null,
    parent: entry.parentId ? entry.parentId : null,
    target: orNull(entry.target),
    source: fsRoot !== '/' ? `${source}[${fsRoot}]` : orNull(source),
    fsroot: orNull(entry.fsRoot),
    fstype: orNull(entry.fsType),
    'vfs-options': orNull(entry.vfsOptions),
    'fs-options': orNull(entry.fsOptions),
    propagation: propagationLabel(entry.propagation),
    'maj:min': entry.majMin === undefined || /^0+:0+$/.test(entry.majMin) ? null : entry.majMin,
  }
}

/** Keeps only the ten columns (drops `children`), so rows compare with toEqual. */
export function pickRow(node: Record<string, unknown>): FindmntRow {
  const row = {} as Record<string, unknown>
  for (const key of KEYS) row[key] = node[key] ?? null
  return row as unknown as FindmntRow
}

/** Depth-first flattening of findmnt's `-J` tree (or a `-J -l` list) into rows. */
export function flattenFindmntJson(json: unknown): FindmntRow[] {
  const rows: FindmntRow[] = []
  const walk = (nodes: unknown) => {
    if (!Array.isArray(nodes)) return
    for (const node of nodes as Record<string, unknown>[]) {
      rows.push(pickRow(node))
      walk(node.children)
    }
  }
  walk((json as {filesystems?: unknown}).filesystems)
  return rows
}

/**
 * findmnt's JSON copies bytes ≥ 0x80 raw (possibly invalid UTF-8): decode it exactly like our
 * parser decodes its input, so those bytes compare equal as U+DC80..U+DCFF.
 */
export function parseFindmntJson(stdout: Buffer): unknown {
  const text = decodeBytes(stdout)
  return text.trim() === '' ? {filesystems: []} : JSON.parse(text)
}

export function rowKey(row: FindmntRow): string {
  return `${row.id ?? ''}\u0000${row.target ?? ''}`
}

/** Path of findmnt, or undefined when this machine has none. */
export function findmntPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const candidate = `${dir}/findmnt`
    if (dir && existsSync(candidate)) return candidate
  }
  return undefined
}

export interface FindmntResult {
  code: number
  stdout: Buffer
  stderr: string
}

/** Runs findmnt with bytes in and out (no shell, no locale surprises). */
export function runFindmnt(findmnt: string, args: readonly string[]): Promise<FindmntResult> {
  return new Promise((resolve, reject) => {
    execFile(
      findmnt,
      args,
      {encoding: 'buffer', maxBuffer: 1 << 30, env: {...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8'}},
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as {code: number}).code : -1) : 0
        if (error && code === -1) reject(error)
        else resolve({code, stdout, stderr: stderr.toString('utf8')})
      },
    )
  })
}
