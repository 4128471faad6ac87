import {realpath} from 'node:fs/promises'

import {type ClaudeEnv, parseEnviron} from '../model/config-dir.js'
import {readProcFile, readTextInput} from './read-input.js'

/** Raw text of one mount table and the environment of the process it belongs to (if live). */
export interface MountInput {
  text: string
  source: string
  kind: 'mountinfo' | 'findmnt'
  /** the process environment when the table is a live process's; undefined for pasted files */
  env?: ClaudeEnv
  pid?: number | 'self'
}

export interface MountInputRequest {
  mountinfo?: string
  findmnt?: string
  pid?: number
}

/** Reads the one source the flags name: a mountinfo file, a findmnt paste, a PID, or this process. */
export async function gatherMountInput(request: MountInputRequest): Promise<MountInput> {
  if (request.mountinfo !== undefined) return {...(await readTextInput(request.mountinfo)), kind: 'mountinfo'}
  if (request.findmnt !== undefined) return {...(await readTextInput(request.findmnt)), kind: 'findmnt'}
  const pid = request.pid ?? 'self'
  const mountinfo = await readProcFile(pid, 'mountinfo')
  const env = pid === 'self' ? {...process.env} : parseEnviron((await readProcFile(pid, 'environ')).text)
  return {...mountinfo, kind: 'mountinfo', env, pid}
}

/** realpath(D) in this process's own namespace; undefined when D does not exist here. */
export async function localRealpath(path: string): Promise<string | undefined> {
  try {
    return await realpath(path)
  } catch {
    return undefined
  }
}
