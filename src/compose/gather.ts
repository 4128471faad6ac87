import {readFile, realpath} from 'node:fs/promises'
import {posix} from 'node:path'

/**
 * The only IO the compose loader does: read compose files, `.env` and env files, and follow
 * host symlinks of bind sources. Everything else works on the strings these return, so tests
 * can run the loader on an in-memory tree.
 */
export interface ComposeIo {
  /** the file's text, or undefined when it does not exist */
  readText(path: string): Promise<string | undefined>
  /** the resolved path (symlinks followed), or undefined when the path does not exist */
  realpath(path: string): Promise<string | undefined>
}

function isMissing(error: unknown): boolean {
  const code = (error as {code?: string}).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

export const nodeComposeIo: ComposeIo = {
  async readText(path) {
    try {
      return await readFile(path, 'utf8')
    } catch (error) {
      if (isMissing(error)) return undefined
      throw error
    }
  },
  async realpath(path) {
    try {
      return await realpath(path)
    } catch (error) {
      if (isMissing(error) || (error as {code?: string}).code === 'ELOOP') return undefined
      throw error
    }
  },
}

/**
 * An in-memory tree: `files` maps absolute paths to text (their parent directories exist),
 * `symlinks` maps absolute paths to absolute targets, `directories` lists further existing dirs.
 */
export function memoryComposeIo(
  files: Record<string, string>,
  symlinks: Record<string, string> = {},
  directories: string[] = [],
): ComposeIo {
  const existing = new Set<string>(['/'])
  const addWithParents = (path: string) => {
    for (let current = path; current !== '/'; current = posix.dirname(current)) existing.add(current)
  }
  for (const path of Object.keys(files)) addWithParents(path)
  for (const path of directories) addWithParents(path)
  for (const path of Object.keys(symlinks)) addWithParents(posix.dirname(path))

  const resolve = (path: string, depth = 0): string | undefined => {
    if (depth > 40) return undefined
    const parts = posix.normalize(path).split('/').filter(Boolean)
    let current = '/'
    for (let index = 0; index < parts.length; index++) {
      const next = posix.join(current, parts[index]!)
      const link = symlinks[next]
      if (link !== undefined) {
        const target = resolve(posix.resolve(current, link), depth + 1)
        if (target === undefined) return undefined
        current = target
      } else if (existing.has(next)) current = next
      else return undefined
    }
    return current
  }
  return {
    async readText(path) {
      const real = resolve(path)
      return real === undefined ? undefined : files[real]
    },
    async realpath(path) {
      return resolve(path)
    },
  }
}
