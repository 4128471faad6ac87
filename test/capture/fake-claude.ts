import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {MARKER_IN_DIR, MARKER_LEGACY_SIBLING, MARKER_REFRESH_LOCK} from '../../src/domain/protocols.js'

export const MARKERS_FOR = {
  sibling: [MARKER_REFRESH_LOCK],
  'in-dir': [MARKER_REFRESH_LOCK, MARKER_IN_DIR],
  dual: [MARKER_REFRESH_LOCK, MARKER_IN_DIR, MARKER_LEGACY_SIBLING],
  none: [] as string[],
} as const

/** A shell script that prints a version, then binary junk with the markers between NUL bytes. */
function fakeBinary(version: string, markers: readonly string[]): Buffer {
  const head = Buffer.from(`#!/bin/sh\necho "${version} (Claude Code)"\nexit 0\n`)
  const parts: Buffer[] = [head, Buffer.from([0, 0, 0xff, 0xfe])]
  for (const marker of markers) parts.push(Buffer.from(`\0\x01${marker}\0\xff`, 'latin1'))
  parts.push(Buffer.alloc(3000, 0x41), Buffer.from([0]))
  return Buffer.concat(parts)
}

/** Native-style install: `<root>/bin/claude` is the binary itself. Returns the bin dir. */
export function installNative(root: string, version: string, markers: readonly string[]): string {
  const bin = join(root, 'bin')
  mkdirSync(bin, {recursive: true})
  writeFileSync(join(bin, 'claude'), fakeBinary(version, markers))
  chmodSync(join(bin, 'claude'), 0o755)
  return bin
}

/** npm-style install: `<root>/bin/claude -> ../lib/node_modules/@anthropic-ai/claude-code/cli.js`. */
export function installNpm(root: string, version: string, markers: readonly string[]): string {
  const pkg = join(root, 'lib/node_modules/@anthropic-ai/claude-code')
  mkdirSync(pkg, {recursive: true})
  writeFileSync(join(pkg, 'cli.js'), fakeBinary(version, markers))
  chmodSync(join(pkg, 'cli.js'), 0o755)
  const bin = join(root, 'bin')
  mkdirSync(bin, {recursive: true})
  symlinkSync('../lib/node_modules/@anthropic-ai/claude-code/cli.js', join(bin, 'claude'))
  return bin
}

/** A wrapper script resolved through a symlink, with the bundle as cli.js beside it. */
export function installWrapper(root: string, version: string, markers: readonly string[]): string {
  const pkg = join(root, 'opt/claude')
  mkdirSync(pkg, {recursive: true})
  writeFileSync(join(pkg, 'claude'), `#!/bin/sh\necho "${version} (Claude Code)"\n`)
  chmodSync(join(pkg, 'claude'), 0o755)
  writeFileSync(join(pkg, 'cli.js'), fakeBinary(version, markers))
  const bin = join(root, 'bin')
  mkdirSync(bin, {recursive: true})
  symlinkSync(join(pkg, 'claude'), join(bin, 'claude'))
  return bin
}
