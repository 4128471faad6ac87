import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {runCli, runCliJson} from '../helpers/run-cli.js'
import {schemaErrors} from '../helpers/schema.js'

// capture end to end in a temp HOME holding planted fake secrets: the bundle names the auth
// kind and D, never a value; the sh script gives a bundle check lock accepts.
const home = mkdtempSync(join(tmpdir(), 'disinto-capture-'))
afterAll(() => rmSync(home, {recursive: true, force: true}))
mkdirSync(join(home, '.claude'))
const REFRESH = 'sk-ant-ort01-FAKE-REFRESH-0123456789'
const ACCESS = 'sk-ant-oat01-FAKE-ACCESS-0123456789'
writeFileSync(join(home, '.claude/.credentials.json'), JSON.stringify({claudeAiOauth: {accessToken: ACCESS, refreshToken: REFRESH}}))
const API_KEY = 'sk-ant-api03-FAKE-KEY-0123456789'
const env = {HOME: home, ANTHROPIC_API_KEY: API_KEY, CLAUDE_CODE_OAUTH_REFRESH_TOKEN: REFRESH}

describe('capture', () => {
  it('prints a valid bundle with the auth kind and D, and no secret', () => {
    const result = runCli(['capture', '--name', 'agents', '--version-timeout', '0'], {env})
    expect(result.status).toBe(0)
    const bundle = JSON.parse(result.stdout)
    expect(schemaErrors('capture.schema.json', bundle)).toEqual([])
    expect(bundle).toMatchObject({schema: 'disinto-auth/capture@1', name: 'agents', auth: 'api-key', configDir: join(home, '.claude'), configDirWritable: true})
    for (const secret of [REFRESH, ACCESS, API_KEY, 'FAKE']) expect(result.stdout).not.toContain(secret)
  })

  it('--script prints a POSIX sh script whose output check lock accepts', () => {
    const script = runCli(['capture', '--script', '--name', 'x']).stdout
    expect(script.startsWith('#!/bin/sh')).toBe(true)
    const run = spawnSync('sh', ['-s', 'scripted'], {input: script, env: {...env, PATH: process.env.PATH}, encoding: 'utf8', timeout: 30_000})
    expect(run.status).toBe(0)
    for (const secret of [REFRESH, ACCESS, API_KEY]) expect(run.stdout).not.toContain(secret)
    const file = join(home, 'scripted.json')
    writeFileSync(file, run.stdout)
    const lock = runCliJson<{participants: {name: string; auth: string; configDir: string}[]}>(['check', 'lock', '--participant', `scripted=${file}`])
    expect(lock.json.participants[0]).toMatchObject({name: 'scripted', auth: 'api-key', configDir: join(home, '.claude')})
  })

  it('a file spec is refused for live capture (exit 2)', () => {
    expect(runCli(['capture', '--participant', 'x=/some/file']).status).toBe(2)
  })
})
