import type {ComposeCombination, ComposeFinding, ComposeReport} from '../domain/compose-report.js'
import {RULES} from './rule-catalog.js'
import {where} from './compose-human.js'

// XML 1.0 allows no control characters but tab, LF and CR, even escaped.
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function combinationName(report: ComposeReport, combination: ComposeCombination): string {
  const profiles = combination.profiles.length === 0 ? '' : ` [profiles ${combination.profiles.join('+')}]`
  return `${report.project.name}${profiles}`
}

function sameProfiles(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((profile, index) => profile === b[index])
}

function inCombination(finding: ComposeFinding, combination: ComposeCombination): boolean {
  return finding.profiles.length === 0 || finding.profiles.some((profiles) => sameProfiles(profiles, combination.profiles))
}

function detail(finding: ComposeFinding): string {
  return [
    `${where(finding.location)} ${finding.rule}: ${finding.message}`,
    finding.location?.via ? `via: ${finding.location.via}` : '',
    `expected: ${finding.evidence.expected}`,
    `actual: ${finding.evidence.actual}`,
    `fix: ${finding.fix}`,
  ]
    .filter(Boolean)
    .join('\n')
}

/** Rules a JUnit case is written for per service: those about one service's own lock question. */
const SERVICE_RULES = RULES.filter((rule) => rule.perService !== false && !rule.id.startsWith('suppression-') && rule.id !== 'required-variable-unset' && rule.id !== 'not-a-refresher')

/**
 * One testsuite per compose project × profile combination, one testcase per service × rule:
 * a hazard is a failure, cannot-tell an error, a suppressed finding skipped (with its reason),
 * a warning a failure only under --fail-on warning. Findings about no service (an unset
 * required variable, a bad ignore comment) get a testcase of their own.
 */
export function renderJunit(report: ComposeReport, _style?: unknown): string {
  const suites: string[] = []
  let total = 0
  let failures = 0
  let errors = 0
  let skipped = 0
  const everything = [...report.findings, ...report.suppressed]
  for (const combination of report.combinations) {
    const cases: string[] = []
    const counts = {tests: 0, failures: 0, errors: 0, skipped: 0}
    const suite = combinationName(report, combination)
    const addCase = (name: string, classname: string, findings: ComposeFinding[]) => {
      counts.tests++
      const active = findings.filter((finding) => !finding.suppression)
      const hazard = active.find((finding) => finding.severity === 'hazard' || (finding.severity === 'warning' && report.failOn === 'warning'))
      const cannot = active.find((finding) => finding.severity === 'cannot-tell')
      const quiet = findings.find((finding) => finding.suppression)
      let body = ''
      if (hazard) {
        counts.failures++
        body = `<failure type="${hazard.severity}" message="${xml(hazard.message)}">${xml(active.map(detail).join('\n\n'))}</failure>`
      } else if (cannot) {
        counts.errors++
        body = `<error type="cannot-tell" message="${xml(cannot.message)}">${xml(active.map(detail).join('\n\n'))}</error>`
      } else if (quiet && active.length === 0) {
        counts.skipped++
        body = `<skipped message="${xml(`suppressed: ${quiet.suppression!.justification}`)}"/>`
      } else if (active.length > 0) {
        body = `<system-out>${xml(active.map(detail).join('\n\n'))}</system-out>`
      }
      cases.push(`    <testcase name="${xml(name)}" classname="${xml(classname)}"${body ? `>${body}</testcase>` : '/>'}`)
    }
    for (const service of combination.services) {
      for (const rule of SERVICE_RULES) {
        const findings = everything.filter((finding) => finding.rule === rule.id && finding.participants.includes(service) && inCombination(finding, combination))
        addCase(`${service} ${rule.id}`, `${suite}.${service}`, findings)
      }
    }
    for (const finding of everything.filter((f) => f.participants.length === 0 && inCombination(f, combination))) {
      addCase(`${finding.rule} ${where(finding.location)}`, `${suite}.project`, [finding])
    }
    total += counts.tests
    failures += counts.failures
    errors += counts.errors
    skipped += counts.skipped
    suites.push(
      `  <testsuite name="${xml(suite)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}">\n${cases.join('\n')}\n  </testsuite>`,
    )
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="disinto-auth check compose" tests="${total}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
