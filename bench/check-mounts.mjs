#!/usr/bin/env node
// Issue-2 benchmark: our parse+resolve against util-linux findmnt on a 100k-line kubernetes-node
// mountinfo, and our start-up against bare node. Wall time and peak RSS of whole processes
// (`/usr/bin/time -f '%e %M'` when present, else hrtime + /proc/<pid>/status VmHWM polling);
// 1 warm-up, then the median of 5 runs. Output goes to a pipe and is discarded.
//
// usage: node bench/check-mounts.mjs [--lines N] [--runs R] [--file FILE]
// needs: the build (npx tsc -p tsconfig.build.json, or npm run build for the oclif manifest)
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'

const args = process.argv.slice(2)
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : args[i + 1]
}
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

async function measure(label, command, argv, okCodes = [0]) {
  const warm = await once(command, argv)
  if (!warm || !okCodes.includes(warm.code)) {
    return {label, missing: warm ? `exit ${warm.code}: ${warm.stderr.trim().split('\n').slice(-1)[0]}` : 'cannot run'}
  }
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await once(command, argv))
  const walls = runs.map((r) => r.wall)
  return {label, wall: median(walls), min: Math.min(...walls), max: Math.max(...walls), rss: median(runs.map((r) => r.rss))}
}

const node = process.execPath
const haveFindmnt = spawnSync('findmnt', ['--version']).status === 0
const haveCli = existsSync('dist/commands/check/mounts.js')
const haveDist = existsSync('dist/parse/mountinfo.js')
const paths = ['/home/agent/.claude', '/home/agent', '/home/agent/.claude.lock', '/home/agent/.claude/.oauth_refresh.lock']

const rows = []
rows.push(haveFindmnt ? await measure('findmnt -F FILE -k -r', 'findmnt', ['-F', FILE, '-k', '-r']) : {label: 'findmnt -F FILE -k -r', missing: 'no findmnt'})
// check mounts exits 0 (safe), 1 (hazard) or 3 (cannot tell): all are answers
rows.push(
  haveCli
    ? await measure('check mounts --mountinfo FILE --json', node, ['bin/run.js', 'check', 'mounts', '--mountinfo', FILE, '--home', '/home/agent', '--json'], [0, 1, 3])
    : {label: 'check mounts --mountinfo FILE --json', missing: 'dist/commands/check/mounts.js not built'},
)
rows.push(haveDist ? await measure('node bench/parse-only.mjs FILE', node, ['bench/parse-only.mjs', FILE, ...paths]) : {label: 'node bench/parse-only.mjs FILE', missing: 'dist not built'})
rows.push(await measure('node -e 0', node, ['-e', '0']))
rows.push(haveCli ? await measure('node bin/run.js --version', node, ['bin/run.js', '--version']) : {label: 'node bin/run.js --version', missing: 'dist not built'})

const fmt = (row) =>
  row.missing
    ? `${row.label.padEnd(40)} n/a (${row.missing})`
    : `${row.label.padEnd(40)} ${row.wall.toFixed(3)} s (${row.min.toFixed(3)}–${row.max.toFixed(3)})  ${(row.rss / 1024).toFixed(1)} MiB`
const bytes = readFileSync(FILE).length
console.log(`file ${FILE}: ${LINES} lines, ${(bytes / 1e6).toFixed(1)} MB; median of ${RUNS} runs after 1 warm-up; ${TIME ? '/usr/bin/time' : 'hrtime + VmHWM'}`)
for (const row of rows) console.log(fmt(row))

const ratio = (label, a, b, key, target) => {
  if (!a || !b || a.missing || b.missing) return console.log(`${label.padEnd(52)} n/a            target ≤ ${target.toFixed(1)}×`)
  const value = a[key] / b[key]
  console.log(`${label.padEnd(52)} ${value.toFixed(2)}×  ${value <= target ? 'meets' : 'MISSES'} target ≤ ${target.toFixed(1)}×`)
}
const [findmnt, cli, parseOnly, bare, version] = rows
console.log('')
ratio('check mounts / findmnt, wall', cli, findmnt, 'wall', 1.0)
ratio('check mounts / findmnt, peak RSS', cli, findmnt, 'rss', 1.0)
ratio('parse-only / findmnt, wall', parseOnly, findmnt, 'wall', 1.0)
ratio('parse-only / findmnt, peak RSS', parseOnly, findmnt, 'rss', 1.0)
ratio('start-up: bin/run.js --version / node -e 0, wall', version, bare, 'wall', 1.5)
