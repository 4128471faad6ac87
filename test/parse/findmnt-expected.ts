// Test helpers: what findmnt prints for a mountinfo entry, derived from libmount's rules, so the
// findmnt parsers can be checked against parseMountinfo of the very file findmnt read.
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import type {MountEntry} from '../../src/domain/mount.js'
import {propagationLabel} from '../../src/parse/propagation.js'
import {decodeBytes} from '../../src/text/bytes.js'

export const FINDMNT_DIR = join(import.meta.dirname, '../../fixtures/findmnt')
export const MOUNTINFO_DIR = join(import.meta.dirname, '../../fixtures/mountinfo')

/** A fixture file read as the CLI reads input: bytes decoded losslessly. */
export function readFixture(path: string): string {
  return decodeBytes(readFileSync(path))
}

export interface Capture {
  name: string
  mountinfoPath: string
  /** form name (file name without .txt) → findmnt output */
  forms: Map<string, string>
}

/** Every captured table that findmnt could print (malformed samples have no .txt outputs). */
export function captures(): Capture[] {
  const out: Capture[] = []
  for (const name of readdirSync(FINDMNT_DIR).sort()) {
    const dir = join(FINDMNT_DIR, name)
    if (!statSync(dir).isDirectory()) continue
    const files = readdirSync(dir).filter((file) => file.endsWith('.txt')).sort()
    if (files.length === 0) continue
    const mountinfoPath = name === 'special' ? join(MOUNTINFO_DIR, 'special.txt') : join(MOUNTINFO_DIR, 'corpus', `${name}.txt`)
    out.push({name, mountinfoPath, forms: new Map(files.map((file) => [file.slice(0, -4), readFixture(join(dir, file))]))})
  }
  return out
}

/** libmount merge_optstr: findmnt's OPTIONS from VFS and FS options (research/mountinfo.md §3.1). */
export function mergeOptions(vfs: string, fs: string): string {
  if (vfs === fs) return vfs
  const options = [...splitOptions(vfs), ...splitOptions(fs)]
  let rw = 0
  let ro = 0
  const removeFirst = (name: string): boolean => {
    const i = options.findIndex((option) => option === name || option.startsWith(`${name}=`))
    if (i === -1) return false
    options.splice(i, 1)
    return true
  }
  if (removeFirst('rw')) rw++
  if (removeFirst('rw')) rw++
  if (rw !== 2) {
    if (removeFirst('ro')) ro++
    if (ro + rw < 2 && removeFirst('ro')) ro++
  }
  return [ro ? 'ro' : 'rw', ...options].join(',')
}

// Commas inside double quotes (SELinux context="a,b") do not separate options.
function splitOptions(text: string): string[] {
  const out: string[] = []
  let current = ''
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    if (ch === ',' && !quoted) {
      out.push(current)
      current = ''
    } else {
      current += ch
    }
  }
  out.push(current)
  return out.filter((option) => option !== '')
}

export type Projection = Record<string, string | number | undefined>

/** Which columns a capture printed: findmnt's default four, all of `-o ID,…,PROPAGATION`, or TARGET,ID,SOURCE,PARENT,FSTYPE. */
export type ColumnSet = 'default' | 'cols' | 'mixed'

export function columnSetOf(formName: string): ColumnSet {
  return formName.endsWith('-cols') ? 'cols' : formName.endsWith('-mixed') ? 'mixed' : 'default'
}

/** The fields a findmnt form carries, from a mountinfo entry (OPTIONS merged as findmnt does). */
export function expectedFromMountinfo(entry: MountEntry, set: ColumnSet): Projection {
  return project(entry, set, mergeOptions(entry.vfsOptions ?? '', entry.fsOptions ?? ''))
}

/** The same fields from a parsed findmnt entry. */
export function projectParsed(entry: MountEntry, set: ColumnSet): Projection {
  return project(entry, set, entry.options)
}

// The columns of each set; only the merged OPTIONS of the default set differ between the sides.
function project(entry: MountEntry, set: ColumnSet, options: string | undefined): Projection {
  if (set === 'mixed') return {target: entry.target, id: entry.id, source: entry.source, fsRoot: entry.fsRoot, parentId: entry.parentId, fsType: entry.fsType}
  if (set === 'cols') {
    return {
      id: entry.id,
      parentId: entry.parentId,
      majMin: entry.majMin,
      fsRoot: entry.fsRoot,
      target: entry.target,
      source: entry.source,
      fsType: entry.fsType,
      vfsOptions: entry.vfsOptions,
      fsOptions: entry.fsOptions,
      propagation: propagationLabel(entry.propagation),
    }
  }
  return {target: entry.target, source: entry.source, fsRoot: entry.fsRoot, fsType: entry.fsType, options}
}

/** findmnt's SOURCE text for an entry: `source[fsroot]` when the root is not `/` (even for an empty source). */
export function findmntSource(entry: MountEntry): string {
  return entry.fsRoot && entry.fsRoot !== '/' ? `${entry.source ?? ''}[${entry.fsRoot}]` : (entry.source ?? '')
}

/** Order-free comparison key for tree forms (findmnt reorders by ID and may repeat a node). */
export function distinctSorted(rows: Projection[]): string[] {
  return [...new Set(rows.map((row) => JSON.stringify(row)))].sort()
}
