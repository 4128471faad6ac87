import type {MountView, ViewLocation} from '../domain/view.js'
import {normalizeAbsolutePath} from './normalize-path.js'

/**
 * The host's own filesystem keyed the way compose views key bind sources (`host:<path>`), so the
 * host user's claude can be judged beside compose services: a bind of host ~/.claude and the
 * host's own ~/.claude are then the same storage, and host ~/.claude.lock is the host's alone.
 */
export function hostView(source = 'host'): MountView {
  return {
    kind: 'compose',
    source,
    isMountPoint: () => false,
    resolve(path): ViewLocation {
      const normalized = normalizeAbsolutePath(path)
      return {
        path: normalized,
        mountTarget: '/',
        relative: normalized.slice(1),
        backing: {key: `host:${normalized}`, storagePath: normalized, exact: true},
        medium: 'local',
        readOnly: false,
        bind: false,
        describe: `host ${normalized}`,
      }
    },
  }
}
