import {shellQuote} from '../../transports/shell-quote.js'

/** How a user runs a command inside a participant, from where its evidence came. */
export function execPrefix(name: string, origin: string): string {
  const [kind, rest = ''] = origin.includes(':') ? [origin.slice(0, origin.indexOf(':')), origin.slice(origin.indexOf(':') + 1)] : [origin, '']
  if (kind === 'docker' || kind === 'podman') return `${kind} exec ${shellQuote(rest)}`
  if (kind === 'kubectl') {
    const [ns, pod, container] = rest.split('/')
    return `kubectl exec -n ${shellQuote(ns ?? '')} ${shellQuote(pod ?? '')}${container ? ` -c ${shellQuote(container)}` : ''} --`
  }
  if (kind === 'pid') return `nsenter --target ${rest} --mount --root --`
  if (kind === 'self') return ''
  return `docker exec <container of ${name}>`
}

function inside(prefix: string, command: string): string {
  return prefix ? `${prefix} ${command}` : command
}

/**
 * The original incident's experiment, by hand: where D and its parent are mounted, then a
 * marker made in one participant and looked for in the others — in D and in D's parent.
 */
export function reproductionSteps(participants: readonly {name: string; origin: string; configDir: string; configDirRealpath?: string}[]): string[] {
  const lines: string[] = ['# 1. which mount holds D and its parent, in each participant']
  for (const p of participants) {
    const real = p.configDirRealpath ?? p.configDir
    const parent = real.slice(0, Math.max(real.lastIndexOf('/'), 1))
    lines.push(inside(execPrefix(p.name, p.origin), `findmnt -T ${shellQuote(real)}`), inside(execPrefix(p.name, p.origin), `findmnt -T ${shellQuote(parent)}`))
  }
  const [first, ...others] = participants
  if (!first || others.length === 0) return lines
  const real = first.configDirRealpath ?? first.configDir
  const parent = real.slice(0, Math.max(real.lastIndexOf('/'), 1))
  const a = execPrefix(first.name, first.origin)
  lines.push(`# 2. a marker made in ${first.name}: visible elsewhere = shared storage`)
  lines.push(inside(a, `touch ${shellQuote(`${real}/.disinto-marker`)} ${shellQuote(`${parent}/.disinto-marker`)}`))
  for (const other of others) {
    const otherReal = other.configDirRealpath ?? other.configDir
    const otherParent = otherReal.slice(0, Math.max(otherReal.lastIndexOf('/'), 1))
    lines.push(inside(execPrefix(other.name, other.origin), `ls -l ${shellQuote(`${otherReal}/.disinto-marker`)} ${shellQuote(`${otherParent}/.disinto-marker`)}`))
  }
  lines.push(`# 3. clean up`, inside(a, `rm -f ${shellQuote(`${real}/.disinto-marker`)} ${shellQuote(`${parent}/.disinto-marker`)}`))
  return lines
}
