import {InterpolationSyntaxError, type Lookup, interpolate} from './interpolate.js'

/**
 * `.env` / `env_file` syntax as compose-go's dotenv reads it: `KEY=VALUE` or `KEY: VALUE`,
 * optional `export `, `#` comments, single quotes literal, double quotes with `\n` escapes and
 * interpolation, unquoted values cut at `#` and interpolated; a bare `KEY` takes the value from
 * the lookup (and is dropped when unset). Interpolation looks up `lookup` first, then the keys
 * defined earlier in the same file (compose-go `ExpandVariables`). Keys starting with a digit are
 * ignored.
 */
export interface DotenvEntry {
  key: string
  value: string
  line: number
}

export interface DotenvResult {
  entries: DotenvEntry[]
  unset: {name: string; line: number}[]
  missing: {name: string; message?: string; line: number}[]
}

export class DotenvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
    this.name = 'DotenvSyntaxError'
  }
}

export function parseDotenv(text: string, lookup: Lookup, interpolateValues = true): DotenvResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const result: DotenvResult = {entries: [], unset: [], missing: []}
  const own = new Map<string, string>()
  const expand = (value: string, line: number): string => {
    if (!interpolateValues) return value
    let outcome
    try {
      outcome = interpolate(value, (name) => lookup(name) ?? own.get(name))
    } catch (error) {
      if (error instanceof InterpolationSyntaxError) throw new DotenvSyntaxError(error.message, line)
      throw error
    }
    for (const name of outcome.unset) result.unset.push({name, line})
    for (const missing of outcome.missing) result.missing.push({...missing, line})
    return outcome.value
  }

  let index = 0
  let line = 1
  const advance = (to: number) => {
    for (let at = index; at < to && at < source.length; at++) if (source[at] === '\n') line++
    index = to
  }
  while (index < source.length) {
    // skip whitespace and comment lines
    const char = source[index]!
    if (/\s/.test(char)) {
      advance(index + 1)
      continue
    }
    if (char === '#') {
      const end = source.indexOf('\n', index)
      advance(end < 0 ? source.length : end)
      continue
    }
    const statementLine = line
    let rest = source.slice(index)
    let offset = 0
    if (rest.startsWith('export ') || rest.startsWith('export\t')) {
      offset = 'export'.length
      while (rest[offset] === ' ' || rest[offset] === '\t') offset++
    }
    const keyMatch = /^([A-Za-z0-9_.\p{L}\p{N}-]+)[ \t]*/u.exec(rest.slice(offset))
    if (!keyMatch) {
      throw new DotenvSyntaxError(`unexpected character "${rest[offset] ?? ''}" in variable name`, statementLine)
    }
    const key = keyMatch[1]!
    offset += keyMatch[0].length
    const separator = rest[offset]
    if (separator === undefined || separator === '\n' || separator === '\r' || separator === '#') {
      // a bare KEY: inherited from the lookup
      const inherited = lookup(key)
      if (inherited !== undefined && !/^\d/.test(key)) {
        result.entries.push({key, value: inherited, line: statementLine})
        own.set(key, inherited)
      }
      const end = rest.indexOf('\n', offset)
      advance(index + (end < 0 ? rest.length : end))
      continue
    }
    if (separator !== '=' && separator !== ':') {
      throw new DotenvSyntaxError(`unexpected character "${separator}" in variable name`, statementLine)
    }
    offset++
    while (rest[offset] === ' ' || rest[offset] === '\t') offset++
    rest = rest.slice(offset)
    let value: string
    let consumed: number
    const quote = rest[0]
    if (quote === '"' || quote === "'") {
      let close = -1
      for (let at = 1; at < rest.length; at++) {
        if (rest[at] === quote && rest[at - 1] !== '\\') {
          close = at
          break
        }
      }
      if (close < 0) throw new DotenvSyntaxError(`unterminated quoted value for ${key}`, statementLine)
      const raw = rest.slice(1, close)
      value = quote === '"' ? expand(unescapeDouble(raw), statementLine) : raw
      consumed = close + 1
      const end = rest.indexOf('\n', consumed)
      consumed = end < 0 ? rest.length : end
    } else {
      const end = rest.indexOf('\n')
      const lineText = end < 0 ? rest : rest.slice(0, end)
      consumed = lineText.length
      const hash = lineText.search(/(^|[ \t])#/)
      value = expand((hash < 0 ? lineText : lineText.slice(0, hash)).trimEnd(), statementLine)
    }
    if (!/^\d/.test(key)) {
      result.entries.push({key, value, line: statementLine})
      own.set(key, value)
    }
    advance(index + offset + consumed)
  }
  return result
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\(.)/g, (match, char: string) => {
    if (char === 'n') return '\n'
    if (char === 'r') return '\r'
    if (char === 't') return '\t'
    if (char === '"' || char === '\\' || char === "'") return char
    return match
  })
}
