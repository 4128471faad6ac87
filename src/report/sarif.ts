import {posix} from 'node:path'

import type {ComposeFinding, ComposeReport} from '../domain/compose-report.js'
import type {FindingLocation, Severity} from '../domain/finding.js'
import {RULES, helpUri} from './rule-catalog.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {hazard: 'error', 'cannot-tell': 'warning', warning: 'warning', info: 'note'}

/** A path as the repository sees it: the working directory's prefix joined on, forward slashes. */
export function repoPath(root: string, file: string): string {
  if (file.startsWith('/')) return file
  return posix.normalize(posix.join(root, file)).replace(/^\.\//, '')
}

function uri(path: string): string {
  return path.startsWith('/') ? `file://${encodeURI(path)}` : encodeURI(path)
}

function physical(root: string, location: FindingLocation) {
  const region: {startLine: number; startColumn?: number} = {startLine: location.line}
  if (location.column) region.startColumn = location.column
  return {physicalLocation: {artifactLocation: {uri: uri(repoPath(root, location.file))}, region}}
}

function result(finding: ComposeFinding, root: string, ruleIndex: Map<string, number>) {
  const text = [finding.message, finding.participants.length > 0 ? `Services: ${finding.participants.join(', ')}.` : '', `Fix: ${finding.fix}`, finding.location?.via ? `Via: ${finding.location.via}.` : '']
    .filter(Boolean)
    .join(' ')
  const entry: Record<string, unknown> = {
    ruleId: finding.rule,
    level: LEVEL[finding.severity],
    message: {text},
    locations: finding.location ? [physical(root, finding.location)] : [],
    partialFingerprints: {'disintoAuth/v1': finding.fingerprint},
    properties: {severity: finding.severity, services: finding.participants, evidence: finding.evidence, fix: finding.fix, profiles: finding.profiles},
  }
  const index = ruleIndex.get(finding.rule)
  if (index !== undefined) entry.ruleIndex = index
  if (finding.relatedLocations.length > 0) {
    entry.relatedLocations = finding.relatedLocations.map((location, id) => ({id, ...physical(root, location)}))
  }
  if (finding.suppression) {
    entry.suppressions = [{kind: finding.suppression.kind, status: 'accepted', justification: finding.suppression.justification}]
  }
  return entry
}

/**
 * SARIF 2.1.0 for code scanning: stable rule ids with helpUri, repo-relative URIs, a
 * fingerprint that survives line moves, suppressed findings with their justification, and
 * cannot-tell findings repeated as tool notifications (the run could not decide).
 */
export function renderSarif(report: ComposeReport, _style?: unknown): string {
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]))
  const all = [...report.findings, ...report.suppressed]
  const cannotTell = report.findings.filter((finding) => finding.severity === 'cannot-tell')
  const run = {
    tool: {
      driver: {
        name: 'disinto-auth',
        informationUri: 'https://github.com/disinto/disinto-auth',
        rules: RULES.map((rule) => ({
          id: rule.id,
          name: rule.id,
          shortDescription: {text: rule.title},
          helpUri: helpUri(rule.id),
          defaultConfiguration: {level: LEVEL[rule.severity]},
          properties: {severity: rule.severity},
        })),
      },
    },
    invocations: [
      {
        executionSuccessful: cannotTell.length === 0,
        exitCode: report.exitCode,
        toolExecutionNotifications: cannotTell.map((finding) => {
          const notification: Record<string, unknown> = {level: 'warning', message: {text: `cannot tell: ${finding.message}`}, descriptor: {id: finding.rule}}
          if (finding.location) notification.locations = [physical(report.root, finding.location)]
          return notification
        }),
      },
    ],
    results: all.map((finding) => result(finding, report.root, ruleIndex)),
    properties: {verdict: report.verdict, perProtocol: report.perProtocol},
  }
  return `${JSON.stringify({$schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run]}, null, 2)}\n`
}
