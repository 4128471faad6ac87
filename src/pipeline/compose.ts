import {createHash} from 'node:crypto'
import {posix} from 'node:path'

import {filterServices, profileCombinations} from '../compose/claude.js'
import {type DisintoConfig, parseDisintoConfig} from '../compose/config-file.js'
import {type ComposeIo, nodeComposeIo} from '../compose/gather.js'
import {loadComposeProject} from '../compose/load.js'
import {type ComposeEntry, type ComposeParticipantSources, asFinding, composeParticipants} from '../compose/participants.js'
import {type InlineSuppression, applySuppressions, parseInlineSuppressions, suppressionProblems} from '../compose/suppressions.js'
import type {ComposeProject, ComposeService} from '../compose/types.js'
import type {ComposeCombination, ComposeFinding, ComposeReport, FailOn} from '../domain/compose-report.js'
import {type Finding, type FindingLocation, type Verdict, verdictOf} from '../domain/finding.js'
import type {ParticipantJson} from '../domain/lock-report.js'
import {InputError} from '../errors.js'
import {EXIT} from '../exit-codes.js'
import {applyOverrides} from '../participants/overrides.js'
import {buildLockReport} from './lock.js'

export interface ComposeCheckOptions {
  /** `-f` and FILE arguments */
  files?: string[]
  projectDirectory?: string
  envFiles?: string[]
  profiles?: string[]
  allProfiles?: boolean
  services?: string[]
  ignoreServices?: string[]
  /** `--claude-version`, `[SERVICE=]X.Y.Z`, repeatable */
  claudeVersion?: string[]
  /** absent: the config file's, else error */
  failOn?: FailOn
  /** false under --no-inline-ignores */
  inlineIgnores?: boolean
  /** `--config`; default `.disinto-auth.yaml` in the project directory, optional */
  config?: string
  /** the process environment: the only source of host variables */
  env: Record<string, string | undefined>
  cwd: string
}

/** What judgeCompose needs besides the project: everything the IO shell read. */
export interface ComposeInputs {
  config: DisintoConfig
  /** the config file's directory (for `file:` entries) */
  configDir: string
  /** the text of every file a finding can point at, by its display path */
  texts: ReadonlyMap<string, string>
  /** the working directory relative to the repository root */
  root: string
}

/** The IO shell: load the project, the config file and the source texts, then judge. */
export async function checkCompose(options: ComposeCheckOptions, io: ComposeIo = nodeComposeIo): Promise<ComposeReport> {
  const cwd = posix.resolve(options.cwd)
  const loaded = await loadComposeProject(
    {
      files: options.files,
      projectDirectory: options.projectDirectory,
      envFiles: options.envFiles,
      profiles: options.profiles,
      allProfiles: options.allProfiles,
      env: options.env,
      cwd,
    },
    io,
  )
  const project = filterServices(loaded, {services: options.services, ignoreServices: options.ignoreServices})
  const configPath = options.config ? posix.resolve(cwd, options.config) : posix.join(project.workingDir, '.disinto-auth.yaml')
  const configText = await io.readText(configPath)
  if (configText === undefined && options.config) throw new InputError(`${options.config}: config file not found`, 'E_PARSE')
  const config = configText === undefined ? {ignore: []} : parseDisintoConfig(configText, display(cwd, configPath))
  const texts = new Map<string, string>()
  for (const file of sourceFiles(project, cwd)) {
    const text = await io.readText(posix.resolve(cwd, file))
    if (text !== undefined) texts.set(file, text)
  }
  const inputs: ComposeInputs = {config, configDir: posix.dirname(configPath), texts, root: await repoPrefix(cwd, io)}
  return judgeCompose(project, {...options, cwd}, inputs)
}

function display(cwd: string, path: string): string {
  const relative = posix.relative(cwd, path)
  return relative === '' ? '.' : relative.startsWith('..') ? path : relative
}

/** Every file a location of the project points into (compose files, extends and include targets). */
function sourceFiles(project: ComposeProject, cwd: string): string[] {
  const files = new Set(project.files.map((file) => display(cwd, file)))
  for (const service of [...project.services, ...project.disabledServices]) {
    files.add(service.location.file)
    for (const mount of service.mounts) files.add(mount.location.file)
    for (const value of Object.values(service.environment)) files.add(value.location.file)
    if (service.extension) files.add(service.extension.location.file)
  }
  return [...files]
}

/** cwd relative to the nearest directory holding `.git` ('' when none or the same). */
async function repoPrefix(cwd: string, io: ComposeIo): Promise<string> {
  for (let dir = cwd; ; dir = posix.dirname(dir)) {
    if ((await io.realpath(posix.join(dir, '.git'))) !== undefined) return posix.relative(dir, cwd)
    if (dir === '/') return ''
  }
}

interface Combination {
  profiles: string[]
  services: ComposeService[]
}

/** Default: every profile set enabling a distinct set of Claude services; fixed by --profile/COMPOSE_PROFILES/--all-profiles. */
function combinationsOf(project: ComposeProject): Combination[] {
  const all = [...project.services, ...project.disabledServices]
  const byName = (names: string[]) => names.map((name) => all.find((service) => service.name === name)!)
  if (project.allProfiles || project.activeProfiles.length > 0) {
    return [{profiles: project.allProfiles ? ['*'] : project.activeProfiles, services: project.services.filter((s) => s.runsClaude.value)}]
  }
  const combinations = profileCombinations(project)
  if (combinations.length === 0) return [{profiles: [], services: []}]
  return combinations.map((combination) => ({profiles: combination.profiles, services: byName(combination.services)}))
}

type LocationKind = 'configDir' | 'credentials' | 'configDirEnv' | 'service' | 'extension' | 'version' | 'auth'

// Which compose entry each rule's finding belongs on: the one whose edit removes it.
const RULE_ENTRY: Record<string, LocationKind> = {
  'single-file-credentials-mount': 'credentials',
  'config-dir-not-shared': 'configDirEnv',
  'config-dir-unknown': 'service',
  'version-unknown': 'service',
  'mixed-versions': 'version',
  'interactive-joins-flock': 'extension',
  'flock-wrapper-private': 'extension',
  'flock-only-protection': 'extension',
  'refresh-token-injected': 'auth',
  'not-a-refresher': 'auth',
}

function entryFor(kind: LocationKind, sources: ComposeParticipantSources): ComposeEntry {
  const service: ComposeEntry = {location: sources.service.location, what: `service ${sources.service.name}`}
  switch (kind) {
    case 'credentials':
      return sources.credentialsMount ?? sources.configDirMount ?? service
    case 'configDirEnv':
      return sources.configDirEnv ?? service
    case 'service':
      return service
    case 'extension':
      return sources.extension ?? service
    case 'version':
      return sources.service.extension?.version !== undefined && sources.extension ? sources.extension : service
    case 'auth':
      return sources.authEnv ?? service
    default:
      return sources.configDirMount ?? sources.configDirEnv ?? service
  }
}

function fingerprint(parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)
}

/** Puts an engine finding on the compose entry of each service it concerns; states assumptions. */
function locate(finding: Finding, sources: ReadonlyMap<string, ComposeParticipantSources>, profiles: string[]): ComposeFinding {
  const kind = RULE_ENTRY[finding.rule] ?? 'configDir'
  const entries = finding.participants.flatMap((name) => {
    const found = sources.get(name)
    return found ? [entryFor(kind, found)] : []
  })
  const located: ComposeFinding = {...finding, evidence: {...finding.evidence}, relatedLocations: entries.slice(1).map((e) => asFinding(e.location)), profiles: [profiles], fingerprint: ''}
  if (entries[0]) located.location = asFinding(entries[0].location)
  if (finding.rule === 'config-dir-unknown') {
    const name = finding.participants[0] ?? ''
    located.message = `${name}: its config dir D is unknown: the service sets neither HOME nor CLAUDE_CONFIG_DIR in its environment, and its user is not root`
    located.evidence = {expected: 'HOME or CLAUDE_CONFIG_DIR in the service environment', actual: 'unset (the image may set HOME, which a compose file cannot show)'}
    located.fix = `set HOME (or CLAUDE_CONFIG_DIR) under environment: of ${name}, e.g. "HOME: /home/agent"; if ${name} does not run Claude Code, mark it with x-disinto-auth: {claude: false}`
  }
  const assumptions = [...new Set(entries.map((e) => e.assumption).filter((a): a is string => a !== undefined))]
  if (assumptions.length > 0) {
    located.message = `${located.message} (assumed: ${assumptions.join('; ')})`
    located.evidence.actual = `${located.evidence.actual}; assumed: ${assumptions.join('; ')}`
  }
  const target = entries.map((e) => e.what).join('|')
  located.fingerprint = fingerprint([finding.rule, located.location?.file ?? '', finding.participants.join(','), target])
  return located
}

function missingVariableFindings(project: ComposeProject): ComposeFinding[] {
  return project.variablesMissing.map((missing) => {
    const location = asFinding(missing.location)
    return {
      rule: 'required-variable-unset',
      severity: 'cannot-tell' as const,
      message: `variable ${missing.name} is required${missing.message ? ` (${missing.message})` : ''} but unset: the compose file cannot be resolved without it`,
      participants: [],
      evidence: {expected: `${missing.name} set in the environment, .env or an --env-file`, actual: `${missing.name} unset`},
      fix: `set ${missing.name} for the gate (export it, put it in .env, or pass --env-file FILE), then re-run`,
      location,
      relatedLocations: [],
      profiles: [],
      fingerprint: fingerprint(['required-variable-unset', location.file, missing.name]),
    }
  })
}

const VERDICT_RANK: Record<Verdict, number> = {safe: 0, 'safe-but-warn': 1, 'cannot-tell': 2, hazard: 3}

function worst(verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (VERDICT_RANK[b] > VERDICT_RANK[a] ? b : a), 'safe')
}

function findingKey(finding: ComposeFinding): string {
  return `${finding.rule}\0${finding.participants.join(',')}\0${finding.message}\0${finding.location ? `${finding.location.file}:${finding.location.line}` : ''}`
}

/** Keeps one finding per rule, services, message and entry; remembers every profile set it holds in. */
function mergeFindings(findings: readonly ComposeFinding[]): ComposeFinding[] {
  const merged = new Map<string, ComposeFinding>()
  for (const finding of findings) {
    const key = findingKey(finding)
    const previous = merged.get(key)
    if (previous) previous.profiles.push(...finding.profiles)
    else merged.set(key, {...finding, profiles: [...finding.profiles]})
  }
  return [...merged.values()]
}

/** `--claude-version NAME=V` must name a Claude-running service; in a combination without it, it is dropped. */
function versionsFor(flags: readonly string[], known: ReadonlySet<string>, present: ReadonlySet<string>): string[] {
  return flags.filter((raw) => {
    const eq = raw.indexOf('=')
    if (eq <= 0 || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(raw.slice(0, eq))) return true
    const name = raw.slice(0, eq)
    if (!known.has(name)) throw new InputError(`--claude-version ${raw}: no Claude-running service named "${name}" (services: ${[...known].join(', ') || 'none'})`, 'E_USAGE')
    return present.has(name)
  })
}

export function exitCodeForCompose(verdict: Verdict, findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'never') return findings.some((f) => f.severity === 'cannot-tell') ? EXIT.cannotTell : EXIT.ok
  if (verdict === 'hazard') return EXIT.hazard
  if (verdict === 'cannot-tell') return EXIT.cannotTell
  if (verdict === 'safe-but-warn' && failOn === 'warning') return EXIT.hazard
  return EXIT.ok
}

/** Pure: a loaded project and what the shell read → the report (every profile combination judged, merged, suppressed). */
export function judgeCompose(project: ComposeProject, options: ComposeCheckOptions, inputs: ComposeInputs): ComposeReport {
  const allServices = [...project.services, ...project.disabledServices]
  const known = new Set(allServices.filter((s) => s.runsClaude.value).map((s) => s.name))
  const combinations: ComposeCombination[] = []
  const participants = new Map<string, ParticipantJson>()
  const sources = new Map<string, ComposeParticipantSources>()
  const raw: ComposeFinding[] = [...missingVariableFindings(project)]
  const defaults = inputs.config.claudeVersion ? {claudeVersion: inputs.config.claudeVersion} : {}
  for (const combination of combinationsOf(project)) {
    const built = composeParticipants(project, combination.services, defaults)
    for (const item of built) sources.set(item.participant.name, item.sources)
    const present = new Set(built.map((item) => item.participant.name))
    const overridden = applyOverrides(built.map((item) => item.participant), {claudeVersion: versionsFor(options.claudeVersion ?? [], known, present)})
    const lock = buildLockReport(overridden)
    for (const participant of lock.participants) if (!participants.has(participant.name)) participants.set(participant.name, participant)
    // a required variable left empty makes every value built from it wrong: no verdict but cannot-tell
    const unresolved = project.variablesMissing.length > 0
    if (!unresolved) raw.push(...lock.findings.map((finding) => locate(finding, sources, combination.profiles)))
    combinations.push({profiles: combination.profiles, services: [...present], verdict: unresolved ? 'cannot-tell' : lock.verdict, perProtocol: unresolved ? null : lock.perProtocol, pairs: lock.pairs})
  }
  const inline: InlineSuppression[] = options.inlineIgnores === false ? [] : [...inputs.texts].flatMap(([file, text]) => parseInlineSuppressions(file, text))
  raw.push(...suppressionProblems(inline).map((finding) => ({...finding, fingerprint: fingerprint([finding.rule, finding.location?.file ?? '', String(finding.location?.line)])})))
  const {active, suppressed} = applySuppressions(mergeFindings(raw), {
    inline,
    config: inputs.config.ignore,
    serviceLocations: new Map(allServices.map((s) => [s.name, asFinding(s.location)])),
    cwd: posix.resolve(options.cwd),
    configDir: inputs.configDir,
  })
  const verdict = verdictOf(active)
  const failOn = options.failOn ?? inputs.config.failOn ?? 'error'
  const perProtocols = combinations.flatMap((c) => (c.perProtocol ? [c.perProtocol] : []))
  return {
    verdict,
    findings: active,
    suppressed,
    project: {name: project.name, workingDir: display(posix.resolve(options.cwd), project.workingDir), files: project.files.map((file) => display(posix.resolve(options.cwd), file))},
    root: inputs.root,
    services: allServices.map((s) => ({name: s.name, runsClaude: s.runsClaude.value, evidence: s.runsClaude.evidence, profiles: s.profiles, location: asFinding(s.location)})),
    participants: [...participants.values()],
    combinations,
    perProtocol: perProtocols.length === 0
      ? null
      : {
          assumedFor: [...new Set(perProtocols.flatMap((p) => p.assumedFor))],
          old: worst(perProtocols.map((p) => p.old)),
          new: worst(perProtocols.map((p) => p.new)),
        },
    warnings: project.warnings,
    failOn,
    exitCode: exitCodeForCompose(verdict, active, failOn),
  }
}
