import {realpathSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {posix} from 'node:path'

import {loadComposeProject} from '../../src/compose/load.js'
import type {ComposeMount, ComposeProject, ComposeService, LoadComposeOptions} from '../../src/compose/types.js'

export const FIXTURES = realpathSync(fileURLToPath(new URL('../../fixtures/compose/', import.meta.url)))

/** The host home the fixtures assume: it does not exist on the test machine. */
export const HOST_HOME = '/home/johba'

export function fixture(name: string): string {
  return posix.join(FIXTURES, name)
}

export function load(name: string, options: Partial<LoadComposeOptions> = {}): Promise<ComposeProject> {
  return loadComposeProject({cwd: fixture(name), ...options, env: {HOME: HOST_HOME, ...options.env}})
}

export function service(project: ComposeProject, name: string): ComposeService {
  const found = [...project.services, ...project.disabledServices].find((candidate) => candidate.name === name)
  if (!found) throw new Error(`no service ${name} in ${project.services.map((s) => s.name).join(', ')}`)
  return found
}

export function mount(project: ComposeProject, serviceName: string, target: string): ComposeMount {
  const found = service(project, serviceName).mounts.find((candidate) => candidate.target === target)
  if (!found) throw new Error(`no mount at ${target} in ${serviceName}`)
  return found
}

/** `file:line:col` of a mount. */
export function at(m: {location: {file: string; line: number; column: number}}): string {
  return `${m.location.file}:${m.location.line}:${m.location.column}`
}

/** The fields every rule test checks. */
export function brief(m: ComposeMount): {target: string; type: string; source?: string; readOnly: boolean; at: string} {
  const result: {target: string; type: string; source?: string; readOnly: boolean; at: string} = {
    target: m.target,
    type: m.type,
    readOnly: m.readOnly,
    at: at(m),
  }
  if (m.source !== undefined) result.source = m.source
  return result
}
