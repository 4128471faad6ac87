import {Flags} from '@oclif/core'

import {BaseCommand, type Envelope, formatFlag} from '../../base-command.js'
import type {LockReport} from '../../domain/lock-report.js'
import {completeRealpaths, gatherParticipant} from '../../gather/participants.js'
import {overrideFlags, overridesFrom, participantFlag} from '../../participants/flags.js'
import {applyOverrides} from '../../participants/overrides.js'
import {buildLockReport} from '../../pipeline/lock.js'
import {uniqueSpecs} from '../../participants/unique-specs.js'

export default class CheckLock extends BaseCommand {
  static override description = `Proves, for every pair of participants that share a credential store, whether some
refresh lock both take lands on the same storage: the sibling realpath(D).lock (Claude Code
≤ 2.1.131, and as a second lock from 2.1.144), D/.oauth_refresh.lock (≥ 2.1.132) or an external
flock wrapper. Participants come from capture bundles, pasted mountinfo/findmnt, PIDs, or live
containers. Without a known version it answers per protocol and exits 3.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --participant agents=agents.mountinfo --participant edge=edge.json --home /home/agent --claude-version 2.1.120', description: 'Two pasted views, one HOME and version for both.'},
    {command: '<%= config.bin %> <%= command.id %> --participant agents=docker:disinto-agents --participant edge=docker:disinto-edge', description: 'Two live containers.'},
    {command: '<%= config.bin %> <%= command.id %> --participant a=pid:4242 --participant host=self --flock a=/home/agent/.claude/session.lock', description: 'A container process and this host.'},
  ]

  static override flags = {
    format: formatFlag(['human', 'json', 'markdown'] as const),
    ...overrideFlags,
    lenient: Flags.boolean({description: 'skip malformed lines of pasted tables with a warning each'}),
    participant: participantFlag('NAME=FILE (capture bundle, mountinfo, findmnt), NAME=pid:PID, NAME=docker:C, NAME=podman:C, NAME=kubectl:NS/POD[/C], or self'),
  }

  async run(): Promise<Envelope<LockReport>> {
    const {flags} = await this.parse(CheckLock)
    const specs = uniqueSpecs(flags.participant ?? ['self'])
    const gathered = await Promise.all(specs.map((spec) => gatherParticipant(spec, {lenient: flags.lenient})))
    const overridden = applyOverrides(gathered, overridesFrom(flags))
    const participants = await completeRealpaths(overridden)
    const report = buildLockReport(participants)
    const renderers = flags.format === 'markdown'
      ? {markdown: (await import('../../report/markdown/lock-markdown.js')).renderLockMarkdown}
      : {human: (await import('../../report/lock-human.js')).renderLockHuman}
    return this.emit(report, renderers, {format: flags.format, style: this.style(flags)})
  }
}
