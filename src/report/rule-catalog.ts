// Every rule id a report can carry, with the words SARIF rules, JUnit and docs/rules.md use.
// Ids are stable forever; docs/rules.md has one section per id (a test keeps the three in step).

export interface RuleInfo {
  id: string
  /** one line: what goes wrong (SARIF shortDescription) */
  title: string
  /** the default severity */
  severity: 'hazard' | 'cannot-tell' | 'warning' | 'info'
  /** a finding a compose service can get (live probes and doctor's own rules cannot) */
  perService?: false
}

export const RULES: readonly RuleInfo[] = [
  {id: 'sibling-lock-private', severity: 'hazard', title: 'Participants share a login but their only common lock (the sibling D.lock) is private to each'},
  {id: 'lock-not-shared', severity: 'hazard', title: 'Participants share a login store but every lock they both take lands on different storage'},
  {id: 'mixed-versions', severity: 'hazard', title: 'An old client (sibling lock only) shares a login with a new one (lock inside D)'},
  {id: 'readonly-config-dir', severity: 'hazard', title: 'A refreshing client has a read-only config dir'},
  {id: 'single-file-credentials-mount', severity: 'hazard', title: '.credentials.json is bind-mounted as a single file'},
  {id: 'config-dir-not-shared', severity: 'hazard', title: "A client's config dir is not on the store the others share"},
  {id: 'refresh-token-injected', severity: 'hazard', title: 'One CLAUDE_CODE_OAUTH_REFRESH_TOKEN is given to several clients'},
  {id: 'config-dir-unknown', severity: 'cannot-tell', title: "A client's config dir is unknown (no HOME or CLAUDE_CONFIG_DIR)"},
  {id: 'version-unknown', severity: 'cannot-tell', title: 'The verdict depends on a Claude Code version that is not known'},
  {id: 'storage-unproven', severity: 'cannot-tell', title: 'The input cannot prove whether a lock lands on the same storage'},
  {id: 'network-fs-lock', severity: 'warning', title: 'A shared lock lands on a medium where it may not be coherent'},
  {id: 'required-variable-unset', severity: 'cannot-tell', title: 'A ${VAR:?} / ${VAR?} variable the compose file requires is unset'},
  {id: 'flock-wrapper-private', severity: 'warning', title: 'The external flock wrappers lock different files'},
  {id: 'flock-only-protection', severity: 'warning', title: 'Only the external flock wrapper keeps the clients apart'},
  {id: 'interactive-joins-flock', severity: 'warning', title: 'An interactive client waits on the whole-run flock'},
  {id: 'parent-home-mounted', severity: 'warning', title: 'A whole home directory is shared to share the sibling lock'},
  {id: 'suppression-without-reason', severity: 'warning', title: 'An ignore comment without a reason (it suppresses nothing)'},
  {id: 'suppression-unknown-rule', severity: 'warning', title: 'An ignore comment names a rule that does not exist'},
  {id: 'prediction-refuted', perService: false, severity: 'cannot-tell', title: 'A live probe disagrees with the prediction from the mount tables: the model or the input is wrong'},
  {id: 'probe-error', perService: false, severity: 'warning', title: 'A live probe could not run in a participant (read-only D, permission denied, timeout)'},
  {id: 'participant-unreachable', perService: false, severity: 'cannot-tell', title: 'A participant could not be reached (container gone, engine missing, pid dead)'},
  {id: 'probe-leftover', perService: false, severity: 'warning', title: 'A probe entry could not be removed; the exact rm command is given'},
  {id: 'sibling-lock-only', perService: false, severity: 'warning', title: 'The claude binary here takes only the sibling lock (Claude Code ≤ 2.1.131)'},
  {id: 'check-error', perService: false, severity: 'cannot-tell', title: 'A doctor check could not run (a bug or a bad input, named)'},
  {id: 'not-a-refresher', severity: 'info', title: 'A client uses non-rotating credentials and never refreshes the shared login'},
]

const BY_ID = new Map(RULES.map((rule) => [rule.id, rule]))

export function ruleInfo(id: string): RuleInfo | undefined {
  return BY_ID.get(id)
}

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id))

export const DOCS_URL = 'https://github.com/disinto/disinto-auth/blob/main/docs/rules.md'

/** The docs anchor of a rule (GitHub makes heading anchors from the id as written). */
export function helpUri(id: string): string {
  return `${DOCS_URL}#${id}`
}
