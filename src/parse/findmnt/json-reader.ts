// A small JSON reader that remembers the line each object starts on, so findmnt -J entries
// keep their input line and a syntax error names its line (JSON.parse gives neither).

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject
export interface JsonObject {
  /** 1-based line of the opening `{` */
  readonly line: number
  readonly members: Map<string, JsonValue>
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    what: string,
  ) {
    super(what)
  }
}

const MAX_DEPTH = 256

/** Parses one JSON document; throws JsonSyntaxError with the line of the problem. */
export function readJson(text: string): JsonValue {
  const reader = new Reader(text)
  reader.skipSpace()
  const value = reader.value(0)
  reader.skipSpace()
  if (reader.pos < text.length) reader.fail(`unexpected ${reader.describe()} after the JSON document`)
  return value
}

class Reader {
  pos = 0
  line = 1

  constructor(readonly text: string) {}

  fail(what: string): never {
    throw new JsonSyntaxError(this.line, what)
  }

  describe(): string {
    if (this.pos >= this.text.length) return 'end of input'
    const ch = this.text[this.pos]!
    return /[\u0020-\u007e]/.test(ch) ? `"${ch}"` : `character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  }

  skipSpace(): void {
    const text = this.text
    while (this.pos < text.length) {
      const ch = text.charCodeAt(this.pos)
      if (ch === 10) this.line++
      else if (ch !== 32 && ch !== 9 && ch !== 13) return
      this.pos++
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('JSON nested too deeply')
    const ch = this.text[this.pos]
    if (ch === '{') return this.object(depth)
    if (ch === '[') return this.array(depth)
    if (ch === '"') return this.string()
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return this.number()
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length
        return value
      }
    }
    return this.fail(`expected a JSON value, found ${this.describe()}`)
  }

  object(depth: number): JsonObject {
    const line = this.line
    const members = new Map<string, JsonValue>()
    this.pos++
    this.skipSpace()
    if (this.text[this.pos] === '}') {
      this.pos++
      return {line, members}
    }
    for (;;) {
      if (this.text[this.pos] !== '"') this.fail(`expected a "key", found ${this.describe()}`)
      const key = this.string()
      this.skipSpace()
      if (this.text[this.pos] !== ':') this.fail(`expected ":" after a key, found ${this.describe()}`)
      this.pos++
      this.skipSpace()
      members.set(key, this.value(depth + 1))
      this.skipSpace()
      const next = this.text[this.pos]
      this.pos++
      if (next === '}') return {line, members}
      if (next !== ',') {
        this.pos--
        this.fail(`expected "," or "}" in an object, found ${this.describe()}`)
      }
      this.skipSpace()
    }
  }

  array(depth: number): JsonValue[] {
    const items: JsonValue[] = []
    this.pos++
    this.skipSpace()
    if (this.text[this.pos] === ']') {
      this.pos++
      return items
    }
    for (;;) {
      items.push(this.value(depth + 1))
      this.skipSpace()
      const next = this.text[this.pos]
      this.pos++
      if (next === ']') return items
      if (next !== ',') {
        this.pos--
        this.fail(`expected "," or "]" in an array, found ${this.describe()}`)
      }
      this.skipSpace()
    }
  }

  string(): string {
    const text = this.text
    let out = ''
    let start = ++this.pos
    for (;;) {
      if (this.pos >= text.length) this.fail('unterminated string')
      const ch = text.charCodeAt(this.pos)
      if (ch === 34) {
        out += text.slice(start, this.pos++)
        return out
      }
      if (ch < 0x20) this.fail(`raw control character U+${ch.toString(16).toUpperCase().padStart(4, '0')} in a string`)
      if (ch === 92) {
        out += text.slice(start, this.pos)
        out += this.escape()
        start = this.pos
      } else {
        this.pos++
      }
    }
  }

  // After a backslash: one JSON escape (a `\uXXXX` may be half of a surrogate pair; both halves
  // are kept as code units, so a valid pair joins into one character).
  escape(): string {
    const kind = this.text[this.pos + 1]
    this.pos += 2
    switch (kind) {
      case '"': return '"'
      case '\\': return '\\'
      case '/': return '/'
      case 'b': return '\b'
      case 'f': return '\f'
      case 'n': return '\n'
      case 'r': return '\r'
      case 't': return '\t'
      case 'u': {
        const hex = this.text.slice(this.pos, this.pos + 4)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape in a string')
        this.pos += 4
        return String.fromCharCode(parseInt(hex, 16))
      }
      default:
        this.pos -= 2
        return this.fail('bad escape in a string')
    }
  }

  number(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
    match.lastIndex = this.pos
    const found = match.exec(this.text)
    if (!found) this.fail(`bad number, found ${this.describe()}`)
    this.pos = match.lastIndex
    return Number(found[0])
  }
}
