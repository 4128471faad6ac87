// Kernel strings are bytes, not text. We decode valid UTF-8 as text and map every other byte b
// to the lone surrogate U+DC00+b ("surrogateescape"), so decoding is lossless and reversible.

// ignoreBOM: a U+FEFF is data here (findmnt keeps its 3 bytes), never a byte-order mark to drop
const strictUtf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

/** Bytes → string, never lossy: invalid UTF-8 bytes become U+DC80..U+DCFF. */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return decodeSlow(bytes)
  }
}

function decodeSlow(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  while (i < bytes.length) {
    const len = utf8SequenceLength(bytes, i)
    if (len > 0) {
      out += strictUtf8.decode(bytes.subarray(i, i + len))
      i += len
    } else {
      out += String.fromCharCode(0xdc00 + bytes[i]!)
      i += 1
    }
  }
  return out
}

// Length of the valid UTF-8 sequence starting at i (ASCII runs are taken whole), 0 if invalid.
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!
  if (c < 0x80) {
    let j = i + 1
    while (j < b.length && b[j]! < 0x80) j++
    return j - i
  }
  const need = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0
  if (need === 0 || i + need > b.length) return 0
  try {
    strictUtf8.decode(b.subarray(i, i + need))
    return need
  } catch {
    return 0
  }
}

/** string → bytes, the inverse of decodeBytes. */
export function encodeBytes(text: string): Buffer {
  if (!/[\udc80-\udcff]/.test(text)) return Buffer.from(text, 'utf8')
  const parts: Buffer[] = []
  let run = ''
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    if (ch.length === 1 && code >= 0xdc80 && code <= 0xdcff) {
      if (run) parts.push(Buffer.from(run, 'utf8'))
      run = ''
      parts.push(Buffer.from([code - 0xdc00]))
    } else {
      run += ch
    }
  }
  if (run) parts.push(Buffer.from(run, 'utf8'))
  return Buffer.concat(parts)
}

/** For display: control characters, backslash and undecodable bytes as findmnt-style `\xNN`. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\\\udc80-\udcff]/g, (ch) => {
    const code = ch.charCodeAt(0)
    const byte = code >= 0xdc80 ? code - 0xdc00 : code
    return `\\x${byte.toString(16).padStart(2, '0')}`
  })
}
