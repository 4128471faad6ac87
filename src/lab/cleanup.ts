/**
 * Live labs are torn down synchronously when the process exits or gets SIGINT/SIGTERM/SIGHUP,
 * even if nobody called teardown(). Handlers are installed only while a lab is live.
 */

export interface SyncTeardown {
  teardownSync(): void
}

const live = new Set<SyncTeardown>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
type LabSignal = (typeof SIGNALS)[number]

let installed = false

function onExit(): void {
  teardownAllSync()
}

function onSignal(signal: LabSignal): void {
  teardownAllSync()
  uninstall()
  // Our listener replaced the default action; re-raise so the process still dies of the signal
  // (or so the remaining listeners, such as execa's signal-exit, decide).
  process.kill(process.pid, signal)
}

const signalHandlers = new Map<LabSignal, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]))

function install(): void {
  if (installed) return
  installed = true
  process.on('exit', onExit)
  for (const [s, h] of signalHandlers) process.on(s, h)
}

function uninstall(): void {
  if (!installed) return
  installed = false
  process.removeListener('exit', onExit)
  for (const [s, h] of signalHandlers) process.removeListener(s, h)
}

export function teardownAllSync(): void {
  for (const lab of [...live]) {
    try {
      lab.teardownSync()
    } catch {
      // best effort: keep going with the other labs
    }
    live.delete(lab)
  }
}

export function registerLive(lab: SyncTeardown): void {
  live.add(lab)
  install()
}

export function unregisterLive(lab: SyncTeardown): void {
  live.delete(lab)
  if (live.size === 0) uninstall()
}

export function liveLabCount(): number {
  return live.size
}
