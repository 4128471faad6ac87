import {type Document, LineCounter, type Node as YamlNode, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit} from 'yaml'

import {inputErrorAt} from '../errors.js'
import type {ComposeLocation} from './types.js'

/**
 * A YAML document reduced to what compose reads, every node with its source position. Aliases
 * are expanded (the copy keeps the anchor's position and says `via` which alias brought it),
 * merge keys `<<` are applied (YAML 1.1 rules: explicit keys win, `<<: [*a, *b]` earlier wins),
 * and the compose tags `!reset` / `!override` are kept on the node they decorate.
 */
export type CNode = CMap | CSeq | CScalar

interface CBase {
  loc: ComposeLocation
  tag?: 'reset' | 'override'
}

export interface CEntry {
  key: string
  keyLoc: ComposeLocation
  value: CNode
}

export interface CMap extends CBase {
  kind: 'map'
  entries: CEntry[]
}

export interface CSeq extends CBase {
  kind: 'seq'
  items: CNode[]
}

export interface CScalar extends CBase {
  kind: 'scalar'
  value: string | number | boolean | null
}

/** Stops alias bombs: a compose file never legitimately expands to this many nodes. */
const MAX_NODES = 200_000

export function formatLocation(loc: ComposeLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`
}

/** Parses every document of one file; an empty document is skipped. Throws `file:line:col: …`. */
export function parseYamlDocuments(text: string, file: string): CMap[] {
  const lineCounter = new LineCounter()
  const documents = parseAllDocuments(text, {lineCounter, merge: false, uniqueKeys: true, prettyErrors: false})
  const list = Array.isArray(documents) ? documents : [documents]
  const result: CMap[] = []
  for (const document of list) {
    const error = document.errors[0]
    if (error) {
      const pos = lineCounter.linePos(error.pos[0])
      throw inputErrorAt(file, pos.line, `invalid YAML: ${firstLine(error.message)}`, pos.col)
    }
    if (document.contents === null) continue
    const converter = new Converter(document, file, lineCounter)
    const root = converter.convert(document.contents, undefined)
    if (root.kind === 'scalar' && root.value === null) continue
    if (root.kind !== 'map') throw inputErrorAt(file, root.loc.line, 'a compose file must be a mapping', root.loc.column)
    result.push(root)
  }
  return result
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message
  return line.replace(/ at line \d+, column \d+:?$/, '')
}

class Converter {
  private count = 0
  /** anchors by name, in document order: built once, so an alias costs a lookup, not a document walk */
  private anchors?: Map<string, {start: number; node: unknown}[]>

  constructor(
    private readonly document: Document,
    private readonly file: string,
    private readonly lineCounter: LineCounter,
  ) {}

  location(node: {range?: [number, number, number] | null} | null | undefined, via: string | undefined): ComposeLocation {
    const offset = node?.range?.[0] ?? 0
    const pos = this.lineCounter.linePos(offset)
    return via === undefined
      ? {file: this.file, line: pos.line, column: pos.col}
      : {file: this.file, line: pos.line, column: pos.col, via}
  }

  convert(node: unknown, via: string | undefined): CNode {
    if (++this.count > MAX_NODES) {
      const loc = this.location(node as YamlNode, undefined)
      throw inputErrorAt(this.file, loc.line, `aliases expand to more than ${MAX_NODES} nodes`, loc.column)
    }
    if (isAlias(node)) {
      const target = this.resolveAlias(node.source, node.range?.[0] ?? 0)
      const here = this.location(node, undefined)
      if (!target) throw inputErrorAt(this.file, here.line, `unknown alias *${node.source}`, here.column)
      const aliasVia = `alias *${node.source} at ${formatLocation(here)}` + (via ? `; ${via}` : '')
      return this.convert(target, aliasVia)
    }
    const tag = tagOf(node)
    if (isMap(node)) {
      return {kind: 'map', loc: this.location(node, via), entries: this.entries(node, via), ...(tag ? {tag} : {})}
    }
    if (isSeq(node)) {
      return {kind: 'seq', loc: this.location(node, via), items: node.items.map((item) => this.convert(item, via)), ...(tag ? {tag} : {})}
    }
    if (isScalar(node)) {
      const value = node.value
      const scalar: string | number | boolean | null =
        value === null || value === undefined
          ? null
          : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
            ? value
            : String(value)
      return {kind: 'scalar', loc: this.location(node, via), value: scalar, ...(tag ? {tag} : {})}
    }
    // an empty value (`key:`) arrives as null
    return {kind: 'scalar', loc: this.location(node as YamlNode, via), value: null}
  }

  // YAML: an alias names the closest anchor of that name before it (anchors may be redefined).
  private resolveAlias(name: string, offset: number): unknown {
    if (!this.anchors) {
      const anchors = new Map<string, {start: number; node: unknown}[]>()
      visit(this.document, (_key, node) => {
        const anchor = (node as {anchor?: string}).anchor
        if (anchor && (isMap(node) || isSeq(node) || isScalar(node))) {
          const list = anchors.get(anchor) ?? []
          list.push({start: node.range?.[0] ?? 0, node})
          anchors.set(anchor, list)
        }
      })
      this.anchors = anchors
    }
    let found: unknown
    for (const candidate of this.anchors.get(name) ?? []) if (candidate.start < offset) found = candidate.node
    return found
  }

  private entries(map: {items: unknown[]}, via: string | undefined): CEntry[] {
    const explicit = new Set<string>()
    for (const pair of map.items) {
      if (isPair(pair) && !isMergeKey(pair.key)) explicit.add(this.keyText(pair.key))
    }
    const seen = new Set<string>()
    const result: CEntry[] = []
    for (const pair of map.items) {
      if (!isPair(pair)) continue
      if (isMergeKey(pair.key)) {
        const keyLoc = this.location(pair.key as YamlNode, undefined)
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value]
        for (const source of sources) {
          const name = isAlias(source) ? `*${source.source}` : 'an inline mapping'
          const mergeVia = `merge key <<: ${name} at ${formatLocation(keyLoc)}` + (via ? `; ${via}` : '')
          const merged = this.convert(source, mergeVia)
          if (merged.kind !== 'map') {
            throw inputErrorAt(this.file, keyLoc.line, 'a merge key << must name mappings', keyLoc.column)
          }
          for (const entry of merged.entries) {
            if (explicit.has(entry.key) || seen.has(entry.key)) continue
            seen.add(entry.key)
            result.push(entry)
          }
        }
        continue
      }
      const key = this.keyText(pair.key)
      seen.add(key)
      result.push({key, keyLoc: this.location(pair.key as YamlNode, via), value: this.convert(pair.value, via)})
    }
    return result
  }

  private keyText(key: unknown): string {
    if (isScalar(key) && key.value !== null && key.value !== undefined && typeof key.value !== 'object') {
      return String(key.value)
    }
    const loc = this.location(key as YamlNode, undefined)
    throw inputErrorAt(this.file, loc.line, 'mapping keys must be plain scalars', loc.column)
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && key.value === '<<' && key.type === 'PLAIN'
}

function tagOf(node: unknown): 'reset' | 'override' | undefined {
  const tag = (node as {tag?: string} | null)?.tag
  if (tag === '!reset') return 'reset'
  if (tag === '!override') return 'override'
  return undefined
}
