import {access} from 'node:fs/promises'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {CaptureBundle} from '../domain/capture.js'
import type {Participant} from '../domain/participant.js'
import type {ParticipantSpec} from '../transports/spec.js'

/** What doctor's checks look at, gathered lazily: a check that is not run costs nothing. */
export interface DoctorFacts {
  /** this process's capture bundle (mounts, env, D, claude binary) */
  self(): Promise<CaptureBundle>
  /** true when this process runs inside a container (docker, podman, kubernetes) */
  inContainer(): Promise<boolean>
  /** the --participant set, gathered */
  participants(): Promise<Participant[]>
  /** the compose files to check: -f, else the one found in the current directory; [] when none */
  composeFiles(): Promise<string[]>
}

export interface DoctorFactOptions {
  specs: ParticipantSpec[]
  composeFiles: string[]
  cwd: string
  env: NodeJS.ProcessEnv
}

const COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml']

export function doctorFacts(options: DoctorFactOptions): DoctorFacts {
  const once = <T>(load: () => Promise<T>) => {
    let cached: Promise<T> | undefined
    return () => (cached ??= load())
  }
  return {
    self: once(async () => {
      const {captureSelf} = await import('../capture/self.js')
      return captureSelf(options.env, {name: 'self'})
    }),
    inContainer: once(detectContainer),
    participants: once(async () => {
      const {completeRealpaths, gatherParticipant} = await import('./participants.js')
      return completeRealpaths(await Promise.all(options.specs.map((spec) => gatherParticipant(spec))))
    }),
    composeFiles: once(async () => {
      if (options.composeFiles.length > 0) return options.composeFiles
      for (const name of COMPOSE_NAMES) {
        if (await exists(join(options.cwd, name))) return [join(options.cwd, name)]
      }
      return []
    }),
  }
}

// The markers container engines leave: /.dockerenv, /run/.containerenv (podman), cgroup paths.
async function detectContainer(): Promise<boolean> {
  if ((await exists('/.dockerenv')) || (await exists('/run/.containerenv'))) return true
  try {
    return /docker|kubepods|containerd|libpod/.test(await readFile('/proc/1/cgroup', 'utf8'))
  } catch {
    return false
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
