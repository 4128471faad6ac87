#!/usr/bin/env node
// The library path of `check mounts`, without the CLI: read the file as bytes, decode
// (surrogateescape), parse, build the mount tree, resolve the default paths, print one JSON line.
// Needs the build: npx tsc -p tsconfig.build.json (imports dist/…; DIST=dir to point elsewhere).
// usage: node bench/parse-only.mjs FILE [PATH...]
import {readFileSync} from 'node:fs'
import {pathToFileURL} from 'node:url'

const dist = pathToFileURL(`${process.env.DIST ?? new URL('../dist', import.meta.url).pathname}/`)
const {decodeBytes} = await import(new URL('text/bytes.js', dist))
const {parseMountinfo} = await import(new URL('parse/mountinfo.js', dist))
const {buildMountTree} = await import(new URL('model/mount-tree.js', dist))
const {resolvePath} = await import(new URL('resolve/resolve-path.js', dist))

const [file, ...given] = process.argv.slice(2)
if (!file) {
  process.stderr.write('usage: node bench/parse-only.mjs FILE [PATH...]\n')
  process.exit(2)
}
// the defaults of `check mounts` for HOME=/home/agent: D, its parent, D.lock, D/.oauth_refresh.lock
const paths = given.length > 0 ? given : ['/home/agent/.claude', '/home/agent', '/home/agent/.claude.lock', '/home/agent/.claude/.oauth_refresh.lock']
const table = parseMountinfo(decodeBytes(readFileSync(file)), file)
const tree = buildMountTree(table)
const resolved = paths.map((path) => {
  const location = resolvePath(tree, path)
  return {path, target: location.mount?.target ?? null, key: location.backing.key}
})
process.stdout.write(`${JSON.stringify({entries: table.entries.length, shadowed: tree.shadowed.size, resolved})}\n`)
