import {realpathSync} from 'node:fs'
import {posix} from 'node:path'
import {fileURLToPath} from 'node:url'

import CheckCompose from '../../src/commands/check/compose.js'
import {ROOT} from '../helpers/run-cli.js'

export const FIXTURES = realpathSync(fileURLToPath(new URL('../../fixtures/compose/', import.meta.url)))

export function fixture(name: string): string {
  return posix.join(FIXTURES, name)
}

export interface CommandRun {
  stdout: string
  stderr: string
  exitCode: number
  result: unknown
}

/**
 * Runs the command class in-process (no build needed) from `cwd`, with `env` as the whole
 * process environment, capturing stdout/stderr and the exit code it sets.
 */
export async function runCompose(args: string[], options: {cwd: string; env?: Record<string, string>}): Promise<CommandRun> {
  const saved = {cwd: process.cwd(), env: process.env, exitCode: process.exitCode, out: process.stdout.write, err: process.stderr.write}
  let stdout = ''
  let stderr = ''
  process.chdir(options.cwd)
  process.env = {PATH: saved.env.PATH, NO_COLOR: '1', HOME: '/home/johba', ...options.env}
  process.exitCode = undefined
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write
  let result: unknown
  // oclif sets the id when it loads the command from the manifest; here we load the class ourselves
  CheckCompose.id = 'check:compose'
  try {
    result = await CheckCompose.run(args, ROOT)
  } catch (error) {
    stderr += String((error as Error).message)
  } finally {
    process.stdout.write = saved.out
    process.stderr.write = saved.err
    process.chdir(saved.cwd)
    process.env = saved.env
  }
  const exitCode = Number(process.exitCode ?? 0)
  process.exitCode = saved.exitCode
  return {stdout, stderr, exitCode, result}
}
