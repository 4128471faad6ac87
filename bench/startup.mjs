#!/usr/bin/env node
// Start-up of the CLI against bare `node -e 0` (issue 6, item 4). Every case is one whole process;
// after one warm-up each, the cases run round-robin (so a load spike on this machine hits all of
// them alike) and each reports the median wall time of its runs. Output goes to /dev/null.
//
//   bundle   node dist/disinto-auth.mjs …   (npm run bundle)          target ≤ 1.5× bare node; the
//                                             warm-up writes its V8 code cache, so the runs measure a
//                                             warm start; "(no code cache)" measures a first run
//   package  node bin/run.js …               (npm run build: dist/ + oclif.manifest.json) in this
//                                             work tree: oclif loads @oclif/core file by file
//   installed  the same bin/run.js in a copy laid out as npm installs it (under node_modules/),
//                                             where it runs its commands through the bundle;
//                                             target for both: as close as possible; guard ≤ 4×
// `doctor` rows are "n/a" until src/commands/doctor.ts exists.
//
// usage: node bench/startup.mjs [--runs N] [--json]      (N ≥ 15, default 21)
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const runsArg = args.indexOf('--runs')
const RUNS = Math.max(15, runsArg === -1 ? 21 : Number(args[runsArg + 1]))
const JSON_OUT = args.includes('--json')

const BUNDLE = 'dist/disinto-auth.mjs'
const hasBundle = existsSync(`${root}/${BUNDLE}`)
const hasPackage = existsSync(`${root}/dist/commands`)
const hasManifest = existsSync(`${root}/oclif.manifest.json`)
const manifestIds = hasManifest ? Object.keys(JSON.parse(readFileSync(`${root}/oclif.manifest.json`, 'utf8')).commands) : []
const hasDoctor = existsSync(`${root}/dist/commands/doctor.js`) || existsSync(`${root}/dist/commands/doctor/index.js`)

// check mounts and doctor answer 0 (safe), 1 (hazard) or 3 (cannot tell): each is a finished run
const VERDICT_CODES = [0, 1, 3]
const BUNDLE_TARGET = 1.5
const PACKAGE_GUARD = 4

/** @type {{label: string, argv?: string[], target?: number, note?: string, missing?: string, ok?: number[]}[]} */
const cases = [
  {label: 'node -e 0', argv: ['-e', '0'], ok: [0]},
  bundleCase('--version', ['--version'], [0]),
  bundleCase('check mounts --json', ['check', 'mounts', '--json'], VERDICT_CODES),
  hasDoctor ? bundleCase('doctor', ['doctor'], VERDICT_CODES) : {label: `node ${BUNDLE} doctor`, missing: 'no doctor command yet'},
  // a first run: no V8 code cache to load (the same cost as every run where os.tmpdir() is not writable)
  hasDoctor ? {...bundleCase('doctor', ['doctor'], VERDICT_CODES), label: `node ${BUNDLE} doctor (no code cache)`, env: {DISINTO_AUTH_CODE_CACHE: '0'}} : {label: `node ${BUNDLE} doctor (no code cache)`, missing: 'no doctor command yet'},
  packageCase('--version', ['--version'], [0]),
  packageCase('check mounts --json', ['check', 'mounts', '--json'], VERDICT_CODES),
  hasDoctor ? packageCase('doctor', ['doctor'], VERDICT_CODES) : {label: 'node bin/run.js doctor', missing: 'no doctor command yet'},
]

function bundleCase(name, argv, ok) {
  const label = `node ${BUNDLE} ${name}`
  if (!hasBundle) return {label, missing: `${BUNDLE} not built (npm run bundle)`}
  return {label, argv: [BUNDLE, ...argv], target: BUNDLE_TARGET, note: 'bundle', ok}
}

function packageCase(name, argv, ok) {
  const label = `node bin/run.js ${name}`
  if (!hasPackage) return {label, missing: 'dist/ not built (npm run build)'}
  return {label, argv: ['bin/run.js', ...argv], target: PACKAGE_GUARD, note: hasManifest ? 'package, manifest' : 'package, NO manifest', ok}
}

// The npm package as installed: bin/run.js under node_modules/ runs its own commands through the
// bundle. Emulated by a copy of what `npm pack` ships (bin/run.js, package.json, the manifest,
// dist/) in bench/out/installed/node_modules/disinto-auth, its dependencies a symlink to ours.
const INSTALLED = `${root}/bench/out/installed/node_modules/disinto-auth`
const hasInstalled = hasBundle && hasPackage && hasManifest
if (hasInstalled) {
  rmSync(`${root}/bench/out/installed`, {recursive: true, force: true})
  mkdirSync(`${INSTALLED}/bin`, {recursive: true})
  for (const path of ['bin/run.js', 'package.json', 'oclif.manifest.json']) cpSync(`${root}/${path}`, `${INSTALLED}/${path}`)
  cpSync(`${root}/dist`, `${INSTALLED}/dist`, {recursive: true})
  symlinkSync(`${root}/node_modules`, `${INSTALLED}/node_modules`)
}
function installedCase(name, argv, ok) {
  const label = `installed: bin/run.js ${name}`
  if (!hasInstalled) return {label, missing: 'needs npm run build and npm run bundle'}
  return {label, argv: [`${INSTALLED}/bin/run.js`, ...argv], target: PACKAGE_GUARD, note: 'installed package', ok}
}
cases.push(installedCase('--version', ['--version'], [0]), installedCase('check mounts --json', ['check', 'mounts', '--json'], VERDICT_CODES))
if (hasDoctor) cases.push(installedCase('doctor', ['doctor'], VERDICT_CODES))

function once(c) {
  const start = process.hrtime.bigint()
  const r = spawnSync(process.execPath, c.argv, {cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, FORCE_COLOR: '0', ...c.env}})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return {ms, code: r.status, stderr: String(r.stderr ?? '')}
}

// bin/run.js and the bundle answer --version without oclif: their line must be oclif's own
if (hasPackage) {
  const node = (argv) => spawnSync(process.execPath, argv, {cwd: root, encoding: 'utf8'}).stdout
  const oclif = node(['--input-type=module', '-e', "import {execute} from '@oclif/core'; await execute({dir: new URL('./bin/run.js', `file://${process.cwd()}/`).href, args: ['--version']})"])
  for (const [label, argv] of [['bin/run.js', ['bin/run.js', '--version']], ...(hasBundle ? [[BUNDLE, [BUNDLE, '--version']]] : [])]) {
    const ours = node(argv)
    if (ours !== oclif) {
      console.error(`${label} --version printed ${JSON.stringify(ours)}, oclif prints ${JSON.stringify(oclif)}`)
      process.exit(1)
    }
  }
}

const live = cases.filter((c) => !c.missing)
for (const c of live) {
  const warm = once(c)
  if (!c.ok.includes(warm.code)) c.missing = `exit ${warm.code}: ${warm.stderr.trim().split('\n').pop()}`
  c.times = []
}
for (let i = 0; i < RUNS; i++) for (const c of live) if (!c.missing) c.times.push(once(c).ms)

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
if (hasInstalled) rmSync(`${root}/bench/out/installed`, {recursive: true, force: true})
for (const c of cases) if (!c.missing) c.median = median(c.times)
const bare = cases[0].median

if (JSON_OUT) {
  const rows = cases.map((c) => ({label: c.label, medianMs: c.median ?? null, ratio: c.median ? c.median / bare : null, target: c.target ?? null, missing: c.missing ?? null}))
  console.log(JSON.stringify({runs: RUNS, node: process.version, manifest: hasManifest, commands: manifestIds, rows}, null, 2))
} else {
  console.log(`start-up: median wall of ${RUNS} runs each after 1 warm-up, cases interleaved; node ${process.version}; manifest ${hasManifest ? 'present' : 'ABSENT'}`)
  for (const c of cases) {
    const label = c.label.padEnd(52)
    if (c.missing) {
      console.log(`${label} n/a (${c.missing})`)
      continue
    }
    const ms = `${c.median.toFixed(1).padStart(6)} ms`
    if (c === cases[0]) {
      console.log(`${label} ${ms}   1.00×   (baseline)`)
      continue
    }
    const ratio = c.median / bare
    const verdict = ratio <= c.target ? 'meets' : 'MISSES'
    const what = c.note === 'bundle' ? `target ≤ ${c.target.toFixed(1)}×` : `guard ≤ ${c.target.toFixed(1)}× (${c.note}; goal: as close as possible)`
    console.log(`${label} ${ms}   ${ratio.toFixed(2)}×  ${verdict} ${what}`)
  }
}
