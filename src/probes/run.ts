import {randomBytes} from 'node:crypto'
import {posix} from 'node:path'

import {firstLine} from '../transports/host-transport.js'
import {shellCommand} from '../transports/shell-quote.js'
import type {RunningCommand} from '../transports/types.js'
import {CHECK_SCRIPT, HOLD_SCRIPT} from './scripts.js'
import type {ProbeKind, ProbeOptions, ProbeOutcome, ProbePair, ProbeParticipant, ProbeReport, ProbeResult} from './types.js'

const PREFIX = '.disinto-probe-'
const GRACE_MS = 10_000

type ItemState = {ok: true} | {ok: false; reason: string}

interface HoldItem {
  key: string
  kind: 'dir' | 'flock'
  path: string
}

interface Holder {
  participant: ProbeParticipant
  items: HoldItem[]
  state: Map<string, ItemState>
  removed: Set<number>
  leftover: Map<number, string>
  running?: RunningCommand
  ready: boolean
  /** why the participant could not be set up at all */
  failure?: string
  done?: Promise<void>
}

interface CheckItem {
  key: string
  op: 'seen' | 'mkdir' | 'flock'
  path: string
}

type CheckAnswer = {word: string; reason?: string}

/** `/a/b/` → `/a/b`; `/` stays. */
function trimSlash(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

function inside(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`
}

/** The tail of a tool's message: `mkdir: cannot create directory '…': Read-only file system` → `Read-only file system`. */
export function shortReason(text: string): string {
  const line = text.trim()
  const cut = line.lastIndexOf(': ')
  return cut === -1 ? line : line.slice(cut + 2)
}

/** Runs fn over items with at most `limit` at once, in order of start; stops starting when `stop()`. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>, stop: () => boolean): Promise<void> {
  let next = 0
  const workers = Array.from({length: Math.max(1, Math.min(limit, items.length))}, async () => {
    while (next < items.length && !stop()) {
      const index = next++
      await fn(items[index]!, index)
    }
  })
  await Promise.all(workers)
}

/**
 * Runs the live probes between every pair of participants: marker visibility in D and in D's
 * parent, mkdir contention at the sibling position and inside D, flock contention inside D and
 * beside the wrapper file. Each participant first makes and holds its probes (one long-lived
 * command), then every participant checks the others' from its own view, then all clean up.
 * Never throws for a participant that cannot be reached or a probe that fails: those are
 * `unreachable` and `error` results. Rejects only when aborted or interrupted (after cleanup).
 */
export async function runProbes(participants: readonly ProbeParticipant[], options: ProbeOptions = {}): Promise<ProbeReport> {
  const names = new Set(participants.map((p) => p.name))
  if (names.size !== participants.length) throw new Error('runProbes: participant names must be unique')
  const runId = options.runId ?? randomBytes(6).toString('hex')
  if (!/^[A-Za-z0-9]+$/.test(runId)) throw new Error('runProbes: runId must be alphanumeric')
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const timeoutMs = options.timeoutMs ?? 30_000
  const holdSeconds = Math.max(1, Math.floor(options.holdSeconds ?? 120))
  const progress = options.onProgress ?? (() => {})
  const report: ProbeReport = {runId, pairs: [], commands: [], unreachable: [], leftovers: []}
  const n = participants.length

  const name = (kind: string, ...indices: number[]): string => `${PREFIX}${runId}-${kind}${indices.join('-')}`
  const dirOf = participants.map((p) => trimSlash(p.configDir))
  const realOf = participants.map((p) => (p.configDirRealpath ? trimSlash(p.configDirRealpath) : undefined))
  const parentOf = participants.map((p, i) => posix.dirname(realOf[i] ?? dirOf[i]!))
  const wrapDirOf = participants.map((p) => (p.flockPath ? posix.dirname(p.flockPath) : undefined))
  const siblingPath = (holder: number, i: number, j: number): string | undefined => (realOf[holder] === undefined ? undefined : `${realOf[holder]}${name('s', i, j)}.lock`)
  const bothWrapped = (i: number, j: number): boolean => wrapDirOf[i] !== undefined && wrapDirOf[j] !== undefined

  // what each participant makes and holds
  const holders: Holder[] = participants.map((participant, i) => {
    const items: HoldItem[] = []
    const invalid = participant.configDir.startsWith('/') ? undefined : `D ${JSON.stringify(participant.configDir)} is not an absolute path`
    if (!invalid) {
      items.push({key: `marker:${i}`, kind: 'dir', path: inside(dirOf[i]!, name('m', i))})
      items.push({key: `parent:${i}`, kind: 'dir', path: inside(parentOf[i]!, name('p', i))})
      for (let j = i + 1; j < n; j++) {
        const sibling = siblingPath(i, i, j)
        if (sibling !== undefined) items.push({key: `sib:${i}:${j}`, kind: 'dir', path: sibling})
        items.push({key: `in:${i}:${j}`, kind: 'dir', path: inside(dirOf[i]!, `${name('d', i, j)}.lock`)})
      }
      items.push({key: `flock:${i}`, kind: 'flock', path: inside(dirOf[i]!, name('f', i))})
      if (wrapDirOf[i] !== undefined) items.push({key: `wrap:${i}`, kind: 'flock', path: inside(wrapDirOf[i]!, name('w', i))})
    }
    return {participant, items, state: new Map(), removed: new Set(), leftover: new Map(), ready: false, ...(invalid ? {failure: invalid} : {})}
  })

  // interruption: close every holder's input (they clean up), then let the signal take its course
  let interrupted: NodeJS.Signals | undefined
  let aborted = options.signal?.aborted === true
  const stopping = (): boolean => aborted || interrupted !== undefined
  const liveChecks = new Set<RunningCommand>()
  const releaseAll = (): void => {
    for (const holder of holders) holder.running?.closeInput()
  }
  const stopAll = (): void => {
    releaseAll()
    for (const check of liveChecks) check.kill('SIGTERM')
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted ??= signal
    stopAll()
  }
  const onAbort = (): void => {
    aborted = true
    stopAll()
  }
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  const handlers = new Map<NodeJS.Signals, () => void>()
  if (options.handleSignals !== false) {
    for (const signal of signals) {
      const handler = (): void => onSignal(signal)
      handlers.set(signal, handler)
      process.on(signal, handler)
    }
  }
  options.signal?.addEventListener('abort', onAbort)

  const record = (transport: ProbeParticipant['transport'], argv: string[]): void => {
    try {
      report.commands.push(shellCommand(transport.commandFor(argv)))
    } catch {
      // unreachable: the failure is reported where the command runs
    }
  }

  const startHolder = (holder: Holder, index: number): Promise<void> => {
    if (holder.failure || holder.items.length === 0) return Promise.resolve()
    const argv = ['sh', '-c', HOLD_SCRIPT, 'sh', String(holdSeconds), ...holder.items.flatMap((item) => [item.kind, item.path])]
    record(holder.participant.transport, argv)
    progress(`probes: setting up ${holder.participant.name} (${index + 1}/${n})`)
    return new Promise<void>((resolve) => {
      let buffer = ''
      const onLine = (line: string): void => {
        const match = /^(created|error|removed|leftover) (\d+)(?: (.*))?$/.exec(line)
        if (line === 'ready') {
          holder.ready = true
          resolve()
        } else if (match) {
          const item = Number(match[2])
          const key = holder.items[item]?.key
          if (match[1] === 'created' && key) holder.state.set(key, {ok: true})
          else if (match[1] === 'error' && key) holder.state.set(key, {ok: false, reason: match[3] ?? 'failed'})
          else if (match[1] === 'removed') holder.removed.add(item)
          else if (match[1] === 'leftover') holder.leftover.set(item, match[3] ?? 'not removed')
        }
      }
      let running: RunningCommand
      try {
        running = holder.participant.transport.start(argv, {
          timeoutMs: holdSeconds * 1000 + timeoutMs,
          onStdout(chunk) {
            buffer += chunk
            let newline = buffer.indexOf('\n')
            while (newline !== -1) {
              onLine(buffer.slice(0, newline))
              buffer = buffer.slice(newline + 1)
              newline = buffer.indexOf('\n')
            }
          },
        })
      } catch (error) {
        holder.failure = (error as Error).message
        resolve()
        return
      }
      holder.running = running
      if (stopping()) running.closeInput()
      holder.done = running.result.then(
        (result) => {
          if (!holder.ready) holder.failure = `setup failed in ${holder.participant.name}: ${firstLine(result.stderr) || (result.timedOut ? 'timed out' : `exit ${result.exitCode ?? 'by signal'}`)}`
          resolve()
        },
        (error: Error) => {
          holder.failure = error.message
          resolve()
        },
      )
    })
  }

  const answers = new Map<string, CheckAnswer>()
  const checkFrom = async (j: number): Promise<void> => {
    const holderB = holders[j]!
    if (holderB.failure) return
    const created = (i: number, key: string): boolean => holders[i]!.state.get(key)?.ok === true && !holders[i]!.failure
    const items: CheckItem[] = []
    for (let i = 0; i < n; i++) {
      if (i === j || holders[i]!.failure) continue
      if (created(i, `marker:${i}`)) items.push({key: `marker:${i}>${j}`, op: 'seen', path: inside(dirOf[j]!, name('m', i))})
      if (created(i, `parent:${i}`)) items.push({key: `parent:${i}>${j}`, op: 'seen', path: inside(parentOf[j]!, name('p', i))})
      if (i < j) {
        const sibling = siblingPath(j, i, j)
        if (sibling !== undefined && created(i, `sib:${i}:${j}`)) items.push({key: `sib:${i}:${j}`, op: 'mkdir', path: sibling})
        if (created(i, `in:${i}:${j}`)) items.push({key: `in:${i}:${j}`, op: 'mkdir', path: inside(dirOf[j]!, `${name('d', i, j)}.lock`)})
      }
      if (created(i, `flock:${i}`)) items.push({key: `flock:${i}>${j}`, op: 'flock', path: `${inside(dirOf[j]!, name('f', i))}/lock`})
      if (bothWrapped(i, j) && created(i, `wrap:${i}`)) items.push({key: `wrap:${i}>${j}`, op: 'flock', path: `${inside(wrapDirOf[j]!, name('w', i))}/lock`})
    }
    if (items.length === 0) return
    const argv = ['sh', '-c', CHECK_SCRIPT, 'sh', ...items.flatMap((item, index) => [item.op, String(index), item.path])]
    record(holderB.participant.transport, argv)
    progress(`probes: checking from ${holderB.participant.name}`)
    let failure: string | undefined
    try {
      const running = holderB.participant.transport.start(argv, {timeoutMs})
      running.closeInput()
      liveChecks.add(running)
      if (stopping()) running.kill('SIGTERM')
      const result = await running.result.finally(() => liveChecks.delete(running))
      for (const line of result.stdout.split('\n')) {
        const match = /^(\d+) (\S+)(?: (.*))?$/.exec(line)
        const item = match ? items[Number(match[1])] : undefined
        if (match && item) answers.set(item.key, {word: match[2]!, ...(match[3] === undefined ? {} : {reason: match[3]})})
      }
      if (result.timedOut) failure = `checks in ${holderB.participant.name} timed out`
      else if (result.exitCode !== 0) failure = `checks in ${holderB.participant.name} failed: ${firstLine(result.stderr) || `exit ${result.exitCode ?? 'by signal'}`}`
    } catch (error) {
      failure = (error as Error).message
      if (!report.unreachable.some((u) => u.name === holderB.participant.name)) report.unreachable.push({name: holderB.participant.name, reason: failure})
    }
    for (const item of items) if (!answers.has(item.key)) answers.set(item.key, {word: 'error', reason: failure ?? 'no answer'})
  }

  try {
    await pool(holders, concurrency, (holder, index) => startHolder(holder, index), stopping)
    if (!stopping()) await pool(holders.map((_, j) => j), concurrency, (j) => checkFrom(j), stopping)
  } finally {
    progress('probes: cleaning up')
    releaseAll()
    await Promise.all(
      holders.map(async (holder) => {
        if (!holder.done) return
        let timer: NodeJS.Timeout | undefined
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            holder.running?.kill('SIGTERM')
            resolve()
          }, GRACE_MS)
        })
        await Promise.race([holder.done, late])
        clearTimeout(timer)
        await holder.done
      }),
    )
    for (const [signal, handler] of handlers) process.removeListener(signal, handler)
    options.signal?.removeEventListener('abort', onAbort)
  }

  for (const holder of holders) {
    if (holder.failure && !report.unreachable.some((u) => u.name === holder.participant.name)) report.unreachable.push({name: holder.participant.name, reason: holder.failure})
    holder.items.forEach((item, index) => {
      if (holder.state.get(item.key)?.ok !== true || holder.removed.has(index)) return
      report.leftovers.push({participant: holder.participant.name, path: item.path, reason: holder.leftover.get(index) ?? 'removal not confirmed (the holder ended early)'})
    })
  }
  if (interrupted) {
    if (process.listenerCount(interrupted) === 0) process.kill(process.pid, interrupted)
    throw new Error(`probes interrupted by ${interrupted}; everything they created was removed${report.leftovers.length ? ` except ${report.leftovers.map((l) => l.path).join(', ')}` : ''}`)
  }
  if (aborted) throw new Error('probes aborted; everything they created was removed')

  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) report.pairs.push(judgePair(i, j))
  }
  return report

  function judgePair(i: number, j: number): ProbePair {
    const A = participants[i]!
    const B = participants[j]!
    const down = [holders[i]!, holders[j]!].find((holder) => holder.failure)
    const kinds: ProbeKind[] = ['marker-dir', 'marker-parent', 'mkdir-sibling', 'mkdir-in-dir', 'flock-in-dir', ...(bothWrapped(i, j) ? (['flock-wrapper'] as const) : [])]
    if (down) return {a: A.name, b: B.name, probes: kinds.map((probe) => ({probe, result: 'error', detail: `${down.participant.name}: ${down.failure}`}))}
    return {
      a: A.name,
      b: B.name,
      probes: kinds.map((probe): ProbeResult => {
        switch (probe) {
          case 'marker-dir':
            return both(probe, 'marker', 'a marker directory', dirOf, (x, y) => `made in ${x}'s D, looked for in ${y}'s D`)
          case 'marker-parent':
            return both(probe, 'parent', 'a marker directory', parentOf, (x, y) => `made in ${x}'s parent of realpath(D), looked for in ${y}'s`)
          case 'mkdir-sibling':
            if (realOf[i] === undefined || realOf[j] === undefined) {
              const missing = realOf[i] === undefined ? A.name : B.name
              return {probe, result: 'error', detail: `realpath(D) of ${missing} is not known`}
            }
            return contention(probe, `sib:${i}:${j}`, siblingPath(i, i, j)!, siblingPath(j, i, j)!)
          case 'mkdir-in-dir':
            return contention(probe, `in:${i}:${j}`, inside(dirOf[i]!, `${name('d', i, j)}.lock`), inside(dirOf[j]!, `${name('d', i, j)}.lock`))
          case 'flock-in-dir':
            return both(probe, 'flock', 'an exclusive flock on a probe file', dirOf, (x, y) => `held in ${x}'s D, tried (shared, non-blocking) from ${y}'s D`)
          case 'flock-wrapper':
            return both(probe, 'wrap', 'an exclusive flock on a probe file', wrapDirOf as string[], (x, y) => `held beside ${x}'s wrapper file, tried from beside ${y}'s`)
        }
      }),
    }

    /** A probe made by each side and looked for by the other: both directions must agree. */
    function both(probe: ProbeKind, key: string, what: string, where: readonly string[], how: (x: string, y: string) => string): ProbeResult {
      const directions = [
        {from: i, to: j},
        {from: j, to: i},
      ].map(({from, to}) => {
        const made = holders[from]!.state.get(`${key}:${from}`)
        const x = participants[from]!.name
        const y = participants[to]!.name
        if (!made) return {outcome: 'error' as ProbeOutcome, text: `${x}: probe not made`}
        if (!made.ok) return {outcome: 'error' as ProbeOutcome, text: `cannot make ${what} in ${x} (${where[from]}): ${shortReason(made.reason)}`}
        const answer = answers.get(`${key}:${from}>${to}`)
        if (!answer) return {outcome: 'error' as ProbeOutcome, text: `${y}: no answer`}
        const text = `${how(x, y)}: `
        switch (answer.word) {
          case 'yes':
          case 'locked':
            return {outcome: 'shared' as ProbeOutcome, text: `${text}${answer.word === 'yes' ? 'seen' : 'conflicts'}`}
          case 'no':
          case 'absent':
            return {outcome: 'private' as ProbeOutcome, text: `${text}not there`}
          case 'free':
            return {outcome: 'private' as ProbeOutcome, text: `${text}the file is there but the lock does not reach it`}
          default:
            return {outcome: 'error' as ProbeOutcome, text: `${text}${shortReason(answer.reason ?? answer.word)}`}
        }
      })
      const known = directions.filter((direction) => direction.outcome !== 'error')
      const detail = directions.map((direction) => direction.text).join('; ')
      if (known.length === 0) return {probe, result: 'error', detail}
      if (known.every((direction) => direction.outcome === known[0]!.outcome)) return {probe, result: known[0]!.outcome, detail}
      return {probe, result: 'error', detail: `asymmetric: ${detail}`}
    }

    /** Made in A, attempted in B: EEXIST means one directory for both. */
    function contention(probe: ProbeKind, key: string, pathA: string, pathB: string): ProbeResult {
      const made = holders[i]!.state.get(key)
      if (!made) return {probe, result: 'error', detail: `${A.name}: probe not made`}
      if (!made.ok) return {probe, result: 'error', detail: `mkdir ${pathA} in ${A.name}: ${shortReason(made.reason)}`}
      const answer = answers.get(key)
      const head = `mkdir ${pathA} held in ${A.name}, mkdir ${pathB} in ${B.name}`
      if (!answer) return {probe, result: 'error', detail: `${head}: no answer`}
      if (answer.word === 'exists') return {probe, result: 'shared', detail: `${head}: File exists (one lock for both)`}
      if (answer.word === 'created') return {probe, result: 'private', detail: `${head}: succeeded (each has its own; removed at once)`}
      return {probe, result: 'error', detail: `${head}: ${shortReason(answer.reason ?? answer.word)}`}
    }
  }
}
