import {spawnSync} from 'node:child_process'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {captureVia} from '../../src/capture/via.js'
import {CannotTellError, InputError} from '../../src/errors.js'
import {createLab, layoutByName, type Lab} from '../../src/lab/index.js'
import {EngineTransport, KubectlTransport, LocalTransport, NsenterTransport, parseParticipantSpec, transportFor} from '../../src/transports/index.js'
import {kernelGate, requireSupport} from '../lab/helpers.js'
import {useFakeEngines} from './fake-engines.js'

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('transport commands (argv arrays, never a shell string)', () => {
  it('wraps argv as each engine expects', () => {
    const argv = ['sh', '-c', 'echo "$1"', 'sh', "it's; $(rm -rf /)"]
    expect(new EngineTransport('a', 'docker', 'agents').commandFor(argv)).toEqual(['docker', 'exec', '-i', 'agents', ...argv])
    expect(new EngineTransport('a', 'podman', 'agents').commandFor(argv)).toEqual(['podman', 'exec', '-i', 'agents', ...argv])
    expect(new KubectlTransport('a', 'prod', 'w-0').commandFor(argv)).toEqual(['kubectl', 'exec', '-i', '-n', 'prod', 'w-0', '--', ...argv])
    expect(new KubectlTransport('a', 'prod', 'w-0', 'claude').commandFor(argv)).toEqual(['kubectl', 'exec', '-i', '-n', 'prod', 'w-0', '-c', 'claude', '--', ...argv])
    expect(new LocalTransport().commandFor(argv)).toEqual(argv)
    const self = new NsenterTransport('me', process.pid).commandFor(argv)
    expect(self).toEqual(['nsenter', '-t', String(process.pid), '-m', '-u', '-r', '-w', '--', ...argv])
  })

  it('maps specs to transports; a file spec has none', () => {
    expect(transportFor(parseParticipantSpec('a=docker:x')).describe).toBe('docker:x')
    expect(transportFor(parseParticipantSpec('a=kubectl:n/p/c')).describe).toBe('kubectl:n/p/c')
    expect(transportFor(parseParticipantSpec('a=pid:1')).describe).toBe('pid:1')
    expect(transportFor(parseParticipantSpec('self')).describe).toBe('local')
    expect(() => transportFor(parseParticipantSpec('a=x.json'))).toThrow(InputError)
  })

  it('local: passes input, keeps bytes, reports exit codes and times out', async () => {
    const local = new LocalTransport()
    const echoed = await local.exec(['sh', '-c', 'cat; printf "\\377"; exit 3'], {input: 'héllo'})
    expect(echoed).toEqual({exitCode: 3, stdout: 'héllo\udcff', stderr: '', timedOut: false, failed: true})
    const slow = await local.exec(['sleep', '5'], {timeoutMs: 200})
    expect(slow.timedOut).toBe(true)
    expect(slow.failed).toBe(true)
  })

  it('a missing engine binary is CannotTellError naming the participant (exit 3)', async () => {
    const saved = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      for (const transport of [new EngineTransport('agents', 'docker', 'x'), new EngineTransport('agents', 'podman', 'x'), new KubectlTransport('agents', 'n', 'p')]) {
        const error = await rejection(transport.exec(['true']))
        expect(error).toBeInstanceOf(CannotTellError)
        expect((error as CannotTellError).exitCode).toBe(3)
        expect(error.message).toMatch(/participant "agents" \(.*\) is unreachable: (docker|podman|kubectl) is not installed or not on PATH/)
      }
      const error = await rejection(new NsenterTransport('host', process.pid).exec(['true']))
      expect(error.message).toMatch(/participant "host" \(pid:\d+\) is unreachable: nsenter is not installed/)
    } finally {
      process.env.PATH = saved
    }
  })

  it('a real docker client without a daemon is CannotTellError, not a crash', async (context) => {
    const engine = useFakeEngines({})
    engine.restore() // make sure the real client, if any, is what runs
    if (spawnSync('sh', ['-c', 'command -v docker']).status !== 0) return context.skip()
    const error = await rejection(new EngineTransport('agents', 'docker', 'disinto-agents').exec(['true'], {timeoutMs: 20_000}))
    expect(error).toBeInstanceOf(CannotTellError)
    expect(error.message).toMatch(/participant "agents" \(docker:disinto-agents\) is unreachable: /)
  })

  it('a process that does not exist is CannotTellError', async () => {
    const error = await rejection(new NsenterTransport('gone', 4_194_303).exec(['true']))
    expect(error).toBeInstanceOf(CannotTellError)
    expect(error.message).toBe('participant "gone" (pid:4194303) is unreachable: no process 4194303')
  })
})

const {support, skip} = await kernelGate()

describe.skipIf(skip)('transports end to end against lab namespaces (fake docker/podman/kubectl → nsenter)', () => {
  let lab: Lab
  let engine: ReturnType<typeof useFakeEngines>
  beforeAll(async () => {
    requireSupport(support)
    lab = await createLab(layoutByName('readonly'))
    const [agents, edge] = lab.participants as [Lab['participants'][0], Lab['participants'][0]]
    const env = {HOME: '/home/agent'}
    engine = useFakeEngines({
      'disinto-agents': {pid: agents.pid, env},
      'disinto-edge': {pid: edge.pid, env},
      'prod/edge-0/claude': {pid: edge.pid, env},
      dead: 4_194_303,
    })
  })
  afterAll(async () => {
    engine?.restore()
    await lab?.teardown()
  })

  it('every transport reaches the participant: same mount table as /proc/PID/mountinfo', async () => {
    const edge = lab.participant('edge')
    const expected = await lab.mountinfo('edge')
    for (const transport of [
      new EngineTransport('edge', 'docker', 'disinto-edge'),
      new EngineTransport('edge', 'podman', 'disinto-edge'),
      new KubectlTransport('edge', 'prod', 'edge-0', 'claude'),
      new KubectlTransport('edge', 'prod', 'edge-0'),
      new NsenterTransport('edge', edge.pid),
    ]) {
      const result = await transport.exec(['cat', '/proc/self/mountinfo'])
      expect(result.exitCode, `${transport.describe}: ${result.stderr}`).toBe(0)
      expect(result.stdout).toBe(expected)
      const input = await transport.exec(['sh', '-c', 'cat; echo "[$1]"', 'sh', "a b'c"], {input: 'in\n'})
      expect(input.stdout).toBe("in\n[a b'c]\n")
    }
  })

  it('unknown containers, pods and dead processes are CannotTellError with the engine message', async () => {
    const cases: Array<[EngineTransport | KubectlTransport, RegExp]> = [
      [new EngineTransport('x', 'docker', 'nope'), /participant "x" \(docker:nope\) is unreachable: Error response from daemon: No such container: nope$/],
      [new EngineTransport('x', 'podman', 'nope'), /is unreachable: Error: no container with name or ID "nope" found: no such container$/],
      [new KubectlTransport('x', 'prod', 'nope'), /is unreachable: Error from server \(NotFound\): pods "nope" not found$/],
      [new KubectlTransport('x', 'prod', 'edge-0', 'other'), /is unreachable: error: unable to upgrade connection: container not found/],
      [new EngineTransport('x', 'docker', 'dead'), /is unreachable: Error response from daemon: container dead is not running$/],
    ]
    for (const [transport, pattern] of cases) {
      const error = await rejection(transport.exec(['true']))
      expect(error).toBeInstanceOf(CannotTellError)
      expect(error.message).toMatch(pattern)
    }
    // a command that fails inside a reachable participant is a result, not an error
    const failed = await new EngineTransport('edge', 'docker', 'disinto-edge').exec(['sh', '-c', 'ls /nonexistent; exit 4'])
    expect(failed).toMatchObject({exitCode: 4, failed: true, timedOut: false})
    expect(failed.stderr).toMatch(/nonexistent/)
  })

  it('captureVia through docker reads the view, env and D inside the participant', async () => {
    const bundle = await captureVia(new EngineTransport('agents', 'docker', 'disinto-agents'), 'agents')
    expect(bundle).toMatchObject({name: 'agents', env: {HOME: '/home/agent'}, configDir: '/home/agent/.claude', configDirRealpath: '/home/agent/.claude', configDirWritable: false, auth: 'oauth'})
    expect(bundle.mountinfo).toBe(await lab.mountinfo('agents'))
    const viaPid = await captureVia(new NsenterTransport('agents', lab.participant('agents').pid, {HOME: '/home/agent'}), 'agents')
    expect(viaPid).toEqual(bundle)
    expect(JSON.stringify(bundle)).not.toMatch(/refresh|sk-ant/i)
  })

  it('a timed-out command says so and does not throw', async () => {
    const started = Date.now()
    const result = await new EngineTransport('edge', 'docker', 'disinto-edge').exec(['sleep', '3'], {timeoutMs: 300})
    expect(result.timedOut).toBe(true)
    expect(Date.now() - started).toBeLessThan(2500)
  })
})
