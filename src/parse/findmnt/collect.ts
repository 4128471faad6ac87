import type {MountEntry, MountTable, MountTableFormat} from '../../domain/mount.js'
import {inputErrorAt} from '../../errors.js'

export interface FindmntParseOptions {
  /** skip malformed rows with a warning each instead of failing */
  lenient?: boolean
}

/** Gathers rows into a table; a malformed row throws, or under lenient becomes a warning. */
export class TableBuilder {
  readonly entries: MountEntry[] = []
  readonly warnings: string[] = []

  constructor(
    readonly source: string,
    readonly format: MountTableFormat,
    readonly options: FindmntParseOptions,
  ) {}

  /** Adds a parsed row, or handles the reason it is malformed. */
  add(row: MountEntry | string, line: number): void {
    if (typeof row === 'string') this.reject(line, row)
    else this.entries.push(row)
  }

  reject(line: number, what: string): void {
    const error = inputErrorAt(this.source, line, what)
    if (!this.options.lenient) throw error
    this.warnings.push(`${error.message} -- ignored`)
  }

  // Lenient still fails when nothing at all could be read: an empty table would be a wrong answer.
  finish(): MountTable {
    if (this.entries.length === 0 && this.warnings.length > 0) {
      throw inputErrorAt(this.source, firstWarningLine(this.warnings), `no row could be parsed as findmnt ${this.format.slice(8)} output`)
    }
    return {source: this.source, format: this.format, entries: this.entries, warnings: this.warnings}
  }
}

function firstWarningLine(warnings: string[]): number {
  const match = /:(\d+): /.exec(warnings[0] ?? '')
  return match ? Number(match[1]) : 1
}
