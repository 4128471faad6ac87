import {posix} from 'node:path'

import type {ComposeFinding, Suppression} from '../domain/compose-report.js'
import type {FindingLocation} from '../domain/finding.js'
import {RULE_IDS} from '../report/rule-catalog.js'

/** `# disinto-auth ignore rule[,rule…] -- reason` as found in a compose file. */
export interface InlineSuppression {
  rules: string[]
  reason?: string
  location: FindingLocation
}

/** One `ignore:` entry of `.disinto-auth.yaml`. */
export interface ConfigSuppression {
  rule: string
  service?: string
  /** relative to the config file's directory */
  file?: string
  reason: string
  location: FindingLocation
}

const PRAGMA = /#\s*disinto-auth\s+ignore\b(.*)$/

/** Every ignore comment of one file (1-based line and column of the `#`). */
export function parseInlineSuppressions(file: string, text: string): InlineSuppression[] {
  const found: InlineSuppression[] = []
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!
    const match = PRAGMA.exec(line)
    if (!match) continue
    const rest = match[1]!
    const dashes = rest.indexOf('--')
    const rulePart = dashes === -1 ? rest : rest.slice(0, dashes)
    const reason = dashes === -1 ? '' : rest.slice(dashes + 2).trim()
    const rules = rulePart.split(/[\s,]+/).filter(Boolean)
    const suppression: InlineSuppression = {rules, location: {file, line: index + 1, column: match.index + 1}}
    if (reason) suppression.reason = reason
    found.push(suppression)
  }
  return found
}

function problem(rule: 'suppression-without-reason' | 'suppression-unknown-rule', location: FindingLocation, message: string, actual: string, fix: string): ComposeFinding {
  return {
    rule,
    severity: 'warning',
    message,
    participants: [],
    evidence: {expected: '# disinto-auth ignore <rule> -- <reason>', actual},
    fix,
    location,
    relatedLocations: [],
    profiles: [],
    fingerprint: '',
  }
}

/** Comments that suppress nothing: no reason, or a rule id that does not exist. */
export function suppressionProblems(inline: readonly InlineSuppression[]): ComposeFinding[] {
  const findings: ComposeFinding[] = []
  for (const item of inline) {
    const at = `${item.location.file}:${item.location.line}`
    if (item.rules.length === 0 || !item.reason) {
      findings.push(problem(
        'suppression-without-reason',
        item.location,
        `the ignore comment at ${at} ${item.rules.length === 0 ? 'names no rule' : 'gives no reason'}, so it suppresses nothing`,
        `# disinto-auth ignore ${item.rules.join(',')}${item.reason ? ` -- ${item.reason}` : ''}`,
        'say why after " -- ", e.g. # disinto-auth ignore sibling-lock-private -- every claude call runs under flock (ops#12)',
      ))
      continue
    }
    for (const rule of item.rules.filter((id) => !RULE_IDS.has(id))) {
      findings.push(problem(
        'suppression-unknown-rule',
        item.location,
        `the ignore comment at ${at} names rule "${rule}", which does not exist, so it suppresses nothing for it`,
        rule,
        'use a rule id from docs/rules.md (the second word of each finding)',
      ))
    }
  }
  return findings
}

function sameLine(a: FindingLocation, b: FindingLocation): boolean {
  return a.file === b.file && a.line === b.line
}

export interface SuppressionContext {
  inline: readonly InlineSuppression[]
  config: readonly ConfigSuppression[]
  /** the service key location of every service, for comments on the key line */
  serviceLocations: ReadonlyMap<string, FindingLocation>
  /** the working directory and the config file's directory, to compare `file:` entries */
  cwd: string
  configDir: string
}

/** Where a finding may be suppressed inline: its entry, the related entries, and its services' key lines. */
function anchors(finding: ComposeFinding, context: SuppressionContext): FindingLocation[] {
  const lines: FindingLocation[] = []
  if (finding.location) lines.push(finding.location)
  lines.push(...finding.relatedLocations)
  for (const name of finding.participants) {
    const key = context.serviceLocations.get(name)
    if (key) lines.push(key)
  }
  return lines
}

function matchConfig(finding: ComposeFinding, entry: ConfigSuppression, context: SuppressionContext): boolean {
  if (entry.rule !== finding.rule) return false
  if (entry.service !== undefined && !finding.participants.includes(entry.service)) return false
  if (entry.file !== undefined) {
    const wanted = posix.resolve(context.configDir, entry.file)
    const files = [finding.location, ...finding.relatedLocations].filter((l): l is FindingLocation => l !== undefined)
    if (!files.some((location) => posix.resolve(context.cwd, location.file) === wanted)) return false
  }
  return true
}

/** Splits findings into active and suppressed; a comment without reason never suppresses. */
export function applySuppressions(findings: readonly ComposeFinding[], context: SuppressionContext): {active: ComposeFinding[]; suppressed: ComposeFinding[]} {
  const active: ComposeFinding[] = []
  const suppressed: ComposeFinding[] = []
  for (const finding of findings) {
    let suppression: Suppression | undefined
    if (!finding.rule.startsWith('suppression-')) {
      const where = anchors(finding, context)
      const comment = context.inline.find((item) => item.reason && item.rules.includes(finding.rule) && where.some((at) => sameLine(at, item.location)))
      if (comment) suppression = {kind: 'inSource', justification: comment.reason!, location: comment.location}
    }
    if (!suppression) {
      const entry = context.config.find((item) => matchConfig(finding, item, context))
      if (entry) suppression = {kind: 'external', justification: entry.reason, location: entry.location}
    }
    if (suppression) suppressed.push({...finding, suppression})
    else active.push(finding)
  }
  return {active, suppressed}
}
