import {readFile} from 'node:fs/promises'

import {CannotTellError, InputError} from '../errors.js'
import {decodeBytes} from '../text/bytes.js'

/** Reads a file (`-` = stdin) as kernel text: bytes kept losslessly (see text/bytes.ts). */
export async function readTextInput(file: string): Promise<{text: string; source: string}> {
  if (file === '-') return {text: decodeBytes(await readStdin()), source: '-'}
  try {
    return {text: decodeBytes(await readFile(file)), source: file}
  } catch (error) {
    throw new InputError(`${file}: cannot read: ${reason(error)}`, 'E_READ')
  }
}

/** /proc/<pid>/<name> of a live process; a vanished process is an unreachable participant (exit 3). */
export async function readProcFile(pid: number | 'self', name: string): Promise<{text: string; source: string}> {
  const source = `/proc/${pid}/${name}`
  try {
    return {text: decodeBytes(await readFile(source)), source}
  } catch (error) {
    if (pid === 'self') throw new InputError(`${source}: cannot read: ${reason(error)}`, 'E_READ')
    throw new CannotTellError(`process ${pid} cannot be read (${source}: ${reason(error)})`, 'E_PID')
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'is a directory'
  return (error as Error).message
}
