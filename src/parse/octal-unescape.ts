import {decodeBytes, encodeBytes} from '../text/bytes.js'

const OCTAL = /\\[0-7]{3}/

// The kernel escapes space, tab, newline, backslash (and `#` in sources) as 3-digit octal;
// libmount's unmangle() turns every `\ooo` back into a byte, in every field.
export function unescapeOctal(field: string): string {
  if (!OCTAL.test(field)) return field
  const input = encodeBytes(field)
  const out = Buffer.allocUnsafe(input.length)
  let n = 0
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!
    if (b === 0x5c && i + 3 < input.length && isOctal(input[i + 1]) && isOctal(input[i + 2]) && isOctal(input[i + 3])) {
      out[n++] = (((input[i + 1]! - 48) << 6) | ((input[i + 2]! - 48) << 3) | (input[i + 3]! - 48)) & 0xff
      i += 3
    } else {
      out[n++] = b
    }
  }
  return decodeBytes(out.subarray(0, n))
}

function isOctal(b: number | undefined): boolean {
  return b !== undefined && b >= 48 && b <= 55
}
