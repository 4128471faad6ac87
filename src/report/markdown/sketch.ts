import {printable} from '../../text/bytes.js'

export interface SketchPath {
  role: string
  path: string
  mountTarget: string | null
  storage: string
  /** ✓ shared / ✗ private / '' when not judged */
  mark: string
}

const ROLE_WORDS: Record<string, string> = {
  parent: "D's parent",
  'config-dir': 'D',
  'sibling-lock': 'sibling lock',
  'in-dir-lock': 'in-dir lock',
  flock: 'flock wrapper',
}

/**
 * A small drawing of the part of one participant's tree that matters: D's parent with the
 * sibling lock and D beside each other, D's contents below, each with the mount that holds it.
 */
export function sketchTree(paths: readonly SketchPath[]): string {
  const parent = paths.find((p) => p.role === 'parent')
  if (!parent) return '(config dir unknown)'
  const below = (p: SketchPath) => p.path.startsWith(parent.path === '/' ? '/' : `${parent.path}/`) && p.role !== 'parent'
  const children = paths.filter(below).sort((x, y) => byComponents(x.path, y.path))
  const others = paths.filter((p) => p.role !== 'parent' && !below(p))
  const line = (indent: string, name: string, p: SketchPath) =>
    `${indent}${printable(name).padEnd(Math.max(28 - indent.length, name.length + 1))} ${p.mountTarget === p.path ? 'mount' : `on ${p.mountTarget ?? '(no mount)'}`}: ${printable(p.storage)}  ← ${ROLE_WORDS[p.role] ?? p.role}${p.mark ? ` ${p.mark}` : ''}`
  const lines = [line('', parent.path, parent)]
  const relativeOf = (p: SketchPath) => p.path.slice(parent.path === '/' ? 1 : parent.path.length + 1).split('/')
  children.forEach((child, index) => {
    const parts = relativeOf(child)
    const depth = parts.length - 1
    // last among its siblings: no later entry at the same depth before one that climbs back up
    const rest = children.slice(index + 1).map(relativeOf)
    const next = rest.findIndex((other) => other.length - 1 <= depth)
    const last = next === -1 || rest[next]!.length - 1 < depth
    lines.push(line(`${'   '.repeat(depth)}${last ? '└─ ' : '├─ '}`, parts.at(-1) ?? '', child))
  })
  for (const other of others) lines.push(line('', other.path, other))
  return lines.join('\n')
}

function byComponents(x: string, y: string): number {
  const a = x.split('/')
  const b = y.split('/')
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1
  }
  return a.length - b.length
}
