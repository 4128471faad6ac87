import type {HostCommand, RawResult} from './run.js'
import {HostTransport, firstLine} from './host-transport.js'

const KUBECTL_UNREACHABLE = [
  /^Error from server \(NotFound\)/i,
  /^Error from server \(BadRequest\): .*(container|pod)/i,
  /^Error from server \(Forbidden\)/i,
  /^error: unable to upgrade connection/i,
  /^error: .*container .*not (found|valid)/i,
  /^The connection to the server .* was refused/i,
  /^Unable to connect to the server/i,
  /^error: You must be logged in/i,
  /^error: .*(context|kubeconfig)/i,
]

/** `kubectl exec -i -n NS POD [-c CONTAINER] -- argv…`. */
export class KubectlTransport extends HostTransport {
  readonly describe: string
  protected readonly binary = 'kubectl'

  constructor(
    name: string,
    readonly namespace: string,
    readonly pod: string,
    readonly container?: string,
  ) {
    super(name)
    this.describe = `kubectl:${namespace}/${pod}${container === undefined ? '' : `/${container}`}`
  }

  protected hostCommand(argv: readonly string[]): HostCommand {
    const container = this.container === undefined ? [] : ['-c', this.container]
    return {file: 'kubectl', args: ['exec', '-i', '-n', this.namespace, this.pod, ...container, '--', ...argv]}
  }

  protected unreachable(result: RawResult): string | undefined {
    if (result.exitCode === 0) return undefined
    const line = firstLine(result.stderr)
    if (KUBECTL_UNREACHABLE.some((pattern) => pattern.test(line))) return line
    if (/OCI runtime exec failed|executable file not found/i.test(line)) return `cannot run ${this.describe} commands: ${line}`
    return undefined
  }
}
