#!/usr/bin/env node
// Issue-2 benchmark: our parse+resolve against util-linux findmnt on a 100k-line kubernetes-node
// mountinfo, and our start-up against bare node. Wall time and peak RSS of whole processes
// (`/usr/bin/time -f '%e %M'` when present, else hrtime + /proc/<pid>/status VmHWM polling);
// The bundle row (dist/disinto-auth.mjs, npm run bundle) runs with its V8 code cache warm.
// 1 warm-up each, then 5 rounds (--runs) over all cases, interleaved; medians. Output goes to a pipe
// and is discarded.
//
// usage: node bench/check-mounts.mjs [--lines N] [--runs R] [--file FILE]
// needs: the build (npx tsc -p tsconfig.build.json, or npm run build for the oclif manifest)
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {cpus, loadavg} from 'node:os'
import {option} from '../scripts/cli-option.mjs'

const LINES = Number(option('lines', 100_000))
const RUNS = Number(option('runs', 5))
const FILE = option('file', `bench/out/k8s-${LINES}.txt`)
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

if (!existsSync(FILE)) {
  const made = spawnSync(process.execPath, ['bench/gen-k8s-mountinfo.mjs', '--lines', String(LINES), '--out', FILE], {stdio: 'inherit'})
  if (made.status !== 0) process.exit(1)
}

/** One run: {wall seconds, rss KiB, code} or undefined when the command cannot run at all. */
function once(command, argv) {
  return new Promise((resolve) => {
    if (TIME) {
      const child = spawn(TIME, ['-f', '%e %M', command, ...argv], {stdio: ['ignore', 'ignore', 'pipe']})
      let stderr = ''
      child.stderr.on('data', (chunk) => (stderr += chunk))
      child.on('error', () => resolve(undefined))
      child.on('close', (code) => {
        const match = /(\d+\.\d+) (\d+)\s*$/.exec(stderr)
        resolve(match ? {wall: Number(match[1]), rss: Number(match[2]), code, stderr} : undefined)
      })
      return
    }
    const start = process.hrtime.bigint()
    const child = spawn(command, argv, {stdio: ['ignore', 'ignore', 'pipe']})
    let rss = 0
    const poll = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        rss = Math.max(rss, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))
      } catch {}
    }, 5)
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', () => {
      clearInterval(poll)
      resolve(undefined)
    })
    child.on('close', (code) => {
      clearInterval(poll)
      resolve({wall: Number(process.hrtime.bigint() - start) / 1e9, rss, code, stderr})
    })
  })
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

// Every case gets one warm-up; then the cases run round-robin, RUNS rounds, so a load spike on this
// (shared) machine hits all of them alike and the ratios stay comparable.
async function measureAll(cases) {
  const live = []
  for (const c of cases) {
    if (c.missing) continue
    const warm = await once(c.command, c.argv)
    if (!warm || !(c.ok ?? [0]).includes(warm.code)) {
      c.missing = warm ? `exit ${warm.code}: ${warm.stderr.trim().split('\n').slice(-1)[0]}` : 'cannot run'
      continue
    }
    c.runs = []
    live.push(c)
  }
  for (let i = 0; i < RUNS; i++) for (const c of live) c.runs.push(await once(c.command, c.argv))
  return cases.map((c) => {
    if (c.missing) return {label: c.label, missing: c.missing}
    const walls = c.runs.map((r) => r.wall)
    return {label: c.label, wall: median(walls), min: Math.min(...walls), max: Math.max(...walls), rss: median(c.runs.map((r) => r.rss))}
  })
}

const node = process.execPath
const haveFindmnt = spawnSync('findmnt', ['--version']).status === 0
const haveCli = existsSync('dist/commands/check/mounts.js')
const haveDist = existsSync('dist/parse/mountinfo.js')
const paths = ['/home/agent/.claude', '/home/agent', '/home/agent/.claude.lock', '/home/agent/.claude/.oauth_refresh.lock']

const rows = await measureAll([
  haveFindmnt ? {label: 'findmnt -F FILE -k -r', command: 'findmnt', argv: ['-F', FILE, '-k', '-r']} : {label: 'findmnt -F FILE -k -r', missing: 'no findmnt'},
  // check mounts exits 0 (safe), 1 (hazard) or 3 (cannot tell): all are answers
  haveCli
    ? {label: 'check mounts --mountinfo FILE --json', command: node, argv: ['bin/run.js', 'check', 'mounts', '--mountinfo', FILE, '--home', '/home/agent', '--json'], ok: [0, 1, 3]}
    : {label: 'check mounts --mountinfo FILE --json', missing: 'dist/commands/check/mounts.js not built'},
  existsSync('dist/disinto-auth.mjs')
    ? {label: 'bundle: check mounts … --json', command: node, argv: ['dist/disinto-auth.mjs', 'check', 'mounts', '--mountinfo', FILE, '--home', '/home/agent', '--json'], ok: [0, 1, 3]}
    : {label: 'bundle: check mounts … --json', missing: 'dist/disinto-auth.mjs not built (npm run bundle)'},
  haveDist ? {label: 'node bench/parse-only.mjs FILE', command: node, argv: ['bench/parse-only.mjs', FILE, ...paths]} : {label: 'node bench/parse-only.mjs FILE', missing: 'dist not built'},
  {label: 'node -e 0', command: node, argv: ['-e', '0']},
  haveCli ? {label: 'node bin/run.js --version', command: node, argv: ['bin/run.js', '--version']} : {label: 'node bin/run.js --version', missing: 'dist not built'},
])

const fmt = (row) =>
  row.missing
    ? `${row.label.padEnd(40)} n/a (${row.missing})`
    : `${row.label.padEnd(40)} ${row.wall.toFixed(3)} s (${row.min.toFixed(3)}–${row.max.toFixed(3)})  ${(row.rss / 1024).toFixed(1)} MiB`
const bytes = readFileSync(FILE).length
console.log(`file ${FILE}: ${LINES} lines, ${(bytes / 1e6).toFixed(1)} MB; median of ${RUNS} runs each after 1 warm-up, cases interleaved; ${TIME ? '/usr/bin/time' : 'hrtime + VmHWM'}; node ${process.version}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`)
for (const row of rows) console.log(fmt(row))

const ratio = (label, a, b, key, target) => {
  if (!a || !b || a.missing || b.missing) return console.log(`${label.padEnd(52)} n/a            target ≤ ${target.toFixed(1)}×`)
  const value = a[key] / b[key]
  console.log(`${label.padEnd(52)} ${value.toFixed(2)}×  ${value <= target ? 'meets' : 'MISSES'} target ≤ ${target.toFixed(1)}×`)
}
const [findmnt, cli, bundle, parseOnly, bare, version] = rows
console.log('')
ratio('check mounts / findmnt, wall', cli, findmnt, 'wall', 1.0)
ratio('check mounts / findmnt, peak RSS', cli, findmnt, 'rss', 1.0)
ratio('bundle check mounts / findmnt, wall', bundle, findmnt, 'wall', 1.0)
ratio('bundle check mounts / findmnt, peak RSS', bundle, findmnt, 'rss', 1.0)
ratio('parse-only / findmnt, wall', parseOnly, findmnt, 'wall', 1.0)
ratio('parse-only / findmnt, peak RSS', parseOnly, findmnt, 'rss', 1.0)
ratio('start-up: bin/run.js --version / node -e 0, wall', version, bare, 'wall', 1.5)
