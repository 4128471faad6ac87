import type {Finding} from '../domain/finding.js'
import type {MountView, ViewLocation} from '../domain/view.js'
import {parentPath} from '../resolve/normalize-path.js'

export interface MountLayoutInput {
  view: MountView
  configDir: string
  configDirRealpath?: string
  /** participant name used in findings */
  name: string
}

/**
 * The original incident's check on one mount view: is D on its own mount while its parent is
 * the container's own filesystem? Then the sibling lock D.lock stays inside this container.
 */
export function checkMountLayout(input: MountLayoutInput): Finding[] {
  const {view, configDir, name} = input
  const real = input.configDirRealpath ?? configDir
  const d = view.resolve(real)
  const parent = view.resolve(parentPath(real))
  const sibling = view.resolve(`${real}.lock`)
  const findings: Finding[] = []
  const participants = [name]

  if (view.isMountPoint(`${configDir}/.credentials.json`)) {
    findings.push({
      rule: 'single-file-credentials-mount',
      severity: 'hazard',
      message: `${configDir}/.credentials.json is mounted as a single file: Claude Code replaces it by rename (EBUSY), and both locks land in ${configDir}, which is not shared`,
      participants,
      evidence: {expected: `${configDir} mounted as a directory`, actual: `${configDir}/.credentials.json is its own mount point`},
      fix: `mount the whole directory instead: replace the file bind with "<host>/.claude:${configDir}"`,
    })
  }

  if (d.mountTarget === real && !sibling.bind) {
    findings.push({
      rule: 'sibling-lock-private',
      severity: 'warning',
      message: `D is a ${d.bind ? 'bind mount' : 'mount'} (${d.describe}); its parent ${parentPath(real)} is ${parentWords(parent)} → the sibling lock ${real}.lock stays inside this ${view.kind === 'kernel' ? 'mount namespace' : 'container'}: clients ≤ 2.1.131 sharing D this way do not exclude each other`,
      participants,
      evidence: {expected: `${real}.lock on the storage shared with the other participants`, actual: `${real}.lock on ${sibling.describe}`},
      fix: `upgrade every participant to Claude Code ≥ 2.1.132 (the lock moves to ${configDir}/.oauth_refresh.lock), or mount a shared parent and set CLAUDE_CONFIG_DIR under it`,
    })
  }

  if (d.readOnly) {
    findings.push({
      rule: 'readonly-config-dir',
      severity: 'warning',
      message: `D ${real} is on a read-only mount (${d.describe}): a refreshing client can neither take ${configDir}/.oauth_refresh.lock nor write the rotated token back`,
      participants,
      evidence: {expected: 'D writable', actual: `mount ${d.mountTarget ?? '/'} has option ro`},
      fix: `mount ${real} read-write (drop ":ro"), or give this participant a non-refreshing credential (ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN)`,
    })
  }

  if (parent.bind && parent.mountTarget === parentPath(real)) {
    findings.push({
      rule: 'parent-home-mounted',
      severity: 'info',
      message: `the parent ${parentPath(real)} is itself a bind mount (${parent.describe}): the sibling lock is shared, but everything else in it is exposed too`,
      participants,
      evidence: {expected: `only ${real} mounted`, actual: `${parentPath(real)} mounted`},
      fix: `prefer mounting only ${real} and upgrading every participant to Claude Code ≥ 2.1.132`,
    })
  }
  return findings
}

function parentWords(parent: ViewLocation): string {
  if (!parent.mountTarget) return 'on no mount of the table (the private root filesystem)'
  if (parent.medium === 'overlay') return `on ${parent.mountTarget}'s ${parent.fsType} (the container image, private)`
  return `not a mount point (it lives on ${parent.mountTarget}, ${parent.describe})`
}
