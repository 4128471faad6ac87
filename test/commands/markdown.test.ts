import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {ROOT, runCli} from '../helpers/run-cli.js'

// The triage report: every check command speaks markdown with the verdict, the matrix, a
// drawing of each participant's relevant mount tree, the findings with fixes, and the steps
// to reproduce the evidence by hand.
const cap = (name: string, file = 'capture.json') => `${name}=${join(ROOT, 'fixtures/captured/dir-only', name, file)}`

describe('--format markdown', () => {
  it('check lock: verdict, matrix, per-participant tree with shared/private marks, fixes, repro steps', () => {
    const md = runCli(['check', 'lock', '-p', cap('agents'), '-p', cap('edge'), '--claude-version', '2.1.120', '--format', 'markdown']).stdout
    expect(md).toMatch(/^## disinto-auth check lock\n\n\*\*Verdict:\*\* ❌ \*\*hazard\*\*/)
    expect(md).toMatch(/\| lock \| `agents` \| `edge` \| shared \|/)
    expect(md).toMatch(/\| sibling \| .* \| ✗ private \|/)
    expect(md).toMatch(/├─ \.claude +mount: .* ← D ✓ shared/)
    expect(md).toMatch(/└─ \.claude\.lock +on \/: overlay .* ← sibling lock ✗ private/)
    expect(md).toMatch(/- fix: upgrade agents and edge to Claude Code ≥ 2\.1\.132/)
    expect(md).toMatch(/findmnt -T \/home\/agent\/\.claude\n/)
    expect(md).toMatch(/touch \/home\/agent\/\.claude\/\.disinto-marker \/home\/agent\/\.disinto-marker/)
  })

  it('check mounts: the paths table and the drawing', () => {
    const md = runCli(['check', 'mounts', '--mountinfo', join(ROOT, 'fixtures/captured/dir-only/agents/mountinfo'), '--home', '/home/agent', '--format', 'markdown']).stdout
    expect(md).toMatch(/\| `\/home\/agent\/\.claude` \| config-dir \|/)
    expect(md).toMatch(/└─ \.oauth_refresh\.lock/)
    expect(md).toMatch(/\*\*warning\*\* `sibling-lock-private`/)
  })

  it('check compose: services, locks, located findings', () => {
    const md = runCli(['check', 'compose', '-f', join(ROOT, 'fixtures/compose/scenarios/01-incident/compose.yaml'), '--claude-version', '2.1.120', '--format', 'markdown'], {env: {HOME: '/home/johba'}}).stdout
    expect(md).toMatch(/### Services/)
    expect(md).toMatch(/\*\*hazard\*\* `sibling-lock-private` \(`.*compose\.yaml:7:9`\)/)
  })
})
