import type {AuthKind} from './capture.js'
import type {FindingLocation} from './finding.js'
import type {ProtocolId} from './protocols.js'
import type {MountView} from './view.js'

/** One process context that may refresh the login: a container, a pod container, the host's claude. */
export interface Participant {
  name: string
  /** its mount view (kernel table or compose service) */
  view: MountView
  /** where its evidence came from: a file, `pid:1234`, `docker:agents`, `compose.yaml` */
  origin: string
  /** HOME and the Claude variables as the participant sees them; undefined when not known */
  env?: {HOME?: string; CLAUDE_CONFIG_DIR?: string; CLAUDE_SECURESTORAGE_CONFIG_DIR?: string}
  /** the kind of auth it uses; only `oauth` (and `unknown`, conservatively) refresh the shared login */
  auth: AuthKind
  /** D, the credential dir, and what decided it */
  configDir?: {path: string; from: string}
  /** realpath(D) inside the participant; undefined when not observed (D itself is then assumed) */
  configDirRealpath?: string
  configDirWritable?: boolean
  claude: {
    version?: string
    protocol: ProtocolId
    /** how the protocol was learned */
    protocolFrom: 'version' | 'binary' | 'override' | 'unknown'
  }
  /** files of external `flock` wrappers around every claude call */
  flock: string[]
  /** an operator waits on it: must not join a whole-run flock */
  interactive: boolean
  /** the participant's root seen from here (`/proc/PID/root`, '' for this process): realpath(D) can be computed once D is final */
  procRoot?: string
  /** where each fact came from in an input file (compose) */
  locations?: {configDir?: FindingLocation; service?: FindingLocation; flock?: FindingLocation; version?: FindingLocation}
}

/** Auth kinds that never refresh the shared OAuth login. */
export const NON_REFRESHING: ReadonlySet<AuthKind> = new Set(['api-key', 'auth-token', 'api-key-helper', 'oauth-token', 'cloud'])

export function refreshesSharedLogin(participant: Participant): boolean {
  return !NON_REFRESHING.has(participant.auth)
}
