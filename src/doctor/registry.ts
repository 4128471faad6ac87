import type {DoctorResult} from '../domain/doctor-report.js'
import type {DoctorFacts} from '../gather/doctor-facts.js'
import {selfClaude, selfConfigDir, selfMounts} from './self-checks.js'
import {composeCheck, hostClaudeCheck, participantsCheck} from './wider-checks.js'

export interface DoctorContext {
  facts: DoctorFacts
  participantCount: number
  cwd: string
  env: NodeJS.ProcessEnv
}

export interface DoctorCheck {
  id: string
  title: string
  run(context: DoctorContext): Promise<DoctorResult>
}

/** Every check doctor knows, in the order it prints them; ids are stable. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  {id: 'self-config-dir', title: 'config dir of this process', run: ({facts}) => selfConfigDir(facts)},
  {id: 'self-mounts', title: 'where D and its locks live here', run: ({facts}) => selfMounts(facts)},
  {id: 'self-claude', title: 'claude on PATH and its lock protocol', run: ({facts}) => selfClaude(facts)},
  {id: 'participants', title: 'the participants given with --participant', run: ({facts, participantCount}) => participantsCheck(facts, participantCount)},
  {id: 'compose', title: 'the compose project here', run: ({facts, cwd, env}) => composeCheck(facts, cwd, env)},
  {id: 'host-claude', title: "the host's own claude beside the compose services", run: ({facts, cwd, env}) => hostClaudeCheck(facts, cwd, env)},
]
