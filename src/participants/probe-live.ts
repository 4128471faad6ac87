import type {Participant} from '../domain/participant.js'
import type {ProbeCheckReport} from '../domain/probe-check-report.js'
import {CannotTellError} from '../errors.js'
import {completeRealpaths, gatherParticipant} from '../gather/participants.js'
import {buildProbeCheckReport} from '../pipeline/probe.js'
import type {ProbeOptions, ProbeParticipant, ProbeReport} from '../probes/types.js'
import type {ParticipantSpec} from '../transports/spec.js'
import type {Transport} from '../transports/types.js'
import {applyOverrides, type OverrideFlags} from './overrides.js'

/** A live participant: how to run commands in it and how to gather its evidence. */
export interface LiveTarget {
  name: string
  transport: Transport
  gather: () => Promise<Participant>
}

export interface GatheredLive {
  /** after overrides, with realpath(D) completed inside each participant where it was missing */
  participants: Participant[]
  transports: Map<string, Transport>
  /** participants whose evidence could not be gathered: not probed, reported as cannot-tell */
  unreachable: Array<{name: string; reason: string}>
}

/** The live target for a --participant spec (a file spec is a usage error: it cannot be probed). */
export async function targetFor(spec: ParticipantSpec): Promise<LiveTarget> {
  const {transportFor} = await import('../transports/index.js')
  const transport = transportFor(spec)
  return {name: spec.name, transport, gather: () => gatherParticipant(spec)}
}

/**
 * Gathers every target (unreachable ones are set aside, not fatal), applies the override flags,
 * and completes realpath(D): from /proc/PID/root where the participant is a local process, else
 * by asking the participant itself (`cd -P D && pwd -P`, POSIX sh) — an override of D drops the
 * realpath the capture saw.
 */
export async function gatherLive(targets: readonly LiveTarget[], overrides: OverrideFlags, options: {timeoutMs?: number} = {}): Promise<GatheredLive> {
  const settled = await Promise.allSettled(targets.map((target) => target.gather()))
  const gathered: Participant[] = []
  const unreachable: GatheredLive['unreachable'] = []
  settled.forEach((outcome, index) => {
    if (outcome.status === 'fulfilled') gathered.push(outcome.value)
    else if (outcome.reason instanceof CannotTellError) unreachable.push({name: targets[index]!.name, reason: outcome.reason.message})
    else throw outcome.reason
  })
  const overridden = applyOverrides(gathered, withoutNames(overrides, new Set(unreachable.map((u) => u.name))))
  const transports = new Map(targets.map((target) => [target.name, target.transport]))
  const completed = await completeRealpaths(overridden)
  const participants = await Promise.all(
    completed.map(async (p) => {
      const d = p.configDir?.path
      const transport = transports.get(p.name)
      if (!d || p.configDirRealpath || !transport) return p
      const realpath = await realpathVia(transport, d, options.timeoutMs ?? 30_000)
      return realpath ? {...p, configDirRealpath: realpath} : p
    }),
  )
  return {participants, transports, unreachable}
}

/** Runs the probes over the gathered participants that have a D; unreachable ones are carried into the report. */
export async function probeGathered(gathered: GatheredLive, options: ProbeOptions = {}): Promise<ProbeReport> {
  const probeable: ProbeParticipant[] = []
  for (const p of gathered.participants) {
    const transport = gathered.transports.get(p.name)
    if (!transport || !p.configDir?.path) continue
    probeable.push({
      name: p.name,
      transport,
      configDir: p.configDir.path,
      ...(p.configDirRealpath ? {configDirRealpath: p.configDirRealpath} : {}),
      ...(p.flock[0] ? {flockPath: p.flock[0]} : {}),
    })
  }
  const report: ProbeReport = probeable.length >= 2
    ? await (await import('../probes/run.js')).runProbes(probeable, options)
    : {runId: '', pairs: [], commands: [], unreachable: [], leftovers: []}
  return {...report, unreachable: [...gathered.unreachable, ...report.unreachable]}
}

/** Gather, override, probe, judge: what `check probe` does with its specs. */
export async function probeLive(specs: readonly ParticipantSpec[], overrides: OverrideFlags, options: ProbeOptions = {}): Promise<ProbeCheckReport> {
  const targets = await Promise.all(specs.map((spec) => targetFor(spec)))
  const gathered = await gatherLive(targets, overrides, options.timeoutMs === undefined ? {} : {timeoutMs: options.timeoutMs})
  const probes = await probeGathered(gathered, options)
  return buildProbeCheckReport(gathered.participants, probes)
}

const REALPATH_SCRIPT = 'cd -P -- "$1" 2>/dev/null && pwd -P'

async function realpathVia(transport: Transport, d: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const result = await transport.exec(['sh', '-c', REALPATH_SCRIPT, 'sh', d], {timeoutMs})
    const line = result.stdout.trim()
    return result.exitCode === 0 && line.startsWith('/') && !line.includes('\n') ? line : undefined
  } catch {
    return undefined
  }
}

// An override naming a participant that could not be reached must not turn into a usage error.
function withoutNames(overrides: OverrideFlags, names: ReadonlySet<string>): OverrideFlags {
  if (names.size === 0) return overrides
  const keep = (values: string[] | undefined) =>
    values?.filter((value) => {
      const eq = value.indexOf('=')
      return eq <= 0 || !names.has(value.slice(0, eq))
    })
  return {
    configDir: keep(overrides.configDir),
    home: keep(overrides.home),
    realpath: keep(overrides.realpath),
    claudeVersion: keep(overrides.claudeVersion),
    flock: keep(overrides.flock),
    auth: keep(overrides.auth),
    interactive: overrides.interactive?.filter((name) => !names.has(name)),
  }
}
