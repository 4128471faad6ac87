import type {CaptureBundle} from '../domain/capture.js'
import {CannotTellError, InputError} from '../errors.js'
import {firstLine} from '../transports/host-transport.js'
import type {Transport} from '../transports/types.js'
import {parseCaptureBundle} from './parse.js'
import {captureArgv} from './script.js'

export interface CaptureViaOptions {
  /** milliseconds for the whole capture (default 60 s) */
  timeoutMs?: number
  /** seconds allowed for `claude --version` inside (default 10; 0 = do not run it) */
  versionTimeoutSeconds?: number
}

/**
 * Captures a participant by running the POSIX sh script through its transport
 * (`sh -c SCRIPT sh ARGS…`) and validating what it prints. Unreachable participants, a script
 * that fails or times out, or output that is not a bundle → CannotTellError naming the participant.
 */
export async function captureVia(transport: Transport, name: string, options: CaptureViaOptions = {}): Promise<CaptureBundle> {
  const timeoutMs = options.timeoutMs ?? 60_000
  const argv = captureArgv({name, versionTimeoutSeconds: options.versionTimeoutSeconds ?? 10})
  const result = await transport.exec(argv, {timeoutMs})
  const who = `participant "${name}" (${transport.describe})`
  if (result.timedOut) throw new CannotTellError(`${who}: capture timed out after ${Math.round(timeoutMs / 1000)} s`, 'E_CAPTURE')
  if (result.exitCode !== 0) {
    const why = firstLine(result.stderr) || `exit ${result.exitCode ?? 'by signal'}`
    throw new CannotTellError(`${who}: capture failed: ${why}`, 'E_CAPTURE')
  }
  try {
    const bundle = parseCaptureBundle(result.stdout, `${who} capture output`)
    if (bundle.name !== name) throw new InputError(`${who} capture output names "${bundle.name}"`)
    return bundle
  } catch (error) {
    if (error instanceof InputError) throw new CannotTellError(error.message, 'E_CAPTURE')
    throw error
  }
}
