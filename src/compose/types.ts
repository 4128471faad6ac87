/** Where a value of a compose project came from (1-based line and column). */
export interface ComposeLocation {
  file: string
  line: number
  column: number
  /**
   * how the value reached the service when its text lives elsewhere: the alias, merge key,
   * extends, include or volumes_from that carried it (`alias *base at compose.yaml:12:14`)
   */
  via?: string
}

export interface ComposeVolumeRef {
  /** the volume's identity on the engine: `name:` as given, `<project>_<key>`, or the external name */
  name: string
  /** the key under top-level `volumes:` */
  key: string
  external: boolean
  driver?: string
  /** `driver_opts` with `o: bind` (or `bind,…`/`rbind`) and `device`: the host dir really mounted */
  driverOptsBindDevice?: string
  /** the remaining `driver_opts.type` (`nfs`, `cifs`, …) when the volume is remote storage */
  driverOptsType?: string
}

export interface ComposeMount {
  target: string
  type: 'bind' | 'volume' | 'tmpfs' | 'image-root'
  /**
   * bind: absolute host path after `~`, relative-to-project-dir and host symlink resolution;
   * volume: the qualified volume name (undefined for an anonymous volume); image-root: the image
   */
  source?: string
  volume?: ComposeVolumeRef
  subpath?: string
  readOnly: boolean
  propagation?: string
  createHostPath?: boolean
  /** the service whose anonymous volume or declaration this is, when copied by `volumes_from` */
  fromService?: string
  location: ComposeLocation
  /** what had to be assumed, e.g. that a host path missing here has no symlink in it */
  assumption?: string
}

export interface ComposeValue<T> {
  value: T
  location: ComposeLocation
}

export interface ComposeExtension {
  claude?: boolean
  version?: string
  interactive?: boolean
  flock?: string
  location: ComposeLocation
}

export interface ComposeService {
  name: string
  image?: string
  mounts: ComposeMount[]
  /** the container environment from `env_file` then `environment` (never the host's) */
  environment: Record<string, ComposeValue<string>>
  user?: string
  readOnlyRoot: boolean
  extension?: ComposeExtension
  runsClaude: {value: boolean; evidence: string[]}
  /** the service key */
  location: ComposeLocation
  profiles: string[]
  /** `container:<name>` entries of volumes_from: mounts we cannot see */
  opaqueVolumesFrom: string[]
}

export interface MissingVariable {
  name: string
  /** the message after `?` / `:?`, if any */
  message?: string
  location: ComposeLocation
}

export interface ComposeProject {
  name: string
  workingDir: string
  files: string[]
  /** every service enabled by the active profiles, in definition order */
  services: ComposeService[]
  /** services defined but disabled by profiles (analysed the same way, for profileCombinations) */
  disabledServices: ComposeService[]
  activeProfiles: string[]
  allProfiles: boolean
  /** `file:line:col: what`, e.g. a variable unset without default */
  warnings: string[]
  /** `${V:?err}` / `${V?err}` with V unset: the command must answer cannot-tell */
  variablesMissing: MissingVariable[]
}

export interface LoadComposeOptions {
  /** `-f`, repeatable; relative to cwd */
  files?: string[]
  projectDirectory?: string
  /** `--env-file`, repeatable, later wins; replaces `<project dir>/.env` */
  envFiles?: string[]
  profiles?: string[]
  allProfiles?: boolean
  projectName?: string
  /** the process environment, passed in */
  env: Record<string, string | undefined>
  cwd: string
}
