import type {HostCommand, RawResult} from './run.js'
import {HostTransport} from './host-transport.js'

/** Runs argv on this machine, as this process: `self`. `env` replaces the environment (tests). */
export class LocalTransport extends HostTransport {
  readonly describe = 'local'
  protected readonly binary: string = 'sh'

  constructor(
    name = 'self',
    readonly env?: NodeJS.ProcessEnv,
  ) {
    super(name)
  }

  protected hostCommand(argv: readonly string[]): HostCommand {
    const [file, ...args] = argv
    if (file === undefined) throw new Error('LocalTransport: empty argv')
    return this.env ? {file, args, env: this.env, replaceEnv: true} : {file, args}
  }

  protected unreachable(_result: RawResult): string | undefined {
    return undefined
  }
}
