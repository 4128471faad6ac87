import {accessSync, constants, readFileSync, readlinkSync} from 'node:fs'
import {delimiter, join} from 'node:path'

import {CannotTellError} from '../errors.js'
import {parseEnviron} from '../model/config-dir.js'
import {decodeBytes} from '../text/bytes.js'
import type {HostCommand, RawResult} from './run.js'
import {HostTransport, firstLine} from './host-transport.js'

/** Where /proc is; tests never need to change it, but keeping it a parameter documents the reads. */
const PROC = '/proc'

interface Entry {
  file: string
  flags: string[]
  env: NodeJS.ProcessEnv
}

/**
 * Runs argv inside the mount (and UTS) namespace and root of a process: `nsenter -t PID -m -u
 * [-p] [-U] [-S UID -G GID] -r -w -- argv…`, with that process's own environment (read from
 * /proc/PID/environ and handed over as the environment, never on a command line). The pid and user
 * namespaces are entered only when they differ from ours: /proc/self must work inside (a
 * container's own /proc) and the uid must be the target's.
 */
export class NsenterTransport extends HostTransport {
  readonly describe: string
  protected readonly binary = 'nsenter'
  private entry: Entry | undefined

  constructor(
    name: string,
    readonly pid: number,
    /** variables added over the process's own environment (as an engine adds a container's config env) */
    readonly extraEnv: Record<string, string> = {},
  ) {
    super(name)
    this.describe = `pid:${pid}`
  }

  protected hostCommand(argv: readonly string[]): HostCommand {
    const entry = this.prepare()
    return {file: entry.file, args: [...entry.flags, '--', ...argv], env: entry.env, replaceEnv: true, cwd: '/'}
  }

  override commandFor(argv: readonly string[]): string[] {
    const entry = this.prepare()
    return ['nsenter', ...entry.flags, '--', ...argv]
  }

  protected unreachable(result: RawResult): string | undefined {
    if (result.exitCode === 0) return undefined
    const line = firstLine(result.stderr)
    if (/^nsenter: /.test(line)) return line
    return undefined
  }

  private fail(reason: string): CannotTellError {
    return new CannotTellError(`participant "${this.name}" (${this.describe}) is unreachable: ${reason}`, 'E_UNREACHABLE')
  }

  /** Reads the target's namespaces, credentials and environment once (the pid must still exist). */
  private prepare(): Entry {
    if (this.entry) return this.entry
    const base = join(PROC, String(this.pid))
    let status: string
    try {
      status = readFileSync(join(base, 'status'), 'utf8')
    } catch {
      throw this.fail(`no process ${this.pid}`)
    }
    const file = findOnPath('nsenter')
    if (!file) throw this.fail('nsenter is not installed or not on PATH')
    const flags = ['-t', String(this.pid), '-m', '-u']
    const differs = (ns: string): boolean => {
      try {
        return readlinkSync(join(base, 'ns', ns)) !== readlinkSync(join(PROC, 'self', 'ns', ns))
      } catch (error) {
        throw this.fail(`cannot read ${join(base, 'ns', ns)}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (entering another process's namespaces needs root)`)
      }
    }
    if (differs('pid')) flags.push('-p')
    const uid = idField(status, 'Uid')
    const gid = idField(status, 'Gid')
    if (differs('user')) {
      flags.push('-U')
      const insideUid = uid === undefined ? undefined : mapId(readOr(join(base, 'uid_map')), uid)
      const insideGid = gid === undefined ? undefined : mapId(readOr(join(base, 'gid_map')), gid)
      if (insideUid !== undefined) flags.push('-S', String(insideUid))
      if (insideGid !== undefined) flags.push('-G', String(insideGid))
    } else {
      const myUid = process.getuid?.()
      if (uid !== undefined && uid !== myUid) flags.push('-S', String(uid))
      if (gid !== undefined && (uid !== myUid || gid !== process.getgid?.())) flags.push('-G', String(gid))
    }
    flags.push('-r', '-w')
    let env: NodeJS.ProcessEnv
    try {
      env = parseEnviron(decodeBytes(readFileSync(join(base, 'environ'))))
    } catch (error) {
      throw this.fail(`cannot read ${join(base, 'environ')}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
    Object.assign(env, this.extraEnv)
    env.PATH ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    this.entry = {file, flags, env}
    return this.entry
  }
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** The real id from a `Uid:`/`Gid:` line of /proc/PID/status. */
function idField(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)
  return match ? Number(match[1]) : undefined
}

/** An id as seen from our namespace → the same id inside the target's user namespace. */
export function mapId(map: string, outside: number): number | undefined {
  for (const line of map.split('\n')) {
    const [inside, start, count] = line.trim().split(/\s+/).map(Number)
    if (inside === undefined || start === undefined || count === undefined || Number.isNaN(count)) continue
    if (outside >= start && outside < start + count) return inside + (outside - start)
  }
  return undefined
}


/** The absolute path of an executable on our PATH, or undefined. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    const candidate = join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // next
    }
  }
  return undefined
}
