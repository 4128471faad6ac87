import type {Participant} from '../../domain/participant.js'
import type {Prediction} from '../../domain/probe-check-report.js'
import type {ViewLocation} from '../../domain/view.js'
import type {ProbeKind} from '../../probes/types.js'
import {parentPath} from '../../resolve/normalize-path.js'
import {storageSameness} from '../lock/compare-pair.js'
import {lockSites} from '../lock/lock-sites.js'

/** The engine's answer for one probe of one pair, with the storage it resolved on each side. */
export interface ProbePrediction {
  predicted: Prediction
  /** `storage in A / storage in B`, or why there is no prediction */
  basis: string
}

const MARKER = '.disinto-probe-prediction'

/**
 * Where each probe's stand-in lands in a participant's own view, as a path the view can resolve
 * (D replaced by realpath(D), as the kernel walks it). The mkdir probes use the engine's own lock
 * sites, taken as if the client ran both protocols: the probe tests the position whatever the
 * version. undefined: the input does not say (no D, no wrapper).
 */
export function probePosition(p: Participant, probe: ProbeKind): string | undefined {
  const d = p.configDir?.path
  if (!d) return undefined
  const real = p.configDirRealpath ?? d
  const inside = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`)
  switch (probe) {
    case 'marker-dir':
    case 'flock-in-dir':
      return inside(real, MARKER)
    case 'marker-parent':
      return inside(parentPath(real), MARKER)
    case 'mkdir-sibling':
    case 'mkdir-in-dir': {
      const kind = probe === 'mkdir-sibling' ? 'sibling' : 'in-dir'
      return lockSites({...p, flock: []}, 'dual').find((site) => site.kind === kind)?.resolvable
    }
    case 'flock-wrapper': {
      const site = lockSites(p, 'sibling').find((s) => s.kind === 'flock')
      return site ? inside(parentPath(site.resolvable), MARKER) : undefined
    }
  }
}

/** Pure: what the mount views predict the probe will show for participants a and b. */
export function predictProbe(a: Participant, b: Participant, probe: ProbeKind): ProbePrediction {
  const pathA = probePosition(a, probe)
  const pathB = probePosition(b, probe)
  if (pathA === undefined || pathB === undefined) {
    const missing = pathA === undefined ? a : b
    const what = probe === 'flock-wrapper' ? 'no flock wrapper file' : 'D unknown'
    return {predicted: 'unknown', basis: `${missing.name}: ${what}`}
  }
  let atA: ViewLocation
  let atB: ViewLocation
  try {
    atA = a.view.resolve(pathA)
    atB = b.view.resolve(pathB)
  } catch (error) {
    return {predicted: 'unknown', basis: (error as Error).message}
  }
  // a marker stands for its directory: name that (D, its parent, the wrapper's dir), a lock by itself
  const words = (p: Participant, path: string, at: ViewLocation) => (path.endsWith(`/${MARKER}`) ? p.view.resolve(parentPath(path)).describe : at.describe)
  const basis = `${words(a, pathA, atA)} / ${words(b, pathB, atB)}`
  switch (storageSameness(atA, atB)) {
    case 'same':
      return {predicted: 'shared', basis}
    case 'different':
      return {predicted: 'private', basis}
    case 'unproven':
      return {predicted: 'unknown', basis: `${basis} (no MAJ:MIN: cannot prove one storage)`}
  }
}
