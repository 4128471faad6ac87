import {spawnSync} from 'node:child_process'

/**
 * Kernel-backed tests need root and mount namespaces. Locally they are skipped with a reason
 * when unavailable; under CI=true they must run, so the check throws a clear message instead.
 */
export function namespacesAvailable(): boolean {
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'true'], {stdio: 'ignore'})
  const ok = probe.status === 0
  if (!ok && process.env.CI === 'true') {
    throw new Error('kernel-backed tests must run in CI: `unshare -m` failed here (needs root and mount namespaces; run CI as root on Linux)')
  }
  return ok
}

/** Symlinks to every busybox applet the capture script and probes use, in `dir`; false when no busybox. */
export function busyboxApplets(dir: string, applets: readonly string[]): boolean {
  const which = spawnSync('sh', ['-c', 'command -v busybox'], {encoding: 'utf8'})
  const busybox = which.stdout.trim()
  if (which.status !== 0 || busybox === '') {
    // optional, even in CI: the brief asks for busybox "if installable" (.ci/run may apt-get install it)
    console.warn('[test] busybox is not installed: skipping the busybox sh runs (apt-get install busybox to include them)')
    return false
  }
  for (const applet of applets) spawnSync('ln', ['-sf', busybox, `${dir}/${applet}`])
  return true
}
