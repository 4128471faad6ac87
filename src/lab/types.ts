/** Verdicts a layout expects, copied from research/scenarios.md's summary table. */
export type LabVerdict = 'hazard' | 'safe' | 'safe-but-warn'

/** Expected verdict when every participant runs an old (≤ 2.1.131) or a new (≥ 2.1.132) Claude Code. */
export interface LabExpected {
  old: LabVerdict
  new: LabVerdict
}

/**
 * Something that exists on the lab's "host": a path under `<lab>/host/` (relative, `/`-separated,
 * no `..`), e.g. `home/johba/.claude` or `var/lib/docker/volumes/agent-home/_data`.
 */
export type LabHostEntry = {kind: 'dir'; path: string} | {kind: 'file'; path: string; content: string}

/**
 * One step that builds a participant's root, applied in order inside its mount namespace.
 * Container paths are absolute; a step never follows a symlink out of the container root
 * (targets are created and checked inside the chroot).
 */
export type LabMountSpec =
  /** bind a host entry (dir or single file) at `target`; `readOnly` remounts it ro */
  | {kind: 'bind'; source: string; target: string; readOnly?: boolean}
  /** a fresh, private tmpfs at `target` */
  | {kind: 'tmpfs'; target: string}
  /** a symlink at `path` in the container's own (private) root pointing to `to` */
  | {kind: 'symlink'; path: string; to: string}
  /** a plain directory in the container's own (private) root */
  | {kind: 'dir'; path: string}

/** The environment a participant's `claude` would run with. */
export interface LabEnv {
  HOME: string
  CLAUDE_CONFIG_DIR?: string
}

export interface LabParticipantSpec {
  name: string
  description?: string
  env: LabEnv
  mounts: LabMountSpec[]
}

/** A verdict for one pair of participants, when it differs from the layout's overall one. */
export interface LabPairExpectation {
  a: string
  b: string
  scenario: number
  expected: LabExpected
}

/**
 * What the kernel shows for one pair (proved by test/lab/lab.test.ts with real mkdir contention):
 * is the legacy sibling lock `realpath(D) + ".lock"` one directory for both, and is the in-dir
 * lock `D/.oauth_refresh.lock`? `'erofs'`: D is read-only, the in-dir mkdir fails for everyone.
 */
export interface LabLockSharing {
  a: string
  b: string
  sibling: boolean
  inDir: boolean | 'erofs'
}

export interface LabLayout {
  /** kebab-case, also the fixture directory name */
  name: string
  description: string
  /** row number in research/scenarios.md's summary table (the closest row for lab-only layouts) */
  scenario: number
  host: LabHostEntry[]
  participants: LabParticipantSpec[]
  /** the layout's verdict: the worst over every pair of participants */
  expected: LabExpected
  /** per-pair verdicts, only for layouts whose pairs differ (e.g. separate-login) */
  pairs?: LabPairExpectation[]
  /** where the two refresh locks land, per pair of participants */
  locks: LabLockSharing[]
}

/** A live participant: a process inside its own mount namespace, chrooted into its root. */
export interface LabParticipant {
  name: string
  /** pid of the process inside the namespace: /proc/PID/mountinfo and nsenter -t PID give its view */
  pid: number
  env: LabEnv
  /** D as Claude Code computes it from env: CLAUDE_CONFIG_DIR else $HOME/.claude */
  configDir: string
}

export interface LabExecOptions {
  /** default 10 s */
  timeoutMs?: number
  input?: string
  /** added to the participant's env (PATH, LANG=C.UTF-8, HOME, CLAUDE_CONFIG_DIR) */
  env?: Record<string, string>
}

export interface LabExecResult {
  exitCode: number
  stdout: string
  stderr: string
  timedOut: boolean
}

export interface CreateLabOptions {
  /**
   * Use this directory (created if missing, must be empty) instead of a fresh
   * `/tmp/disinto-lab-XXXXXX`; the capture script uses `/tmp/disinto-lab-capture`.
   */
  dir?: string
  /** timeout for each setup command, default 20 s */
  timeoutMs?: number
  /** the lab's processes are killed after this long even if nobody tears it down, default 1 h */
  lifetimeMs?: number
}

export interface Lab {
  readonly layout: LabLayout
  /** the lab directory; the tmpfs on it is mounted only inside the lab's namespaces */
  readonly dir: string
  /** pid of the keeper process whose mount namespace holds the lab tmpfs */
  readonly keeperPid: number
  readonly participants: readonly LabParticipant[]
  readonly closed: boolean
  participant(name: string): LabParticipant
  /** runs argv inside a participant (nsenter --mount --root --wd), never through a shell */
  exec(name: string, argv: readonly string[], options?: LabExecOptions): Promise<LabExecResult>
  /** raw text of /proc/PID/mountinfo of a participant, read from the host */
  mountinfo(name: string): Promise<string>
  /** host-side path into the lab tmpfs (through /proc/<keeper>/root), e.g. hostPath('host/home/johba/.claude') */
  hostPath(relative?: string): string
  /** kills every lab process and removes the lab directory; idempotent */
  teardown(): Promise<void>
}

export interface LabSupport {
  ok: boolean
  /** why not, in one line, when !ok */
  reason?: string
  root: boolean
  /** a mount namespace with a tmpfs and an overlay over / could be built */
  namespaces: boolean
  missing: string[]
}
