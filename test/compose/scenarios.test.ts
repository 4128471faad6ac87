import {readFileSync, readdirSync} from 'node:fs'
import {posix} from 'node:path'
import {describe, expect, it} from 'vitest'

import {composeView} from '../../src/compose/view.js'
import type {ComposeService} from '../../src/compose/types.js'
import {fixture, load, service} from './helpers.js'

interface Expected {
  scenario: number
  layout: string
  verdict: {old: string; new: string}
  participants: [string, string]
  env: Record<string, string>
  shared: {path: string; shared: boolean}[]
  readOnly?: {path: string; readOnly: boolean}[]
}

/** D as scenarios.md defines it, evaluated in the service's own environment. */
function claudeDir(s: ComposeService): string {
  const env = (key: string) => s.environment[key]?.value
  return env('CLAUDE_CONFIG_DIR') || `${env('HOME') ?? '/root'}/.claude`
}

function expand(path: string, s: ComposeService): string {
  return path.startsWith('D') ? claudeDir(s) + path.slice(1) : path
}

const root = fixture('scenarios')
const cases = readdirSync(root).sort()

describe('compose-expressible layouts of scenarios.md: backing keys equal exactly where storage is shared', () => {
  it('has the layouts the brief names', () => {
    expect(cases.map((name) => Number(name.slice(0, 2)))).toEqual([1, 3, 5, 6, 7, 10, 10, 11, 12, 25, 26])
  })

  describe.each(cases)('%s', (name) => {
    const expected = JSON.parse(readFileSync(posix.join(root, name, 'expected.json'), 'utf8')) as Expected

    it(`#${expected.scenario} (${expected.verdict.old} / ${expected.verdict.new}): ${expected.layout}`, async () => {
      const project = await load(posix.join('scenarios', name), {env: expected.env})
      const [a, b] = expected.participants.map((participant) => service(project, participant)) as [ComposeService, ComposeService]
      const [viewA, viewB] = [composeView(project, a), composeView(project, b)]
      for (const {path, shared} of expected.shared) {
        const [inA, inB] = [viewA.resolve(expand(path, a)), viewB.resolve(expand(path, b))]
        expect({path, shared: inA.backing.key === inB.backing.key, a: inA.backing.key, b: inB.backing.key}).toEqual({
          path,
          shared,
          a: inA.backing.key,
          b: shared ? inA.backing.key : expect.not.stringMatching(`^${inA.backing.key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
        })
      }
      for (const {path, readOnly} of expected.readOnly ?? []) {
        expect({path, readOnly: viewA.resolve(expand(path, a)).readOnly}).toEqual({path, readOnly})
      }
      expect(project.warnings).toEqual([])
      expect(project.variablesMissing).toEqual([])
      expect([a.runsClaude.value, b.runsClaude.value]).toEqual([true, true])
    })
  })

  it('#1 in words: D is the host dir in both, the sibling lock is each service\'s own overlay', async () => {
    const project = await load('scenarios/01-incident', {env: {HOME: '/home/johba'}})
    const agents = composeView(project, 'agents')
    const edge = composeView(project, 'edge')
    expect(agents.resolve('/home/agent/.claude')).toMatchObject({
      mountTarget: '/home/agent/.claude',
      relative: '',
      backing: {key: 'host:/home/johba/.claude', exact: false},
      medium: 'local',
      describe: 'host /home/johba/.claude',
    })
    expect(agents.resolve('/home/agent/.claude/.oauth_refresh.lock').backing.key).toBe('host:/home/johba/.claude/.oauth_refresh.lock')
    expect(agents.resolve('/home/agent/.claude.lock')).toMatchObject({
      relative: 'home/agent/.claude.lock',
      backing: {key: 'rootfs:01-incident/agents:/home/agent/.claude.lock'},
      medium: 'overlay',
      describe: 'overlay of agents',
    })
    expect(edge.resolve('/home/agent/.claude.lock').describe).toBe('overlay of edge')
  })

  it('#6 named volume: described by its project-qualified name', async () => {
    const project = await load('scenarios/06-named-volume-claude')
    expect(composeView(project, 'edge').resolve('/home/agent/.claude/.credentials.json')).toMatchObject({
      backing: {key: 'volume:06-named-volume-claude_claude-auth/.credentials.json', storagePath: '/.credentials.json'},
      describe: 'volume 06-named-volume-claude_claude-auth',
    })
  })

  it('#26: the non-rotating credentials are seen in each service\'s environment', async () => {
    const project = await load('scenarios/26-api-key')
    expect(service(project, 'agents').environment['ANTHROPIC_API_KEY']?.value).toBe('sk-ant-placeholder')
    expect(service(project, 'edge').runsClaude.evidence).toEqual(['sets CLAUDE_CODE_OAUTH_TOKEN (compose.yaml:12:7)'])
  })
})

describe('x-disinto-auth on a scenario service', () => {
  it('carries version, flock and the declared claude flag', async () => {
    const project = await load('scenarios/05-whole-home')
    expect(service(project, 'edge').extension).toMatchObject({claude: true, version: '2.1.140', flock: '/home/agent/.claude/session.lock'})
    expect(service(project, 'agents').runsClaude.evidence).toEqual(['x-disinto-auth.claude: true (compose.yaml:7:21)'])
  })
})
