import {looksLikeCaptureBundle, parseCaptureBundle} from '../capture/parse.js'
import type {Participant} from '../domain/participant.js'
import {authKindFromEnv} from '../model/auth-kind.js'
import {parseEnviron} from '../model/config-dir.js'
import {parseMountinfo} from '../parse/mountinfo.js'
import {parseMountTableText} from '../parse/mount-table.js'
import {participantFromBundle, participantFromTable} from '../participants/from-evidence.js'
import {describeSpec, type ParticipantSpec} from '../transports/spec.js'
import {readProcFile, readTextInput} from './read-input.js'
import {realpathInRoot} from './realpath-in-root.js'

/** Gathers one participant's evidence from wherever its spec points. */
export async function gatherParticipant(spec: ParticipantSpec, options: {lenient?: boolean} = {}): Promise<Participant> {
  switch (spec.kind) {
    case 'file':
      return participantFromFile(spec.name, spec.path, options)
    case 'pid':
      return participantFromProc(spec.name, spec.pid)
    case 'self':
      return participantFromSelf(spec.name)
    default: {
      const {captureVia} = await import('../capture/index.js')
      const {transportFor} = await import('../transports/index.js')
      const bundle = await captureVia(transportFor(spec), spec.name)
      return participantFromBundle(spec.name, bundle, describeSpec(spec))
    }
  }
}

/** A file holds a capture bundle (JSON), a mountinfo, or any findmnt output. */
export async function participantFromFile(name: string, file: string, options: {lenient?: boolean}): Promise<Participant> {
  const {text, source} = await readTextInput(file)
  if (looksLikeCaptureBundle(text)) return participantFromBundle(name, parseCaptureBundle(text, source), source)
  return participantFromTable(name, parseMountTableText(text, source, {lenient: options.lenient}), source)
}

// This process: the capture bundle (which also scans the claude binary on PATH for its protocol).
async function participantFromSelf(name: string): Promise<Participant> {
  const {captureSelf} = await import('../capture/self.js')
  return {...participantFromBundle(name, await captureSelf(process.env, {name}), 'self'), procRoot: ''}
}

// A process seen from the host: /proc/PID/{mountinfo,environ,root} (self: this process).
async function participantFromProc(name: string, pid: number): Promise<Participant> {
  const mountinfo = await readProcFile(pid, 'mountinfo')
  const env = parseEnviron((await readProcFile(pid, 'environ')).text)
  const claudeEnv = {HOME: env.HOME, CLAUDE_CONFIG_DIR: env.CLAUDE_CONFIG_DIR, CLAUDE_SECURESTORAGE_CONFIG_DIR: env.CLAUDE_SECURESTORAGE_CONFIG_DIR}
  const participant = participantFromTable(name, parseMountinfo(mountinfo.text, mountinfo.source), `pid:${pid}`, claudeEnv)
  participant.auth = authKindFromEnv(env)
  participant.procRoot = `/proc/${pid}/root`
  return participant
}

/** After overrides fixed D: realpath(D) inside every participant whose root we can walk. */
export async function completeRealpaths(participants: Participant[]): Promise<Participant[]> {
  return Promise.all(
    participants.map(async (participant) => {
      const d = participant.configDir?.path
      if (participant.procRoot === undefined || !d || participant.configDirRealpath) return participant
      const realpath = await realpathInRoot(participant.procRoot, d)
      return realpath ? {...participant, configDirRealpath: realpath} : participant
    }),
  )
}
