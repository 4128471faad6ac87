import {decodeBytes, encodeBytes} from '../text/bytes.js'

// The kernel escapes space, tab, newline, backslash (and `#` in sources) as 3-digit octal;
// libmount's unmangle() turns every `\ooo` back into a byte, in every field (`\222` → 0x92, and a
// value above `\377` keeps its low 8 bits, as C's char arithmetic does).
export function unescapeOctal(field: string): string {
  let slash = field.indexOf('\\')
  while (slash !== -1 && !(isOctal(field.charCodeAt(slash + 1)) && isOctal(field.charCodeAt(slash + 2)) && isOctal(field.charCodeAt(slash + 3)))) {
    slash = field.indexOf('\\', slash + 1)
  }
  if (slash === -1) return field
  const input = encodeBytes(field)
  const out = Buffer.allocUnsafe(input.length)
  let n = 0
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!
    if (b === 0x5c && i + 3 < input.length && isOctal(input[i + 1]!) && isOctal(input[i + 2]!) && isOctal(input[i + 3]!)) {
      out[n++] = (((input[i + 1]! - 48) << 6) | ((input[i + 2]! - 48) << 3) | (input[i + 3]! - 48)) & 0xff
      i += 3
    } else {
      out[n++] = b
    }
  }
  return decodeBytes(out.subarray(0, n))
}

function isOctal(code: number): boolean {
  return code >= 48 && code <= 55
}
