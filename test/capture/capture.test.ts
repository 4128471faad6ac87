import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {CAPTURE_SCRIPT, captureArgv, captureSelf, captureVia, parseCaptureBundle, standaloneCaptureScript} from '../../src/capture/index.js'
import type {CaptureBundle} from '../../src/domain/capture.js'
import {CannotTellError} from '../../src/errors.js'
import {decodeBytes} from '../../src/text/bytes.js'
import {LocalTransport} from '../../src/transports/local.js'
import type {ExecResult, Transport} from '../../src/transports/types.js'
import {schemaErrors} from '../helpers/schema.js'
import {busyboxApplets, namespacesAvailable} from '../transports/namespaces.js'
import {MARKERS_FOR, installNative, installNpm, installWrapper} from './fake-claude.js'

const SECRETS = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-FAKE-apikey-0123456789abcdef',
  ANTHROPIC_AUTH_TOKEN: 'sk-ant-FAKE-authtoken-9876543210',
  CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-FAKE-oauthtoken-abcdef',
  CLAUDE_CODE_OAUTH_REFRESH_TOKEN: 'sk-ant-ort01-FAKE-envrefresh-fedcba',
}
const FILE_SECRETS = ['sk-ant-ort01-FAKE-FILE-REFRESH-112233', 'sk-ant-oat01-FAKE-FILE-ACCESS-445566', 'FAKE-HELPER-COMMAND-778899']
const SYS_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'disinto-capture-'))
})
afterAll(() => rmSync(root, {recursive: true, force: true}))

/** A HOME with D = HOME/.claude holding a fake login. */
function makeHome(name: string, options: {helper?: boolean; credentials?: boolean} = {}): string {
  const home = join(root, name)
  mkdirSync(join(home, '.claude'), {recursive: true})
  if (options.credentials !== false) {
    writeFileSync(join(home, '.claude/.credentials.json'), JSON.stringify({claudeAiOauth: {accessToken: FILE_SECRETS[1], refreshToken: FILE_SECRETS[0], expiresAt: 1}}))
  }
  if (options.helper) writeFileSync(join(home, '.claude/settings.json'), JSON.stringify({apiKeyHelper: `/bin/echo ${FILE_SECRETS[2]}`}))
  return home
}

async function viaScript(env: NodeJS.ProcessEnv, name = 'p'): Promise<CaptureBundle> {
  return captureVia(new LocalTransport(name, env), name)
}

function runScriptWith(shell: string[], env: NodeJS.ProcessEnv, name = 'p'): {bundle: CaptureBundle; raw: Buffer} {
  const argv = captureArgv({name})
  const result = spawnSync(shell[0]!, [...shell.slice(1), ...argv.slice(1)], {env, timeout: 30_000})
  if (result.status !== 0) throw new Error(`script failed: ${result.stderr}`)
  return {bundle: parseCaptureBundle(decodeBytes(result.stdout), 'script'), raw: result.stdout}
}

describe('capture script and captureSelf', () => {
  it('finds D, realpath, writability, version and protocol for native, npm and wrapper installs, and agree', async () => {
    const cases = [
      {install: installNative, version: '2.1.120', markers: MARKERS_FOR.sibling, protocol: 'sibling'},
      {install: installNpm, version: '2.1.132', markers: MARKERS_FOR['in-dir'], protocol: 'in-dir'},
      {install: installWrapper, version: '2.1.150', markers: MARKERS_FOR.dual, protocol: 'dual'},
      {install: installNative, version: '2.0.1', markers: MARKERS_FOR.none, protocol: 'unknown'},
    ] as const
    for (const [index, testCase] of cases.entries()) {
      const home = makeHome(`home-${index}`)
      const bin = testCase.install(join(root, `claude-${index}`), testCase.version, testCase.markers)
      const env = {HOME: home, PATH: `${bin}:${SYS_PATH}`}
      const script = await viaScript(env)
      const node = await captureSelf(env, {name: 'p'})
      expect(script).toEqual(node)
      expect(script.configDir).toBe(`${home}/.claude`)
      expect(script.configDirRealpath).toBe(`${home}/.claude`)
      expect(script.configDirWritable).toBe(true)
      expect(script.auth).toBe('oauth')
      expect(script.claude).toEqual({path: `${bin}/claude`, version: testCase.version, protocol: testCase.protocol})
      expect(schemaErrors('capture.schema.json', script)).toEqual([])
    }
  })

  it('follows a symlinked D to its realpath; SECURESTORAGE beats CLAUDE_CONFIG_DIR beats HOME', async () => {
    const data = join(root, 'data')
    mkdirSync(join(data, 'claude'), {recursive: true})
    const home = join(root, 'home-symlink')
    mkdirSync(home, {recursive: true})
    spawnSync('ln', ['-s', join(data, 'claude'), join(home, '.claude')])
    for (const env of [
      {HOME: home, PATH: SYS_PATH},
      {HOME: '/nonexistent', CLAUDE_CONFIG_DIR: join(home, '.claude'), PATH: SYS_PATH},
      {HOME: '/nonexistent', CLAUDE_CONFIG_DIR: '/elsewhere', CLAUDE_SECURESTORAGE_CONFIG_DIR: join(home, '.claude'), PATH: SYS_PATH},
    ]) {
      const script = await viaScript(env)
      expect(script).toEqual(await captureSelf(env, {name: 'p'}))
      expect(script.configDir).toBe(join(home, '.claude'))
      expect(script.configDirRealpath).toBe(join(data, 'claude'))
      expect(script.claude).toBeUndefined()
    }
    // empty variables do not count; an unset HOME leaves D unknown
    const empty = {HOME: home, CLAUDE_CONFIG_DIR: '', CLAUDE_SECURESTORAGE_CONFIG_DIR: '', PATH: SYS_PATH}
    expect((await viaScript(empty)).configDir).toBe(join(home, '.claude'))
    const none = await viaScript({PATH: SYS_PATH})
    expect(none).toEqual(await captureSelf({PATH: SYS_PATH}, {name: 'p'}))
    expect(none.configDir).toBeUndefined()
    expect(none.env).toEqual({})
    // a D that does not exist: no realpath, no writability
    const missing = await viaScript({HOME: join(root, 'no-such-home'), PATH: SYS_PATH})
    expect(missing.configDir).toBe(join(root, 'no-such-home/.claude'))
    expect(missing.configDirRealpath).toBeUndefined()
    expect(missing.configDirWritable).toBeUndefined()
  })

  it('reports the auth kind only, in Claude Code precedence, never a secret from env or D', async () => {
    const home = makeHome('home-auth')
    const helperHome = makeHome('home-helper', {helper: true})
    const base = {HOME: home, PATH: SYS_PATH}
    const cases: Array<[NodeJS.ProcessEnv, string]> = [
      [base, 'oauth'],
      [{HOME: makeHome('home-nologin', {credentials: false}), PATH: SYS_PATH}, 'unknown'],
      [{...base, CLAUDE_CODE_OAUTH_REFRESH_TOKEN: SECRETS.CLAUDE_CODE_OAUTH_REFRESH_TOKEN}, 'refresh-token'],
      [{...base, CLAUDE_CODE_OAUTH_TOKEN: SECRETS.CLAUDE_CODE_OAUTH_TOKEN, CLAUDE_CODE_OAUTH_REFRESH_TOKEN: SECRETS.CLAUDE_CODE_OAUTH_REFRESH_TOKEN}, 'oauth-token'],
      [{HOME: helperHome, PATH: SYS_PATH, CLAUDE_CODE_OAUTH_TOKEN: SECRETS.CLAUDE_CODE_OAUTH_TOKEN}, 'api-key-helper'],
      [{...base, ANTHROPIC_API_KEY: SECRETS.ANTHROPIC_API_KEY, CLAUDE_CODE_OAUTH_TOKEN: SECRETS.CLAUDE_CODE_OAUTH_TOKEN}, 'api-key'],
      [{...base, ...SECRETS}, 'auth-token'],
      [{...base, ...SECRETS, CLAUDE_CODE_USE_BEDROCK: '1'}, 'cloud'],
      [{...base, CLAUDE_CODE_USE_VERTEX: 'true'}, 'cloud'],
      [{...base, CLAUDE_CODE_USE_FOUNDRY: '1'}, 'cloud'],
      [{...base, CLAUDE_CODE_USE_BEDROCK: '0', CLAUDE_CODE_USE_VERTEX: 'false'}, 'oauth'],
      [{...base, ANTHROPIC_API_KEY: ''}, 'oauth'],
    ]
    for (const [env, kind] of cases) {
      const result = await new LocalTransport('p', env).exec(captureArgv({name: 'p'}))
      const node = await captureSelf(env, {name: 'p'})
      expect({env: Object.keys(env), auth: parseCaptureBundle(result.stdout, 'x').auth}).toEqual({env: Object.keys(env), auth: kind})
      expect(node.auth).toBe(kind)
      for (const secret of [...Object.values(SECRETS), ...FILE_SECRETS]) {
        expect(result.stdout).not.toContain(secret)
        expect(result.stderr).not.toContain(secret)
        expect(JSON.stringify(node)).not.toContain(secret)
      }
    }
  })

  it('escapes backslashes, quotes and control characters and passes bytes >= 0x80 through raw', () => {
    const weird = `q"uo\\te\ttab\x01\x1f\x7f\nnl\r`
    const {bundle} = runScriptWith(['sh'], {HOME: weird, PATH: SYS_PATH})
    expect(bundle.env.HOME).toBe(weird)
    expect(bundle.configDir).toBe(`${weird}/.claude`)
    // invalid UTF-8 in a value: set inside sh, since a Node environment is UTF-8 text
    const argv = captureArgv({name: 'p'})
    const result = spawnSync('sh', ['-c', `HOME=$(printf 'x\\377\\300y\\342\\202\\254') exec sh -c "$0" "$@"`, ...argv.slice(2)], {env: {PATH: SYS_PATH}})
    expect(result.status).toBe(0)
    expect(result.stdout.includes(Buffer.from([0x78, 0xff, 0xc0, 0x79, 0xe2, 0x82, 0xac]))).toBe(true)
    const parsed = parseCaptureBundle(decodeBytes(result.stdout), 'x')
    expect(parsed.env.HOME).toBe(`x\udcff\udcc0y€`)
  })

  it('copies mountinfo exactly, odd bytes in mount points included (private mount namespace)', (context) => {
    if (!namespacesAvailable()) return context.skip()
    const dir = join(root, `mnt "q" \\b\x01\x7f\xe9-é`)
    mkdirSync(dir, {recursive: true})
    const copy = join(root, 'mountinfo.copy')
    const argv = captureArgv({name: 'p'})
    const inner = 'mount -t tmpfs disinto-test "$1" && cat /proc/self/mountinfo > "$2" && shift 2 && exec sh -c "$@"'
    const result = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', inner, 'sh', dir, copy, ...argv.slice(2)], {env: {PATH: SYS_PATH, HOME: '/nonexistent'}})
    expect(result.stderr.toString()).toBe('')
    const bundle = parseCaptureBundle(decodeBytes(result.stdout), 'x')
    const expected = decodeBytes(readFileSync(copy))
    expect(expected).toContain('disinto-test')
    expect(bundle.mountinfo).toBe(expected)
  })

  it('gives the same bundle under dash and under busybox sh with only busybox applets', async (context) => {
    const applets = ['sh', 'sed', 'grep', 'tr', 'cat', 'uname', 'id', 'realpath', 'readlink', 'timeout', 'true', 'printf', 'ln']
    const bbdir = join(root, 'busybox-bin')
    mkdirSync(bbdir, {recursive: true})
    if (!busyboxApplets(bbdir, applets)) return context.skip()
    const home = makeHome('home-bb')
    for (const [index, install] of [installNative, installNpm, installWrapper].entries()) {
      const bin = install(join(root, `bb-claude-${index}`), '2.1.144', MARKERS_FOR.dual)
      const env = {HOME: `${home}/`, PATH: `${bin}:${bbdir}`, ANTHROPIC_API_KEY: SECRETS.ANTHROPIC_API_KEY}
      const busybox = runScriptWith([join(bbdir, 'sh')], env)
      const dash = runScriptWith(['dash'], {...env, PATH: `${bin}:${SYS_PATH}`})
      expect(busybox.bundle).toEqual(dash.bundle)
      expect(busybox.bundle.claude).toEqual({path: `${bin}/claude`, version: '2.1.144', protocol: 'dual'})
      expect(busybox.bundle.auth).toBe('api-key')
      expect(busybox.raw.toString('latin1')).not.toContain(SECRETS.ANTHROPIC_API_KEY)
    }
  })

  it('stands alone for `capture --script`: sh FILE [NAME]', () => {
    const file = join(root, 'capture.sh')
    writeFileSync(file, standaloneCaptureScript({name: "it's me"}))
    chmodSync(file, 0o755)
    const env = {HOME: makeHome('home-standalone'), PATH: SYS_PATH}
    const plain = spawnSync('sh', [file], {env, encoding: 'utf8'})
    expect(parseCaptureBundle(plain.stdout, file).name).toBe("it's me")
    const named = spawnSync('sh', [file, 'edge'], {env, encoding: 'utf8'})
    expect(parseCaptureBundle(named.stdout, file)).toMatchObject({name: 'edge', auth: 'oauth'})
    expect(CAPTURE_SCRIPT).not.toMatch(/\$\{?name\}?[^"]*\$\(/) // values are never re-evaluated
  })

  it('does not run `claude --version` when the timeout is 0, and bounds a hanging one', async () => {
    const bin = join(root, 'hang/bin')
    mkdirSync(bin, {recursive: true})
    writeFileSync(join(bin, 'claude'), '#!/bin/sh\nsleep 30\n')
    chmodSync(join(bin, 'claude'), 0o755)
    const env = {HOME: '/nonexistent', PATH: `${bin}:${SYS_PATH}`}
    const started = Date.now()
    const bundle = await captureVia(new LocalTransport('p', env), 'p', {versionTimeoutSeconds: 1})
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(bundle.claude).toEqual({path: `${bin}/claude`, protocol: 'unknown'})
    const node = await captureSelf(env, {name: 'p', versionTimeoutMs: 500})
    expect(node.claude).toEqual({path: `${bin}/claude`, protocol: 'unknown'})
    const ran = join(root, 'claude-ran')
    writeFileSync(join(bin, 'claude'), `#!/bin/sh\ntouch '${ran}'\necho 2.1.1\n`)
    await captureVia(new LocalTransport('p', env), 'p', {versionTimeoutSeconds: 0})
    await captureSelf(env, {name: 'p', versionTimeoutMs: 0})
    expect(existsSync(ran)).toBe(false)
  })
})

describe('captureVia errors', () => {
  const fake = (result: Partial<ExecResult>): Transport => ({
    name: 'edge',
    describe: 'docker:edge',
    exec: async () => ({exitCode: 0, stdout: '', stderr: '', timedOut: false, failed: false, ...result}),
    start: () => {
      throw new Error('unused')
    },
    commandFor: (argv) => [...argv],
  })
  it('turns a failing, hanging or garbled capture into CannotTellError naming the participant', async () => {
    await expect(captureVia(fake({exitCode: 127, stderr: 'sh: not found\n', failed: true}), 'edge')).rejects.toThrow(/participant "edge" \(docker:edge\): capture failed: sh: not found/)
    await expect(captureVia(fake({exitCode: undefined, timedOut: true, failed: true}), 'edge')).rejects.toBeInstanceOf(CannotTellError)
    await expect(captureVia(fake({stdout: '{"schema":"nope"}'}), 'edge')).rejects.toThrow(/edge.*\/schema/)
    await expect(captureVia(fake({stdout: 'not json'}), 'edge')).rejects.toThrow(CannotTellError)
  })
})
