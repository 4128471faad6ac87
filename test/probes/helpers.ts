import {createHash} from 'node:crypto'
import {lstatSync, readFileSync, readdirSync, readlinkSync} from 'node:fs'
import {join} from 'node:path'

import {LocalTransport} from '../../src/transports/local.js'
import type {HostCommand} from '../../src/transports/run.js'

/** Every entry under dir (recursively, not following symlinks): type, size, content hash, mtime. */
export function snapshotTree(dir: string, depth = 8): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (path: string, rel: string, level: number): void => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry)
      const key = rel === '' ? entry : `${rel}/${entry}`
      const info = lstatSync(full)
      if (info.isSymbolicLink()) out[key] = `link ${readlinkSync(full)} ${info.mtimeMs}`
      else if (info.isFile()) out[key] = `file ${info.size} ${createHash('sha256').update(readFileSync(full)).digest('hex')} ${info.mtimeMs} ${info.mode}`
      else if (info.isDirectory()) {
        out[key] = `dir ${info.mode}`
        if (level > 0) walk(full, key, level - 1)
      } else out[key] = `other ${info.mode}`
    }
  }
  walk(dir, '', depth)
  return out
}

/** Names in a tree that a probe would have made. */
export function probeLeftovers(dir: string): string[] {
  return Object.keys(snapshotTree(dir)).filter((key) => key.includes('.disinto-probe-'))
}

/** A local transport whose commands run through a prefix (setpriv as another user, busybox sh …). */
export class PrefixedTransport extends LocalTransport {
  constructor(
    name: string,
    private readonly prefix: string[],
    private readonly replaceSh?: string[],
  ) {
    super(name)
  }

  protected override hostCommand(argv: readonly string[]): HostCommand {
    const body = this.replaceSh && argv[0] === 'sh' ? [...this.replaceSh, ...argv.slice(1)] : [...argv]
    const [file, ...args] = [...this.prefix, ...body]
    return {file: file!, args}
  }
}
