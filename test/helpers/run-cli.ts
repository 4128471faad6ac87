import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliResult {
  status: number
  stdout: string
  stderr: string
}

/** Runs the built CLI as a user would (npm test builds first), with a clean colour environment. */
export function runCli(args: string[], options: {input?: string; env?: NodeJS.ProcessEnv; cwd?: string} = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd ?? ROOT,
    env: {PATH: process.env.PATH, NO_COLOR: '1', ...options.env},
    encoding: 'utf8',
    timeout: 60_000,
  })
  return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr}
}

/** Runs with --json and parses stdout. */
export function runCliJson<T = Record<string, unknown>>(args: string[], options: Parameters<typeof runCli>[1] = {}): CliResult & {json: T} {
  const result = runCli([...args, '--json'], options)
  return {...result, json: JSON.parse(result.stdout) as T}
}
