import {compareProbes} from '../checks/probe/compare.js'
import {type Finding, verdictOf} from '../domain/finding.js'
import type {LockReport} from '../domain/lock-report.js'
import type {Participant} from '../domain/participant.js'
import type {ProbeCheckReport} from '../domain/probe-check-report.js'
import type {ProbeReport} from '../probes/types.js'
import {buildLockReport} from './lock.js'

/**
 * Pure: the live probes set against the verdict engine's prediction for the same participants.
 * Findings: the engine's own, then one `prediction-refuted` per disagreement, probe errors,
 * unreachable participants and leftovers. The verdict is the engine's, except that a refuted
 * prediction can never leave it `safe` (it is at least cannot-tell) and an unreachable
 * participant makes it cannot-tell unless a hazard is already proven.
 */
export function buildProbeCheckReport(participants: readonly Participant[], probes: ProbeReport, lock: LockReport = buildLockReport(participants)): ProbeCheckReport {
  const storeShared = (a: string, b: string): boolean | null => {
    if (lock.pairs.some((pair) => (pair.a === a && pair.b === b) || (pair.a === b && pair.b === a))) return true
    const known = (name: string) => lock.participants.find((p) => p.name === name)?.store != null
    return known(a) && known(b) ? false : null
  }
  const comparison = compareProbes(participants, probes, storeShared)
  const findings = dedupe([...lock.findings, ...comparison.findings])
  const probed = new Set(probes.pairs.flatMap((pair) => [pair.a, pair.b]))
  const unreachable = new Set(probes.unreachable.map((u) => u.name))
  return {
    verdict: verdictOf(findings),
    findings,
    staticVerdict: lock.verdict,
    perProtocol: lock.perProtocol,
    participants: participants.map((p) => ({
      name: p.name,
      origin: p.origin,
      configDir: p.configDir?.path ?? null,
      configDirRealpath: p.configDirRealpath ?? null,
      flock: p.flock,
      version: p.claude.version ?? null,
      protocol: p.claude.protocol,
      probed: probed.has(p.name) && !unreachable.has(p.name),
    })),
    pairs: comparison.pairs,
    unreachable: probes.unreachable,
    leftovers: probes.leftovers,
    runId: probes.runId || null,
    commands: probes.commands,
  }
}

// readonly-config-dir may come from both the engine (a ro mount) and the probes (EROFS): keep one per participant.
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>()
  return findings.filter((finding) => {
    const key = finding.rule === 'readonly-config-dir' ? `${finding.rule}\u0000${finding.participants.join(',')}` : `${finding.rule}\u0000${finding.participants.join(',')}\u0000${finding.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
