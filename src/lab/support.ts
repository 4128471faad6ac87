import {mkdtemp, rmdir} from 'node:fs/promises'
import {execa} from 'execa'
import {LAB_PATH} from './process.js'
import {SUPPORT_SCRIPT} from './scripts.js'
import type {LabSupport} from './types.js'

const TOOLS = ['unshare', 'nsenter', 'setpriv', 'mount', 'chroot', 'mknod', 'realpath', 'findmnt', 'sleep'] as const

let cached: Promise<LabSupport> | undefined

/** Whether this machine can build labs: root, the tools, and a real namespace + tmpfs + overlay probe. Cached. */
export function labSupport(): Promise<LabSupport> {
  cached ??= probe()
  return cached
}

async function probe(): Promise<LabSupport> {
  const root = process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0
  const missing: string[] = []
  for (const tool of TOOLS) {
    const found = await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], {
      reject: false,
      timeout: 5000,
      extendEnv: false,
      env: {PATH: LAB_PATH},
    })
    if (found.exitCode !== 0) missing.push(tool)
  }
  const base = {root, missing}
  if (process.platform !== 'linux') return {...base, ok: false, namespaces: false, reason: `not Linux (${process.platform})`}
  if (!root) return {...base, ok: false, namespaces: false, reason: 'not root (mount namespaces with an overlay root need CAP_SYS_ADMIN)'}
  if (missing.length > 0) return {...base, ok: false, namespaces: false, reason: `missing tools: ${missing.join(', ')}`}
  const dir = await mkdtemp('/tmp/disinto-lab-probe-')
  try {
    const result = await execa(
      'unshare',
      ['--mount', '--propagation', 'private', '--', 'sh', '-c', SUPPORT_SCRIPT, 'sh', dir],
      {reject: false, timeout: 10_000, extendEnv: false, env: {PATH: LAB_PATH, LANG: 'C'}},
    )
    if (result.exitCode !== 0) {
      const why = String(result.stderr ?? '').trim().split('\n')[0] || result.shortMessage || `exit ${result.exitCode}`
      return {...base, ok: false, namespaces: false, reason: `cannot build a mount namespace with a tmpfs and an overlay over /: ${why}`}
    }
    return {...base, ok: true, namespaces: true}
  } finally {
    await rmdir(dir).catch(() => undefined)
  }
}
