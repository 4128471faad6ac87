import {Args, Flags} from '@oclif/core'

import {BaseCommand, type Envelope, formatFlag} from '../../base-command.js'
import type {MountsReport} from '../../domain/mounts-report.js'
import {gatherMountInput, localRealpath} from '../../gather/mount-input.js'
import {configDirFrom} from '../../model/config-dir.js'
import {parseMountText} from '../../parse/mount-input.js'
import {buildMountsReport} from '../../pipeline/mounts.js'

export default class CheckMounts extends BaseCommand {
  static override args = {
    paths: Args.string({description: 'absolute paths to resolve (default: D, its parent, D.lock, D/.oauth_refresh.lock)', ignoreStdin: true}),
  }

  static override description = `Reads a mount table — this process's, another process's (--pid), or one a user pasted
(--mountinfo, --findmnt) — and answers, for each path, which visible mount holds it and which
storage backs it. Without paths it looks at the config dir D, its parent and both refresh locks,
and says in plain words whether the sibling lock D.lock stays inside this container.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %>', description: 'This process: where D and its locks live.'},
    {command: '<%= config.bin %> <%= command.id %> --pid 4242 --tree', description: "A container's view seen from the host, with the mount tree."},
    {command: 'docker exec agents cat /proc/self/mountinfo | <%= config.bin %> <%= command.id %> --mountinfo - --home /home/agent', description: 'A pasted mountinfo.'},
    {command: '<%= config.bin %> <%= command.id %> --findmnt pasted.txt --json /home/agent/.claude', description: 'Any findmnt output, one path, JSON.'},
  ]

  static override flags = {
    format: formatFlag(['human', 'json', 'markdown'] as const),
    'config-dir': Flags.string({description: 'the config dir D (default: CLAUDE_CONFIG_DIR, else $HOME/.claude)'}),
    findmnt: Flags.string({description: 'read findmnt output (any form) from FILE, - for stdin', exclusive: ['mountinfo', 'pid']}),
    'findmnt-format': Flags.option({description: 'force the findmnt form instead of detecting it', options: ['tree', 'list', 'raw', 'pairs', 'json'] as const})(),
    home: Flags.string({description: 'the HOME of the participant (D = HOME/.claude)'}),
    lenient: Flags.boolean({description: 'skip malformed lines with a warning each, as findmnt does'}),
    mountinfo: Flags.string({description: 'read a mountinfo from FILE, - for stdin', exclusive: ['findmnt', 'pid']}),
    pid: Flags.integer({description: "read /proc/PID/mountinfo and environ: a container's view from the host", exclusive: ['mountinfo', 'findmnt'], min: 1}),
    tree: Flags.boolean({description: 'print the mount tree with the paths marked'}),
  }

  static override strict = false

  async run(): Promise<Envelope<MountsReport>> {
    const {argv, flags} = await this.parse(CheckMounts)
    const input = await gatherMountInput({findmnt: flags.findmnt, mountinfo: flags.mountinfo, pid: flags.pid})
    const table = await parseMountText(input.text, input.source, input.kind, {findmntFormat: flags['findmnt-format'], lenient: flags.lenient})
    const env = {...input.env, ...(flags.home ? {HOME: flags.home, CLAUDE_CONFIG_DIR: undefined, CLAUDE_SECURESTORAGE_CONFIG_DIR: undefined} : {})}
    const chosen = flags['config-dir'] ? {path: flags['config-dir'], from: '--config-dir'} : configDirFrom(env)
    const realpath = chosen && input.pid === 'self' ? await localRealpath(chosen.path) : undefined
    const configDir = chosen ? {...chosen, ...(realpath && realpath !== chosen.path ? {realpath} : {})} : null
    const {tree, ...report} = buildMountsReport({table, configDir, paths: argv as string[], participant: 'self'})
    const options = {format: flags.format, style: this.style(flags)}
    if (flags.format === 'markdown') {
      const {renderMountsMarkdown} = await import('../../report/markdown/mounts-markdown.js')
      return this.emit(report, {markdown: renderMountsMarkdown}, options)
    }
    // JSON needs no renderer: the human one (and `table` with it) is imported only to be used
    if (this.jsonEnabled() || flags.format === 'json') return this.emit(report, {}, options)
    const {renderMountsHuman} = await import('../../report/mounts-human.js')
    return this.emit(report, {human: (r, style) => renderMountsHuman({...r, tree, showTree: flags.tree}, style)}, options)
  }
}
