import type {Propagation} from '../domain/mount.js'

// mountinfo optional fields: shared:N, master:N, propagate_from:N, unbindable; anything else is kept.
export function parsePropagation(fields: readonly string[]): Propagation {
  const propagation: Propagation = {unbindable: false, unknown: []}
  for (const field of fields) {
    const colon = field.indexOf(':')
    const tag = colon === -1 ? field : field.slice(0, colon)
    const value = colon === -1 ? Number.NaN : Number(field.slice(colon + 1))
    if (tag === 'shared' && Number.isInteger(value)) propagation.shared = value
    else if (tag === 'master' && Number.isInteger(value)) propagation.master = value
    else if (tag === 'propagate_from' && Number.isInteger(value)) propagation.propagateFrom = value
    else if (field === 'unbindable') propagation.unbindable = true
    else propagation.unknown.push(field)
  }
  return propagation
}

/** findmnt's PROPAGATION column: `shared`|`private`, then `,slave`, `,unbindable`. */
export function propagationLabel(propagation: Propagation | undefined): string {
  if (!propagation) return 'private'
  let label = propagation.shared === undefined ? 'private' : 'shared'
  if (propagation.master !== undefined) label += ',slave'
  if (propagation.unbindable) label += ',unbindable'
  return label
}
