#!/usr/bin/env node
// Builds dist/disinto-auth.mjs: the whole CLI — our code, @oclif/core, execa, chalk, table, yaml,
// semver — in one ES module that runs with plain `node` ≥ 20 where only that file was copied
// (e.g. `docker cp dist/disinto-auth.mjs c:/tmp/ && docker exec c node /tmp/disinto-auth.mjs doctor`).
//
// How: oclif's explicit command strategy. scripts/gen-commands-index.mjs regenerates
// src/commands-index.ts (COMMANDS: id → class) from src/commands/**; the entry re-exports
// COMMANDS and hands oclif an inlined package.json whose `oclif.commands` target is the bundle
// itself, so oclif's `import(target)` gets this very module back from Node's module map (which is
// why the entry must not use top-level await: a module still evaluating cannot be imported).
// No oclif.manifest.json is read or needed: oclif reads the static fields of the already loaded
// classes. Bundled CommonJS (@oclif/core) calls require() for Node built-ins, so a banner gives
// the module a real `require` from createRequire.
//
// usage: node scripts/build-bundle.mjs [--outfile FILE] [--no-minify] [--metafile FILE]
import {execFileSync} from 'node:child_process'
import {chmodSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : args[i + 1]
}
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

// --version is answered before @oclif/core or any command module is evaluated (esbuild keeps
// dynamically imported modules as lazy wrappers): the same text oclif prints (Config.userAgent),
// built from the inlined package.json. Anything else goes to oclif.
const versionFlags = ['--version', ...(pkg.oclif?.additionalVersionFlags ?? [])]
const fastVersion = !pkg.oclif?.hooks?.init
const entry = `
import {dirname, basename} from 'node:path'
import {arch, platform} from 'node:os'
import {fileURLToPath} from 'node:url'

const file = fileURLToPath(import.meta.url)
const pjson = ${JSON.stringify(pjson)}
pjson.oclif.commands = {strategy: 'explicit', target: './' + basename(file), identifier: 'COMMANDS'}

/** read by oclif's explicit command strategy when it imports this very file */
export let COMMANDS

async function main(argv) {
  if (${fastVersion} && ${JSON.stringify(versionFlags)}.includes(argv[0])) {
    const {isWsl} = await import('wsl-utils')
    const cpu = arch() === 'ia32' ? 'x86' : arch()
    process.stdout.write(pjson.name + '/' + pjson.version + ' ' + (isWsl ? 'wsl' : platform()) + '-' + cpu + ' node-' + process.version + '\\n')
    return
  }
  const [core, index] = await Promise.all([import('@oclif/core'), import('./src/commands-index.ts')])
  COMMANDS = index.COMMANDS
  // never look for TypeScript sources or a tsconfig beside the bundle (vitest sets NODE_ENV=test)
  core.settings.enableAutoTranspile = false
  await core.execute({args: argv, loadOptions: {root: dirname(file), pjson}})
}

// no top-level await: oclif imports this module to read COMMANDS (see scripts/build-bundle.mjs)
void main(process.argv.slice(2))
`

const result = await build({
  stdin: {contents: entry, resolveDir: root, sourcefile: 'bundle-entry.mjs', loader: 'ts'},
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile,
  minify,
  legalComments: 'none',
  // @oclif/core require()s typescript only to transpile sources in development, which the entry
  // turns off (settings.enableAutoTranspile = false): 3.5 MB never run
  external: ['typescript'],
  metafile: Boolean(metafile),
  logLevel: 'warning',
  banner: {
    js: [
      '#!/usr/bin/env node',
      `// ${pkg.name} ${pkg.version} — single-file build (scripts/build-bundle.mjs); licenses of bundled packages: see the npm package`,
      "import {createRequire as __disintoCreateRequire} from 'node:module';const require=__disintoCreateRequire(import.meta.url);",
    ].join('\n'),
  },
})
if (metafile) writeFileSync(resolve(metafile), JSON.stringify(result.metafile))
chmodSync(outfile, 0o755)
console.error(`wrote ${relative(process.cwd(), outfile)} (${(statSync(outfile).size / 1024).toFixed(0)} KiB${minify ? ', minified' : ''})`)

