import type {LabLayout} from './types.js'

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/

function bad(layout: string, what: string): Error {
  return new Error(`lab layout ${JSON.stringify(layout)}: ${what}`)
}

function checkChars(layout: string, label: string, value: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw bad(layout, `${label} ${JSON.stringify(value)} contains a control character`)
}

/** A path under `<lab>/host/`: relative, no `.`/`..`/empty segments. */
export function checkHostPath(layout: string, path: string): void {
  checkChars(layout, 'host path', path)
  const parts = path.split('/')
  if (path === '' || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw bad(layout, `host path ${JSON.stringify(path)} must be relative, without empty, . or .. segments`)
  }
}

/** A container path: absolute, normalised, not `/` itself. */
export function checkContainerPath(layout: string, path: string): void {
  checkChars(layout, 'container path', path)
  const parts = path.split('/').slice(1)
  if (!path.startsWith('/') || path === '/' || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw bad(layout, `container path ${JSON.stringify(path)} must be absolute and normalised, and not /`)
  }
  if (['/proc', '/dev'].some((p) => path === p || path.startsWith(p + '/'))) {
    throw bad(layout, `container path ${JSON.stringify(path)} is under /proc or /dev`)
  }
}

/** Throws on anything the lab scripts must never see: bad names, relative or `..` paths, duplicates. */
export function validateLayout(layout: LabLayout): void {
  if (!NAME.test(layout.name)) throw bad(layout.name, 'name must be kebab-case')
  if (layout.participants.length === 0) throw bad(layout.name, 'no participants')
  const hostPaths = new Set<string>()
  for (const entry of layout.host) {
    checkHostPath(layout.name, entry.path)
    hostPaths.add(entry.path)
    if (entry.kind === 'file') checkChars(layout.name, 'file content', entry.content.replace(/[\n\t]/g, ''))
  }
  const names = new Set<string>()
  for (const p of layout.participants) {
    if (!NAME.test(p.name)) throw bad(layout.name, `participant name ${JSON.stringify(p.name)} must be kebab-case`)
    if (names.has(p.name)) throw bad(layout.name, `duplicate participant ${p.name}`)
    names.add(p.name)
    checkContainerPath(layout.name, p.env.HOME)
    if (p.env.CLAUDE_CONFIG_DIR !== undefined) checkContainerPath(layout.name, p.env.CLAUDE_CONFIG_DIR)
    for (const m of p.mounts) {
      switch (m.kind) {
        case 'bind':
          checkHostPath(layout.name, m.source)
          if (!hostPaths.has(m.source)) throw bad(layout.name, `${p.name}: bind source ${m.source} is not a host entry`)
          checkContainerPath(layout.name, m.target)
          break
        case 'tmpfs':
          checkContainerPath(layout.name, m.target)
          break
        case 'symlink':
          checkContainerPath(layout.name, m.path)
          checkChars(layout.name, 'symlink target', m.to)
          if (m.to === '') throw bad(layout.name, `${p.name}: empty symlink target`)
          break
        case 'dir':
          checkContainerPath(layout.name, m.path)
          break
      }
    }
  }
  for (const pair of [...(layout.pairs ?? []), ...layout.locks]) {
    if (!names.has(pair.a) || !names.has(pair.b)) throw bad(layout.name, `pair ${pair.a}/${pair.b} names an unknown participant`)
  }
}
