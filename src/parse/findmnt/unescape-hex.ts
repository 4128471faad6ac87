import {decodeBytes, encodeBytes} from '../../text/bytes.js'

const HEX_ESCAPE = /\\x[0-9a-fA-F]{2}/

// findmnt prints unsafe bytes as `\xNN`; they stand for bytes, so `\xc3\xbc` is `ü` and a lone
// `\x92` the undecodable byte U+DC92, exactly as the kernel's string would decode.
export function unescapeHex(text: string): string {
  if (!HEX_ESCAPE.test(text)) return text
  const input = encodeBytes(text)
  const out = Buffer.allocUnsafe(input.length)
  let n = 0
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!
    if (b === 0x5c && input[i + 1] === 0x78 && i + 3 < input.length) {
      const hi = hexValue(input[i + 2]!)
      const lo = hexValue(input[i + 3]!)
      if (hi >= 0 && lo >= 0) {
        out[n++] = (hi << 4) | lo
        i += 3
        continue
      }
    }
    out[n++] = b
  }
  return decodeBytes(out.subarray(0, n))
}

function hexValue(b: number): number {
  if (b >= 48 && b <= 57) return b - 48
  if (b >= 97 && b <= 102) return b - 87
  if (b >= 65 && b <= 70) return b - 55
  return -1
}
