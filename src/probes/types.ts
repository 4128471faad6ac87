import type {Transport} from '../transports/types.js'

export type ProbeKind = 'marker-dir' | 'marker-parent' | 'mkdir-sibling' | 'mkdir-in-dir' | 'flock-in-dir' | 'flock-wrapper'
export type ProbeOutcome = 'shared' | 'private' | 'error'

export const PROBE_KINDS: readonly ProbeKind[] = ['marker-dir', 'marker-parent', 'mkdir-sibling', 'mkdir-in-dir', 'flock-in-dir', 'flock-wrapper']

/** One participant to probe: how to reach it and where its D is, as seen inside it. */
export interface ProbeParticipant {
  name: string
  transport: Transport
  /** D inside the participant (absolute) */
  configDir: string
  /** realpath(D) inside the participant; needed for the sibling probe (D itself is not assumed) */
  configDirRealpath?: string
  /** the external flock wrapper's file, if the participant's claude calls are wrapped */
  flockPath?: string
}

export interface ProbeResult {
  probe: ProbeKind
  result: ProbeOutcome
  /** what was seen, or why the probe could not tell (for `error`: the reason, e.g. Read-only file system) */
  detail: string
}

export interface ProbePair {
  a: string
  b: string
  probes: ProbeResult[]
}

export interface ProbeReport {
  /** the random part of every name this run used (`.disinto-probe-<runId>…`) */
  runId: string
  pairs: ProbePair[]
  /** the exact host commands run, in order started (for --verbose and triage) */
  commands: string[]
  /** participants that could not be reached at all, with the reason */
  unreachable: Array<{name: string; reason: string}>
  /** anything a probe created and could not remove (should stay empty), with the reason */
  leftovers: Array<{participant: string; path: string; reason: string}>
}

export interface ProbeOptions {
  /** participants set up or checked at once (default 4) */
  concurrency?: number
  /** timeout of each check command, ms (default 30 s) */
  timeoutMs?: number
  /** the longest a participant holds its probes before cleaning up on its own, s (default 120) */
  holdSeconds?: number
  /** progress lines (the command shows them on stderr only on a TTY and never under --json) */
  onProgress?: (message: string) => void
  /** aborting cleans up every participant and rejects */
  signal?: AbortSignal
  /** install SIGINT/SIGTERM/SIGHUP handlers while probes are live (default true) */
  handleSignals?: boolean
  /** the random run id (tests); default 12 random hex digits */
  runId?: string
}
