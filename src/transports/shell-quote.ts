/** One word for a POSIX shell: bare when it is safe, else single-quoted ('\'' for quotes). */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+:,./-]+$/.test(word)) return word
  return `'${word.replaceAll("'", `'\\''`)}'`
}

/** An argv as one line a user can paste into a shell. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ')
}
