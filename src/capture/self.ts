import {spawn} from 'node:child_process'
import {constants} from 'node:fs'
import {access, open, readFile, realpath, stat} from 'node:fs/promises'
import {hostname, release} from 'node:os'
import {dirname} from 'node:path'

import type {AuthKind, CaptureBundle} from '../domain/capture.js'
import {PROTOCOLS, type ProtocolId} from '../domain/protocols.js'
import {authKindFromEnv} from '../model/auth-kind.js'
import {configDirFrom} from '../model/config-dir.js'
import {protocolForMarkers} from '../protocols/protocol-for.js'
import {decodeBytes} from '../text/bytes.js'

/**
 * `claude --version`'s stdout, killed (with its whole process group) after timeoutMs. Waits for
 * the process, not its pipes: a grandchild left holding stdout must not stall the capture.
 */
export function versionOutput(path: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let child: ReturnType<typeof spawn>
    try {
      child = spawn(path, ['--version'], {env, stdio: ['ignore', 'pipe', 'ignore'], detached: true})
    } catch {
      resolve('')
      return
    }
    let done = false
    const finish = (): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      child.stdout?.destroy()
      resolve(decodeBytes(Buffer.concat(chunks)))
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
    }, timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('error', finish)
    child.on('close', finish)
    child.on('exit', () => setTimeout(finish, 200).unref())
  })
}

export interface CaptureSelfOptions {
  /** the participant's name in the bundle (default `self`) */
  name?: string
  /** milliseconds allowed for `claude --version` (0: do not run it; default 10 s) */
  versionTimeoutMs?: number
  /** where the mount table is read (default /proc/self/mountinfo) */
  mountinfoPath?: string
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== ''
}

/** The settings dir (CLAUDE_CONFIG_DIR else $HOME/.claude) and D (the credential dir). */
export function configDirsFor(env: NodeJS.ProcessEnv): {settingsDir?: string; configDir?: string} {
  const settingsDir = nonEmpty(env.CLAUDE_CONFIG_DIR) ? env.CLAUDE_CONFIG_DIR : env.HOME === undefined ? undefined : `${env.HOME.replace(/\/$/, '')}/.claude`
  return {settingsDir, configDir: configDirFrom(env)?.path}
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK)
    return true
  } catch {
    return false
  }
}

async function isSymlinkOrExists(path: string): Promise<boolean> {
  if (await exists(path)) return true
  try {
    const {lstat} = await import('node:fs/promises')
    await lstat(path)
    return true
  } catch {
    return false
  }
}

/**
 * The kind of auth, from which variables are set (never their values), an `apiKeyHelper` key in
 * settings.json (grepped, not parsed: the same test the script makes), and whether D holds a
 * credentials file (tested for existence only). Precedence as Claude Code applies it.
 */
export async function authKindOf(env: NodeJS.ProcessEnv): Promise<AuthKind> {
  const {settingsDir, configDir} = configDirsFor(env)
  let apiKeyHelper = false
  if (nonEmpty(settingsDir)) {
    try {
      apiKeyHelper = (await readFile(`${settingsDir}/settings.json`)).includes('"apiKeyHelper"')
    } catch {
      // no settings
    }
  }
  const credentialsExist = nonEmpty(configDir) && (await isSymlinkOrExists(`${configDir}/.credentials.json`))
  return authKindFromEnv(env, {apiKeyHelper, credentialsExist})
}

/** `command -v claude`: the first executable regular file named claude on PATH (absolute dirs). */
export async function findClaude(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(':')) {
    if (!dir.startsWith('/')) continue
    const candidate = `${dir}/claude`
    try {
      const info = await stat(candidate)
      if (!info.isFile()) continue
      await access(candidate, constants.X_OK)
      return candidate
    } catch {
      // next
    }
  }
  return undefined
}

/** X.Y.Z from the first line of `claude --version` output that has one. */
export function parseClaudeVersion(output: string): string | undefined {
  for (const line of output.split('\n')) {
    const match = /^[^0-9]*([0-9]+\.[0-9]+\.[0-9]+)/.exec(line)
    if (match) return match[1]
  }
  return undefined
}

/** Which of the markers occur in the files, reading each in 1 MiB chunks with an overlap. */
export async function scanForMarkers(files: readonly string[], markers: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  const needles = [...new Set(markers)].map((marker) => ({marker, bytes: Buffer.from(marker, 'utf8')}))
  const overlap = Math.max(0, ...needles.map((needle) => needle.bytes.length)) - 1
  const chunkSize = 1 << 20
  for (const file of files) {
    const handle = await open(file, 'r')
    try {
      const buffer = Buffer.alloc(chunkSize + Math.max(overlap, 0))
      let carry = 0
      for (;;) {
        const {bytesRead} = await handle.read(buffer, carry, chunkSize, null)
        if (bytesRead === 0) break
        const view = buffer.subarray(0, carry + bytesRead)
        for (const needle of needles) {
          if (!found.has(needle.marker) && view.includes(needle.bytes)) found.add(needle.marker)
        }
        if (found.size === needles.length) return found
        carry = Math.min(overlap, view.length)
        view.copy(buffer, 0, view.length - carry)
      }
    } finally {
      await handle.close()
    }
  }
  return found
}

/** The most specific protocol whose markers are all present; `unknown` if none. */
export function protocolFromFound(found: ReadonlySet<string>): ProtocolId {
  return protocolForMarkers(found)?.id ?? 'unknown'
}

async function readableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path)
    if (!info.isFile()) return false
    await access(path, constants.R_OK)
    return true
  } catch {
    return false
  }
}

async function claudeInfo(env: NodeJS.ProcessEnv, versionTimeoutMs: number): Promise<CaptureBundle['claude']> {
  const path = await findClaude(env)
  if (!path) return undefined
  const claude: NonNullable<CaptureBundle['claude']> = {path}
  if (versionTimeoutMs > 0) {
    const version = parseClaudeVersion(await versionOutput(path, env, versionTimeoutMs))
    if (version) claude.version = version
  }
  let resolved: string | undefined
  try {
    resolved = await realpath(path)
  } catch {
    resolved = undefined
  }
  const files: string[] = []
  if (resolved && (await readableFile(resolved))) files.push(resolved)
  if (resolved) {
    const cli = `${dirname(resolved)}/cli.js`
    if (cli !== resolved && (await readableFile(cli))) files.push(cli)
  }
  if (files.length > 0) {
    const markers = PROTOCOLS.flatMap((protocol) => protocol.markers)
    claude.protocol = protocolFromFound(await scanForMarkers(files, markers))
  }
  return claude
}

/**
 * This process's capture bundle, with Node instead of the script (same shape and, on the same
 * machine with the same environment, the same content). `env` is the environment to judge
 * (default: ours); the mount table is this process's.
 */
export async function captureSelf(env: NodeJS.ProcessEnv = process.env, options: CaptureSelfOptions = {}): Promise<CaptureBundle> {
  const mountinfo = decodeBytes(await readFile(options.mountinfoPath ?? '/proc/self/mountinfo'))
  const bundle: CaptureBundle = {
    schema: 'disinto-auth/capture@1',
    name: options.name ?? 'self',
    hostname: hostname(),
    kernel: release(),
    ...(process.getuid ? {uid: process.getuid()} : {}),
    mountinfo,
    env: {},
    auth: 'unknown',
  }
  for (const key of ['HOME', 'CLAUDE_CONFIG_DIR', 'CLAUDE_SECURESTORAGE_CONFIG_DIR'] as const) {
    const value = env[key]
    if (value !== undefined) bundle.env[key] = value
  }
  bundle.auth = await authKindOf(env)
  const {configDir} = configDirsFor(env)
  if (configDir !== undefined && configDir !== '') {
    bundle.configDir = configDir
    if (await exists(configDir)) {
      try {
        bundle.configDirRealpath = await realpath(configDir)
      } catch {
        // not resolvable
      }
    }
    try {
      if ((await stat(configDir)).isDirectory()) {
        try {
          await access(configDir, constants.W_OK)
          bundle.configDirWritable = true
        } catch {
          bundle.configDirWritable = false
        }
      }
    } catch {
      // D does not exist
    }
  }
  const claude = await claudeInfo(env, options.versionTimeoutMs ?? 10_000)
  if (claude) bundle.claude = claude
  return bundle
}
