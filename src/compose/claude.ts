import {InputError} from '../errors.js'
import type {ComposeLocation, ComposeProject, ComposeService} from './types.js'
import {formatLocation} from './yaml-tree.js'

const CLAUDE_STATE = /^\.(claude([.-].*)?|credentials\.json)$/
const CLAUDE_BINARY = /^(claude|claude-code)$/

function components(path: string | undefined): string[] {
  return (path ?? '').split(/[\\/]/).filter(Boolean)
}

function at(location: ComposeLocation): string {
  return formatLocation(location)
}

/**
 * Why we think a service runs Claude Code: a mounted `.claude` dir or file (or
 * `.credentials.json`), a `claude` binary path, `CLAUDE_*` / `ANTHROPIC_*` variables, an image or
 * command naming claude. `x-disinto-auth: {claude: true|false}` decides when present.
 */
export function claudeEvidence(
  service: Omit<ComposeService, 'runsClaude'>,
  commands: {value: string; location: ComposeLocation}[] = [],
): {value: boolean; evidence: string[]} {
  const evidence: string[] = []
  for (const mount of service.mounts) {
    const names = [...components(mount.target), ...(mount.type === 'bind' ? components(mount.source) : [])]
    const what = `${mount.type} ${mount.source ?? '(anonymous)'} at ${mount.target} (${at(mount.location)})`
    if (names.some((name) => CLAUDE_STATE.test(name))) evidence.push(`mounts Claude state: ${what}`)
    else if (names.some((name) => CLAUDE_BINARY.test(name)) || /claude-code/.test(mount.target)) {
      evidence.push(`mounts a claude binary: ${what}`)
    } else if (mount.type === 'volume' && /claude/i.test(mount.volume?.key ?? mount.source ?? '')) {
      evidence.push(`mounts a volume named for Claude: ${what}`)
    }
  }
  for (const [key, value] of Object.entries(service.environment)) {
    if (/^(CLAUDE_|ANTHROPIC_)/.test(key)) evidence.push(`sets ${key} (${at(value.location)})`)
  }
  if (service.image && /claude/i.test(service.image)) evidence.push(`image ${service.image} names claude`)
  for (const command of commands) {
    if (/(^|[\s/"'])claude(\s|$|["'])/.test(command.value)) evidence.push(`runs claude: ${command.value} (${at(command.location)})`)
  }
  const extension = service.extension
  // describing a service's claude (version, interactive, flock) says that it runs one
  if (extension && extension.claude === undefined && (extension.version !== undefined || extension.interactive !== undefined || extension.flock !== undefined)) {
    evidence.unshift(`x-disinto-auth describes its claude (${at(extension.location)})`)
  }
  const declared = extension?.claude
  if (declared !== undefined) {
    return {
      value: declared,
      evidence: [`x-disinto-auth.claude: ${declared} (${at(service.extension!.location)})`, ...evidence],
    }
  }
  return {value: evidence.length > 0, evidence}
}

export interface ServiceFilter {
  /** `--service`, repeatable: only these */
  services?: string[]
  /** `--ignore-service`, repeatable */
  ignoreServices?: string[]
}

/** Applies `--service` / `--ignore-service`; a name that is not a service of the project is bad usage. */
export function filterServices(project: ComposeProject, filter: ServiceFilter): ComposeProject {
  const known = new Set([...project.services, ...project.disabledServices].map((service) => service.name))
  for (const name of [...(filter.services ?? []), ...(filter.ignoreServices ?? [])]) {
    if (!known.has(name)) {
      throw new InputError(`no service "${name}" in compose project ${project.name} (services: ${[...known].join(', ')})`, 'E_USAGE')
    }
  }
  const only = filter.services && filter.services.length > 0 ? new Set(filter.services) : undefined
  const ignored = new Set(filter.ignoreServices ?? [])
  const keep = (service: ComposeService) => (!only || only.has(service.name)) && !ignored.has(service.name)
  // --service names a service explicitly: compose enables it even when its profile is inactive
  const explicitlyEnabled = only ? project.disabledServices.filter((service) => only.has(service.name)) : []
  return {
    ...project,
    services: [...project.services.filter(keep), ...explicitlyEnabled.filter(keep)],
    disabledServices: project.disabledServices.filter((service) => keep(service) && !explicitlyEnabled.includes(service)),
  }
}

export interface ProfileCombination {
  /** the active profiles (a smallest set giving this selection) */
  profiles: string[]
  /** the Claude-running services enabled by them */
  services: string[]
}

const MAX_PROFILES = 16

/**
 * Every distinct set of Claude-running services some choice of profiles enables, with a smallest
 * profile set that gives it. Services without profiles are in every set.
 */
export function profileCombinations(project: ComposeProject): ProfileCombination[] {
  const claude = [...project.services, ...project.disabledServices].filter((service) => service.runsClaude.value)
  const universe = [...new Set(claude.flatMap((service) => service.profiles))].sort()
  if (universe.length > MAX_PROFILES) {
    throw new InputError(`${universe.length} profiles enable Claude services; at most ${MAX_PROFILES} can be combined`, 'E_USAGE')
  }
  const subsets: string[][] = []
  for (let mask = 0; mask < 1 << universe.length; mask++) subsets.push(universe.filter((_, index) => mask & (1 << index)))
  subsets.sort((a, b) => a.length - b.length)
  const seen = new Set<string>()
  const result: ProfileCombination[] = []
  for (const profiles of subsets) {
    const active = new Set(profiles)
    const services = claude
      .filter((service) => service.profiles.length === 0 || service.profiles.some((profile) => active.has(profile)))
      .map((service) => service.name)
    const key = services.join('\0')
    if (services.length === 0 || seen.has(key)) continue
    seen.add(key)
    result.push({profiles, services})
  }
  return result
}
