import {existsSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execa} from 'execa'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {copyTree, removeTree, REPO, sourceCommandIds, userEnv} from './helpers.js'

// `npm pack` of a copy of this tree (so prepack's build never touches the shared dist/), then
// the tarball installed into an empty prefix the way `npx disinto-auth` would, and run from there.
describe('npm pack → install → disinto-auth', () => {
  let tree: string
  let prefix: string
  let tarball: string
  let packed: string[]
  let ids: string[]

  beforeAll(async () => {
    tree = copyTree('disinto-pack-')
    prefix = mkdtempSync(join(tmpdir(), 'disinto-prefix-'))
    ids = await sourceCommandIds()
    // Given the tree, when npm pack runs its prepack (build + oclif manifest, bundle, oclif readme)
    const pack = await execa('npm', ['pack', '--json', '--pack-destination', prefix], {cwd: tree, env: userEnv()})
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {filename: string; files: {path: string}[]}[]
    tarball = join(prefix, info!.filename)
    packed = info!.files.map((f) => f.path)
    // and the tarball is installed into an empty prefix (from the npm cache when it has the deps)
    await execa('npm', ['install', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund', '--no-save'], {env: userEnv()})
  }, 180_000)
  afterAll(() => {
    removeTree(tree)
    removeTree(prefix)
  })

  it('ships the manifest, the compiled commands and the bundle, not the sources or tests', () => {
    expect(packed).toContain('oclif.manifest.json')
    expect(packed).toContain('bin/run.js')
    expect(packed).toContain('dist/disinto-auth.mjs')
    for (const id of ids) expect(packed).toContain(`dist/commands/${id.split(':').join('/')}.js`)
    expect(packed.filter((p) => /^(src|test|bench|fixtures|scripts)\//.test(p) || p === 'bin/dev.js')).toEqual([])
    // postpack removed the manifest from the tree it was written into
    expect(existsSync(join(tree, 'oclif.manifest.json'))).toBe(false)
  })

  it('the installed manifest lists every command under src/commands', () => {
    const manifest = JSON.parse(readFileSync(join(prefix, 'node_modules/disinto-auth/oclif.manifest.json'), 'utf8')) as {
      version: string
      commands: Record<string, unknown>
    }
    expect(Object.keys(manifest.commands).sort()).toEqual(ids)
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version)
  })

  it('runs as node_modules/.bin/disinto-auth: --version', async () => {
    const r = await execa(join(prefix, 'node_modules/.bin/disinto-auth'), ['--version'], {env: userEnv(), cwd: prefix})
    expect(r.stdout).toMatch(/^disinto-auth\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/)
    expect(r.stderr).toBe('')
  })

  it('runs as npx disinto-auth: check mounts --json gives a versioned envelope and a verdict exit code', async () => {
    const r = await execa('npm', ['exec', '--prefix', prefix, '--offline', '--', 'disinto-auth', 'check', 'mounts', '--json'], {
      env: userEnv(),
      cwd: prefix,
      reject: false,
    })
    expect([0, 1, 3], r.stderr).toContain(r.exitCode)
    const out = JSON.parse(r.stdout) as {schemaVersion: number; command: string; verdict: string; tool: {name: string}}
    expect(out).toMatchObject({schemaVersion: 1, command: 'check mounts', tool: {name: 'disinto-auth'}})
    expect(['safe', 'safe-but-warn', 'hazard', 'cannot-tell']).toContain(out.verdict)
  })

  it('every command has help from the installed package', async () => {
    for (const id of ids) {
      const r = await execa(join(prefix, 'node_modules/.bin/disinto-auth'), [...id.split(':'), '--help'], {env: userEnv(), cwd: prefix})
      expect(r.stdout, id).toContain(`$ disinto-auth ${id.split(':').join(' ')}`)
    }
  })

  it('prepack regenerated the README command reference; the committed README names every command', () => {
    const packedReadme = readFileSync(join(tree, 'README.md'), 'utf8')
    const committed = readFileSync(join(REPO, 'README.md'), 'utf8')
    for (const readme of [packedReadme, committed]) {
      expect(readme).toMatch(/<!-- usage -->[\s\S]*\$ npm install -g disinto-auth[\s\S]*<!-- usagestop -->/)
      const reference = readme.slice(readme.indexOf('<!-- commands -->'), readme.indexOf('<!-- commandsstop -->'))
      for (const id of ids) expect(reference, `README reference lacks ${id} (npm run build && npm run readme)`).toContain(`## \`disinto-auth ${id.split(':').join(' ')}`)
    }
    expect(readdirSync(tree)).not.toContain('docs')
  })
})
