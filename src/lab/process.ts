import {readFile} from 'node:fs/promises'
import {readdirSync, readFileSync} from 'node:fs'
import {setTimeout as delay} from 'node:timers/promises'
import {execa, type ResultPromise} from 'execa'

export const LAB_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

const SLEEPER_OPTIONS = {
  stdin: 'ignore',
  buffer: {stdout: false, stderr: true},
  reject: true,
  extendEnv: false,
  killSignal: 'SIGKILL',
} as const

export type Sleeper = ResultPromise<typeof SLEEPER_OPTIONS & {env: Record<string, string>; timeout: number}>

/**
 * Starts a long-lived lab process: `setpriv --pdeathsig KILL <argv…>` (so it dies with us even on
 * SIGKILL), reads the pid it prints on its first stdout line, and waits until that pid has
 * become the final `sleep` (setup done, chroot entered).
 */
export async function startSleeper(
  argv: readonly string[],
  options: {timeoutMs: number; lifetimeMs: number; what: string; labDir: string},
): Promise<{pid: number; subprocess: Sleeper}> {
  const subprocess: Sleeper = execa('setpriv', ['--pdeathsig', 'KILL', ...argv], {
    ...SLEEPER_OPTIONS,
    // DISINTO_LAB marks every lab process (visible in /proc/PID/environ) with its lab dir
    env: {PATH: LAB_PATH, LANG: 'C', DISINTO_LAB: options.labDir},
    timeout: options.lifetimeMs,
  })
  // Settles when the lab is torn down; failures before readiness are reported by firstLine.
  subprocess.catch(() => undefined)
  const line = await firstLine(subprocess, options)
  const pid = Number(line.trim())
  if (!Number.isInteger(pid) || pid <= 1) {
    subprocess.kill('SIGKILL')
    throw new Error(`${options.what}: expected a pid on stdout, got ${JSON.stringify(line)}`)
  }
  try {
    await waitForComm(pid, 'sleep', options)
  } catch (error) {
    subprocess.kill('SIGKILL')
    throw error
  }
  return {pid, subprocess}
}

function firstLine(subprocess: Sleeper, options: {timeoutMs: number; what: string}): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = ''
    let settled = false
    const finish = (error: Error | undefined, line?: string): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      subprocess.stdout?.removeListener('data', onData)
      if (error) {
        subprocess.kill('SIGKILL')
        reject(error)
      } else resolve(line ?? '')
    }
    const onData = (chunk: Buffer | string): void => {
      buffer += chunk.toString()
      const newline = buffer.indexOf('\n')
      if (newline >= 0) finish(undefined, buffer.slice(0, newline))
    }
    const timer = setTimeout(
      () => finish(new Error(`${options.what}: not ready after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    )
    subprocess.stdout?.on('data', onData)
    subprocess.then(
      (result) => finish(new Error(`${options.what}: exited (${result.exitCode}) before it was ready`)),
      (error: unknown) => finish(new Error(`${options.what}: ${describeFailure(error)}`)),
    )
  })
}

function describeFailure(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as {stderr?: unknown; shortMessage?: unknown; message?: unknown}
    const stderr = typeof e.stderr === 'string' ? e.stderr.trim() : ''
    const short = typeof e.shortMessage === 'string' ? e.shortMessage.split('\n')[0] : String(e.message)
    return stderr ? `${stderr} (${short})` : String(short)
  }
  return String(error)
}

async function waitForComm(pid: number, comm: string, options: {timeoutMs: number; what: string}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs
  for (;;) {
    let current: string | undefined
    try {
      current = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim()
    } catch {
      throw new Error(`${options.what}: process ${pid} vanished during setup`)
    }
    if (current === comm) return
    if (Date.now() > deadline) throw new Error(`${options.what}: process ${pid} is still ${current} after ${options.timeoutMs} ms`)
    await delay(10)
  }
}

/** true while /proc/PID exists and is not a zombie */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return false
  }
}

export function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(pid, signal)
  } catch {
    // already gone
  }
}

export async function waitDead(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs
  let alive = pids.filter(isAlive)
  while (alive.length > 0 && Date.now() < deadline) {
    await delay(10)
    alive = alive.filter(isAlive)
  }
  return alive
}

/**
 * pids of live lab processes (keepers, participants, their unshare parents), found by the
 * DISINTO_LAB=<lab dir> variable each carries; all labs when dir is undefined.
 */
export function labProcesses(dir?: string): number[] {
  const found: number[] = []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return found
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    let environ: string
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'utf8')
    } catch {
      continue
    }
    const mark = environ.split('\0').find((v) => v.startsWith('DISINTO_LAB='))
    if (mark === undefined) continue
    if (dir !== undefined && mark !== `DISINTO_LAB=${dir}`) continue
    if (isAlive(Number(entry))) found.push(Number(entry))
  }
  return found
}
