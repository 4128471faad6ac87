import {Command, Flags, type Interfaces} from '@oclif/core'

import type {Finding, Verdict} from './domain/finding.js'
import {DisintoError} from './errors.js'
import {EXIT} from './exit-codes.js'
import {makeStyle, type Style} from './ui/style.js'

/** Version of every --json envelope; bump on a breaking change of any command's JSON. */
export const SCHEMA_VERSION = 1

/** What every command hands to emit(): a verdict, findings, and its own data. */
export interface CommandReport {
  verdict: Verdict
  findings: Finding[]
}

export type Envelope<R extends CommandReport> = {schemaVersion: number; tool: {name: string; version: string}; command: string} & R

export type Renderer<R> = (report: R, style: Style) => string

/** Output formats; each command offers the ones it has renderers for (human and json always). */
export type Format = 'human' | 'json' | 'markdown' | 'sarif' | 'junit' | 'github'

/** The `--format` flag for a command offering these formats (json = the same as --json). */
export function formatFlag<F extends readonly Format[]>(formats: F) {
  return Flags.option({default: 'human' as F[number], description: 'output format', options: formats})()
}

/** Exit code for a verdict: hazard 1, cannot-tell 3, otherwise 0 (DESIGN.md). */
export function exitCodeFor(verdict: Verdict): number {
  if (verdict === 'hazard') return EXIT.hazard
  if (verdict === 'cannot-tell') return EXIT.cannotTell
  return EXIT.ok
}

/** Owns output for every command: prints, sets the exit code, returns the --json data. */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    color: Flags.boolean({
      allowNo: true,
      default: true,
      description: 'Colour the human output (NO_COLOR is honoured too).',
      helpGroup: 'GLOBAL',
    }),
  }

  static override enableJsonFlag = true

  protected style(flags: {color?: boolean}): Style {
    return makeStyle({noColor: flags.color === false})
  }

  /**
   * Prints the report in the chosen format (never under --json, where oclif prints what we
   * return), sets process.exitCode from the verdict, and returns the versioned envelope.
   */
  protected emit<R extends CommandReport>(
    report: R,
    renderers: Renderer<R> | Partial<Record<Exclude<Format, 'json'>, Renderer<R>>>,
    options: {style: Style; format?: Format; exitCode?: number},
  ): Envelope<R> {
    const envelope = {
      schemaVersion: SCHEMA_VERSION,
      tool: {name: this.config.name, version: this.config.version},
      command: (this.id ?? '').replaceAll(':', ' '),
      ...report,
    }
    const format = options.format ?? 'human'
    if (!this.jsonEnabled()) {
      if (format === 'json') process.stdout.write(`${JSON.stringify(envelope, null, 2)}\n`)
      else {
        const render = typeof renderers === 'function' ? (format === 'human' ? renderers : undefined) : renderers[format]
        if (!render) throw new DisintoError(`--format ${format} is not available for this command`, {code: 'E_USAGE'})
        process.stdout.write(ensureNewline(render(report, options.style)))
      }
    }
    process.exitCode = options.exitCode ?? exitCodeFor(report.verdict)
    return envelope
  }

  /**
   * One line on stderr and the right exit code, for our errors and oclif's parse errors alike;
   * oclif's own catch would print a stack for ours and turn every code into 1 under --json.
   */
  override async catch(error: Interfaces.CommandError & {oclif?: {exit?: number}}): Promise<void> {
    const known = error instanceof DisintoError
    const exit = known ? error.exitCode : (error.oclif?.exit ?? EXIT.usage)
    process.exitCode = exit
    const message = oneLine(known || error.oclif ? error.message : `internal error: ${error.message}`)
    if (this.jsonEnabled()) {
      this.logJson({schemaVersion: SCHEMA_VERSION, error: {code: (error as {code?: string}).code ?? (error.oclif ? 'E_USAGE' : 'E_INTERNAL'), message, exit}})
      return
    }
    const suggestions = known ? error.suggestions : []
    process.stderr.write(`${this.config.bin}: ${message}\n`)
    for (const suggestion of suggestions) process.stderr.write(`  try: ${suggestion}\n`)
    if (!known && !error.oclif && process.env.DEBUG) process.stderr.write(`${error.stack}\n`)
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`
}
