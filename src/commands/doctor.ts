import {Args, Flags} from '@oclif/core'

import {BaseCommand, type Envelope, formatFlag} from '../base-command.js'
import type {DoctorReport} from '../domain/doctor-report.js'
import {DOCTOR_CHECKS} from '../doctor/registry.js'
import {doctorFacts} from '../gather/doctor-facts.js'
import {uniqueSpecs} from '../participants/unique-specs.js'
import {runDoctor, selectChecks} from '../pipeline/doctor.js'

export default class Doctor extends BaseCommand {
  static override args = {
    checks: Args.string({description: 'check ids to run (default: all; see --list-checks)', ignoreStdin: true}),
  }

  static override description = `Runs every check that applies here and gives one verdict: this process as a participant
(is D shared, which locks it takes, the claude binary on PATH and its protocol), the
participants given with --participant, a compose file in the current directory (or -f), and
the host user's own claude beside the compose services when run on the host.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %>', description: 'Everything that applies here.'},
    {command: '<%= config.bin %> <%= command.id %> --format markdown > triage.md', description: 'A report to paste into an issue.'},
    {command: '<%= config.bin %> <%= command.id %> compose host-claude -f deploy/compose.yaml', description: 'Two checks on a given compose file.'},
  ]

  static override flags = {
    file: Flags.string({char: 'f', description: 'compose file (repeatable; default: compose.yaml & co. in the current directory)', multiple: true}),
    format: formatFlag(['human', 'json', 'markdown'] as const),
    'list-checks': Flags.boolean({description: 'list the check ids and exit'}),
    participant: Flags.string({char: 'p', description: 'also judge these participants: NAME=FILE, NAME=pid:PID, NAME=docker:C, …', multiple: true}),
    verbose: Flags.boolean({char: 'v', description: 'details and findings of passed checks too'}),
  }

  static override strict = false

  async run(): Promise<Envelope<DoctorReport> | {checks: {id: string; title: string}[]}> {
    const {argv, flags} = await this.parse(Doctor)
    if (flags['list-checks']) {
      const checks = DOCTOR_CHECKS.map(({id, title}) => ({id, title}))
      if (!this.jsonEnabled()) process.stdout.write(checks.map((c) => `${c.id.padEnd(16)} ${c.title}`).join('\n') + '\n')
      return {checks}
    }
    const checks = selectChecks(argv as string[])
    const specs = uniqueSpecs(flags.participant ?? [])
    const facts = doctorFacts({specs, composeFiles: flags.file ?? [], cwd: process.cwd(), env: process.env})
    const progress = process.stderr.isTTY && !this.jsonEnabled() ? (done: number, total: number) => process.stderr.write(`\r  checking… ${done}/${total}${done === total ? '\r\u001B[K' : ''}`) : undefined
    const report = await runDoctor(checks, {facts, participantCount: specs.length, cwd: process.cwd(), env: process.env}, progress)
    const options = {format: flags.format, style: this.style(flags)}
    if (flags.format === 'markdown') {
      const {renderDoctorMarkdown} = await import('../report/markdown/doctor-markdown.js')
      return this.emit(report, {markdown: renderDoctorMarkdown}, options)
    }
    const {renderDoctorHuman} = await import('../report/doctor-human.js')
    return this.emit(report, {human: (r, style) => renderDoctorHuman({...r, verbose: flags.verbose}, style)}, options)
  }
}
