import type {ProtocolId} from './protocols.js'

/** How a participant authenticates; only `oauth` refreshes the shared login. */
export type AuthKind = 'oauth' | 'api-key' | 'auth-token' | 'api-key-helper' | 'oauth-token' | 'refresh-token' | 'cloud' | 'unknown'

/**
 * One participant's evidence as `disinto-auth capture` (or `capture --script` in a container
 * without Node) prints it. Never carries a secret: auth is a kind, not a value.
 */
export interface CaptureBundle {
  schema: 'disinto-auth/capture@1'
  name: string
  hostname?: string
  kernel?: string
  uid?: number
  /** raw text of /proc/self/mountinfo inside the participant */
  mountinfo: string
  env: {HOME?: string; CLAUDE_CONFIG_DIR?: string; CLAUDE_SECURESTORAGE_CONFIG_DIR?: string}
  auth: AuthKind
  configDir?: string
  configDirRealpath?: string
  configDirWritable?: boolean
  claude?: {path?: string; version?: string; protocol?: ProtocolId}
}

export const CAPTURE_SCHEMA_ID = 'disinto-auth/capture@1'
