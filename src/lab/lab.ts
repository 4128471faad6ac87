import {mkdir, mkdtemp, readdir, readFile, rm, rmdir} from 'node:fs/promises'
import {readFileSync, rmSync, rmdirSync} from 'node:fs'
import {execa, execaSync} from 'execa'
import {registerLive, unregisterLive, type SyncTeardown} from './cleanup.js'
import {configDirOf} from './layouts.js'
import {LAB_PATH, isAlive, killQuietly, startSleeper, waitDead, type Sleeper} from './process.js'
import {KEEPER_SCRIPT, LAB_SLEEP_SECONDS, PARTICIPANT_SCRIPT} from './scripts.js'
import type {CreateLabOptions, Lab, LabExecOptions, LabExecResult, LabLayout, LabParticipant} from './types.js'
import {validateLayout} from './validate.js'

const SAFE_DIR = /^\/[A-Za-z0-9._/-]+$/
const DEFAULT_TIMEOUT_MS = 20_000
const DEFAULT_LIFETIME_MS = 60 * 60 * 1000

/** Builds the layout as live mount namespaces. Tears everything down again if any step fails. */
export async function createLab(layout: LabLayout, options: CreateLabOptions = {}): Promise<Lab> {
  validateLayout(layout)
  const dir = await makeLabDir(options.dir)
  const lab = new LiveLab(layout, dir, options.dir === undefined)
  registerLive(lab)
  try {
    await lab.start(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.lifetimeMs ?? DEFAULT_LIFETIME_MS)
    return lab
  } catch (error) {
    // keep the original error: a teardown failure here must not hide why the build failed
    await lab.teardown().catch(() => undefined)
    throw new Error(`createLab(${layout.name}): ${error instanceof Error ? error.message : String(error)}`, {cause: error})
  }
}

async function makeLabDir(fixed: string | undefined): Promise<string> {
  if (fixed === undefined) return mkdtemp('/tmp/disinto-lab-')
  if (!SAFE_DIR.test(fixed) || fixed.split('/').some((p) => p === '.' || p === '..')) {
    throw new Error(`lab dir ${JSON.stringify(fixed)} must be an absolute path of [A-Za-z0-9._-] segments`)
  }
  try {
    await mkdir(fixed)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    if ((await readdir(fixed)).length > 0 || isHostMountPoint(fixed)) {
      throw new Error(`lab dir ${fixed} exists and is not an empty, unmounted directory (a lab still running?)`)
    }
  }
  return fixed
}

/** mount targets in our own namespace at or under dir */
function hostMountsUnder(dir: string): string[] {
  const text = readFileSync('/proc/self/mountinfo', 'utf8')
  const targets: string[] = []
  for (const line of text.split('\n')) {
    const target = line.split(' ')[4]
    if (target === undefined) continue
    const decoded = target.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)))
    if (decoded === dir || decoded.startsWith(dir + '/')) targets.push(decoded)
  }
  return targets
}

function isHostMountPoint(dir: string): boolean {
  return hostMountsUnder(dir).includes(dir)
}

interface Live {
  name: string
  pid: number
  subprocess: Sleeper
}

class LiveLab implements Lab, SyncTeardown {
  readonly layout: LabLayout
  readonly dir: string
  private readonly ownsDir: boolean
  private keeper: Live | undefined
  private readonly live: Live[] = []
  private readonly specs: LabParticipant[] = []
  private teardownPromise: Promise<void> | undefined
  private syncDone = false

  constructor(layout: LabLayout, dir: string, ownsDir: boolean) {
    this.layout = layout
    this.dir = dir
    this.ownsDir = ownsDir
  }

  get keeperPid(): number {
    if (!this.keeper) throw new Error('lab keeper not started')
    return this.keeper.pid
  }

  get participants(): readonly LabParticipant[] {
    return this.specs
  }

  get closed(): boolean {
    return this.teardownPromise !== undefined || this.syncDone
  }

  async start(timeoutMs: number, lifetimeMs: number): Promise<void> {
    const hostOps: string[] = []
    for (const entry of this.layout.host) {
      if (entry.kind === 'dir') hostOps.push('dir', entry.path)
      else hostOps.push('file', entry.path, entry.content)
    }
    const keeper = await startSleeper(
      ['unshare', '--mount', '--propagation', 'private', '--kill-child', '--', 'sh', '-c', KEEPER_SCRIPT, 'sh', this.dir, LAB_SLEEP_SECONDS, ...hostOps],
      {timeoutMs, lifetimeMs, what: `lab keeper (${this.dir})`, labDir: this.dir},
    )
    this.keeper = {name: 'keeper', ...keeper}
    for (const spec of this.layout.participants) {
      const ops: string[] = []
      for (const m of spec.mounts) {
        switch (m.kind) {
          case 'bind':
            ops.push('bind', m.source, m.target, m.readOnly ? 'ro' : 'rw')
            break
          case 'tmpfs':
            ops.push('tmpfs', m.target)
            break
          case 'symlink':
            ops.push('symlink', m.path, m.to)
            break
          case 'dir':
            ops.push('dir', m.path)
            break
        }
      }
      const started = await startSleeper(
        [
          'nsenter', '--target', String(keeper.pid), '--mount', '--',
          'unshare', '--mount', '--propagation', 'private', '--kill-child', '--',
          'sh', '-c', PARTICIPANT_SCRIPT, 'sh', this.dir, spec.name, LAB_SLEEP_SECONDS, ...ops,
        ],
        {timeoutMs, lifetimeMs, what: `lab participant ${spec.name}`, labDir: this.dir},
      )
      this.live.push({name: spec.name, ...started})
      this.specs.push({name: spec.name, pid: started.pid, env: {...spec.env}, configDir: configDirOf(spec.env)})
    }
  }

  participant(name: string): LabParticipant {
    const p = this.specs.find((s) => s.name === name)
    if (!p) throw new Error(`lab ${this.layout.name} has no participant ${JSON.stringify(name)}`)
    return p
  }

  async exec(name: string, argv: readonly string[], options: LabExecOptions = {}): Promise<LabExecResult> {
    if (this.closed) throw new Error(`lab ${this.layout.name} is torn down`)
    if (argv.length === 0) throw new Error('Lab.exec: empty argv')
    const p = this.participant(name)
    const env: Record<string, string> = {PATH: LAB_PATH, LANG: 'C.UTF-8', HOME: p.env.HOME}
    if (p.env.CLAUDE_CONFIG_DIR !== undefined) env['CLAUDE_CONFIG_DIR'] = p.env.CLAUDE_CONFIG_DIR
    Object.assign(env, options.env ?? {})
    const result = await execa('nsenter', ['--target', String(p.pid), '--mount', '--root', '--wd', '--', ...argv], {
      env,
      extendEnv: false,
      reject: false,
      timeout: options.timeoutMs ?? 10_000,
      stripFinalNewline: false,
      ...(options.input === undefined ? {stdin: 'ignore' as const} : {input: options.input}),
    })
    return {
      exitCode: result.exitCode ?? -1,
      stdout: String(result.stdout ?? ''),
      stderr: String(result.stderr ?? ''),
      timedOut: result.timedOut,
    }
  }

  async mountinfo(name: string): Promise<string> {
    if (this.closed) throw new Error(`lab ${this.layout.name} is torn down`)
    return readFile(`/proc/${this.participant(name).pid}/mountinfo`, 'utf8')
  }

  hostPath(relative = ''): string {
    const base = `/proc/${this.keeperPid}/root${this.dir}`
    return relative === '' ? base : `${base}/${relative.replace(/^\/+/, '')}`
  }

  teardown(): Promise<void> {
    this.teardownPromise ??= this.doTeardown()
    return this.teardownPromise
  }

  private allLive(): Live[] {
    return this.keeper ? [...this.live, this.keeper] : [...this.live]
  }

  private killAll(): void {
    for (const l of this.allLive()) {
      if (isLabSleeper(l.pid)) killQuietly(l.pid)
      l.subprocess.kill('SIGKILL')
    }
  }

  private async doTeardown(): Promise<void> {
    try {
      if (this.syncDone) return
      this.killAll()
      const all = this.allLive()
      // bounded wait for the killed processes; the timer is cleared so it never holds the exit
      let timer: NodeJS.Timeout | undefined
      await Promise.race([Promise.allSettled(all.map((l) => l.subprocess)), new Promise((r) => (timer = setTimeout(r, 5000)))])
      clearTimeout(timer)
      const stuck = await waitDead(
        all.map((l) => l.pid),
        5000,
      )
      if (stuck.length > 0) throw new Error(`lab ${this.layout.name}: processes ${stuck.join(', ')} did not die`)
      await this.unmountHostLeftovers()
      await this.removeDir()
    } finally {
      unregisterLive(this)
    }
  }

  /** The tmpfs lives only in the lab's namespaces; this is the last resort if one reached ours. */
  private async unmountHostLeftovers(): Promise<void> {
    for (const target of hostMountsUnder(this.dir).reverse()) {
      await execa('umount', ['-l', target], {reject: false, timeout: 10_000})
    }
  }

  private async removeDir(): Promise<void> {
    try {
      await rmdir(this.dir)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return
      if (code === 'ENOTEMPTY' && this.ownsDir && /^\/tmp\/disinto-lab-[A-Za-z0-9]{6}$/.test(this.dir)) {
        await rm(this.dir, {recursive: true, force: true})
        return
      }
      throw error
    }
  }

  /** For exit and signal handlers: no awaiting, best effort, still leaves nothing behind. */
  teardownSync(): void {
    if (this.syncDone) return
    this.syncDone = true
    this.killAll()
    for (const target of hostMountsUnder(this.dir).reverse()) {
      try {
        execaSync('umount', ['-l', target], {reject: false, timeout: 10_000})
      } catch {
        // keep going
      }
    }
    try {
      rmdirSync(this.dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOTEMPTY' && this.ownsDir && /^\/tmp\/disinto-lab-[A-Za-z0-9]{6}$/.test(this.dir)) {
        rmSync(this.dir, {recursive: true, force: true})
      }
    }
    unregisterLive(this)
  }
}

/** only kill a pid that is still one of ours (guards against pid reuse) */
function isLabSleeper(pid: number): boolean {
  if (!isAlive(pid)) return false
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    return cmdline[0] === 'sleep' && cmdline[1] === LAB_SLEEP_SECONDS
  } catch {
    return false
  }
}
