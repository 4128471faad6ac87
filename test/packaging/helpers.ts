import {cpSync, existsSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** What the packaging tests copy: everything `npm pack` (prepack) and the bundle build read. */
const TREE = ['package.json', 'package-lock.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'src', 'schemas', 'scripts']

/**
 * A private copy of the working tree with node_modules linked, so build, bundle and pack never
 * touch the shared dist/, oclif.manifest.json or src/commands-index.ts of the checkout.
 */
export function copyTree(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  for (const entry of TREE) if (existsSync(join(REPO, entry))) cpSync(join(REPO, entry), join(dir, entry), {recursive: true})
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

export function removeTree(dir: string | undefined): void {
  if (dir) rmSync(dir, {recursive: true, force: true})
}

/** The environment a user's shell would give: no vitest, no NODE_ENV=test, no colour. */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|NODE_ENV$|TEST$|NODE_OPTIONS$)/.test(k)) env[k] = v
  return {...env, FORCE_COLOR: '0'}
}

/** command ids oclif derives from src/commands/** (pattern strategy), e.g. check/mounts.ts → check:mounts */
export async function sourceCommandIds(): Promise<string[]> {
  const {readdirSync} = await import('node:fs')
  const walk = (dir: string, parts: string[]): string[] =>
    readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
      if (e.isDirectory()) return walk(join(dir, e.name), [...parts, e.name])
      if (!/\.m?ts$/.test(e.name) || /\.(d|test|spec)\.m?ts$/.test(e.name)) return []
      const name = e.name.replace(/\.m?ts$/, '')
      return [[...parts, ...(name === 'index' ? [] : [name])].join(':')]
    })
  return walk(join(REPO, 'src', 'commands'), []).sort()
}
