#!/usr/bin/env node
// `npm run bench`: runs every bench/*.mjs script except this one and the generators (gen-*.mjs,
// which only write inputs), one after another, with their output shown as it comes; then repeats,
// per script, each line that states a ratio against its target (a line with "×" and "target" or
// "guard"), so the figures that matter end up together at the bottom. A script that fails is
// reported and the others still run; the exit code is 1 if any script failed.
//
// usage: node bench/run-all.mjs [NAME…]   (NAME: a script's file name without .mjs, to run a subset)
import {spawn} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {basename} from 'node:path'
import {fileURLToPath} from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const root = fileURLToPath(new URL('..', import.meta.url))
const self = basename(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)

const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== self && !f.startsWith('gen-'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.mjs$/, '')))
  .sort()

/** runs one script with inherited stdin/stderr, echoing stdout and keeping it for the summary */
function run(script) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`bench/${script}`], {cwd: root, stdio: ['ignore', 'pipe', 'inherit']})
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      process.stdout.write(chunk)
    })
    child.on('error', (error) => resolve({code: -1, out, error}))
    child.on('close', (code) => resolve({code, out}))
  })
}

const results = []
for (const script of scripts) {
  console.log(`\n=== bench/${script}`)
  const started = Date.now()
  const r = await run(script)
  results.push({script, ...r, seconds: (Date.now() - started) / 1000})
}

console.log('\n=== ratios against their targets')
for (const r of results) {
  const lines = r.out.split('\n').filter((l) => /×/.test(l) && /\b(target|guard)\b/.test(l))
  const status = r.code === 0 ? `${r.seconds.toFixed(0)} s` : `FAILED (exit ${r.code}${r.error ? `: ${r.error.message}` : ''})`
  console.log(`bench/${r.script} (${status})`)
  for (const l of lines) console.log(`  ${l.trim()}`)
  if (lines.length === 0 && r.code === 0) console.log('  (no ratio lines)')
}
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0
