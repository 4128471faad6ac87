import {setTimeout as delay} from 'node:timers/promises'

import {Flags} from '@oclif/core'

import {BaseCommand, type Envelope, formatFlag} from '../base-command.js'
import type {LabReport} from '../domain/lab-report.js'
import {DisintoError, InputError} from '../errors.js'
import {EXIT} from '../exit-codes.js'

const DEFAULT_VERSIONS = ['2.1.131', '2.1.132']

export default class Lab extends BaseCommand {
  static override summary = 'Builds a scenarios.md layout as real mount namespaces and sets check lock, check probe and the expected verdict side by side (Linux, root).'

  static override description = `Builds a layout from research/scenarios.md as real Linux mount namespaces (an overlay
root over / on a private tmpfs, the layout's binds, chroot — no Docker), captures every
participant through nsenter, judges it with check lock (for old and new Claude Code) and with
check probe, and prints both verdicts beside the one scenarios.md expects. Everything is torn
down on every exit path (mounts, processes, the lab dir), Ctrl-C included. Linux and root only.
Exit 0 when prediction, probes and scenarios.md agree, 1 when they do not.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --list', description: 'The layouts a single kernel can build.'},
    {command: 'sudo <%= config.bin %> <%= command.id %> --layout dir-only', description: 'The incident: sibling lock private, in-dir lock shared.'},
    {command: 'sudo <%= config.bin %> <%= command.id %> --layout symlink --claude-version 2.1.120 --hold 300', description: 'One version; keep the lab up 5 minutes to look around (nsenter -t PID -m -r -w sh).'},
  ]

  static override flags = {
    format: formatFlag(['human', 'json'] as const),
    layout: Flags.string({char: 'l', description: 'layout to build (see --list)'}),
    list: Flags.boolean({description: 'list the layouts with their expected verdicts', exclusive: ['layout']}),
    'claude-version': Flags.string({description: `Claude Code version every participant runs (repeatable) [default: ${DEFAULT_VERSIONS.join(' and ')}, old and new]`, multiple: true}),
    hold: Flags.integer({description: 'keep the lab up this many seconds after the verdicts, to enter it by hand', default: 0, min: 0}),
    concurrency: Flags.integer({description: 'participants probed at once', default: 4, min: 1, max: 64}),
    timeout: Flags.integer({description: 'seconds allowed for each probe command', default: 30, min: 1}),
  }

  async run(): Promise<Envelope<LabReport> | {layouts: unknown[]}> {
    const {flags} = await this.parse(Lab)
    const json = this.jsonEnabled() || flags.format === 'json'
    const {LAYOUTS} = await import('../lab/layouts.js')
    if (flags.list) {
      const layouts = LAYOUTS.map((l) => ({name: l.name, scenario: l.scenario, expected: l.expected, participants: l.participants.map((p) => p.name), description: l.description}))
      if (!this.jsonEnabled()) {
        if (flags.format === 'json') process.stdout.write(`${JSON.stringify({layouts}, null, 2)}\n`)
        else for (const l of layouts) process.stdout.write(`${l.name.padEnd(18)} row ${String(l.scenario).padStart(2)}  old ${l.expected.old.padEnd(13)} new ${l.expected.new.padEnd(13)} ${l.description}\n`)
      }
      return {layouts}
    }
    if (!flags.layout) throw new InputError('lab: give --layout NAME (see --list)', 'E_USAGE')
    const layout = LAYOUTS.find((l) => l.name === flags.layout)
    if (!layout) throw new InputError(`lab: no layout named "${flags.layout}" (have: ${LAYOUTS.map((l) => l.name).join(', ')})`, 'E_USAGE')
    const versions = flags['claude-version'] ?? DEFAULT_VERSIONS
    const {protocolForVersion} = await import('../protocols/protocol-for.js')
    for (const version of versions) if (!protocolForVersion(version)) throw new InputError(`--claude-version ${version}: not a Claude Code version (X.Y.Z)`, 'E_USAGE')
    const {labSupport, createLab} = await import('../lab/index.js')
    const support = await labSupport()
    if (!support.ok) throw new DisintoError(`lab needs Linux, root and mount namespaces, and cannot run here: ${support.reason}`, {code: 'E_LAB_UNSUPPORTED', exit: EXIT.usage})

    // milestones on stderr (never under --json); the probes' per-participant lines only on a TTY
    const say = json ? () => {} : (line: string) => process.stderr.write(`${line}\n`)
    say(`lab: building ${layout.name} (${layout.participants.length} participants)`)
    const lab = await createLab(layout)
    try {
      say(`lab: built ${layout.name} in ${lab.dir} (keeper pid ${lab.keeperPid}; ${lab.participants.map((p) => `${p.name} pid ${p.pid}`).join(', ')})`)
      const {evaluateLab} = await import('../lab/evaluate-lab.js')
      const report = await evaluateLab(lab, {
        versions,
        concurrency: flags.concurrency,
        timeoutMs: flags.timeout * 1000,
        say,
        ...(!json && process.stderr.isTTY ? {onProgress: say} : {}),
      })
      const {renderLabHuman} = await import('../report/lab-human.js')
      const envelope = this.emit(report, {human: renderLabHuman}, {format: flags.format, style: this.style(flags), exitCode: report.agree ? EXIT.ok : EXIT.hazard})
      if (flags.hold > 0) {
        say(`lab: holding ${layout.name} for ${flags.hold} s; enter a participant with: nsenter -t PID -m -r -w sh (${lab.participants.map((p) => `${p.name} ${p.pid}`).join(', ')}); Ctrl-C tears it down`)
        await delay(flags.hold * 1000)
      }
      return envelope
    } finally {
      say(`lab: tearing down ${lab.dir}`)
      await lab.teardown()
    }
  }
}
