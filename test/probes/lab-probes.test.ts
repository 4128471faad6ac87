import {describe, expect, it} from 'vitest'

import {captureVia} from '../../src/capture/via.js'
import {LAYOUTS, createLab, type Lab, type LabLayout} from '../../src/lab/index.js'
import {runProbes, type ProbeParticipant} from '../../src/probes/index.js'
import {EngineTransport, KubectlTransport, NsenterTransport} from '../../src/transports/index.js'
import type {Transport} from '../../src/transports/types.js'
import {kernelGate, requireSupport} from '../lab/helpers.js'
import {type EngineMap, useFakeEngines} from '../transports/fake-engines.js'
import {probeLeftovers, snapshotTree} from './helpers.js'

const {support, skip} = await kernelGate()

/** Reaches participant k of a lab through docker, kubectl, podman or nsenter in turn. */
function transports(lab: Lab): {transports: Transport[]; map: EngineMap} {
  const map: EngineMap = {}
  const list = lab.participants.map((participant, k): Transport => {
    const env: Record<string, string> = {HOME: participant.env.HOME}
    if (participant.env.CLAUDE_CONFIG_DIR !== undefined) env.CLAUDE_CONFIG_DIR = participant.env.CLAUDE_CONFIG_DIR
    const container = `lab-${participant.name}`
    switch (k % 4) {
      case 0:
        map[container] = {pid: participant.pid, env}
        return new EngineTransport(participant.name, 'docker', container)
      case 1:
        map[`lab/${participant.name}/claude`] = {pid: participant.pid, env}
        return new KubectlTransport(participant.name, 'lab', participant.name, 'claude')
      case 2:
        return new NsenterTransport(participant.name, participant.pid, env)
      default:
        map[container] = {pid: participant.pid, env}
        return new EngineTransport(participant.name, 'podman', container)
    }
  })
  return {transports: list, map}
}

const expectedFor = (value: boolean | 'erofs'): string => (value === 'erofs' ? 'error' : value ? 'shared' : 'private')

describe.skipIf(skip)('probes in lab namespaces agree with what the kernel shows for each layout', () => {
  it.each(LAYOUTS.map((layout) => [layout.name, layout] as const))('%s', async (_name, layout: LabLayout) => {
    requireSupport(support)
    const lab = await createLab(layout)
    const {transports: list, map} = transports(lab)
    const engines = useFakeEngines(map)
    try {
      const hostBefore = snapshotTree(lab.hostPath('host'))
      // capture through each transport gives D and realpath(D) inside the participant
      const participants: ProbeParticipant[] = []
      for (const [k, transport] of list.entries()) {
        const bundle = await captureVia(transport, lab.participants[k]!.name, {versionTimeoutSeconds: 0})
        expect(bundle.configDir).toBe(lab.participants[k]!.configDir)
        participants.push({name: bundle.name, transport, configDir: bundle.configDir!, ...(bundle.configDirRealpath ? {configDirRealpath: bundle.configDirRealpath} : {})})
      }
      const report = await runProbes(participants)
      expect(report.unreachable).toEqual([])
      expect(report.leftovers).toEqual([])
      for (const lock of layout.locks) {
        const pair = report.pairs.find((candidate) => (candidate.a === lock.a && candidate.b === lock.b) || (candidate.a === lock.b && candidate.b === lock.a))!
        const got = Object.fromEntries(pair.probes.map((probe) => [probe.probe, probe.result]))
        const details = pair.probes.map((probe) => `${probe.probe}: ${probe.detail}`).join('\n')
        expect({sibling: got['mkdir-sibling'], inDir: got['mkdir-in-dir']}, details).toEqual({sibling: expectedFor(lock.sibling), inDir: expectedFor(lock.inDir)})
        // a marker in D and a flock on a file in D travel exactly where the in-dir lock does
        expect(got['marker-dir'], details).toBe(expectedFor(lock.inDir))
        expect(got['flock-in-dir'], details).toBe(expectedFor(lock.inDir))
        if (lock.inDir === 'erofs') expect(details).toMatch(/Read-only file system/)
      }
      // nothing left anywhere: host side byte-identical, no probe entry in any container's own layer
      expect(snapshotTree(lab.hostPath('host'))).toEqual(hostBefore)
      expect(probeLeftovers(lab.hostPath('host'))).toEqual([])
      expect(probeLeftovers(lab.hostPath('p'))).toEqual([])
      // every command went through the participant's own transport
      expect(report.commands.some((command) => command.startsWith('docker exec -i lab-'))).toBe(true)
    } finally {
      engines.restore()
      await lab.teardown()
    }
  })

  it('flock-wrapper: the wrapper file in the shared D is shared, one in each private home is not', async () => {
    requireSupport(support)
    const lab = await createLab(LAYOUTS.find((layout) => layout.name === 'dir-only')!)
    try {
      const make = (flockPath: string): ProbeParticipant[] =>
        lab.participants.map((participant) => ({
          name: participant.name,
          transport: new NsenterTransport(participant.name, participant.pid),
          configDir: participant.configDir,
          configDirRealpath: participant.configDir,
          flockPath,
        }))
      const shared = await runProbes(make('/home/agent/.claude/session.lock'))
      expect(shared.pairs[0]!.probes.find((probe) => probe.probe === 'flock-wrapper')!.result).toBe('shared')
      const wrong = await runProbes(make('/home/agent/session.lock'))
      expect(wrong.pairs[0]!.probes.find((probe) => probe.probe === 'flock-wrapper')!.result).toBe('private')
      expect(probeLeftovers(lab.hostPath('p'))).toEqual([])
    } finally {
      await lab.teardown()
    }
  })
})
