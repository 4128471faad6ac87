#!/usr/bin/env node
// Builds dist/disinto-auth.mjs: the whole CLI — our code, @oclif/core, execa, chalk, table, yaml,
// semver — in one file that runs with plain `node` ≥ 20 where only that file was copied
// (e.g. `docker cp dist/disinto-auth.mjs c:/tmp/ && docker exec c node /tmp/disinto-auth.mjs doctor`).
//
// Layout of the file (start-up is the point, issue 6):
//  1. A small ES module (the "loader", below) that V8 compiles on every run. It answers `--version`
//     itself, with the text oclif prints (Config.userAgent) from the inlined package.json, and
//     otherwise runs (2).
//  2. The CLI, bundled by esbuild as CommonJS, deflated and base64-encoded in a block comment at
//     the end of the file, so that V8 skips it as a comment instead of parsing ~900 KiB of code on
//     every run. The loader runs it with vm.Script, handing V8 the code cache of the last run of
//     the same command (cachedData). Both the decompressed code and the code caches live in a
//     directory of this user's own under os.tmpdir() (mode 0700, checked to be ours: another
//     user's files are never read), named by a hash of the code (plus Node's version, arch and
//     the command words for code caches: each command compiles different functions). Files are
//     written atomically (rename); a code cache at exit after a run that had none or whose cache
//     V8 rejected, so it holds what the run compiled. Other builds' files are removed once a week
//     old. Any failure just means no cache; DISINTO_AUTH_CODE_CACHE=0 turns it off.
//  3. oclif's explicit command strategy: the entry hands oclif COMMANDS, but only the command
//     being run when argv names one and asks for no help (each command module is a lazily
//     evaluated esbuild wrapper, so only its code runs); all of them otherwise. oclif's
//     `import(target)` of the bundle itself is patched (module-loader.js) to return that map.
//     No oclif.manifest.json is read or needed: oclif reads the static fields of the loaded classes.
//     Also patched: oclif's engines check (semver against whatever package.json sits above the
//     bundle) and fdir's require.resolve probe for picomatch (bundled anyway).
//
// usage: node scripts/build-bundle.mjs [--outfile FILE] [--no-minify] [--metafile FILE]
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {deflateRawSync} from 'node:zlib'
import {build} from 'esbuild'

import {option} from './cli-option.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const outfile = resolve(root, option('outfile', 'dist/disinto-auth.mjs'))
const minify = !args.includes('--no-minify')
const metafile = option('metafile', undefined)

execFileSync(process.execPath, [join(root, 'scripts', 'gen-commands-index.mjs')], {stdio: 'inherit'})

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
// only what oclif's Config reads; `commands` is filled in at run time with the bundle's own name
const pjson = {
  name: pkg.name,
  version: pkg.version,
  description: pkg.description,
  license: pkg.license,
  type: 'module',
  engines: pkg.engines,
  bin: pkg.bin,
  oclif: {...pkg.oclif, plugins: [], devPlugins: [], commands: undefined},
}

// the command modules, from the generated src/commands-index.ts (id → module)
const index = readFileSync(join(root, 'src', 'commands-index.ts'), 'utf8')
const specs = new Map([...index.matchAll(/^import (\w+) from '([^']+)'$/gm)].map((m) => [m[1], m[2].replace(/\.js$/, '.ts').replace(/^\.\//, './src/')]))
const commands = [...index.matchAll(/^  '([^']+)': (\w+),$/gm)].map((m) => ({id: m[1], spec: specs.get(m[2])}))
if (commands.length === 0 || commands.some((c) => !c.spec)) throw new Error('cannot read the commands from src/commands-index.ts')

// The CLI itself (2): CommonJS, run by the loader inside a function with these parameters.
const cli = `
import {dirname} from 'node:path'

const LOADERS = {
${commands.map((c) => `  ${JSON.stringify(c.id)}: () => import(${JSON.stringify(c.spec)}),`).join('\n')}
}
const HELP = new Set(['--help', '-h', 'help', '--'])

/** The command ids oclif will need for argv: the one it names, or all (help, topics, typos). */
function wanted(argv) {
  if (argv.some((arg) => HELP.has(arg))) return Object.keys(LOADERS)
  const words = []
  for (const arg of argv) {
    if (arg.startsWith('-')) break
    words.push(arg)
  }
  for (let n = words.length; n > 0; n--) {
    const id = words.slice(0, n).join(':')
    if (id in LOADERS) return [id]
  }
  return Object.keys(LOADERS)
}

export async function main(argv, file, pjson, setCommands) {
  const ids = wanted(argv)
  const [core, ...modules] = await Promise.all([import('@oclif/core'), ...ids.map((id) => LOADERS[id]())])
  setCommands(Object.fromEntries(ids.map((id, i) => [id, modules[i].default])))
  // never look for TypeScript sources or a tsconfig beside the bundle (vitest sets NODE_ENV=test)
  core.settings.enableAutoTranspile = false
  await core.execute({args: argv, loadOptions: {root: dirname(file), pjson}})
}
`

// oclif loads the explicit target with import(): inside vm.Script that is the loader's job
const patchOclifImport = {
  name: 'oclif-import-through-loader',
  setup(b) {
    // fdir (under tinyglobby) probes for picomatch with require.resolve before require(): the
    // require() is bundled, so the probe would only look for a node_modules beside the bundle
    b.onLoad({filter: /[\\/]fdir[\\/]dist[\\/]index\.cjs$/}, (args) => {
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes('require.resolve("picomatch");')) throw new Error(`${args.path}: picomatch probe not found; update ${patchOclifImport.name}`)
      return {contents: source.replace('require.resolve("picomatch");', ''), loader: 'js'}
    })
    // oclif's engines check reads the package.json above __dirname, which in the bundle is whatever
    // sits above the bundle's directory, through semver (~4 ms): our own engines are node20 (esbuild target)
    b.onLoad({filter: /@oclif[\\/]core[\\/]lib[\\/]index\.js$/}, (args) => {
      const source = readFileSync(args.path, 'utf8')
      if (!source.includes('\ncheckNodeVersion();\n')) throw new Error(`${args.path}: checkNodeVersion() call not found; update ${patchOclifImport.name}`)
      return {contents: source.replace('\ncheckNodeVersion();\n', '\n'), loader: 'js'}
    })
    b.onLoad({filter: /@oclif[\\/]core[\\/]lib[\\/]module-loader\.js$/}, (args) => {
      const source = readFileSync(args.path, 'utf8')
      const needle = 'await import((0, node_url_1.pathToFileURL)(filePath).href)'
      const count = source.split(needle).length - 1
      if (count === 0) throw new Error(`${args.path}: oclif's import() not found; update ${patchOclifImport.name}`)
      return {contents: source.split(needle).join('await __disintoImport(filePath)'), loader: 'js'}
    })
  },
}

const result = await build({
  stdin: {contents: cli, resolveDir: root, sourcefile: 'bundle-cli.mjs', loader: 'ts'},
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  write: false,
  outfile,
  minify,
  charset: 'ascii',
  legalComments: 'none',
  // no import() is left for vm.Script to resolve: bundled modules become lazy wrappers, built-ins require()
  supported: {'dynamic-import': false},
  define: {'import.meta.url': '__disintoUrl'},
  // @oclif/core require()s typescript only to transpile sources in development, which the entry
  // turns off (settings.enableAutoTranspile = false): 3.5 MB never run
  external: ['typescript'],
  plugins: [patchOclifImport],
  metafile: Boolean(metafile),
  logLevel: 'warning',
})
const code = result.outputFiles[0].text
const wrapped = `(function (exports, require, module, __filename, __dirname, __disintoUrl, __disintoImport) {\n${code}\n})`
const hash = createHash('sha256').update(wrapped).digest('hex').slice(0, 16)

// The loader (1). Everything here runs on every start: built-ins only, no work beyond need.
const versionFlags = ['--version', ...(pkg.oclif?.additionalVersionFlags ?? [])]
const fastVersion = !pkg.oclif?.hooks?.init
const loader = `#!/usr/bin/env node
// ${pkg.name} ${pkg.version} — single-file build (scripts/build-bundle.mjs); licenses of bundled packages: see the npm package
import {createRequire} from 'node:module'
import {arch, platform, release, tmpdir} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import fs from 'node:fs'

const file = fileURLToPath(import.meta.url)
const pjson = ${JSON.stringify(pjson)}
pjson.oclif.commands = {strategy: 'explicit', target: './' + basename(file), identifier: 'COMMANDS'}

/** read by oclif's explicit command strategy (through __disintoImport, or import() of this file) */
export let COMMANDS

const argv = process.argv.slice(2)
if (${fastVersion} && ${JSON.stringify(versionFlags)}.includes(argv[0])) {
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  process.stdout.write(pjson.name + '/' + pjson.version + ' ' + (isWsl() ? 'wsl' : platform()) + '-' + cpu + ' node-' + process.version + '\\n')
} else {
  const cli = loadCli()
  // no top-level await: oclif may import() this very module to read COMMANDS
  void cli.main(argv, file, pjson, (commands) => (COMMANDS = commands))
}

// what oclif asks through wsl-utils → is-wsl 3 (platform "wsl" in the user agent)
function isWsl() {
  if (process.platform !== 'linux') return false
  const inContainer = () => fs.existsSync('/run/.containerenv') || fs.existsSync('/.dockerenv') || read('/proc/self/cgroup').includes('docker')
  const read = (path) => {
    try {
      return fs.readFileSync(path, 'utf8')
    } catch {
      return ''
    }
  }
  if (release().toLowerCase().includes('microsoft')) return !inContainer()
  if (read('/proc/version').toLowerCase().includes('microsoft')) return !inContainer()
  if (fs.existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || fs.existsSync('/run/WSL')) return !inContainer()
  return false
}

function loadCli() {
  const vm = createRequire(import.meta.url)('node:vm')
  const cache = cacheFile()
  // the code: kept decompressed beside the code cache once decompressed, else read from this file
  let code
  if (cache) {
    try {
      code = fs.readFileSync(cache.source, 'latin1')
      if (code.length !== ${wrapped.length}) code = undefined
    } catch {}
  }
  if (code === undefined) {
    const own = fs.readFileSync(file, 'latin1')
    const payload = Buffer.from(own.slice(own.lastIndexOf('/*CLI:') + 6, own.length - 2), 'base64')
    code = createRequire(import.meta.url)('node:zlib').inflateRawSync(payload).toString('latin1')
    if (cache) save(cache.source, code)
  }
  let cachedData
  if (cache) {
    try {
      cachedData = fs.readFileSync(cache.code)
    } catch {}
  }
  const script = new vm.Script(code, {filename: file, cachedData})
  if (cache && (cachedData === undefined || script.cachedDataRejected)) {
    // after the run, so that the functions it compiled are in the cache too
    process.once('exit', () => {
      if (!save(cache.code, script.createCachedData())) return
      // what other builds left and has not been rewritten for a week is most likely never read
      // again (two builds in use side by side, e.g. two installed versions, keep their caches)
      try {
        const old = Date.now() - 7 * 24 * 3600 * 1000
        for (const name of fs.readdirSync(cache.dir)) {
          const path = join(cache.dir, name)
          if (!name.startsWith(cache.prefix) && fs.statSync(path).mtimeMs < old) fs.rmSync(path, {force: true})
        }
      } catch {}
    })
  }
  const module = {exports: {}}
  const self = resolve(file)
  const importFile = (path) => (resolve(path) === self && COMMANDS ? Promise.resolve({COMMANDS}) : import(pathToFileURL(path).href))
  script.runInThisContext()(module.exports, createRequire(import.meta.url), module, file, dirname(file), import.meta.url, importFile)
  return module.exports
}

/** Writes a file of the cache atomically (a reader sees all of it or nothing); false when it cannot. */
function save(path, data) {
  try {
    const temporary = path + '.' + process.pid + '.tmp'
    fs.writeFileSync(temporary, data, {mode: 0o600, encoding: 'latin1'})
    fs.renameSync(temporary, path)
    return true
  } catch {
    return false
  }
}

/** The cache's files, in a directory of this user's own; undefined when there is none to trust. */
function cacheFile() {
  if (process.env.DISINTO_AUTH_CODE_CACHE === '0') return undefined
  try {
    const uid = process.getuid?.() ?? 'user'
    const dir = join(tmpdir(), 'disinto-auth-' + uid)
    try {
      fs.mkdirSync(dir, {mode: 0o700})
    } catch {}
    const stat = fs.lstatSync(dir)
    if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid()) || (stat.mode & 0o077) !== 0) return undefined
    // one code cache per command (what V8 keeps is what the run compiled): the leading command words
    const words = []
    for (const arg of argv) {
      if (!/^[a-z][a-z0-9-]{0,30}$/.test(arg) || words.length === 2) break
      words.push(arg)
    }
    const prefix = '${hash}-'
    const version = prefix + process.version + '-' + process.arch + '-'
    return {dir, prefix, source: join(dir, prefix + 'cli.js'), code: join(dir, version + (words.join('-') || 'none') + '.v8cache')}
  } catch {
    return undefined
  }
}
`
mkdirSync(dirname(outfile), {recursive: true})
writeFileSync(outfile, `${loader}/*CLI:${deflateRawSync(Buffer.from(wrapped, 'latin1'), {level: 9}).toString('base64')}*/`)
if (metafile) writeFileSync(resolve(metafile), JSON.stringify(result.metafile))
chmodSync(outfile, 0o755)
console.error(`wrote ${relative(process.cwd(), outfile)} (${(statSync(outfile).size / 1024).toFixed(0)} KiB${minify ? ', minified' : ''})`)

