import {printable} from '../../text/bytes.js'

// Quotes an input value inside a one-line error message: controls escaped, long values cut.
export function show(value: string, max = 60): string {
  const flat = printable(value).replace(/[\u2028\u2029\u0085]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`)
  return `"${flat.length > max ? `${flat.slice(0, max)}…` : flat}"`
}
