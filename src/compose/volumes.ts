import {inputErrorAt} from '../errors.js'
import type {ComposeLocation} from './types.js'
import type {CNode} from './yaml-tree.js'

/** A service mount as one file states it, before path resolution and volume qualification. */
export interface DraftMount {
  type: 'bind' | 'volume' | 'tmpfs' | 'image'
  /** as written (after interpolation); undefined for an anonymous volume or a tmpfs */
  source?: string
  target: string
  readOnly: boolean
  propagation?: string
  createHostPath?: boolean
  subpath?: string
  location: ComposeLocation
  /** the directory a relative source resolves against */
  baseDir: string
}

const PROPAGATION = new Set(['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'])

function fail(loc: ComposeLocation, what: string): never {
  throw inputErrorAt(loc.file, loc.line, what, loc.column)
}

function isWindowsDrive(buffer: string, char: string): boolean {
  return char === ':' && buffer.length === 1 && /\p{L}/u.test(buffer)
}

/** compose-go `isFilePath`: a bind iff the source starts with `.`, `/`, `~`, `\\` or a drive letter. */
export function isHostPathSource(source: string): boolean {
  if (source === '') return false
  if ('./~'.includes(source[0]!)) return true
  if (source.startsWith('\\\\')) return true
  return source.length >= 2 && isWindowsDrive(source[0]!, source[1]!)
}

export function isWindowsPath(source: string): boolean {
  return /^\p{L}:[\\/]/u.test(source) || source.startsWith('\\\\')
}

/** `path.Clean` for container targets; Windows-style targets are left alone. */
export function cleanTarget(target: string): string {
  if (!target.startsWith('/')) return target
  const parts: string[] = []
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return '/' + parts.join('/')
}

/** Short syntax `[SOURCE:]TARGET[:MODE]` (compose-go format/volume.go ParseVolume). */
export function parseShortVolume(spec: string, location: ComposeLocation, baseDir: string): DraftMount {
  if (spec === '') fail(location, 'invalid empty volume spec')
  let source: string | undefined
  let target: string | undefined
  let mode: string | undefined
  const fields: string[] = []
  if (spec.length <= 2) fields.push(spec)
  else {
    let buffer = ''
    let depth = 0
    for (let index = 0; index < spec.length; index++) {
      const char = spec[index]!
      if (isWindowsDrive(buffer, char)) buffer += char
      else if (char === '$' && spec[index + 1] === '{') {
        depth++
        buffer += char
      } else if (char === '}' && depth > 0) {
        depth--
        buffer += char
      } else if (char === ':' && depth === 0) {
        fields.push(buffer)
        buffer = ''
      } else buffer += char
    }
    fields.push(buffer)
  }
  if (fields.some((field) => field === '')) fail(location, `invalid volume "${spec}": empty section between colons`)
  if (fields.length > 3) fail(location, `invalid volume "${spec}": too many colons`)
  if (fields.length === 1) target = fields[0]
  else {
    source = fields[0]
    target = fields[1]
    mode = fields[2]
  }
  const mount: DraftMount = {
    type: source !== undefined && isHostPathSource(source) ? 'bind' : 'volume',
    target: cleanTarget(target!),
    readOnly: false,
    location,
    baseDir,
  }
  if (source !== undefined) mount.source = source
  for (const option of (mode ?? '').split(',')) {
    if (option === 'ro') mount.readOnly = true
    else if (option === 'rw') mount.readOnly = false
    else if (PROPAGATION.has(option)) mount.propagation = option
    // z, Z, nocopy and unknown words: no bearing on where a path lives (compose ignores unknown ones)
  }
  if (mount.type === 'bind') mount.createHostPath = true
  return mount
}

function scalarText(node: CNode | undefined): string | undefined {
  if (node === undefined || node.kind !== 'scalar' || node.value === null) return undefined
  return String(node.value)
}

export function booleanValue(node: CNode, what: string): boolean {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'boolean') return node.value
    if (typeof node.value === 'string') {
      const lower = node.value.toLowerCase()
      if (['true', 'yes', 'y', 'on'].includes(lower)) return true
      if (['false', 'no', 'n', 'off', ''].includes(lower)) return false
    }
  }
  fail(node.loc, `${what} must be true or false`)
}

function field(node: CNode, key: string): CNode | undefined {
  if (node.kind !== 'map') return undefined
  return node.entries.find((entry) => entry.key === key)?.value
}

/** Long syntax `{type, source, target, read_only, bind: {…}, volume: {…}, tmpfs: {…}, image: {…}}`. */
export function parseLongVolume(node: CNode, baseDir: string): DraftMount | undefined {
  const location = node.loc
  const type = scalarText(field(node, 'type'))
  const target = scalarText(field(node, 'target'))
  if (type === undefined) fail(location, 'volume entry needs a type')
  if (target === undefined || target === '') fail(location, 'volume entry needs a target')
  const source = scalarText(field(node, 'source'))
  const readOnlyNode = field(node, 'read_only')
  const readOnly = readOnlyNode ? booleanValue(readOnlyNode, 'read_only') : false
  const base = {target: cleanTarget(target), readOnly, location, baseDir}
  switch (type) {
    case 'bind': {
      if (source === undefined || source === '') fail(location, 'a volume of type bind needs a source')
      const mount: DraftMount = {...base, type: 'bind', source}
      const bind = field(node, 'bind')
      const propagation = scalarText(field(bind ?? node, 'propagation'))
      if (bind && propagation !== undefined) mount.propagation = propagation
      const create = bind ? field(bind, 'create_host_path') : undefined
      // compose-go fills the default (true) only when a `bind:` mapping is present
      if (create) mount.createHostPath = booleanValue(create, 'create_host_path')
      else if (bind) mount.createHostPath = true
      return mount
    }
    case 'volume': {
      const mount: DraftMount = {...base, type: 'volume'}
      if (source !== undefined && source !== '') mount.source = source
      const subpath = scalarText(field(field(node, 'volume') ?? node, 'subpath'))
      if (field(node, 'volume') && subpath !== undefined && subpath !== '') mount.subpath = subpath
      return mount
    }
    case 'tmpfs':
      return {...base, type: 'tmpfs'}
    case 'image': {
      if (source === undefined || source === '') fail(location, 'a volume of type image needs a source')
      const mount: DraftMount = {...base, type: 'image', source, readOnly: true}
      const subpath = scalarText(field(field(node, 'image') ?? node, 'subpath'))
      if (field(node, 'image') && subpath !== undefined && subpath !== '') mount.subpath = subpath
      return mount
    }
    case 'npipe':
    case 'cluster':
      return undefined
    default:
      fail(location, `unknown volume type "${type}"`)
  }
}

/** `tmpfs: /run` or `tmpfs: [/run, /tmp:size=64m]`. */
export function parseTmpfs(node: CNode, baseDir: string): DraftMount[] {
  const items = node.kind === 'seq' ? node.items : [node]
  const mounts: DraftMount[] = []
  for (const item of items) {
    const text = scalarText(item)
    if (text === undefined || item.kind !== 'scalar') fail(item.loc, 'tmpfs entries must be paths')
    const colon = text.indexOf(':')
    const path = colon < 0 ? text : text.slice(0, colon)
    const options = colon < 0 ? [] : text.slice(colon + 1).split(',')
    mounts.push({type: 'tmpfs', target: cleanTarget(path), readOnly: options.includes('ro'), location: item.loc, baseDir})
  }
  return mounts
}
