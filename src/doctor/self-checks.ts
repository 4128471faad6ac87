import {checkMountLayout} from '../checks/mount-layout.js'
import {lockSites} from '../checks/lock/lock-sites.js'
import type {DoctorResult} from '../domain/doctor-report.js'
import type {Finding} from '../domain/finding.js'
import {FIRST_IN_DIR_VERSION} from '../domain/protocols.js'
import type {DoctorFacts} from '../gather/doctor-facts.js'
import {participantFromBundle} from '../participants/from-evidence.js'
import {resultFrom, skipped} from './result.js'

/** This process as a participant: is D known and writable. */
export async function selfConfigDir(facts: DoctorFacts): Promise<DoctorResult> {
  const id = 'self-config-dir'
  const title = 'config dir of this process'
  const bundle = await facts.self()
  if (!bundle.configDir) {
    return resultFrom(id, title, 'D unknown: HOME and CLAUDE_CONFIG_DIR are unset', [{
      rule: 'config-dir-unknown',
      severity: 'cannot-tell',
      message: 'this process has no HOME and no CLAUDE_CONFIG_DIR, so Claude Code would have no config dir',
      participants: ['self'],
      evidence: {expected: 'HOME or CLAUDE_CONFIG_DIR set', actual: 'neither set'},
      fix: 'export HOME (or CLAUDE_CONFIG_DIR) in the environment that runs claude',
    }])
  }
  const real = bundle.configDirRealpath
  const where = `D = ${bundle.configDir}${real && real !== bundle.configDir ? ` → ${real}` : ''}`
  if (!real) return resultFrom(id, title, `${where} does not exist yet (no login here)`, [])
  const findings: Finding[] = bundle.configDirWritable === false
    ? [{
        rule: 'readonly-config-dir',
        severity: 'hazard',
        message: `${bundle.configDir} is not writable for uid ${bundle.uid ?? '?'}: a refresh cannot take the in-dir lock nor write the rotated token back`,
        participants: ['self'],
        evidence: {expected: 'D writable', actual: 'not writable'},
        fix: `make ${bundle.configDir} writable for this user (mount it rw, or run with the owner's uid), or use ANTHROPIC_API_KEY / CLAUDE_CODE_OAUTH_TOKEN here`,
      }]
    : []
  return resultFrom(id, title, `${where}, ${bundle.configDirWritable ? 'writable' : 'not writable'}, auth ${bundle.auth}`, findings)
}

/** The original incident's check on this process's own mount table. */
export async function selfMounts(facts: DoctorFacts): Promise<DoctorResult> {
  const id = 'self-mounts'
  const title = 'where D and its locks live here'
  const bundle = await facts.self()
  if (!bundle.configDir) return skipped(id, title, 'D unknown (see self-config-dir)')
  const participant = participantFromBundle('self', bundle, 'self')
  const findings = checkMountLayout({view: participant.view, configDir: bundle.configDir, configDirRealpath: bundle.configDirRealpath, name: 'self'})
  const d = participant.view.resolve(bundle.configDirRealpath ?? bundle.configDir)
  const details = lockSites(participant, 'dual').map((site) => `${site.kind.padEnd(8)} ${site.path} → ${participant.view.resolve(site.resolvable).describe}`)
  return resultFrom(id, title, `D on ${d.describe}${d.mountTarget === d.path ? ' (its own mount)' : ''}`, findings, details)
}

/** The claude binary on PATH and the lock protocol its markers (or version) reveal. */
export async function selfClaude(facts: DoctorFacts): Promise<DoctorResult> {
  const id = 'self-claude'
  const title = 'claude on PATH and its lock protocol'
  const bundle = await facts.self()
  const claude = bundle.claude
  if (!claude?.path) return skipped(id, title, 'no claude on PATH here')
  const protocol = claude.protocol ?? 'unknown'
  const what = `${claude.path}${claude.version ? ` ${claude.version}` : ''}: ${protocol} lock`
  if (protocol === 'unknown') {
    return resultFrom(id, title, what, [{
      rule: 'version-unknown',
      severity: 'cannot-tell',
      message: `found ${claude.path} but neither its version nor its lock markers could be read`,
      participants: ['self'],
      evidence: {expected: 'a version or lock markers in the binary', actual: 'none found'},
      fix: `run "${claude.path} --version" by hand and pass --claude-version to check lock`,
    }])
  }
  if (protocol === 'sibling') {
    return resultFrom(id, title, what, [{
      rule: 'sibling-lock-only',
      severity: 'warning',
      message: `claude ${claude.version ?? ''} takes only the sibling lock ${bundle.configDirRealpath ?? bundle.configDir ?? 'D'}.lock: safe alone, a hazard beside containers that share only D`,
      participants: ['self'],
      evidence: {expected: `Claude Code ≥ ${FIRST_IN_DIR_VERSION}`, actual: claude.version ?? 'sibling-lock protocol'},
      fix: `upgrade claude here to ≥ ${FIRST_IN_DIR_VERSION} (npm i -g @anthropic-ai/claude-code@latest, or claude update)`,
    }])
  }
  return resultFrom(id, title, what, [])
}
