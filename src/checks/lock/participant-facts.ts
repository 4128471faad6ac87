import type {Finding} from '../../domain/finding.js'
import {type Participant, refreshesSharedLogin} from '../../domain/participant.js'
import type {ViewLocation} from '../../domain/view.js'
import {configDirUnknown, nonRefreshing, readonlyConfigDir, refreshTokenInjected, singleFileCredentials} from './rules.js'

/** A refresher whose D is known, with where its credential store lives. */
export interface Refresher {
  participant: Participant
  configDir: ViewLocation
  /** the credentials file: two participants share a login store iff these are the same storage */
  store: ViewLocation
}

/** Per-participant facts and findings that do not depend on any other participant. */
export function refreshersOf(participants: readonly Participant[]): {refreshers: Refresher[]; findings: Finding[]} {
  const findings: Finding[] = []
  const refreshers: Refresher[] = []
  for (const participant of participants) {
    if (!refreshesSharedLogin(participant)) {
      findings.push(nonRefreshing(participant))
      continue
    }
    const d = participant.configDir?.path
    if (!d) {
      findings.push(configDirUnknown(participant))
      continue
    }
    const configDir = participant.view.resolve(participant.configDirRealpath ?? d)
    const store = participant.view.resolve(`${participant.configDirRealpath ?? d}/.credentials.json`)
    if (participant.view.isMountPoint(`${d}/.credentials.json`)) findings.push(singleFileCredentials(participant))
    if (configDir.readOnly) findings.push(readonlyConfigDir(participant, `mount ${configDir.mountTarget} is read-only`))
    else if (participant.configDirWritable === false) findings.push(readonlyConfigDir(participant, 'D is not writable for its user'))
    refreshers.push({participant, configDir, store})
  }
  const injected = participants.filter((p) => p.auth === 'refresh-token')
  if (injected.length >= 2) findings.push(refreshTokenInjected(injected))
  return {refreshers, findings}
}
