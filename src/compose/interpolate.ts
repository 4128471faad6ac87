/**
 * Compose variable interpolation (compose-spec 12-interpolation.md, compose-go template.go):
 * `$V`, `${V}`, `${V:-d}`, `${V-d}`, `${V:?e}`, `${V?e}`, `${V:+r}`, `${V+r}`, nesting inside the
 * default/alternate/message (evaluated only when used), `$$` for a literal `$`. The operator is
 * the first one after the name (`${X-a:?b}` is a plain default). A `$` that starts no variable
 * is kept; a malformed `${…}` is an error.
 */

export interface InterpolationResult {
  value: string
  /** variables read while unset and without a default: each becomes '' (compose warns) */
  unset: string[]
  /** `${V:?msg}` / `${V?msg}` with V unset (or empty for `:?`) */
  missing: {name: string; message?: string}[]
}

export class InterpolationSyntaxError extends Error {
  constructor(readonly text: string) {
    super(`invalid interpolation format "${text}"`)
    this.name = 'InterpolationSyntaxError'
  }
}

export type Lookup = (name: string) => string | undefined

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/

export function interpolate(text: string, lookup: Lookup): InterpolationResult {
  const result: InterpolationResult = {value: '', unset: [], missing: []}
  if (!text.includes('$')) {
    result.value = text
    return result
  }
  result.value = substitute(text, lookup, result, text)
  return result
}

function substitute(text: string, lookup: Lookup, out: InterpolationResult, whole: string): string {
  let value = ''
  let index = 0
  while (index < text.length) {
    const char = text[index]!
    if (char !== '$') {
      value += char
      index++
      continue
    }
    const next = text[index + 1]
    if (next === '$') {
      value += '$'
      index += 2
      continue
    }
    if (next === '{') {
      const consumed = braced(text, index, lookup, out, whole)
      value += consumed.value
      index = consumed.end
      continue
    }
    const name = NAME.exec(text.slice(index + 1))?.[0]
    if (name === undefined) {
      value += '$'
      index++
      continue
    }
    const found = lookup(name)
    if (found === undefined) out.unset.push(name)
    value += found ?? ''
    index += 1 + name.length
  }
  return value
}

function braced(
  text: string,
  start: number,
  lookup: Lookup,
  out: InterpolationResult,
  whole: string,
): {value: string; end: number} {
  const nameStart = start + 2
  const name = NAME.exec(text.slice(nameStart))?.[0]
  if (name === undefined) throw new InterpolationSyntaxError(whole)
  const after = nameStart + name.length
  if (text[after] === '}') {
    const found = lookup(name)
    if (found === undefined) out.unset.push(name)
    return {value: found ?? '', end: after + 1}
  }
  let operator: string
  let argumentStart: number
  if (text[after] === ':' && '-?+'.includes(text[after + 1] ?? 'x')) {
    operator = text.slice(after, after + 2)
    argumentStart = after + 2
  } else if ('-?+'.includes(text[after] ?? 'x')) {
    operator = text[after]!
    argumentStart = after + 1
  } else {
    throw new InterpolationSyntaxError(whole)
  }
  const close = closingBrace(text, argumentStart)
  if (close < 0) throw new InterpolationSyntaxError(whole)
  const argument = text.slice(argumentStart, close)
  const found = lookup(name)
  const unsetOrEmpty = found === undefined || found === ''
  let value: string
  switch (operator) {
    case ':-':
      value = unsetOrEmpty ? substitute(argument, lookup, out, whole) : found
      break
    case '-':
      value = found === undefined ? substitute(argument, lookup, out, whole) : found
      break
    case ':?':
    case '?': {
      const fails = operator === ':?' ? unsetOrEmpty : found === undefined
      if (fails) {
        const message = substitute(argument, lookup, out, whole)
        out.missing.push(message === '' ? {name} : {name, message})
        // a placeholder that still parses where a path is expected, so the required-variable
        // finding (exit 3) is reached instead of a parse error on an empty volume section
        value = `/${name}-is-unset`
      } else value = found ?? ''
      break
    }
    case ':+':
      value = unsetOrEmpty ? '' : substitute(argument, lookup, out, whole)
      break
    default: // '+'
      value = found === undefined ? '' : substitute(argument, lookup, out, whole)
  }
  return {value, end: close + 1}
}

/** compose-go's getFirstBraceClosingIndex: any `{` opens, the first unbalanced `}` closes. */
function closingBrace(text: string, from: number): number {
  let depth = 0
  for (let index = from; index < text.length; index++) {
    const char = text[index]
    if (char === '}') {
      if (depth === 0) return index
      depth--
    } else if (char === '{') depth++
  }
  return -1
}
