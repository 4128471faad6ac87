#!/usr/bin/env node
// Start-up is part of the job (issue 6: `--version` and `doctor` as close to bare `node` as the
// installed package allows), so this file imports nothing at top level but built-ins:
//  - Node ≥ 22.1 keeps V8's compiled code of @oclif/core and dist/ in its compile cache
//    (module.enableCompileCache, under os.tmpdir(); off with NODE_DISABLE_COMPILE_CACHE=1);
//  - `--version` (and any oclif.additionalVersionFlags) is answered from package.json with exactly
//    the line oclif prints (Config.userAgent: name/version platform-arch node-version, `wsl` as the
//    platform under WSL), without loading @oclif/core. A package with an init hook goes to oclif,
//    which runs hooks before printing the version.
//  - An installed copy (this file under node_modules/, where prepack built dist/ and the bundle
//    together) runs one of its own commands through the single-file bundle dist/disinto-auth.mjs:
//    the same code, with V8's code cache (see scripts/build-bundle.mjs), instead of loading
//    @oclif/core's module graph file by file. Help, plugin commands (autocomplete) and anything
//    the manifest does not list go to oclif with its plugins, as does a work tree, where the
//    bundle may be older than dist/. DISINTO_AUTH_BUNDLED=0 forces oclif.
import module from 'node:module'

module.enableCompileCache?.()

const argv = process.argv.slice(2)
if (!(await printVersion(argv[0])) && !(await runBundled(argv))) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
}

async function printVersion(flag) {
  if (flag === undefined || !flag.startsWith('-')) return false
  const {readFileSync} = await import('node:fs')
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  const flags = ['--version', ...(pjson.oclif?.additionalVersionFlags ?? [])]
  if (!flags.includes(flag) || pjson.oclif?.hooks?.init) return false
  let wsl = false
  if (process.platform === 'linux') {
    try {
      wsl = (await import('is-wsl')).default // what @oclif/core asks (through wsl-utils)
    } catch {
      return false // not installed where this file can see it: let oclif answer
    }
  }
  const {arch, platform} = await import('node:os')
  const cpu = arch() === 'ia32' ? 'x86' : arch()
  process.stdout.write(`${pjson.name}/${pjson.version} ${wsl ? 'wsl' : platform()}-${cpu} node-${process.version}\n`)
  return true
}

async function runBundled(argv) {
  if (!import.meta.url.includes('/node_modules/') || process.env.DISINTO_AUTH_BUNDLED === '0') return false
  if (argv.some((arg) => arg === '--help' || arg === '-h' || arg === 'help' || arg === '--')) return false
  const {existsSync, readFileSync} = await import('node:fs')
  const bundle = new URL('../dist/disinto-auth.mjs', import.meta.url)
  let ids
  try {
    ids = Object.keys(JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')).commands)
  } catch {
    return false
  }
  const words = []
  for (const arg of argv) {
    if (arg.startsWith('-')) break
    words.push(arg)
  }
  let known = false
  for (let n = words.length; n > 0 && !known; n--) known = ids.includes(words.slice(0, n).join(':'))
  if (!known || !existsSync(bundle)) return false
  await import(bundle.href) // it reads process.argv itself
  return true
}
