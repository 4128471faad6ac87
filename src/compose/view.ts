import type {Medium, MountView, ViewLocation} from '../domain/view.js'
import {InputError} from '../errors.js'
import type {BackingKey} from '../resolve/backing-key.js'
import {canonicalTarget, joinPath, normalizeAbsolutePath, parentPath} from '../resolve/normalize-path.js'
import type {ComposeMount, ComposeProject, ComposeService} from './types.js'
import {isWindowsPath} from './volumes.js'

/** `C:\Users\me` → `C:/Users/me`, the spelling backing keys use for Windows host paths. */
function hostSpelling(path: string): string {
  if (!isWindowsPath(path)) return path
  const slashed = path.replace(/\\/g, '/')
  const drive = /^(\p{L}):/u.exec(slashed)
  const spelled = drive ? drive[1]!.toUpperCase() + slashed.slice(1) : slashed
  return spelled.length > 3 && spelled.endsWith('/') ? spelled.slice(0, -1) : spelled
}

function under(base: string, ...parts: (string | undefined)[]): string {
  const rest = parts
    .filter((part): part is string => part !== undefined && part !== '')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')
  return joinPath(base, rest)
}

const REMOTE_MEDIUM: Record<string, Medium> = {nfs: 'nfs', nfs4: 'nfs', cifs: 'cifs', smb: 'cifs', smb3: 'cifs'}

interface Storage {
  backing: BackingKey
  medium: Medium
  fsType?: string
  bind: boolean
  describe: string
}

function storageOf(mount: ComposeMount, relative: string, owner: string, serviceName: string): Storage {
  switch (mount.type) {
    case 'bind': {
      const host = hostSpelling(mount.source ?? '')
      const storagePath = under(host, relative)
      const windows = isWindowsPath(mount.source ?? '')
      return {
        backing: {key: `host:${storagePath}`, storagePath, exact: mount.assumption === undefined},
        medium: windows ? '9p' : 'local',
        bind: true,
        describe: windows ? `host ${host} (Windows, through Docker Desktop file sharing)` : `host ${host}`,
      }
    }
    case 'volume': {
      const volume = mount.volume
      if (!volume) {
        const origin = mount.fromService ?? serviceName
        const storagePath = under('/', relative)
        return {
          backing: {key: `anon:${owner.split('/')[0]}/${origin}:${mount.target}${storagePath === '/' ? '' : storagePath}`, storagePath, exact: true},
          medium: 'local',
          bind: true,
          describe: `anonymous volume of ${origin} at ${mount.target}`,
        }
      }
      if (volume.driverOptsBindDevice !== undefined) {
        // a named volume with `o: bind` is the host dir itself: same key as a plain bind of it
        const storagePath = under(hostSpelling(volume.driverOptsBindDevice), mount.subpath, relative)
        return {
          backing: {key: `host:${storagePath}`, storagePath, exact: mount.assumption === undefined},
          medium: 'local',
          bind: true,
          describe: `host ${volume.driverOptsBindDevice} (volume ${volume.name})`,
        }
      }
      const storagePath = under('/', mount.subpath, relative)
      const remote = volume.driverOptsType ? (REMOTE_MEDIUM[volume.driverOptsType] ?? 'unknown') : 'local'
      const storage: Storage = {
        backing: {key: `volume:${volume.name}${storagePath === '/' ? '' : storagePath}`, storagePath, exact: !volume.external},
        medium: remote,
        bind: true,
        describe: `volume ${volume.name}${mount.subpath ? ` (subpath ${mount.subpath})` : ''}`,
      }
      if (volume.driverOptsType) storage.fsType = volume.driverOptsType
      return storage
    }
    case 'tmpfs': {
      const storagePath = under(mount.target, relative)
      return {
        backing: {key: `tmpfs:${owner}:${storagePath}`, storagePath, exact: true},
        medium: 'local',
        fsType: 'tmpfs',
        bind: false,
        describe: `tmpfs of ${serviceName}`,
      }
    }
    default: {
      const storagePath = under('/', mount.subpath, relative)
      return {
        backing: {key: `image:${mount.source ?? ''}:${storagePath}`, storagePath, exact: true},
        medium: 'local',
        bind: false,
        describe: `image ${mount.source ?? ''}`,
      }
    }
  }
}

/**
 * One compose service seen as a mount view. Backing keys: `host:<host path>` for binds (and
 * named volumes with `o: bind`), `volume:<qualified name>/<subpath>/<relative>`,
 * `tmpfs:<project>/<service>:<path>`, `anon:<project>/<service>:<target>…` for anonymous volumes
 * and `rootfs:<project>/<service>:<path>` for the service's own root filesystem (its overlay).
 * Two services share a file iff the keys are equal.
 */
export function composeView(project: ComposeProject, service: string | ComposeService): MountView {
  const found =
    typeof service === 'string'
      ? [...project.services, ...project.disabledServices].find((candidate) => candidate.name === service)
      : service
  if (!found) throw new InputError(`no service "${String(service)}" in compose project ${project.name}`, 'E_USAGE')
  const owner = `${project.name}/${found.name}`
  const byTarget = new Map<string, ComposeMount>()
  // later mounts win on one target: volumes_from copies come first, the service's own after them
  for (const mount of found.mounts) if (mount.target.startsWith('/')) byTarget.set(canonicalTarget(mount.target), mount)
  const source = `${found.location.file} service ${found.name}`

  return {
    kind: 'compose',
    source,
    resolve(path: string): ViewLocation {
      const normalized = normalizeAbsolutePath(path)
      for (let candidate = normalized; ; candidate = parentPath(candidate)) {
        const mount = byTarget.get(candidate)
        if (mount) {
          const relative = candidate === normalized ? '' : normalized.slice(candidate === '/' ? 1 : candidate.length + 1)
          const storage = storageOf(mount, relative, owner, found.name)
          const location: ViewLocation = {
            path: normalized,
            mountTarget: candidate,
            relative,
            backing: storage.backing,
            medium: storage.medium,
            readOnly: mount.readOnly,
            bind: storage.bind,
            describe: storage.describe,
          }
          if (storage.fsType) location.fsType = storage.fsType
          return location
        }
        if (candidate === '/') break
      }
      return {
        path: normalized,
        relative: normalized.slice(1),
        backing: {key: `rootfs:${owner}:${normalized}`, storagePath: normalized, exact: true},
        medium: 'overlay',
        fsType: 'overlay',
        readOnly: found.readOnlyRoot,
        bind: false,
        describe: `overlay of ${found.name}`,
      }
    },
    isMountPoint(path: string): boolean {
      return byTarget.has(normalizeAbsolutePath(path))
    },
  }
}
