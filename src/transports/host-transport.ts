import {CannotTellError} from '../errors.js'
import {type HostCommand, type RawResult, runHost, startHost} from './run.js'
import type {ExecOptions, ExecResult, RunningCommand, StartOptions, Transport} from './types.js'

/**
 * A transport that runs a host command (docker, kubectl, nsenter, sh) wrapping the participant's
 * argv. Subclasses say how to wrap and which failures mean "the participant is unreachable".
 */
export abstract class HostTransport implements Transport {
  abstract readonly describe: string
  constructor(readonly name: string) {}

  /** the host command that runs argv inside the participant */
  protected abstract hostCommand(argv: readonly string[]): HostCommand
  /** the binary the transport needs on the host, for the "not installed" message */
  protected abstract readonly binary: string
  /** a one-line reason when the result shows the participant (not the command) failed */
  protected abstract unreachable(result: RawResult): string | undefined

  commandFor(argv: readonly string[]): string[] {
    const command = this.hostCommand(argv)
    return [command.file, ...command.args]
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const raw = await runHost(this.hostCommand(argv), options.timeoutMs, options.input)
    return this.checked(raw)
  }

  start(argv: readonly string[], options: StartOptions = {}): RunningCommand {
    let command: HostCommand
    try {
      command = this.hostCommand(argv)
    } catch (error) {
      const failed = Promise.reject(error)
      failed.catch(() => {})
      return {closeInput() {}, kill() {}, result: failed}
    }
    const running = startHost(command, options.timeoutMs, options.onStdout)
    const result = running.raw.then((raw) => this.checked(raw))
    result.catch(() => {})
    return {closeInput: () => running.closeInput(), kill: (signal) => running.kill(signal), result}
  }

  protected checked(raw: RawResult): ExecResult {
    if (raw.spawnError === 'ENOENT') {
      throw new CannotTellError(`participant "${this.name}" (${this.describe}) is unreachable: ${this.binary} is not installed or not on PATH`, 'E_UNREACHABLE')
    }
    if (raw.spawnError) {
      throw new CannotTellError(`participant "${this.name}" (${this.describe}) is unreachable: cannot run ${this.binary} (${raw.spawnError})`, 'E_UNREACHABLE')
    }
    const reason = raw.timedOut ? undefined : this.unreachable(raw)
    if (reason !== undefined) {
      throw new CannotTellError(`participant "${this.name}" (${this.describe}) is unreachable: ${reason}`, 'E_UNREACHABLE')
    }
    const {spawnError: _ignored, ...result} = raw
    return result
  }
}

/** The first non-blank line of a text, trimmed and bounded: for one-line messages. */
export function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? ''
  const trimmed = line.trim()
  return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed
}
