import {Flags} from '@oclif/core'

import type {OverrideFlags} from './overrides.js'

// The per-participant flags shared by check lock and check probe (and what they mean to the
// engine). Kept out of src/commands/, where oclif would take every file for a command.

/** Flags that correct or complete what was gathered about each participant. */
export const overrideFlags = {
  auth: Flags.string({description: 'auth kind: [NAME=]oauth|api-key|auth-token|api-key-helper|oauth-token|refresh-token|cloud', multiple: true}),
  'claude-version': Flags.string({description: 'Claude Code version: [NAME=]X.Y.Z', multiple: true}),
  'config-dir': Flags.string({description: 'config dir D: [NAME=]PATH', multiple: true}),
  flock: Flags.string({description: 'file of an external flock wrapper around every claude call: [NAME=]PATH', multiple: true}),
  home: Flags.string({description: 'HOME of the participant (D = HOME/.claude): [NAME=]PATH', multiple: true}),
  interactive: Flags.string({description: 'NAME of an interactive participant (an operator waits on it); "all" for every one', multiple: true}),
  realpath: Flags.string({description: 'realpath of D inside the participant: [NAME=]PATH', multiple: true}),
}

/** --participant, with the spec forms a command accepts spelled out. */
export function participantFlag(description: string) {
  return Flags.string({char: 'p', description, multiple: true})
}

type OverrideFlagValues = {[K in keyof typeof overrideFlags]?: string[]}

/** The parsed override flags in the form applyOverrides takes. */
export function overridesFrom(flags: OverrideFlagValues): OverrideFlags {
  return {
    auth: flags.auth,
    claudeVersion: flags['claude-version'],
    configDir: flags['config-dir'],
    flock: flags.flock,
    home: flags.home,
    interactive: flags.interactive?.map((name) => (name === 'all' ? '*' : name)),
    realpath: flags.realpath,
  }
}
