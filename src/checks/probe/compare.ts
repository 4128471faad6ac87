import type {Finding} from '../../domain/finding.js'
import {type Participant, refreshesSharedLogin} from '../../domain/participant.js'
import type {ProbeCell, ProbeCheckPair} from '../../domain/probe-check-report.js'
import type {ProbeReport} from '../../probes/types.js'
import {predictProbe} from './predict.js'
import {type ErrorClass, errorClass, participantUnreachable, predictionRefuted, probeError, probeLeftover, readonlyFromProbe} from './rules.js'

export interface ProbeComparison {
  pairs: ProbeCheckPair[]
  findings: Finding[]
}

/**
 * Pure: every probe of every pair set against the engine's prediction for it, and the findings
 * that follow — `prediction-refuted` for each disagreement, `probe-error` per pair and reason,
 * `readonly-config-dir` for a refresher whose D refused the probes with EROFS,
 * `participant-unreachable`, `probe-leftover`.
 */
export function compareProbes(participants: readonly Participant[], probes: ProbeReport, storeShared: (a: string, b: string) => boolean | null): ProbeComparison {
  const byName = new Map(participants.map((p) => [p.name, p]))
  const findings: Finding[] = []
  const readOnly = new Set<string>()
  const pairs: ProbeCheckPair[] = probes.pairs.map((pair) => {
    const a = byName.get(pair.a)
    const b = byName.get(pair.b)
    const names: [string, string] = [pair.a, pair.b]
    const cells = pair.probes.map((result): ProbeCell => {
      const prediction = a && b ? predictProbe(a, b, result.probe) : {predicted: 'unknown' as const, basis: 'participant not in the model'}
      const agrees = result.result === 'error' || prediction.predicted === 'unknown' ? null : result.result === prediction.predicted
      return {probe: result.probe, observed: result.result, predicted: prediction.predicted, agrees, basis: prediction.basis, detail: result.detail}
    })
    for (const cell of cells) if (cell.agrees === false) findings.push(predictionRefuted(a, b, names, cell))
    // errors: one finding per pair and kind of reason, naming every probe it stopped
    const unreachableNames = new Set(probes.unreachable.map((u) => u.name))
    const failed = cells.filter((cell) => cell.observed === 'error')
    const down = failed.length > 0 && (unreachableNames.has(pair.a) || unreachableNames.has(pair.b))
    if (!down) {
      const byClass = new Map<ErrorClass, ProbeCell[]>()
      for (const cell of failed) {
        const kind = errorClass(cell.detail)
        byClass.set(kind, [...(byClass.get(kind) ?? []), cell])
      }
      for (const [kind, group] of byClass) {
        const where = kind === 'read-only' ? readOnlyParticipants(group, names) : []
        for (const name of where) readOnly.add(name)
        findings.push(probeError(names, group, kind, where))
      }
    }
    return {a: pair.a, b: pair.b, storeShared: storeShared(pair.a, pair.b), probes: cells}
  })
  for (const name of readOnly) {
    const p = byName.get(name)
    if (p && refreshesSharedLogin(p)) findings.push(readonlyFromProbe(p))
  }
  if (probes.unreachable.length > 0) findings.push(participantUnreachable(probes.unreachable))
  if (probes.leftovers.length > 0) findings.push(probeLeftover(probes.leftovers))
  return {pairs, findings}
}

// The probes name the participant a failing step ran in: `cannot make … in agents (/path): …`
// and `mkdir /path in agents: …`; each direction of a two-way probe is its own `;`-part.
function readOnlyParticipants(cells: readonly ProbeCell[], names: readonly string[]): string[] {
  const found = new Set<string>()
  for (const cell of cells) {
    for (const part of cell.detail.split('; ')) {
      if (errorClass(part) !== 'read-only') continue
      for (const name of names) if (part.includes(` in ${name} (`) || part.includes(` in ${name}: `)) found.add(name)
    }
  }
  return names.filter((name) => found.has(name))
}
