import {decodeBytes} from '../text/bytes.js'
import {DEFAULT_TIMEOUT_MS, type ExecResult, type RunningCommand} from './types.js'

type Execa = typeof import('execa')
let execaModule: Promise<Execa> | undefined

/** execa is slow to load: only commands that run something pay for it. */
export function loadExeca(): Promise<Execa> {
  execaModule ??= import('execa')
  return execaModule
}

export interface HostCommand {
  file: string
  args: string[]
  /** the environment of the host-side command; undefined = inherit ours */
  env?: NodeJS.ProcessEnv
  /** replace the environment instead of extending ours */
  replaceEnv?: boolean
  cwd?: string
}

/** What went wrong starting a host command, in terms the transports map to CannotTellError. */
export interface RawResult extends ExecResult {
  /** errno code when the command could not be spawned (ENOENT: binary missing) */
  spawnError?: string
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (typeof value === 'string') return Buffer.from(value, 'utf8')
  return new Uint8Array(0)
}

function toResult(raw: {exitCode?: number; stdout?: unknown; stderr?: unknown; timedOut?: boolean; failed?: boolean; code?: string}): RawResult {
  const result: RawResult = {
    exitCode: raw.exitCode,
    stdout: decodeBytes(toBytes(raw.stdout)),
    stderr: decodeBytes(toBytes(raw.stderr)),
    timedOut: raw.timedOut === true,
    failed: raw.failed === true || raw.exitCode !== 0,
  }
  if (raw.exitCode === undefined && raw.code && !raw.timedOut) result.spawnError = raw.code
  return result
}

function execaOptions(command: HostCommand, timeoutMs: number | undefined) {
  return {
    reject: false,
    timeout: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    encoding: 'buffer',
    stripFinalNewline: false,
    forceKillAfterDelay: 2000,
    ...(command.env ? {env: command.env, extendEnv: command.replaceEnv !== true} : {}),
    ...(command.cwd ? {cwd: command.cwd} : {}),
  } as const
}

/** Runs a host command to completion: never throws for a non-zero exit, a timeout or ENOENT. */
export async function runHost(command: HostCommand, timeoutMs?: number, input?: string | Uint8Array): Promise<RawResult> {
  const {execa} = await loadExeca()
  const raw = await execa(command.file, command.args, {
    ...execaOptions(command, timeoutMs),
    ...(input === undefined ? {stdin: 'ignore'} : {input: typeof input === 'string' ? Buffer.from(input, 'utf8') : input}),
  })
  return toResult(raw as never)
}

/** Starts a host command with stdin open; stdout chunks are reported as they arrive. */
export function startHost(command: HostCommand, timeoutMs: number | undefined, onStdout?: (chunk: string) => void): RunningCommand & {raw: Promise<RawResult>} {
  let closeRequested = false
  let killRequested: NodeJS.Signals | undefined
  let child: {stdin: NodeJS.WritableStream | null; kill(signal?: NodeJS.Signals): boolean} | undefined
  const raw = (async () => {
    const {execa} = await loadExeca()
    const subprocess = execa(command.file, command.args, {...execaOptions(command, timeoutMs), stdin: 'pipe'})
    child = subprocess as never
    subprocess.stdin?.on('error', () => {}) // EPIPE when the command exits first
    if (onStdout) {
      subprocess.stdout?.on('data', (data: Uint8Array) => onStdout(decodeBytes(data)))
    }
    if (closeRequested) subprocess.stdin?.end()
    if (killRequested) subprocess.kill(killRequested)
    return toResult((await subprocess) as never)
  })()
  return {
    raw,
    result: raw,
    closeInput() {
      closeRequested = true
      child?.stdin?.end()
    },
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      killRequested = signal
      child?.kill(signal)
    },
  }
}
