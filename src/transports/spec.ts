import {InputError} from '../errors.js'

/** How to reach one participant, as given by `--participant`. */
export type ParticipantSpec =
  | {kind: 'docker' | 'podman'; name: string; container: string}
  | {kind: 'kubectl'; name: string; namespace: string; pod: string; container?: string}
  | {kind: 'pid'; name: string; pid: number}
  | {kind: 'self'; name: string}
  | {kind: 'file'; name: string; path: string}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/
// docker/podman names and ids: [a-zA-Z0-9][a-zA-Z0-9_.-]* (a leading '-' would be read as an option)
const CONTAINER = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/
// Kubernetes: namespace and container are DNS labels, a pod name a DNS subdomain
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/

/**
 * Parses `NAME=docker:CONTAINER`, `NAME=podman:CONTAINER`, `NAME=kubectl:NS/POD[/CONTAINER]`,
 * `NAME=pid:PID`, `self`, `NAME=self`, or `NAME=FILE` (any other value is a file path).
 */
export function parseParticipantSpec(text: string): ParticipantSpec {
  if (text === 'self') return {kind: 'self', name: 'self'}
  const eq = text.indexOf('=')
  if (eq === -1) {
    throw new InputError(`--participant ${JSON.stringify(text)}: expected NAME=docker:CONTAINER, NAME=podman:CONTAINER, NAME=kubectl:NS/POD[/CONTAINER], NAME=pid:PID, NAME=FILE or self`)
  }
  const name = text.slice(0, eq)
  const value = text.slice(eq + 1)
  const bad = (what: string): InputError => new InputError(`--participant ${JSON.stringify(text)}: ${what}`)
  if (!NAME.test(name)) throw bad(`participant name ${JSON.stringify(name)} must be letters, digits, '.', '_' or '-' (starting with a letter or digit)`)
  if (value === '') throw bad('nothing after "="')
  if (value === 'self') return {kind: 'self', name}
  const colon = value.indexOf(':')
  const scheme = colon === -1 ? '' : value.slice(0, colon)
  const rest = value.slice(colon + 1)
  switch (scheme) {
    case 'docker':
    case 'podman': {
      if (!CONTAINER.test(rest)) throw bad(`${JSON.stringify(rest)} is not a ${scheme} container name or id`)
      return {kind: scheme, name, container: rest}
    }
    case 'kubectl': {
      const parts = rest.split('/')
      if (parts.length < 2 || parts.length > 3) throw bad('expected kubectl:NAMESPACE/POD or kubectl:NAMESPACE/POD/CONTAINER')
      const [namespace, pod, container] = parts as [string, string, string | undefined]
      if (!DNS_LABEL.test(namespace)) throw bad(`${JSON.stringify(namespace)} is not a Kubernetes namespace name`)
      if (!DNS_SUBDOMAIN.test(pod)) throw bad(`${JSON.stringify(pod)} is not a Kubernetes pod name`)
      if (container !== undefined && !DNS_LABEL.test(container)) throw bad(`${JSON.stringify(container)} is not a Kubernetes container name`)
      return container === undefined ? {kind: 'kubectl', name, namespace, pod} : {kind: 'kubectl', name, namespace, pod, container}
    }
    case 'pid': {
      if (!/^[1-9][0-9]{0,9}$/.test(rest) || Number(rest) > 4_194_304) throw bad(`${JSON.stringify(rest)} is not a process id`)
      return {kind: 'pid', name, pid: Number(rest)}
    }
    default:
      return {kind: 'file', name, path: value}
  }
}

/** `docker:agents`, `kubectl:ns/pod/c`, `pid:12`, `self`, or the file path: the spec without its name. */
export function describeSpec(spec: ParticipantSpec): string {
  switch (spec.kind) {
    case 'docker':
    case 'podman':
      return `${spec.kind}:${spec.container}`
    case 'kubectl':
      return `kubectl:${spec.namespace}/${spec.pod}${spec.container === undefined ? '' : `/${spec.container}`}`
    case 'pid':
      return `pid:${spec.pid}`
    case 'self':
      return 'self'
    case 'file':
      return spec.path
  }
}
