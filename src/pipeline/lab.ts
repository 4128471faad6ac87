import {type Finding, verdictOf} from '../domain/finding.js'
import type {LabReport, LabRun} from '../domain/lab-report.js'
import type {Participant} from '../domain/participant.js'
import {InputError} from '../errors.js'
import type {LabLayout, LabParticipant} from '../lab/types.js'
import {applyOverrides} from '../participants/overrides.js'
import type {ProbeReport} from '../probes/types.js'
import {protocolForVersion} from '../protocols/protocol-for.js'
import {buildLockReport} from './lock.js'
import {buildProbeCheckReport} from './probe.js'

export interface LabInput {
  layout: LabLayout
  labDir: string
  lab: readonly LabParticipant[]
  /** every lab participant as captured through its transport (no version yet) */
  participants: readonly Participant[]
  probes: ProbeReport
  /** Claude Code versions to judge with, each mapped to scenarios.md's old or new column */
  versions: readonly string[]
}

/**
 * Pure: for each version, check lock's verdict and check probe's verdict beside the layout's
 * expected verdict from scenarios.md. They agree when both verdicts equal the expected one, no
 * probe refutes the prediction and every participant was reached.
 */
export function buildLabReport(input: LabInput): LabReport {
  const {layout, probes} = input
  const disagreements: string[] = []
  let pairs: LabReport['probes']['pairs'] = []
  const runs = input.versions.map((version): LabRun => {
    const protocol = protocolForVersion(version)
    if (!protocol) throw new InputError(`--claude-version ${version}: not a Claude Code version (X.Y.Z)`, 'E_USAGE')
    const clients = protocol.id === 'sibling' ? 'old' : 'new'
    const participants = applyOverrides([...input.participants], {claudeVersion: [version]})
    const lock = buildLockReport(participants)
    const checked = buildProbeCheckReport(participants, probes, lock)
    pairs = checked.pairs
    const expected = layout.expected[clients]
    const refuted = checked.findings.filter((f) => f.rule === 'prediction-refuted')
    const agrees = lock.verdict === expected && checked.verdict === expected && refuted.length === 0 && probes.unreachable.length === 0
    if (lock.verdict !== expected) disagreements.push(`${version} (${clients} clients): check lock says ${lock.verdict}, scenarios.md expects ${expected}`)
    if (checked.verdict !== expected) disagreements.push(`${version} (${clients} clients): check probe says ${checked.verdict}, scenarios.md expects ${expected}`)
    return {claudeVersion: version, protocol: protocol.id, clients, expected, static: lock.verdict, probe: checked.verdict, agrees, findings: checked.findings}
  })
  const findings = dedupe(runs.flatMap((run) => run.findings))
  for (const f of findings.filter((f) => f.rule === 'prediction-refuted')) disagreements.push(`prediction-refuted: ${f.message}`)
  for (const u of probes.unreachable) disagreements.push(`unreachable: ${u.name}: ${u.reason}`)
  const byName = new Map(input.participants.map((p) => [p.name, p]))
  return {
    verdict: verdictOf(findings),
    findings,
    layout: {name: layout.name, scenario: layout.scenario, description: layout.description},
    labDir: input.labDir,
    participants: input.lab.map((p) => ({
      name: p.name,
      pid: p.pid,
      home: p.env.HOME,
      configDirEnv: p.env.CLAUDE_CONFIG_DIR ?? null,
      configDir: byName.get(p.name)?.configDir?.path ?? null,
      configDirRealpath: byName.get(p.name)?.configDirRealpath ?? null,
    })),
    expected: {...layout.expected},
    runs,
    probes: {runId: probes.runId || null, pairs, unreachable: probes.unreachable, leftovers: probes.leftovers},
    agree: disagreements.length === 0 && runs.every((run) => run.agrees),
    disagreements,
  }
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.participants.join(',')}\u0000${f.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
