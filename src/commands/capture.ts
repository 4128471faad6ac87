import {Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import type {CaptureBundle} from '../domain/capture.js'
import {InputError} from '../errors.js'
import {parseParticipantSpec} from '../transports/spec.js'

export default class Capture extends BaseCommand {
  static override description = `Prints one participant's evidence as a capture bundle (JSON, schemas/capture.schema.json):
its mount table, HOME and the Claude variables, the kind of auth (never a secret), D and
realpath(D), whether D is writable, and the claude binary with its version and lock protocol.
Feed bundles to \`check lock --participant NAME=FILE\`. --script prints a POSIX sh script that
produces the same JSON inside a container that has no Node.`

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --name agents > agents.json', description: 'This process.'},
    {command: '<%= config.bin %> <%= command.id %> --script > capture.sh && docker cp capture.sh agents:/tmp && docker exec agents sh /tmp/capture.sh agents > agents.json', description: 'A container without Node.'},
    {command: '<%= config.bin %> <%= command.id %> --participant agents=docker:disinto-agents > agents.json', description: 'A live container through docker exec.'},
  ]

  static override flags = {
    name: Flags.string({description: 'participant name written into the bundle', default: 'self'}),
    participant: Flags.string({char: 'p', description: 'capture through a transport: NAME=docker:C, NAME=podman:C, NAME=kubectl:NS/POD[/C], NAME=pid:PID', exclusive: ['script']}),
    script: Flags.boolean({description: 'print the POSIX sh capture script instead of capturing'}),
    'version-timeout': Flags.integer({description: 'seconds allowed for `claude --version` (0: do not run it)', default: 10, min: 0}),
  }

  async run(): Promise<CaptureBundle | {script: string}> {
    const {flags} = await this.parse(Capture)
    const capture = await import('../capture/index.js')
    if (flags.script) {
      const script = capture.standaloneCaptureScript({name: flags.name, versionTimeoutSeconds: flags['version-timeout']})
      if (!this.jsonEnabled()) process.stdout.write(script)
      return {script}
    }
    const bundle = flags.participant ? await this.viaTransport(flags.participant, flags['version-timeout']) : await capture.captureSelf(process.env, {name: flags.name, versionTimeoutMs: flags['version-timeout'] * 1000})
    if (!this.jsonEnabled()) process.stdout.write(`${JSON.stringify(bundle, null, 2)}\n`)
    return bundle
  }

  private async viaTransport(text: string, versionTimeoutSeconds: number): Promise<CaptureBundle> {
    const spec = parseParticipantSpec(text)
    if (spec.kind === 'file') throw new InputError(`--participant ${text}: capture needs a live participant (docker:, podman:, kubectl:, pid:, self), not a file`, 'E_USAGE')
    const {captureVia} = await import('../capture/via.js')
    const {transportFor} = await import('../transports/index.js')
    return captureVia(transportFor(spec), spec.name, {versionTimeoutSeconds})
  }
}
