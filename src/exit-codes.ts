/** The exit codes of DESIGN.md, the same for every command and under --json. */
export const EXIT = {
  ok: 0,
  hazard: 1,
  usage: 2,
  cannotTell: 3,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
