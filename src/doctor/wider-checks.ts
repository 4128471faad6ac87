import type {DoctorResult} from '../domain/doctor-report.js'
import type {Participant} from '../domain/participant.js'
import type {DoctorFacts} from '../gather/doctor-facts.js'
import {participantFromBundle} from '../participants/from-evidence.js'
import {buildLockReport} from '../pipeline/lock.js'
import {hostView} from '../resolve/host-view.js'
import {resultFrom, skipped} from './result.js'

/** check lock over the --participant set. */
export async function participantsCheck(facts: DoctorFacts, count: number): Promise<DoctorResult> {
  const id = 'participants'
  const title = 'the participants given with --participant'
  if (count === 0) return skipped(id, title, 'no --participant given')
  const report = buildLockReport(await facts.participants())
  return resultFrom(id, title, `${report.participants.length} participants, ${report.pairs.length} sharing pairs: ${report.verdict}`, report.findings)
}

/** check compose over the compose file here (or -f). */
export async function composeCheck(facts: DoctorFacts, cwd: string, env: NodeJS.ProcessEnv): Promise<DoctorResult> {
  const id = 'compose'
  const title = 'the compose project here'
  const files = await facts.composeFiles()
  if (files.length === 0) return skipped(id, title, 'no compose file in the current directory (use -f)')
  const {checkCompose} = await import('../pipeline/compose.js')
  const report = await checkCompose({files, env, cwd, failOn: 'error'})
  const active = report.findings.filter((f) => !('suppressed' in f && f.suppressed))
  // doctor speaks plain findings; the compose-only fields (fingerprints, profiles) stay in check compose
  const plain = active.map(({rule, severity, message, participants, evidence, fix, location}) => ({rule, severity, message, participants, evidence, fix, ...(location ? {location} : {})}))
  return resultFrom(id, title, `${files.join(', ')}: ${report.verdict}`, plain)
}

/**
 * The host user's own claude is a participant too when a compose service mounts the host's
 * D: judged beside those services with the host's filesystem keyed like compose bind sources.
 */
export async function hostClaudeCheck(facts: DoctorFacts, cwd: string, env: NodeJS.ProcessEnv): Promise<DoctorResult> {
  const id = 'host-claude'
  const title = "the host's own claude beside the compose services"
  if (await facts.inContainer()) return skipped(id, title, 'running inside a container, not on the host')
  const bundle = await facts.self()
  if (!bundle.claude?.path) return skipped(id, title, 'no claude on PATH on this host')
  const files = await facts.composeFiles()
  if (files.length === 0) return skipped(id, title, 'no compose file to compare with')
  const {loadComposeProject} = await import('../compose/index.js')
  const {composeParticipants} = await import('../compose/participants.js')
  const project = await loadComposeProject({files, env, cwd})
  const services = composeParticipants(project, project.services).map((entry) => entry.participant)
  const host: Participant = {...participantFromBundle('host', bundle, 'self'), view: hostView()}
  const report = buildLockReport([host, ...services])
  const pairs = report.pairs.filter((pair) => pair.a === 'host' || pair.b === 'host')
  if (pairs.length === 0) return resultFrom(id, title, 'no service mounts the host\'s config dir', [])
  const findings = report.findings.filter((f) => f.participants.includes('host'))
  return resultFrom(id, title, `host claude ${bundle.claude.version ?? bundle.claude.protocol ?? ''} shares its login with ${pairs.map((p) => (p.a === 'host' ? p.b : p.a)).join(', ')}`, findings)
}
