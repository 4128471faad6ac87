/** What one command run inside a participant gave back. Output is decoded losslessly (bytes.ts). */
export interface ExecResult {
  /** undefined when the command was killed by a signal or never started */
  exitCode: number | undefined
  stdout: string
  stderr: string
  timedOut: boolean
  /** true when the command did not exit 0 (or never started, or timed out) */
  failed: boolean
}

export interface ExecOptions {
  /** milliseconds before the command is killed; every call has one (default 30 s) */
  timeoutMs?: number
  /** written to the command's standard input, which is then closed */
  input?: string | Uint8Array
}

export interface StartOptions {
  timeoutMs?: number
  /** called with each decoded chunk of standard output as it arrives */
  onStdout?: (chunk: string) => void
}

/** A command left running with its standard input open (probes hold locks this way). */
export interface RunningCommand {
  /** closes standard input: the probe scripts read it to know when to release and clean up */
  closeInput(): void
  kill(signal?: NodeJS.Signals): void
  readonly result: Promise<ExecResult>
}

/** The only way commands run in a participant: argv arrays, never a shell string built by us. */
export interface Transport {
  /** the participant's name */
  readonly name: string
  /** `docker:agents`, `pid:1234`, `local` … for messages */
  readonly describe: string
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>
  start(argv: readonly string[], options?: StartOptions): RunningCommand
  /** the exact host-side argv that runs `argv` in the participant (for --verbose and triage) */
  commandFor(argv: readonly string[]): string[]
}

export const DEFAULT_TIMEOUT_MS = 30_000
