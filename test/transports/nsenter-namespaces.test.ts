import {type ChildProcess, spawn, spawnSync} from 'node:child_process'
import {readFileSync, readlinkSync} from 'node:fs'

import {afterEach, describe, expect, it} from 'vitest'

import {captureVia} from '../../src/capture/via.js'
import {parseEnviron} from '../../src/model/config-dir.js'
import {mapId} from '../../src/transports/nsenter.js'
import {NsenterTransport} from '../../src/transports/nsenter.js'
import {namespacesAvailable} from './namespaces.js'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

/** Starts `unshare FLAGS sleep` and returns the pid of the sleep inside (a grandchild with --fork). */
async function unshared(flags: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn('unshare', [...flags, '--', 'sleep', '300'], {stdio: 'ignore', env})
  children.push(child)
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    const found = spawnSync('pgrep', ['-P', String(child.pid), 'sleep'], {encoding: 'utf8'}).stdout.trim()
    if (flags.includes('--fork') ? found : true) {
      const pid = flags.includes('--fork') ? Number(found.split('\n')[0]) : child.pid!
      try {
        if (readlinkSync(`/proc/${pid}/ns/mnt`) !== readlinkSync('/proc/self/ns/mnt') && readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep')) return pid
      } catch {
        // not yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`unshare ${flags.join(' ')} did not start`)
}

describe('nsenter transport helpers', () => {
  it('maps ids into a user namespace and reads an environ block', () => {
    expect(mapId('         0     100000      65536\n', 101000)).toBe(1000)
    expect(mapId('0 0 4294967295\n', 0)).toBe(0)
    expect(mapId('0 100000 10\n', 5)).toBeUndefined()
    expect(parseEnviron('HOME=/home/a\0PATH=/bin\0X=a=b\0\0')).toEqual({HOME: '/home/a', PATH: '/bin', X: 'a=b'})
  })
})

describe('nsenter into processes with their own pid and user namespaces', () => {
  it('enters the pid namespace too, so /proc/self works in a container with its own /proc', async (context) => {
    if (!namespacesAvailable()) return context.skip()
    const pid = await unshared(['--pid', '--fork', '--mount', '--mount-proc', '--propagation', 'private'], {PATH: process.env.PATH, HOME: '/nowhere-home'})
    const transport = new NsenterTransport('pidns', pid)
    expect(transport.commandFor(['true'])).toContain('-p')
    const self = await transport.exec(['sh', '-c', 'readlink /proc/self; echo "$HOME"'])
    expect(self.exitCode, self.stderr).toBe(0)
    expect(self.stdout).toMatch(/^\d+\n\/nowhere-home\n$/) // the pid inside, and the process's own HOME
    const bundle = await captureVia(transport, 'pidns', {versionTimeoutSeconds: 0})
    expect(bundle.env.HOME).toBe('/nowhere-home')
    expect(bundle.mountinfo).toContain(' /proc ')
  })

  it('enters a user namespace (rootless-style) as the process\'s own uid there', async (context) => {
    if (!namespacesAvailable()) return context.skip()
    const pid = await unshared(['--user', '--map-root-user', '--mount'], {PATH: process.env.PATH})
    const transport = new NsenterTransport('userns', pid)
    const argv = transport.commandFor(['id', '-u'])
    expect(argv).toEqual(expect.arrayContaining(['-U', '-S', '0', '-G', '0']))
    const result = await transport.exec(['sh', '-c', 'id -u; cat /proc/self/uid_map'])
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout.split('\n')[0]).toBe('0')
  })
})
