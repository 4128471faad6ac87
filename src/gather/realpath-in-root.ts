import {lstat, readlink} from 'node:fs/promises'

/**
 * realpath(path) as a process whose root is `root` (e.g. /proc/PID/root) would compute it:
 * symlinks are followed inside that root, never out of it. Undefined when a component is missing.
 */
export async function realpathInRoot(root: string, path: string, maxLinks = 40): Promise<string | undefined> {
  let pending = path.split('/').filter(Boolean)
  const resolved: string[] = []
  let links = 0
  while (pending.length > 0) {
    const part = pending.shift()!
    if (part === '.') continue
    if (part === '..') {
      resolved.pop()
      continue
    }
    const candidate = `/${[...resolved, part].join('/')}`
    let stats
    try {
      stats = await lstat(root + candidate)
    } catch {
      return undefined
    }
    if (!stats.isSymbolicLink()) {
      resolved.push(part)
      continue
    }
    if (++links > maxLinks) return undefined
    const target = await readlink(root + candidate)
    if (target.startsWith('/')) resolved.length = 0
    pending = [...target.split('/').filter(Boolean), ...pending]
  }
  return `/${resolved.join('/')}`
}
