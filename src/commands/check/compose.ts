import {Args, Flags} from '@oclif/core'

import {BaseCommand, type Envelope} from '../../base-command.js'
import type {ComposeReport, FailOn} from '../../domain/compose-report.js'
import {InputError} from '../../errors.js'
import {checkCompose} from '../../pipeline/compose.js'

export default class CheckCompose extends BaseCommand {
  static override args = {
    file: Args.string({description: 'compose file(s), as with -f (repeatable)', required: false}),
  }

  static override description = `Reads compose files exactly as Docker Compose does (variables, several files, extends,
include, profiles, named volumes), turns every service that runs Claude Code into a participant
and asks the verdict engine whether those sharing a login share a refresh lock. Each finding
sits on the line of the compose entry to change. By default every profile combination that
enables a Claude service is judged. Exit 0 clean, 1 a hazard (or a warning with --fail-on
warning), 2 bad usage or malformed input, 3 cannot tell (a version or a required variable unknown).`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %>', description: 'Discover compose.yaml (+ override) in this directory.'},
    {command: '<%= config.bin %> <%= command.id %> -f compose.yml -f compose.prod.yml --claude-version 2.1.140 --format sarif > compose.sarif', description: 'Two files merged, every client pinned, SARIF for code scanning.'},
    {command: '<%= config.bin %> <%= command.id %> docker-compose.yml --profile agents --fail-on warning --format github', description: 'One profile, fail on warnings too, GitHub annotations.'},
  ]

  static override flags = {
    'all-profiles': Flags.boolean({description: 'judge with every profile active (one combination)', exclusive: ['profile']}),
    'claude-version': Flags.string({description: 'Claude Code version: [SERVICE=]X.Y.Z (overrides x-disinto-auth.version); absent: answer per protocol', multiple: true}),
    config: Flags.string({description: 'config file (default: .disinto-auth.yaml in the project directory, if present)'}),
    'env-file': Flags.string({description: 'env file for interpolation, repeatable (later wins; replaces <project dir>/.env)', multiple: true}),
    'fail-on': Flags.option({description: 'lowest severity that fails the run (cannot-tell always exits 3)', options: ['error', 'warning', 'never'] as const})(),
    file: Flags.string({char: 'f', description: 'compose file, repeatable (else COMPOSE_FILE, else discovery)', multiple: true}),
    format: Flags.option({default: 'human' as const, description: 'output format', options: ['human', 'json', 'markdown', 'sarif', 'junit', 'github'] as const})(),
    'ignore-service': Flags.string({description: 'leave this service out, repeatable', multiple: true}),
    'inline-ignores': Flags.boolean({allowNo: true, default: true, description: 'honour "# disinto-auth ignore <rule> -- <reason>" comments (--no-inline-ignores for a central CI)'}),
    profile: Flags.string({description: 'active profile, repeatable (else COMPOSE_PROFILES, else every combination)', multiple: true}),
    'project-directory': Flags.string({description: 'project directory (default: the first file\'s directory)'}),
    service: Flags.string({description: 'judge only this service, repeatable (enables it whatever its profiles)', multiple: true}),
  }

  static override strict = false

  async run(): Promise<Envelope<ComposeReport>> {
    const {argv, flags} = await this.parse(CheckCompose)
    const files = [...(flags.file ?? []), ...(argv as string[])]
    const flagLike = files.find((file) => file.startsWith('-') && file !== '-')
    if (flagLike) throw new InputError(`unknown flag ${flagLike} (see --help)`, 'E_USAGE')
    const report = await checkCompose({
      files,
      projectDirectory: flags['project-directory'],
      envFiles: flags['env-file'],
      profiles: flags.profile,
      allProfiles: flags['all-profiles'],
      services: flags.service,
      ignoreServices: flags['ignore-service'],
      claudeVersion: flags['claude-version'],
      failOn: flags['fail-on'] as FailOn | undefined,
      inlineIgnores: flags['inline-ignores'],
      config: flags.config,
      env: process.env,
      cwd: process.cwd(),
    })
    const renderers = {
      human: (await import('../../report/compose-human.js')).renderComposeHuman,
      ...(flags.format === 'markdown' ? {markdown: (await import('../../report/markdown/compose-markdown.js')).renderComposeMarkdown} : {}),
      ...(flags.format === 'sarif' ? {sarif: (await import('../../report/sarif.js')).renderSarif} : {}),
      ...(flags.format === 'junit' ? {junit: (await import('../../report/junit.js')).renderJunit} : {}),
      ...(flags.format === 'github' ? {github: (await import('../../report/github.js')).renderGithub} : {}),
    }
    return this.emit(report, renderers, {format: flags.format, style: this.style(flags), exitCode: report.exitCode})
  }
}
