import {InputError} from '../errors.js'
import {EngineTransport} from './engine.js'
import {KubectlTransport} from './kubectl.js'
import {LocalTransport} from './local.js'
import {NsenterTransport} from './nsenter.js'
import type {ParticipantSpec} from './spec.js'
import type {Transport} from './types.js'

export {parseParticipantSpec, describeSpec, type ParticipantSpec} from './spec.js'
export type {ExecOptions, ExecResult, RunningCommand, StartOptions, Transport} from './types.js'
export {EngineTransport} from './engine.js'
export {KubectlTransport} from './kubectl.js'
export {LocalTransport} from './local.js'
export {NsenterTransport} from './nsenter.js'
export {shellQuote, shellCommand} from './shell-quote.js'

/** The transport that reaches a live participant; a `file` spec has none (it is read, not run). */
export function transportFor(spec: ParticipantSpec, options: {env?: NodeJS.ProcessEnv} = {}): Transport {
  switch (spec.kind) {
    case 'docker':
    case 'podman':
      return new EngineTransport(spec.name, spec.kind, spec.container)
    case 'kubectl':
      return new KubectlTransport(spec.name, spec.namespace, spec.pod, spec.container)
    case 'pid':
      return new NsenterTransport(spec.name, spec.pid)
    case 'self':
      return new LocalTransport(spec.name, options.env)
    case 'file':
      throw new InputError(`participant "${spec.name}" is the file ${spec.path}: it is read, not run (use docker:, podman:, kubectl:, pid: or self to probe it)`)
  }
}
