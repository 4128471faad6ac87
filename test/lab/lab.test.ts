import {existsSync, mkdtempSync, readdirSync, rmdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {execa, type ResultPromise} from 'execa'
import {createLab, LAYOUTS, labProcesses, layoutByName, liveLabCount, type Lab, type LabLayout} from '../../src/lab/index.js'
import {CLEAN, IN_CI, hostMountCount, isAlive, kernelGate, requireSupport, snapshot, waitUntil} from './helpers.js'

const {support, skip} = await kernelGate()
const CHILD = fileURLToPath(new URL('./lab-child.ts', import.meta.url))

/** Build a lab, run fn, tear down, and prove the teardown left mounts and processes as they were. */
const createdDirs: string[] = []

async function withLab(layout: LabLayout | string, fn: (lab: Lab) => Promise<void>): Promise<void> {
  const mounts = hostMountCount()
  const lab = await createLab(typeof layout === 'string' ? layoutByName(layout) : layout)
  createdDirs.push(lab.dir)
  const pids = [lab.keeperPid, ...lab.participants.map((p) => p.pid)]
  expect((await snapshot([lab.dir])).labProcesses).toBeGreaterThanOrEqual(2 * pids.length)
  try {
    await fn(lab)
  } finally {
    await lab.teardown()
    await lab.teardown() // idempotent
  }
  expect(pids.filter(isAlive), 'lab processes alive after teardown').toEqual([])
  expect(existsSync(lab.dir), `${lab.dir} still exists`).toBe(false)
  expect(await snapshot([lab.dir])).toEqual(CLEAN(mounts))
}

async function sh(lab: Lab, name: string, script: string, ...args: string[]) {
  return lab.exec(name, ['sh', '-c', script, 'sh', ...args])
}

async function exists(lab: Lab, name: string, path: string): Promise<boolean> {
  return (await lab.exec(name, ['test', '-e', path])).exitCode === 0
}

async function realpathIn(lab: Lab, name: string, path: string): Promise<string> {
  const r = await lab.exec(name, ['realpath', '-e', '--', path])
  expect(r.exitCode, r.stderr).toBe(0)
  return r.stdout.trim()
}

/** does `mkdir lockA` in a make `mkdir lockB` in b fail? (the kernel as judge). Cleans up. */
async function mkdirExcludes(lab: Lab, a: string, lockA: string, b: string, lockB: string): Promise<boolean> {
  const first = await lab.exec(a, ['mkdir', '--', lockA])
  expect(first.exitCode, `mkdir ${lockA} in ${a}: ${first.stderr}`).toBe(0)
  try {
    const second = await lab.exec(b, ['mkdir', '--', lockB])
    if (second.exitCode === 0) {
      await lab.exec(b, ['rmdir', '--', lockB])
      return false
    }
    expect(second.stderr).toMatch(/File exists/)
    return true
  } finally {
    await lab.exec(a, ['rmdir', '--', lockA])
  }
}

describe('lab support', () => {
  it('can build mount namespaces here (required when CI=true)', () => {
    if (IN_CI) requireSupport(support)
    else if (!support.ok) console.warn(`[test/lab] not in CI, lab unavailable: ${support.reason}`)
    expect(typeof support.ok).toBe('boolean')
  })

  it('every layout says where its locks land and has a scenario verdict', () => {
    for (const l of LAYOUTS) {
      expect(l.locks.length, l.name).toBeGreaterThan(0)
      expect(['hazard', 'safe', 'safe-but-warn']).toContain(l.expected.old)
      expect(['hazard', 'safe', 'safe-but-warn']).toContain(l.expected.new)
    }
  })
})

describe.skipIf(skip)('lab (kernel-backed)', () => {
  let startMounts: number | undefined
  beforeAll(() => {
    requireSupport(support)
    startMounts = hostMountCount()
  })
  afterAll(async () => {
    if (startMounts === undefined) return // beforeAll already failed with the reason
    expect(liveLabCount()).toBe(0)
    expect(await snapshot(createdDirs)).toEqual(CLEAN(startMounts))
  })

  it('dir-only: the container sees its own mounts, D is shared, the parent is private', async () => {
    await withLab('dir-only', async (lab) => {
      const agents = lab.participant('agents')
      expect(agents.configDir).toBe('/home/agent/.claude')
      // the host reads the container's view with container-relative targets
      const mi = await lab.mountinfo('agents')
      const targets = mi.trim().split('\n').map((l) => l.split(' ')[4])
      expect(targets).toEqual(['/', '/proc', '/dev', '/home/agent/.claude'])
      expect(mi).toMatch(/ \/host\/home\/johba\/\.claude \/home\/agent\/\.claude rw,[^ ]* - tmpfs disinto-lab /)
      expect(mi).toMatch(/ \/ \/ rw,[^ ]* - overlay overlay .*lowerdir=\//)
      // and nsenter gives the same view from inside
      const inside = await lab.exec('agents', ['cat', '/proc/self/mountinfo'])
      expect(inside.stdout.trim().split('\n').map((l) => l.split(' ')[4])).toEqual(targets)
      const fm = JSON.parse((await lab.exec('agents', ['findmnt', '-J', '-l', '-o', 'TARGET,FSROOT'])).stdout) as {
        filesystems: Array<{target: string; fsroot: string}>
      }
      expect(fm.filesystems).toContainEqual({target: '/home/agent/.claude', fsroot: '/host/home/johba/.claude'})
      // the real machine's homes are hidden
      expect(readdirOf(await lab.exec('agents', ['ls', '-A', '/home']))).toEqual(['agent'])
      expect(readdirOf(await lab.exec('agents', ['ls', '-A', '/root']))).toEqual([])

      expect((await lab.exec('agents', ['touch', '/home/agent/.claude/.lab-marker', '/home/agent/x'])).exitCode).toBe(0)
      expect(await exists(lab, 'edge', '/home/agent/.claude/.lab-marker')).toBe(true)
      expect(await exists(lab, 'edge', '/home/agent/x')).toBe(false)
      expect(await exists(lab, 'agents', '/home/agent/x')).toBe(true)
      // the marker landed in the host dir, seen from the host through the keeper
      expect(existsSync(lab.hostPath('host/home/johba/.claude/.lab-marker'))).toBe(true)
      expect(existsSync(lab.hostPath('host/home/johba/x'))).toBe(false)

      const cred = await lab.exec('edge', ['cat', '/home/agent/.claude/.credentials.json'])
      expect(cred.stdout).toContain('FAKE-disinto-lab-refresh-token-johba-not-a-real-token')
    })
  })

  it('dir-only: sibling .claude.lock does not exclude across containers, D/.oauth_refresh.lock does', async () => {
    await withLab('dir-only', async (lab) => {
      const sib = '/home/agent/.claude.lock'
      const inDir = '/home/agent/.claude/.oauth_refresh.lock'
      expect(await mkdirExcludes(lab, 'agents', sib, 'edge', sib)).toBe(false)
      // both held at once: each container has its own
      expect((await lab.exec('agents', ['mkdir', sib])).exitCode).toBe(0)
      expect((await lab.exec('edge', ['mkdir', sib])).exitCode).toBe(0)
      expect(await mkdirExcludes(lab, 'agents', inDir, 'edge', inDir)).toBe(true)
      expect(await mkdirExcludes(lab, 'edge', inDir, 'agents', inDir)).toBe(true)
    })
  })

  it('dir-only: flock on D/session.lock excludes across containers', async () => {
    await withLab('dir-only', async (lab) => {
      const holder = sh(lab, 'agents', 'exec flock "$1" sh -c \'touch "$1"; sleep 3\' sh "$2"', '/home/agent/.claude/session.lock', '/home/agent/.claude/.held')
      expect(await waitUntil(() => exists(lab, 'edge', '/home/agent/.claude/.held'), 5000)).toBe(true)
      const tryLock = await lab.exec('edge', ['flock', '-n', '/home/agent/.claude/session.lock', 'true'])
      expect(tryLock.exitCode).toBe(1)
      // a lock file in the private home is not contended
      const privateLock = await lab.exec('edge', ['flock', '-n', '/home/agent/session.lock', 'true'])
      expect(privateLock.exitCode).toBe(0)
      expect((await holder).exitCode).toBe(0)
      expect((await lab.exec('edge', ['flock', '-n', '/home/agent/.claude/session.lock', 'true'])).exitCode).toBe(0)
    })
  })

  for (const layout of LAYOUTS) {
    it(`${layout.name} (#${layout.scenario}): locks land where scenarios.md says`, async () => {
      await withLab(layout, async (lab) => {
        for (const pair of layout.locks) {
          const a = lab.participant(pair.a)
          const b = lab.participant(pair.b)
          const sibA = (await realpathIn(lab, a.name, a.configDir)) + '.lock'
          const sibB = (await realpathIn(lab, b.name, b.configDir)) + '.lock'
          expect(await mkdirExcludes(lab, a.name, sibA, b.name, sibB), `${pair.a}/${pair.b} sibling ${sibA} vs ${sibB}`).toBe(
            pair.sibling,
          )
          const inA = `${a.configDir}/.oauth_refresh.lock`
          const inB = `${b.configDir}/.oauth_refresh.lock`
          if (pair.inDir === 'erofs') {
            for (const p of [a, b]) {
              const r = await lab.exec(p.name, ['mkdir', `${p.configDir}/.oauth_refresh.lock`])
              expect(r.exitCode).not.toBe(0)
              expect(r.stderr).toMatch(/Read-only file system/)
            }
          } else {
            expect(await mkdirExcludes(lab, a.name, inA, b.name, inB), `${pair.a}/${pair.b} in-dir`).toBe(pair.inDir)
          }
        }
      })
    })
  }

  it('symlink vs symlink-dir-only: realpath(D) is /data/claude in both, only a shared /data shares its sibling', async () => {
    for (const [name, shared] of [
      ['symlink', true],
      ['symlink-dir-only', false],
    ] as const) {
      await withLab(name, async (lab) => {
        expect(await realpathIn(lab, 'agents', '/home/agent/.claude')).toBe('/data/claude')
        expect(await realpathIn(lab, 'edge', '/home/agent/.claude')).toBe('/data/claude')
        expect((await lab.exec('agents', ['touch', '/data/.top-marker'])).exitCode).toBe(0)
        expect(await exists(lab, 'edge', '/data/.top-marker')).toBe(shared)
        expect(await mkdirExcludes(lab, 'agents', '/data/claude.lock', 'edge', '/data/claude.lock')).toBe(shared)
      })
    }
  })

  it('parent and volume-home: the sibling .claude.lock is shared', async () => {
    for (const name of ['parent', 'volume-home']) {
      await withLab(name, async (lab) => {
        expect(await mkdirExcludes(lab, 'agents', '/home/agent/.claude.lock', 'edge', '/home/agent/.claude.lock')).toBe(true)
        expect((await lab.exec('agents', ['touch', '/home/agent/x'])).exitCode).toBe(0)
        expect(await exists(lab, 'edge', '/home/agent/x')).toBe(true)
      })
    }
  })

  it('readonly: D is read-only, the private parent is writable', async () => {
    await withLab('readonly', async (lab) => {
      const w = await lab.exec('agents', ['touch', '/home/agent/.claude/x'])
      expect(w.stderr).toMatch(/Read-only file system/)
      expect((await lab.exec('agents', ['mkdir', '/home/agent/.claude.lock'])).exitCode).toBe(0)
      expect(await lab.mountinfo('agents')).toMatch(/ \/home\/agent\/\.claude ro,/)
    })
  })

  it('single-file: the credentials file is shared, the directory around it is not', async () => {
    await withLab('single-file', async (lab) => {
      const mi = await lab.mountinfo('agents')
      expect(mi).toMatch(/ \/host\/home\/johba\/\.claude\/\.credentials\.json \/home\/agent\/\.claude\/\.credentials\.json /)
      expect((await lab.exec('agents', ['sh', '-c', 'echo changed >> "$1"', 'sh', '/home/agent/.claude/.credentials.json'])).exitCode).toBe(0)
      expect((await lab.exec('edge', ['cat', '/home/agent/.claude/.credentials.json'])).stdout).toMatch(/changed\n$/)
      expect((await lab.exec('agents', ['touch', '/home/agent/.claude/other'])).exitCode).toBe(0)
      expect(await exists(lab, 'edge', '/home/agent/.claude/other')).toBe(false)
    })
  })

  it('overmount, nested, tmpfs-home: the later / deeper mount wins', async () => {
    await withLab('overmount', async (lab) => {
      const targets = (await lab.mountinfo('edge')).trim().split('\n').map((l) => l.split(' ')[4])
      expect(targets.filter((t) => t === '/home/agent/.claude')).toHaveLength(2)
      expect((await lab.exec('agents', ['touch', '/home/agent/.claude/m'])).exitCode).toBe(0)
      expect(await exists(lab, 'edge', '/home/agent/.claude/m')).toBe(false)
      expect(existsSync(lab.hostPath('host/home/johba/.claude/m'))).toBe(true)
      // edge's D is the copy: same (fake) login, different store
      expect((await lab.exec('edge', ['cat', '/home/agent/.claude/.credentials.json'])).stdout).toContain('refresh-token-johba-')
    })
    await withLab('nested', async (lab) => {
      expect((await lab.exec('agents', ['touch', '/home/agent/.claude/projects/p', '/home/agent/.claude/top'])).exitCode).toBe(0)
      expect(await exists(lab, 'edge', '/home/agent/.claude/top')).toBe(true)
      expect(await exists(lab, 'edge', '/home/agent/.claude/projects/p')).toBe(false)
    })
    await withLab('tmpfs-home', async (lab) => {
      const fs = await lab.exec('agents', ['findmnt', '-n', '-o', 'FSTYPE', '--target', '/home/agent'])
      expect(fs.stdout.trim()).toBe('tmpfs')
      expect((await lab.exec('agents', ['touch', '/home/agent/x', '/home/agent/.claude/y'])).exitCode).toBe(0)
      expect(await exists(lab, 'edge', '/home/agent/x')).toBe(false)
      expect(await exists(lab, 'edge', '/home/agent/.claude/y')).toBe(true)
    })
  })

  it('separate-login and home-mismatch: a participant whose D is another store sees no shared credentials', async () => {
    await withLab('separate-login', async (lab) => {
      expect((await lab.exec('chat', ['cat', '/home/agent/.claude/.credentials.json'])).stdout).toContain('johba-chat')
      expect((await lab.exec('agents', ['touch', '/home/agent/.claude/m'])).exitCode).toBe(0)
      expect(await exists(lab, 'edge', '/home/agent/.claude/m')).toBe(true)
      expect(await exists(lab, 'chat', '/home/agent/.claude/m')).toBe(false)
    })
    await withLab('home-mismatch', async (lab) => {
      const ops = lab.participant('ops')
      expect(ops.configDir).toBe('/root/.claude')
      expect(await exists(lab, 'ops', '/root/.claude/.credentials.json')).toBe(false)
      expect(await exists(lab, 'ops', '/home/agent/.claude/.credentials.json')).toBe(true)
      const home = await lab.exec('ops', ['sh', '-c', 'echo "$HOME"'])
      expect(home.stdout.trim()).toBe('/root')
    })
  })

  it('exec: argv is never a shell string, env is the participant\'s, timeouts hold', async () => {
    await withLab('config-dir', async (lab) => {
      const r = await lab.exec('agents', ['printf', '%s|%s', '$(id)', '; ls'])
      expect(r.stdout).toBe('$(id)|; ls')
      const env = await lab.exec('agents', ['sh', '-c', 'echo "$HOME $CLAUDE_CONFIG_DIR"'])
      expect(env.stdout.trim()).toBe('/home/agent /data/claude')
      const slow = await lab.exec('agents', ['sleep', '5'], {timeoutMs: 200})
      expect(slow.timedOut).toBe(true)
      const input = await lab.exec('agents', ['cat'], {input: 'piped'})
      expect(input.stdout).toBe('piped')
    })
  })

  it('createLab fails cleanly: a step through a symlink out of the root is refused and nothing leaks', async () => {
    const mounts = hostMountCount()
    const dir = mkdtempSync('/tmp/disinto-lab-errtest-')
    rmdirSync(dir)
    createdDirs.push(dir)
    const escape: LabLayout = {
      name: 'escape',
      description: 'a bind target that passes through a symlink pointing outside',
      scenario: 0,
      host: [{kind: 'dir', path: 'x'}],
      participants: [
        {name: 'ok', env: {HOME: '/home/agent'}, mounts: [{kind: 'bind', source: 'x', target: '/home/agent/.claude'}]},
        {
          name: 'bad',
          env: {HOME: '/home/agent'},
          mounts: [
            {kind: 'symlink', path: '/home/agent/link', to: '/etc'},
            {kind: 'bind', source: 'x', target: '/home/agent/link/disinto-should-not-exist'},
          ],
        },
      ],
      expected: {old: 'hazard', new: 'hazard'},
      locks: [],
    }
    await expect(createLab(escape, {dir})).rejects.toThrow(/passes through a symlink/)
    expect(existsSync('/etc/disinto-should-not-exist')).toBe(false)
    expect(existsSync(dir)).toBe(false)
    expect(liveLabCount()).toBe(0)
    expect(await snapshot([dir])).toEqual(CLEAN(mounts))
    // validation errors never start anything
    await expect(createLab({...escape, participants: [{name: 'p', env: {HOME: 'rel'}, mounts: []}]})).rejects.toThrow(/absolute/)
    await expect(createLab({...escape, host: [{kind: 'dir', path: '../x'}]})).rejects.toThrow(/\.\./)
  })

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`a process holding a lab that gets ${signal} tears it down on the way out`, async () => {
      const mounts = hostMountCount()
      const child = execa(process.execPath, ['--import', 'tsx', CHILD, 'separate-login'], {
        reject: false,
        timeout: 30_000,
        buffer: {stdout: false},
      })
      const line = await firstLine(child)
      const info = JSON.parse(line) as {dir: string; pids: number[]}
      createdDirs.push(info.dir)
      expect(info.pids).toHaveLength(4)
      expect((await snapshot([info.dir])).labProcesses).toBeGreaterThanOrEqual(8)
      expect(info.pids.every(isAlive)).toBe(true)
      expect(existsSync(info.dir)).toBe(true)
      child.kill(signal)
      const result = await child
      expect(result.signal).toBe(signal)
      expect(await waitUntil(() => !info.pids.some(isAlive), 5000)).toBe(true)
      expect(existsSync(info.dir)).toBe(false)
      expect(await snapshot([info.dir])).toEqual(CLEAN(mounts))
    })
  }

  it('a process that calls process.exit() with a live lab tears it down in its exit handler', async () => {
    const mounts = hostMountCount()
    const child = execa(process.execPath, ['--import', 'tsx', CHILD, 'volume-home', 'exit'], {reject: false, timeout: 30_000})
    const result = await child
    expect(result.exitCode, String(result.stderr)).toBe(0)
    const info = JSON.parse(String(result.stdout).split('\n')[0] ?? '') as {dir: string; pids: number[]}
    createdDirs.push(info.dir)
    expect(await waitUntil(() => !info.pids.some(isAlive), 5000)).toBe(true)
    expect(existsSync(info.dir)).toBe(false)
    expect(await snapshot([info.dir])).toEqual(CLEAN(mounts))
  })

  it('a process holding a lab that is SIGKILLed takes the lab processes with it (pdeathsig)', async () => {
    const mounts = hostMountCount()
    const child = execa(process.execPath, ['--import', 'tsx', CHILD, 'dir-only'], {
      reject: false,
      timeout: 30_000,
      buffer: {stdout: false},
    })
    const line = await firstLine(child)
    const info = JSON.parse(line) as {dir: string; pids: number[]}
    createdDirs.push(info.dir)
    child.kill('SIGKILL')
    await child
    expect(await waitUntil(() => !info.pids.some(isAlive) && labProcesses(info.dir).length === 0, 5000)).toBe(true)
    // no exit handler ran: only the empty directory is left (the tmpfs lived in the dead namespaces)
    expect(readdirSync(info.dir)).toEqual([])
    rmdirSync(info.dir)
    expect(await snapshot([info.dir])).toEqual(CLEAN(mounts))
  })
})

function readdirOf(r: {stdout: string}): string[] {
  return r.stdout.split('\n').filter((l) => l !== '')
}

// The child prints its lab as one JSON line once the lab is up; fail if it exits before that.
function firstLine(child: ResultPromise): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let buf = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      buf += chunk.toString()
      if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')))
    })
    child.then((r) => reject(new Error(`child exited early: ${String(r.stderr)}`)), reject)
  })
}
