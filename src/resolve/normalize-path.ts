import {InputError} from '../errors.js'

/**
 * An absolute path in canonical spelling: `//` collapsed, no trailing `/`. Relative paths and
 * `.`/`..` components are refused: resolving them needs the participant's cwd and symlinks.
 */
export function normalizeAbsolutePath(path: string): string {
  if (!path.startsWith('/')) throw new InputError(`path "${path}" is not absolute`, 'E_PATH')
  const parts = path.split('/').filter((part) => part !== '')
  if (parts.some((part) => part === '.' || part === '..')) {
    throw new InputError(`path "${path}" contains "." or ".." (give the resolved path)`, 'E_PATH')
  }
  return '/' + parts.join('/')
}

/** Same spelling rules for mount targets, which come from tables and are never refused. */
export function canonicalTarget(target: string): string {
  if (!target.includes('//') && (target.length === 1 || !target.endsWith('/'))) return target
  const collapsed = target.replace(/\/{2,}/g, '/')
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed
}

/** The parent of a canonical absolute path (`/` for `/`). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash <= 0 ? '/' : path.slice(0, slash)
}

/** Joins a directory and a relative path ('' = the directory itself). */
export function joinPath(directory: string, relative: string): string {
  if (relative === '') return directory
  return directory.endsWith('/') ? directory + relative : `${directory}/${relative}`
}
