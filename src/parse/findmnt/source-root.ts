// findmnt prints SOURCE as `source[fsroot]` when the mounted root is not `/` (a bind of a
// subdirectory, a btrfs subvolume, an nsfs inode): these helpers take that suffix back off.

export interface SourceAndRoot {
  source: string
  fsRoot: string
}

/** With a FSROOT column the suffix is known exactly: strip `[fsroot]` when present. */
export function stripKnownRoot(text: string, fsRoot: string): string {
  if (fsRoot === '/') return text
  const suffix = `[${fsRoot}]`
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text
}

/**
 * Without FSROOT (findmnt 2.38 prints `[fsroot]` even after an empty source: `[/sub]`): only a trailing bracket group that looks like a root is split off — a path
 * (`[/sub dir]`) or an nsfs-style `kind:[N]` — so `/dev/disk[0]` stays whole. The group is
 * taken balanced from the end (`nsfs[net:[4026532001]]`), else from the first `[/` whose rest
 * runs to the end (a root with an unbalanced `[`, e.g. `tmpfs[/sub[dir]`).
 */
export function splitSourceRoot(text: string): SourceAndRoot {
  if (!text.endsWith(']')) return {source: text, fsRoot: '/'}
  const balanced = balancedGroupStart(text)
  if (balanced !== -1 && looksLikeRoot(text.slice(balanced + 1, -1))) {
    return {source: text.slice(0, balanced), fsRoot: text.slice(balanced + 1, -1)}
  }
  const slash = text.indexOf('[/')
  if (slash !== -1) return {source: text.slice(0, slash), fsRoot: text.slice(slash + 1, -1)}
  return {source: text, fsRoot: '/'}
}

// Index of the `[` matching the final `]`, or -1 when the brackets do not balance.
function balancedGroupStart(text: string): number {
  let depth = 0
  for (let i = text.length - 1; i >= 0; i--) {
    const ch = text.charCodeAt(i)
    if (ch === 93) depth++
    else if (ch === 91 && --depth === 0) return i
  }
  return -1
}

function looksLikeRoot(inside: string): boolean {
  return inside.startsWith('/') || /^[a-z_]+:\[\d+\]$/.test(inside)
}
