import {EXIT} from './exit-codes.js'

/**
 * An error the user can act on: one line, no stack, a stable code and the exit code it means.
 * Deliberately independent of oclif so the pure layers can throw it; `oclif.exit` is what
 * oclif's own handler reads, `exitCode` what BaseCommand.catch reads under --json.
 */
export class DisintoError extends Error {
  readonly code: string
  readonly exitCode: number
  readonly oclif: {exit: number}
  readonly suggestions: string[]

  constructor(message: string, options: {code: string; exit?: number; suggestions?: string[]}) {
    super(message)
    this.name = 'DisintoError'
    this.code = options.code
    this.exitCode = options.exit ?? EXIT.usage
    this.oclif = {exit: this.exitCode}
    this.suggestions = options.suggestions ?? []
  }
}

/** Malformed or unreadable input, bad usage: exit 2. */
export class InputError extends DisintoError {
  constructor(message: string, code = 'E_INPUT', suggestions?: string[]) {
    super(message, {code, exit: EXIT.usage, suggestions})
    this.name = 'InputError'
  }
}

/** Something the verdict depends on could not be observed (unreachable participant, unset variable): exit 3. */
export class CannotTellError extends DisintoError {
  constructor(message: string, code = 'E_CANNOT_TELL', suggestions?: string[]) {
    super(message, {code, exit: EXIT.cannotTell, suggestions})
    this.name = 'CannotTellError'
  }
}

/** `FILE:LINE[:COL]: what is wrong`, the one-line form every parser uses. */
export function inputErrorAt(file: string, line: number, what: string, column?: number): InputError {
  const where = column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`
  return new InputError(`${where}: ${what}`, 'E_PARSE')
}
