import {readFileSync} from 'node:fs'
import {execa} from 'execa'
import {labProcesses, labSupport, type LabSupport} from '../../src/lab/index.js'

export const IN_CI = process.env['CI'] === 'true'

/**
 * In CI the kernel-backed tests must run: they fail (never skip) when namespaces are missing.
 * Elsewhere they skip, with the reason printed, only when not root or a tool is missing.
 */
export async function kernelGate(): Promise<{support: LabSupport; skip: boolean}> {
  const support = await labSupport()
  const skip = !support.ok && !IN_CI
  if (skip) console.warn(`[test/lab] skipping kernel-backed lab tests: ${support.reason}`)
  return {support, skip}
}

export function requireSupport(support: LabSupport): void {
  if (!support.ok) {
    throw new Error(
      `lab tests need Linux mount namespaces (root, unshare, overlayfs) and CI=true forbids skipping them: ${support.reason}`,
    )
  }
}

export function hostMountCount(): number {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l !== '').length
}

export function hostMountsMentioning(text: string): number {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l.includes(text)).length
}

/** pids pgrep sees for a full-command-line regex (our own pgrep excluded by pgrep itself) */
export async function pgrep(pattern: string): Promise<number[]> {
  const r = await execa('pgrep', ['-f', pattern], {reject: false, timeout: 5000})
  return String(r.stdout)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number)
}

/**
 * What a lab may leave behind, for the labs in `dirs`: host mount count (the lab never mounts in
 * our namespace), host mounts naming a lab dir, lab processes (by their DISINTO_LAB=<dir> mark)
 * and pgrep-visible commands naming a lab dir. Scoped to our own dirs: other people may run labs
 * on this machine at the same time.
 */
export interface Snapshot {
  mounts: number
  labMounts: number
  labProcesses: number
  labCommands: number
}

export async function snapshot(dirs: readonly string[]): Promise<Snapshot> {
  let labCommands = 0
  for (const dir of dirs) labCommands += (await pgrep(dir.replace(/[.]/g, '\\.'))).length
  return {
    mounts: hostMountCount(),
    labMounts: dirs.reduce((n, d) => n + hostMountsMentioning(d), 0),
    labProcesses: dirs.reduce((n, d) => n + labProcesses(d).length, 0),
    labCommands,
  }
}

export const CLEAN = (mounts: number): Snapshot => ({mounts, labMounts: 0, labProcesses: 0, labCommands: 0})

export {isAlive} from '../../src/lab/process.js'

export async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await predicate()) return true
    await new Promise((r) => setTimeout(r, 20))
  }
  return predicate()
}
