import {InputError} from '../errors.js'
import {type ParticipantSpec, parseParticipantSpec} from '../transports/spec.js'

/** Parses --participant values; two participants with one name are a usage error. */
export function uniqueSpecs(values: readonly string[]): ParticipantSpec[] {
  const specs = values.map((value) => parseParticipantSpec(value))
  const seen = new Set<string>()
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new InputError(`--participant: the name "${spec.name}" is used twice`, 'E_USAGE')
    seen.add(spec.name)
  }
  return specs
}
