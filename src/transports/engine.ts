import type {HostCommand, RawResult} from './run.js'
import {HostTransport, firstLine} from './host-transport.js'

// The engine's own failures, as the first line of stderr (docker exec exits 1, podman 125).
const DOCKER_UNREACHABLE = [
  /^Error response from daemon: No such container/i,
  /^Error response from daemon: .*container .* is (not running|paused|restarting)/i,
  /^Error response from daemon: .*is not running/i,
  /^Error: No such container/i,
  /^Cannot connect to the Docker daemon/i,
  /^error during connect/i,
  /^permission denied while trying to connect to the Docker daemon/i,
]
const PODMAN_UNREACHABLE = [/^Error: no container with name or ID/i, /^Error: .*(can only|cannot) (exec|create exec).* (stopped|running)/i, /^Cannot connect to Podman/i, /^Error: unable to connect to Podman/i]
// the command could not be started inside: no sh in the image, for example
const EXEC_FAILED = /^(Error response from daemon: )?OCI runtime exec failed|^Error: .*(executable file not found|no such file or directory)/i

/** `docker exec -i CONTAINER argv…` / `podman exec -i CONTAINER argv…`. */
export class EngineTransport extends HostTransport {
  readonly describe: string
  protected readonly binary: string

  constructor(
    name: string,
    readonly engine: 'docker' | 'podman',
    readonly container: string,
  ) {
    super(name)
    this.binary = engine
    this.describe = `${engine}:${container}`
  }

  protected hostCommand(argv: readonly string[]): HostCommand {
    return {file: this.engine, args: ['exec', '-i', this.container, ...argv]}
  }

  protected unreachable(result: RawResult): string | undefined {
    const line = firstLine(result.stderr)
    if (result.exitCode === 0) return undefined
    const patterns = this.engine === 'docker' ? DOCKER_UNREACHABLE : PODMAN_UNREACHABLE
    if (patterns.some((pattern) => pattern.test(line))) return line
    if ((result.exitCode === 126 || result.exitCode === 127 || result.exitCode === 125) && EXEC_FAILED.test(line)) return `cannot run ${this.describe} commands: ${line}`
    if (this.engine === 'podman' && result.exitCode === 125) return line || 'podman exec failed (exit 125)'
    return undefined
  }
}
