/** Calls `visit(line, lineNumber)` for each line; `\n` ends a line, one trailing `\r` is dropped. */
export function forEachLine(text: string, visit: (line: string, lineNumber: number) => void): void {
  let start = 0
  let lineNumber = 0
  const length = text.length
  while (start < length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = length
    lineNumber++
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end
    visit(text.slice(start, stop), lineNumber)
    start = end + 1
  }
}

/** True for a line with nothing but spaces and tabs. */
export function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line)
}
