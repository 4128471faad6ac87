import {Flags} from '@oclif/core'

import {BaseCommand, type Envelope, formatFlag} from '../../base-command.js'
import type {ProbeCheckReport} from '../../domain/probe-check-report.js'
import {InputError} from '../../errors.js'
import {overrideFlags, overridesFrom, participantFlag} from '../../participants/flags.js'
import {probeLive} from '../../participants/probe-live.js'
import {uniqueSpecs} from '../../participants/unique-specs.js'
import {parseParticipantSpec} from '../../transports/spec.js'
import type {Style} from '../../ui/style.js'

export default class CheckProbe extends BaseCommand {
  static override summary = 'Proves by experiment, in live containers, where the refresh locks land, and checks the prediction of check lock against it.'

  static override description = `Runs the proof by experiment in live participants and sets it against the prediction of
check lock: a marker made in D (and in D's parent) of each participant is looked for in every
other one, mkdir locks are contended at the sibling position realpath(D)….lock and inside D,
and flocks on probe files in D (and beside a --flock wrapper file) are tried from the others.
A probe only makes and always removes files named .disinto-probe-<random>; it never touches
.credentials.json, .oauth_refresh.lock, session.lock or a real .claude.lock. Every disagreement
with the model is a prediction-refuted finding: the model or the input is wrong.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --participant agents=docker:disinto-agents --participant edge=docker:disinto-edge', description: 'Two docker containers.'},
    {command: '<%= config.bin %> <%= command.id %> --container agents --container edge --via podman --claude-version 2.1.120', description: 'Containers by name, one version for both.'},
    {command: '<%= config.bin %> <%= command.id %> --container ai/agents-0/claude --container ai/edge-0 --via kubectl --verbose', description: 'Pod containers, printing the exact commands.'},
  ]

  static override flags = {
    format: formatFlag(['human', 'json', 'markdown'] as const),
    ...overrideFlags,
    participant: participantFlag('NAME=docker:C, NAME=podman:C, NAME=kubectl:NS/POD[/C], NAME=pid:PID, or self (live participants only)'),
    container: Flags.string({description: 'a container to probe, named after itself: NAME (docker, podman) or NS/POD[/C] (kubectl)', multiple: true}),
    via: Flags.option({description: 'engine for --container', options: ['docker', 'podman', 'kubectl'] as const, default: 'docker' as const})(),
    concurrency: Flags.integer({description: 'participants set up or checked at once', default: 4, min: 1, max: 64}),
    timeout: Flags.integer({description: 'seconds allowed for each probe command', default: 30, min: 1}),
    hold: Flags.integer({description: 'the longest (seconds) a participant keeps its probes before removing them on its own', default: 120, min: 1}),
    verbose: Flags.boolean({char: 'v', description: 'print the exact commands run in each participant'}),
  }

  async run(): Promise<Envelope<ProbeCheckReport>> {
    const {flags} = await this.parse(CheckProbe)
    const fromContainers = (flags.container ?? []).map((container) => containerSpec(container, flags.via))
    const specs = uniqueSpecs([...(flags.participant ?? []), ...fromContainers])
    if (specs.length < 2) throw new InputError('check probe needs at least two live participants: --participant NAME=docker:C … (or --container NAME repeated)', 'E_USAGE')
    const json = this.jsonEnabled() || flags.format === 'json'
    const progress = !json && process.stderr.isTTY ? (line: string) => process.stderr.write(`${line}\n`) : undefined
    const report = await probeLive(specs, overridesFrom(flags), {
      concurrency: flags.concurrency,
      timeoutMs: flags.timeout * 1000,
      holdSeconds: flags.hold,
      ...(progress ? {onProgress: progress} : {}),
    })
    const renderers = flags.format === 'markdown'
      ? {markdown: (await import('../../report/markdown/probe-markdown.js')).renderProbeMarkdown}
      : {human: await humanRenderer(flags.verbose)}
    return this.emit(report, renderers, {format: flags.format, style: this.style(flags)})
  }
}

async function humanRenderer(verbose: boolean): Promise<(report: ProbeCheckReport, style: Style) => string> {
  const {renderProbeHuman} = await import('../../report/probe-human.js')
  return (report, style) => renderProbeHuman(report, style, {verbose})
}

/** `--container agents --via docker` → `agents=docker:agents`; kubectl `ns/pod[/c]` is named after the pod. */
function containerSpec(container: string, via: 'docker' | 'podman' | 'kubectl'): string {
  const parts = container.split('/')
  const name = via === 'kubectl' ? (parts[1] ?? container) : container
  // parse now, so a bad name is reported as the --container value it came from
  try {
    parseParticipantSpec(`${name}=${via}:${container}`)
  } catch (error) {
    throw new InputError(`--container ${container} --via ${via}: ${(error as Error).message.replace(/^--participant "[^"]*": /, '')}`, 'E_USAGE')
  }
  return `${name}=${via}:${container}`
}
