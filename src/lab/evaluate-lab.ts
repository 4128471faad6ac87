import type {LabReport} from '../domain/lab-report.js'
import type {Lab} from './types.js'

export interface EvaluateLabOptions {
  /** Claude Code versions every participant is judged with */
  versions: string[]
  concurrency: number
  timeoutMs: number
  /** milestones for a person watching (stderr); probe progress only when given */
  say: (line: string) => void
  onProgress?: (line: string) => void
}

/**
 * Everything `lab` does with a built lab: capture every participant through nsenter, run the
 * probes, and judge both against the layout's expected verdicts. The lab stays up: its owner
 * tears it down.
 */
export async function evaluateLab(lab: Lab, options: EvaluateLabOptions): Promise<LabReport> {
  const {NsenterTransport} = await import('../transports/nsenter.js')
  const {captureVia} = await import('../capture/via.js')
  const {participantFromBundle} = await import('../participants/from-evidence.js')
  const {gatherLive, probeGathered} = await import('../participants/probe-live.js')
  const {buildLabReport} = await import('../pipeline/lab.js')
  const targets = lab.participants.map((p) => {
    const env: Record<string, string> = {HOME: p.env.HOME, ...(p.env.CLAUDE_CONFIG_DIR === undefined ? {} : {CLAUDE_CONFIG_DIR: p.env.CLAUDE_CONFIG_DIR})}
    const transport = new NsenterTransport(p.name, p.pid, env)
    const gather = async () => participantFromBundle(p.name, await captureVia(transport, p.name, {versionTimeoutSeconds: 0}), `pid:${p.pid}`)
    return {name: p.name, transport, gather}
  })
  options.say('lab: capturing every participant through nsenter')
  const gathered = await gatherLive(targets, {})
  options.say('lab: probing')
  const probes = await probeGathered(gathered, {
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    ...(options.onProgress ? {onProgress: options.onProgress} : {}),
  })
  return buildLabReport({layout: lab.layout, labDir: lab.dir, lab: lab.participants, participants: gathered.participants, probes, versions: options.versions})
}
