import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {CHECK_SCRIPT, HOLD_SCRIPT, runProbes, type ProbeParticipant, type ProbeReport} from '../../src/probes/index.js'
import {EngineTransport} from '../../src/transports/engine.js'
import {LocalTransport} from '../../src/transports/local.js'
import {useFakeEngines} from '../transports/fake-engines.js'
import {PrefixedTransport, probeLeftovers, snapshotTree} from './helpers.js'

let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'disinto-probes-'))
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

/** A D with a fake login and other entries whose bytes and mtimes must survive the probes. */
function makeD(path: string): string {
  mkdirSync(join(path, 'projects'), {recursive: true})
  writeFileSync(join(path, '.credentials.json'), '{"claudeAiOauth":{"refreshToken":"sk-ant-ort01-FAKE"}}')
  writeFileSync(join(path, 'session.lock'), '')
  writeFileSync(join(path, 'projects/x.jsonl'), 'line\n')
  mkdirSync(join(path, '.oauth_refresh.lock'))
  for (const file of ['.credentials.json', 'session.lock', 'projects/x.jsonl']) utimesSync(join(path, file), 1_000_000, 1_000_000)
  return path
}

const results = (report: ProbeReport): Record<string, string> =>
  Object.fromEntries(report.pairs.flatMap((pair) => pair.probes.map((probe) => [`${pair.a}-${pair.b} ${probe.probe}`, probe.result])))

describe('runProbes on this machine (local transport)', () => {
  it('one D for both: every probe is shared; pre-existing entries are untouched and nothing is left', async () => {
    const base = join(root, 'same')
    const d = makeD(join(base, '.claude'))
    writeFileSync(join(base, 'wrapper.lock'), '')
    const before = {d: snapshotTree(d), base: snapshotTree(base, 0)}
    const participants: ProbeParticipant[] = ['a', 'b', 'c'].map((name) => ({name, transport: new LocalTransport(name), configDir: d, configDirRealpath: d, flockPath: join(base, 'wrapper.lock')}))
    const progress: string[] = []
    const report = await runProbes(participants, {onProgress: (line) => progress.push(line)})
    expect(report.pairs.map((pair) => `${pair.a}-${pair.b}`)).toEqual(['a-b', 'a-c', 'b-c'])
    for (const pair of report.pairs) {
      expect(pair.probes.map((probe) => [probe.probe, probe.result, probe.detail])).toEqual(pair.probes.map((probe) => [probe.probe, 'shared', probe.detail]))
    }
    expect(report.pairs[0]!.probes.map((probe) => probe.probe)).toEqual(['marker-dir', 'marker-parent', 'mkdir-sibling', 'mkdir-in-dir', 'flock-in-dir', 'flock-wrapper'])
    expect(report.unreachable).toEqual([])
    expect(report.leftovers).toEqual([])
    expect(snapshotTree(d)).toEqual(before.d)
    expect(snapshotTree(base, 0)).toEqual(before.base)
    expect(report.commands).toHaveLength(6)
    expect(report.commands[0]).toMatch(/^sh -c '.*' sh 120 dir .*\.disinto-probe-/s)
    expect(progress.some((line) => line.includes('setting up a'))).toBe(true)
  })

  it('two Ds under one parent: in-dir and flock private, parent and nothing else shared', async () => {
    const base = join(root, 'two')
    const d1 = makeD(join(base, 'one'))
    const d2 = makeD(join(base, 'two'))
    const report = await runProbes([
      {name: 'one', transport: new LocalTransport('one'), configDir: d1, configDirRealpath: d1},
      {name: 'two', transport: new LocalTransport('two'), configDir: d2, configDirRealpath: d2},
    ])
    expect(results(report)).toEqual({
      'one-two marker-dir': 'private',
      'one-two marker-parent': 'shared',
      'one-two mkdir-sibling': 'private',
      'one-two mkdir-in-dir': 'private',
      'one-two flock-in-dir': 'private',
    })
    expect(probeLeftovers(base)).toEqual([])
  })

  it('a symlinked D: the sibling probe follows realpath(D) (shared), as proper-lockfile does', async () => {
    const base = join(root, 'symlink')
    const data = makeD(join(base, 'data/claude'))
    mkdirSync(join(base, 'home1'), {recursive: true})
    mkdirSync(join(base, 'home2'), {recursive: true})
    symlinkSync(data, join(base, 'home1/.claude'))
    const report = await runProbes([
      {name: 'link', transport: new LocalTransport('link'), configDir: join(base, 'home1/.claude'), configDirRealpath: data},
      {name: 'direct', transport: new LocalTransport('direct'), configDir: data, configDirRealpath: data},
    ])
    expect(results(report)).toMatchObject({'link-direct mkdir-sibling': 'shared', 'link-direct mkdir-in-dir': 'shared', 'link-direct marker-dir': 'shared'})
    expect(probeLeftovers(base)).toEqual([])
  })

  it('an unwritable D (EACCES as another user) is an error result with the reason, not a crash', async () => {
    const base = join(root, 'eacces')
    const d = makeD(join(base, '.claude'))
    chmodSync(root, 0o755)
    const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']
    const report = await runProbes([
      {name: 'root', transport: new LocalTransport('root'), configDir: d, configDirRealpath: d},
      {name: 'nobody', transport: new PrefixedTransport('nobody', nobody), configDir: d, configDirRealpath: d},
    ])
    const byProbe = Object.fromEntries(report.pairs[0]!.probes.map((probe) => [probe.probe, probe]))
    // root's markers are seen by nobody; nobody's cannot be made: the one direction that works decides
    expect(byProbe['marker-dir']).toMatchObject({result: 'shared'})
    expect(byProbe['marker-dir']!.detail).toMatch(/cannot make a marker directory in nobody .*Permission denied/)
    // the lock dir root made is there for nobody too, but nobody could never take it itself
    expect(byProbe['mkdir-in-dir']).toMatchObject({result: 'error'})
    expect(byProbe['mkdir-in-dir']!.detail).toMatch(/cannot write .*could not take a lock there itself/)
    expect(byProbe['flock-in-dir']).toMatchObject({result: 'shared'})
    expect(report.leftovers).toEqual([])
    expect(probeLeftovers(base)).toEqual([])
  })

  it('a D that does not exist is an error result naming it', async () => {
    const d = makeD(join(root, 'exists/.claude'))
    const report = await runProbes([
      {name: 'a', transport: new LocalTransport('a'), configDir: d, configDirRealpath: d},
      {name: 'b', transport: new LocalTransport('b'), configDir: join(root, 'missing/.claude'), configDirRealpath: join(root, 'missing/.claude')},
    ])
    const marker = report.pairs[0]!.probes.find((probe) => probe.probe === 'marker-dir')!
    expect(marker.result).toBe('error')
    expect(marker.detail).toMatch(/no directory .*missing\/\.claude|No such file or directory/)
  })

  it('concurrent runs against the same participants do not interfere', async () => {
    const base = join(root, 'concurrent')
    const d1 = makeD(join(base, 'one'))
    const d2 = makeD(join(base, 'two'))
    const participants = (): ProbeParticipant[] => [
      {name: 'a', transport: new LocalTransport('a'), configDir: d1, configDirRealpath: d1, flockPath: join(d1, 'session.lock')},
      {name: 'b', transport: new LocalTransport('b'), configDir: d1, configDirRealpath: d1, flockPath: join(d1, 'session.lock')},
      {name: 'c', transport: new LocalTransport('c'), configDir: d2, configDirRealpath: d2, flockPath: join(d2, 'session.lock')},
    ]
    const before = snapshotTree(base)
    const reports = await Promise.all(Array.from({length: 4}, () => runProbes(participants(), {concurrency: 2})))
    expect(new Set(reports.map((report) => report.runId)).size).toBe(4)
    for (const report of reports) {
      expect(results(report)).toEqual(results(reports[0]!))
      expect(results(report)['a-b mkdir-in-dir']).toBe('shared')
      expect(results(report)['a-c mkdir-in-dir']).toBe('private')
      expect(results(report)['a-c flock-wrapper']).toBe('private')
      expect(results(report)['a-b flock-wrapper']).toBe('shared')
    }
    expect(snapshotTree(base)).toEqual(before)
  })

  it('the scripts work under busybox sh too', async (context) => {
    if (spawnSync('sh', ['-c', 'command -v busybox']).status !== 0) {
      console.warn('[test] busybox is not installed: skipping the busybox sh run of the probe scripts')
      return context.skip()
    }
    const d = makeD(join(root, 'busybox/.claude'))
    const report = await runProbes(
      ['a', 'b'].map((name) => ({name, transport: new PrefixedTransport(name, [], ['busybox', 'sh']), configDir: d, configDirRealpath: d})),
    )
    expect(Object.values(results(report))).toEqual(['shared', 'shared', 'shared', 'shared', 'shared'])
    expect(probeLeftovers(join(root, 'busybox'))).toEqual([])
  })
})

describe('the checker batches its external commands', () => {
  /** A PATH with only the named tools (symlinks to the host's), to force one lock path or the other. */
  function toolDir(name: string, tools: string[]): string {
    const bin = join(root, name)
    mkdirSync(bin, {recursive: true})
    for (const tool of tools) {
      const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], {encoding: 'utf8'}).stdout.trim()
      if (found && !existsSync(join(bin, tool))) symlinkSync(found, join(bin, tool))
    }
    return bin
  }
  const answers = (stdout: string): string[] => stdout.trim().split('\n').sort()

  it('flock attempts answer the same through one perl and through flock per file; mkdir answers come from one batch', async (context) => {
    const d = makeD(join(root, 'batch/.claude'))
    const before = snapshotTree(d)
    let output = ''
    const holder = new LocalTransport('h').start(['sh', '-c', HOLD_SCRIPT, 'sh', '60', 'flock', join(d, '.disinto-probe-b1'), 'flock', join(d, '.disinto-probe-b2'), 'flock', join(d, '.disinto-probe-b3'), 'dir', join(d, '.disinto-probe-b4')], {
      onStdout: (chunk) => (output += chunk),
    })
    try {
      while (!output.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(output).toBe('created 0\ncreated 1\ncreated 2\ncreated 3\nready\n')
      const items = [
        ...['b1', 'b2', 'b3'].flatMap((name, k) => ['flock', String(k), join(d, `.disinto-probe-${name}`, 'lock')]),
        ...['flock', '3', join(d, 'session.lock')], // visible, not locked
        ...['flock', '4', join(d, '.disinto-probe-none', 'lock')],
        ...['mkdir', '5', join(d, '.disinto-probe-b4')], // held: EEXIST
        ...['mkdir', '6', join(d, '.disinto-probe-c1')], // free: made and removed at once
        ...['mkdir', '7', join(d, '.disinto-probe-c2')],
        ...['mkdir', '8', join(d, 'no-such-dir', '.disinto-probe-c3')],
        ...['seen', '9', join(d, '.disinto-probe-b4')],
      ]
      const expected = ['0 locked', '1 locked', '2 locked', '3 free', '4 absent', '5 exists', '6 created', '7 created', '9 yes', 'done']
      const run = (path: string, sh = 'sh') => spawnSync(sh, ['-c', CHECK_SCRIPT, 'sh', ...items], {encoding: 'utf8', env: {PATH: path}})
      const common = ['sh', 'mkdir', 'rmdir', 'tr']
      const viaFlock = run(toolDir('bin-flock', [...common, 'flock']))
      expect(answers(viaFlock.stdout).filter((line) => !line.startsWith('8 '))).toEqual(expected)
      expect(viaFlock.stdout).toMatch(/^8 error .*No such file or directory$/m)
      if (spawnSync('sh', ['-c', 'command -v perl']).status !== 0) {
        console.warn('[test] perl is not installed: skipping the one-perl lock path')
        return context.skip()
      }
      // no flock tool at all: the answers can only come from the one perl
      const viaPerl = run(toolDir('bin-perl', [...common, 'perl']))
      expect(answers(viaPerl.stdout)).toEqual(answers(viaFlock.stdout))
      // busybox sh and tools, no perl; busybox's own flock where it has one (no -E: every attempt's output is captured)
      const busybox = spawnSync('sh', ['-c', 'command -v busybox'], {encoding: 'utf8'}).stdout.trim()
      if (busybox) {
        const ownFlock = spawnSync(busybox, ['--list'], {encoding: 'utf8'}).stdout.split('\n').includes('flock')
        const bin = toolDir('bin-busybox', ownFlock ? [] : ['flock'])
        for (const tool of ownFlock ? [...common, 'flock'] : common) if (!existsSync(join(bin, tool))) symlinkSync(busybox, join(bin, tool))
        expect(answers(run(bin).stdout).filter((line) => !line.startsWith('8 '))).toEqual(expected)
      }
    } finally {
      holder.closeInput()
      await holder.result
    }
    expect(snapshotTree(d)).toEqual(before)
  })
})

describe('cleanup on every way out', () => {
  it('a check that times out and an unreachable participant become error results; the others still clean up', async () => {
    const base = join(root, 'errors')
    const d = makeD(join(base, '.claude'))
    const before = snapshotTree(base)
    class SlowChecks extends LocalTransport {
      override start(argv: readonly string[], options?: Parameters<LocalTransport['start']>[1]) {
        return argv[4] === '120' ? super.start(argv, options) : super.start(['sleep', '10'], options)
      }
    }
    const engines = useFakeEngines({})
    try {
      const report = await runProbes(
        [
          {name: 'slow', transport: new SlowChecks('slow'), configDir: d, configDirRealpath: d},
          {name: 'ok', transport: new LocalTransport('ok'), configDir: d, configDirRealpath: d},
          {name: 'gone', transport: new EngineTransport('gone', 'docker', 'no-such'), configDir: d, configDirRealpath: d},
        ],
        {timeoutMs: 500},
      )
      const pair = (a: string, b: string) => Object.fromEntries(report.pairs.find((p) => p.a === a && p.b === b)!.probes.map((probe) => [probe.probe, probe]))
      // slow's own checks timed out, but ok's checks of slow's probes answer the two-way probes
      expect(pair('slow', 'ok')['marker-dir']!.result).toBe('shared')
      expect(pair('slow', 'ok')['marker-dir']!.detail).toMatch(/checks in slow timed out/)
      expect(pair('slow', 'ok')['mkdir-in-dir']!.result).toBe('shared')
      for (const probe of Object.values(pair('ok', 'gone'))) {
        expect(probe.result).toBe('error')
        expect(probe.detail).toMatch(/gone: participant "gone" \(docker:no-such\) is unreachable: Error response from daemon: No such container: no-such/)
      }
      expect(report.unreachable.map((u) => u.name)).toEqual(['gone'])
      expect(report.leftovers).toEqual([])
      expect(snapshotTree(base)).toEqual(before)
    } finally {
      engines.restore()
    }
  })

  it('an aborted run removes what it made and rejects', async () => {
    const base = join(root, 'abort')
    const d = makeD(join(base, '.claude'))
    const before = snapshotTree(base)
    const controller = new AbortController()
    const promise = runProbes(
      ['a', 'b'].map((name) => ({name, transport: new LocalTransport(name), configDir: d, configDirRealpath: d})),
      {signal: controller.signal, concurrency: 1, onProgress: (line) => line.includes('checking') && controller.abort()},
    )
    await expect(promise).rejects.toThrow(/aborted; everything they created was removed/)
    expect(snapshotTree(base)).toEqual(before)
  })

  it('the holder cleans up by itself when its hold time runs out, and on SIGTERM', async () => {
    const d = makeD(join(root, 'hold/.claude'))
    const before = snapshotTree(d)
    const timedOut = new LocalTransport('x').start(['sh', '-c', HOLD_SCRIPT, 'sh', '1', 'dir', join(d, '.disinto-probe-t1'), 'flock', join(d, '.disinto-probe-t2')])
    const result = await timedOut.result // input never closed: the 1 s bound ends it
    expect(result.stdout).toBe('created 0\ncreated 1\nready\nremoved 1\nremoved 0\ndone\n')
    expect(snapshotTree(d)).toEqual(before)
    let output = ''
    const killed = new LocalTransport('x').start(['sh', '-c', HOLD_SCRIPT, 'sh', '60', 'dir', join(d, '.disinto-probe-t3')], {
      onStdout(chunk) {
        const wasReady = output.includes('ready')
        output += chunk
        if (!wasReady && output.includes('ready')) {
          killed.kill('SIGTERM')
          killed.kill('SIGTERM') // a second signal during cleanup must not cut it short
        }
      },
    })
    const killedResult = await killed.result
    expect(killedResult.stdout).toBe('created 0\nready\nremoved 0\ndone\n')
    expect(killedResult.exitCode).toBe(143)
    expect(snapshotTree(d)).toEqual(before)
  })

  it.each(['SIGINT', 'SIGTERM'] as const)('a %s to the CLI process mid-run removes everything, then the process dies of it', async (signal) => {
    const base = join(root, `signal-${signal}`)
    const d = makeD(join(base, '.claude'))
    const before = snapshotTree(base)
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./probe-child.ts', import.meta.url)), d], {stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (code, sig) => resolve({code, signal: sig})))
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        if (stdout.includes('held')) resolve()
      }),
    )
    expect(probeLeftovers(base).length).toBeGreaterThan(0) // the probes really were live
    child.kill(signal)
    const exit = await exited
    expect({exit, stderr}).toEqual({exit: {code: null, signal}, stderr: ''})
    expect(snapshotTree(base)).toEqual(before)
  })
})
