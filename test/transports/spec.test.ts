import {describe, expect, it} from 'vitest'

import {InputError} from '../../src/errors.js'
import {describeSpec, parseParticipantSpec} from '../../src/transports/spec.js'

describe('parseParticipantSpec', () => {
  it.each([
    ['self', {kind: 'self', name: 'self'}],
    ['me=self', {kind: 'self', name: 'me'}],
    ['agents=docker:disinto-agents', {kind: 'docker', name: 'agents', container: 'disinto-agents'}],
    ['edge=docker:3f2a9c1b7d', {kind: 'docker', name: 'edge', container: '3f2a9c1b7d'}],
    ['edge=podman:edge_1.x', {kind: 'podman', name: 'edge', container: 'edge_1.x'}],
    ['w=kubectl:prod/worker-0', {kind: 'kubectl', name: 'w', namespace: 'prod', pod: 'worker-0'}],
    ['w=kubectl:prod/worker-0.a/claude', {kind: 'kubectl', name: 'w', namespace: 'prod', pod: 'worker-0.a', container: 'claude'}],
    ['host=pid:1234', {kind: 'pid', name: 'host', pid: 1234}],
    ['a=captures/agents.json', {kind: 'file', name: 'a', path: 'captures/agents.json'}],
    ['a=/tmp/x=y:z', {kind: 'file', name: 'a', path: '/tmp/x=y:z'}],
    ['a=./docker:x', {kind: 'file', name: 'a', path: './docker:x'}],
  ])('%s', (text, expected) => {
    expect(parseParticipantSpec(text)).toEqual(expected)
  })

  it.each([
    ['agents', /expected NAME=docker:CONTAINER/],
    ['=docker:x', /participant name/],
    ['-x=docker:x', /participant name/],
    ['a b=self', /participant name/],
    ['a=', /nothing after/],
    ['a=docker:', /not a docker container/],
    ['a=docker:-it', /not a docker container/],
    ['a=docker:x y', /not a docker container/],
    ['a=podman:--rm', /not a podman container/],
    ['a=kubectl:prod', /NAMESPACE\/POD/],
    ['a=kubectl:prod/p/c/d', /NAMESPACE\/POD/],
    ['a=kubectl:Prod/p', /namespace/],
    ['a=kubectl:prod/-p', /pod/],
    ['a=kubectl:prod/p/C_1', /container/],
    ['a=pid:0', /process id/],
    ['a=pid:12x', /process id/],
    ['a=pid:-1', /process id/],
    ['a=pid:99999999999', /process id/],
  ])('%s is refused in one line', (text, pattern) => {
    let error: unknown
    try {
      parseParticipantSpec(text)
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toMatch(pattern)
    expect((error as InputError).message).not.toContain('\n')
    expect((error as InputError).exitCode).toBe(2)
  })

  it('describes a spec without its name', () => {
    for (const text of ['a=docker:x', 'a=podman:x', 'a=kubectl:n/p', 'a=kubectl:n/p/c', 'a=pid:7', 'self', 'a=f.json']) {
      expect(describeSpec(parseParticipantSpec(text))).toBe(text === 'self' ? 'self' : text.slice(2))
    }
  })
})
