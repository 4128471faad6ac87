import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import type {Participant} from '../../src/domain/participant.js'
import type {ProtocolId} from '../../src/domain/protocols.js'
import type {Medium, MountView, ViewLocation} from '../../src/domain/view.js'
import {buildLockReport} from '../../src/pipeline/lock.js'

// Property: whatever the layout, a pair whose common locks all land on different storage is
// never called safe. Views are arbitrary functions path → storage (fast-check fc.func), with
// the credential store forced to be shared so the pair is always judged.
const medium = fc.constantFrom<Medium>('local', 'overlay', 'nfs', 'cifs', 'fuse', 'virtiofs', '9p', 'unknown')

const view = (name: string, keyOf: (path: string) => number, mediumOf: (path: string) => Medium, readOnly: boolean): MountView => ({
  kind: 'kernel',
  source: name,
  isMountPoint: () => false,
  resolve(path): ViewLocation {
    const store = path.endsWith('/.credentials.json')
    const key = store ? 'dev:1:1:/store' : `dev:1:1:/k${keyOf(path)}`
    return {
      path,
      mountTarget: '/m',
      relative: path.slice(1),
      backing: {key, device: '1:1', storagePath: key, exact: true},
      medium: store ? 'local' : mediumOf(path),
      readOnly,
      bind: true,
      describe: key,
      options: '',
    }
  },
})

const participant = (name: string) =>
  fc.record({
    d: fc.constantFrom('/home/agent/.claude', '/root/.claude', '/data/claude'),
    protocol: fc.constantFrom<ProtocolId>('sibling', 'in-dir', 'dual', 'unknown'),
    flock: fc.array(fc.constantFrom('/home/agent/.claude/session.lock', '/tmp/session.lock'), {maxLength: 2}),
    interactive: fc.boolean(),
    readOnly: fc.boolean(),
    keyOf: fc.func(fc.integer({min: 0, max: 3})),
    mediumOf: fc.func(medium),
  }).map((g): Participant => ({
    name,
    view: view(name, (p) => g.keyOf(p), (p) => g.mediumOf(p), g.readOnly),
    origin: 'generated',
    auth: 'oauth',
    configDir: {path: g.d, from: 'generated'},
    claude: {protocol: g.protocol, protocolFrom: g.protocol === 'unknown' ? 'unknown' : 'override'},
    flock: g.flock,
    interactive: g.interactive,
  }))

describe('verdict engine property', () => {
  it('never calls a pair safe when every common lock has different backing keys (2,000 layouts)', () => {
    fc.assert(
      fc.property(participant('a'), participant('b'), (a, b) => {
        const report = buildLockReport([a, b])
        const pair = report.pairs[0]
        expect(pair?.storeShared).toBe(true)
        const allDifferent = pair!.locks.every((lock) => lock.backing.a !== lock.backing.b)
        if (allDifferent) {
          expect(pair!.safe).toBe(false)
          expect(['safe', 'safe-but-warn']).not.toContain(report.verdict)
        }
        if (report.verdict === 'safe') expect(pair!.locks.some((lock) => lock.shared && lock.backing.a === lock.backing.b)).toBe(true)
      }),
      {numRuns: 2000, seed: 20261203},
    )
  })
})
