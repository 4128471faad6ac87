import {chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {isBuiltin} from 'node:module'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createLab, layoutByName, type Lab} from '../../src/lab/index.js'
import {kernelGate, requireSupport} from '../lab/helpers.js'
import {copyTree, removeTree, REPO, sourceCommandIds, userEnv} from './helpers.js'

// The single-file build: scripts/build-bundle.mjs run on a copy of this tree (the shared dist/
// and src/commands-index.ts stay untouched), then the one file copied where nothing else is.
let tree: string
let alone: string
let bundle: string
let ids: string[]

beforeAll(async () => {
  tree = copyTree('disinto-bundle-')
  ids = await sourceCommandIds()
  await execa(process.execPath, ['scripts/build-bundle.mjs', '--metafile', 'meta.json'], {cwd: tree})
  alone = mkdtempSync(join(tmpdir(), 'disinto-alone-'))
  bundle = join(alone, 'disinto-auth.mjs')
  copyFileSync(join(tree, 'dist', 'disinto-auth.mjs'), bundle)
}, 120_000)
afterAll(() => {
  removeTree(tree)
  removeTree(alone)
})

const run = (argv: string[], cwd = alone) => execa(process.execPath, [bundle, ...argv], {cwd, env: userEnv(), reject: false})

describe('dist/disinto-auth.mjs alone in a directory', () => {
  it('is the only file there, and its only imports outside it are Node built-ins', () => {
    expect(readdirSync(alone)).toEqual(['disinto-auth.mjs'])
    // esbuild's record of what stayed external: built-ins, and typescript, which @oclif/core
    // require()s only to transpile sources in development (switched off by the bundle's entry)
    const meta = JSON.parse(readFileSync(join(tree, 'meta.json'), 'utf8')) as {outputs: Record<string, {imports: {path: string; external?: boolean}[]}>}
    const external = new Set(Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)))
    expect([...external].filter((path) => !isBuiltin(path))).toEqual(['typescript'])
  })

  it('--version prints what the npm package prints (oclif user agent)', async () => {
    const r = await run(['--version'])
    const pkg = await execa(process.execPath, [join(REPO, 'bin', 'run.js'), '--version'], {env: userEnv(), reject: false})
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^disinto-auth\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/)
    // the package needs `npm run build`; compare only when it is built
    if (pkg.exitCode === 0) expect(r.stdout).toBe(pkg.stdout)
    expect(r.stderr).toBe('')
  })

  it('--help lists every topic and command from the explicit COMMANDS map', async () => {
    const r = await run(['--help'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toContain('$ disinto-auth [COMMAND]')
    for (const id of ids) {
      const top = id.split(':')[0]!
      expect(r.stdout, id).toMatch(new RegExp(`^\\s+${top}\\s`, 'm'))
      const help = await run([...id.split(':'), '--help'])
      expect(help.exitCode, `${id}: ${help.stderr}`).toBe(0)
      expect(help.stdout).toContain(`$ disinto-auth ${id.split(':').join(' ')}`)
    }
  })

  it('check mounts --json reads this process mount table and exits with its verdict code', async () => {
    const r = await run(['check', 'mounts', '--json', '--home', '/home/agent'])
    expect([0, 1, 3], r.stderr).toContain(r.exitCode)
    const out = JSON.parse(r.stdout) as {command: string; verdict: string; source: string; paths: {path: string}[]}
    expect(out).toMatchObject({command: 'check mounts', source: '/proc/self/mountinfo'})
    expect(out.paths.map((p) => p.path)).toContain('/home/agent/.claude.lock')
  })

  it('bad usage exits 2 with one line, no stack trace', async () => {
    const r = await run(['check', 'mounts', '--mountinfo', join(alone, 'missing.txt')])
    expect(r.exitCode).toBe(2)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('runs through a symlink and under another file name (the oclif target is the file itself)', async () => {
    const renamed = join(alone, 'renamed', 'da.mjs')
    await execa('mkdir', ['-p', join(alone, 'renamed')])
    copyFileSync(bundle, renamed)
    writeFileSync(join(alone, 'renamed', 'package.json'), '{"type":"commonjs","oclif":{"commands":"./nowhere"}}')
    chmodSync(renamed, 0o755)
    const r = await execa(renamed, ['check', 'mounts', '--json'], {env: userEnv(), reject: false})
    expect([0, 1, 3], r.stderr).toContain(r.exitCode)
    expect(JSON.parse(r.stdout)).toMatchObject({command: 'check mounts'})
    await execa('rm', ['-rf', join(alone, 'renamed')])
  })
})

// Inside a real container-like participant: its own mount namespace, an overlay of / as root with
// /root, /home and /tmp private and empty, the host's ~/.claude bound at /home/agent/.claude.
const gate = await kernelGate()

describe.skipIf(gate.skip)('the bundle inside a lab participant (dir-only layout)', () => {
  let lab: Lab
  beforeAll(async () => {
    requireSupport(gate.support)
    lab = await createLab(layoutByName('dir-only'))
    for (const p of lab.participants) {
      // written through the participant's own root (its overlay), as `docker cp` would
      copyFileSync(bundle, `/proc/${p.pid}/root/tmp/disinto-auth.mjs`)
    }
  }, 60_000)
  afterAll(async () => lab?.teardown())

  it('only node and the one file: /tmp holds nothing else and no node_modules is reachable', async () => {
    const ls = await lab.exec('agents', ['ls', '-A', '/tmp'])
    expect(ls.stdout.trim()).toBe('disinto-auth.mjs')
    const nm = await lab.exec('agents', ['sh', '-c', 'ls -d /tmp/node_modules /node_modules /home/agent/node_modules 2>/dev/null; true'])
    expect(nm.stdout.trim()).toBe('')
  })

  it('check mounts --json sees the bind of D and the private sibling lock', async () => {
    const r = await lab.exec('agents', ['node', '/tmp/disinto-auth.mjs', 'check', 'mounts', '--json'], {timeoutMs: 30_000})
    expect([0, 1, 3], r.stderr).toContain(r.exitCode)
    type Row = {path: string; role: string; mount: {target: string} | null; backing: string}
    const out = JSON.parse(r.stdout) as {configDir: {path: string}; paths: Row[]}
    expect(out.configDir.path).toBe('/home/agent/.claude')
    const byRole = Object.fromEntries(out.paths.map((p) => [p.role, p])) as Record<string, Row>
    expect(byRole['config-dir']!.mount!.target).toBe('/home/agent/.claude')
    expect(byRole['sibling-lock']!.mount!.target).toBe('/')
    // the same answer the npm package gives from the host for that participant's pid
    const host = await execa(process.execPath, [join(REPO, 'bin', 'run.js'), 'check', 'mounts', '--json', '--pid', String(lab.participant('agents').pid), '--home', '/home/agent'], {env: userEnv(), reject: false})
    if ([0, 1, 3].includes(host.exitCode ?? -1)) {
      const fromHost = JSON.parse(host.stdout) as {paths: Row[]}
      expect(out.paths.map((p) => [p.path, p.backing])).toEqual(fromHost.paths.map((p) => [p.path, p.backing]))
    }
  })

  it('the sibling lock differs between the two participants, D is the same storage', async () => {
    const read = async (name: string) => {
      const r = await lab.exec(name, ['node', '/tmp/disinto-auth.mjs', 'check', 'mounts', '--json'], {timeoutMs: 30_000})
      return Object.fromEntries((JSON.parse(r.stdout) as {paths: {role: string; backing: string}[]}).paths.map((p) => [p.role, p.backing]))
    }
    const [agents, edge] = await Promise.all([read('agents'), read('edge')])
    expect(agents['config-dir']).toBe(edge['config-dir'])
    expect(agents['sibling-lock']).not.toBe(edge['sibling-lock'])
  })

  it('--version works inside the participant', async () => {
    const r = await lab.exec('agents', ['node', '/tmp/disinto-auth.mjs', '--version'])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^disinto-auth\//)
  })
})
