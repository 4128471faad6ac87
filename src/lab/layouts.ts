import type {LabHostEntry, LabLayout, LabMountSpec, LabParticipantSpec} from './types.js'

/** Obviously fake: no real token has this shape, and nothing may ever try to refresh it. */
export function fakeCredentials(login: string): string {
  return (
    JSON.stringify(
      {
        claudeAiOauth: {
          accessToken: `FAKE-disinto-lab-access-token-${login}-not-a-real-token`,
          refreshToken: `FAKE-disinto-lab-refresh-token-${login}-not-a-real-token`,
          expiresAt: 0,
          scopes: ['user:inference'],
          subscriptionType: 'disinto-lab-fake',
        },
      },
      null,
      2,
    ) + '\n'
  )
}

/** A host credential dir with a fake `.credentials.json` (and any subdirectories). */
function claudeDir(path: string, login: string, subdirs: string[] = []): LabHostEntry[] {
  return [
    {kind: 'dir', path},
    {kind: 'file', path: `${path}/.credentials.json`, content: fakeCredentials(login)},
    ...subdirs.map((d): LabHostEntry => ({kind: 'dir', path: `${path}/${d}`})),
  ]
}

const HOST_CLAUDE = 'home/johba/.claude'
const volume = (name: string): string => `var/lib/docker/volumes/${name}/_data`

const bind = (source: string, target: string, readOnly = false): LabMountSpec =>
  readOnly ? {kind: 'bind', source, target, readOnly} : {kind: 'bind', source, target}

const agent = (name: string, mounts: LabMountSpec[], description?: string): LabParticipantSpec => ({
  name,
  ...(description === undefined ? {} : {description}),
  env: {HOME: '/home/agent'},
  mounts,
})

export const LAYOUTS: readonly LabLayout[] = [
  {
    name: 'dir-only',
    description:
      'The incident: host /home/johba/.claude bound at /home/agent/.claude in two containers; /home/agent is each one\'s private overlay.',
    scenario: 1,
    host: claudeDir(HOST_CLAUDE, 'johba'),
    participants: [
      agent('agents', [bind(HOST_CLAUDE, '/home/agent/.claude')]),
      agent('edge', [bind(HOST_CLAUDE, '/home/agent/.claude')]),
    ],
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: true}],
  },
  {
    name: 'different-paths',
    description:
      'The same host dir at /home/agent/.claude (HOME=/home/agent) in one container and at /root/.claude (HOME=/root) in another.',
    scenario: 3,
    host: claudeDir(HOST_CLAUDE, 'johba'),
    participants: [
      agent('agents', [bind(HOST_CLAUDE, '/home/agent/.claude')]),
      {name: 'ops', env: {HOME: '/root'}, mounts: [bind(HOST_CLAUDE, '/root/.claude')]},
    ],
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'agents', b: 'ops', sibling: false, inDir: true}],
  },
  {
    name: 'home-mismatch',
    description:
      'The shared dir is bound at /home/agent/.claude in both, but ops runs with HOME=/root (its D is the private /root/.claude, empty).',
    scenario: 4,
    host: claudeDir(HOST_CLAUDE, 'johba'),
    participants: [
      agent('agents', [bind(HOST_CLAUDE, '/home/agent/.claude')]),
      {
        name: 'ops',
        env: {HOME: '/root'},
        mounts: [bind(HOST_CLAUDE, '/home/agent/.claude'), {kind: 'dir', path: '/root/.claude'}],
      },
    ],
    expected: {old: 'hazard', new: 'hazard'},
    locks: [{a: 'agents', b: 'ops', sibling: false, inDir: false}],
  },
  {
    name: 'parent',
    description: 'The whole host home /home/johba bound at /home/agent in two containers.',
    scenario: 5,
    host: [{kind: 'dir', path: 'home/johba'}, ...claudeDir(HOST_CLAUDE, 'johba')],
    participants: [agent('agents', [bind('home/johba', '/home/agent')]), agent('edge', [bind('home/johba', '/home/agent')])],
    expected: {old: 'safe-but-warn', new: 'safe-but-warn'},
    locks: [{a: 'agents', b: 'edge', sibling: true, inDir: true}],
  },
  {
    name: 'volume-dir',
    description: 'A named volume claude-auth at /home/agent/.claude in two services (like dir-only, the source is a volume).',
    scenario: 6,
    host: claudeDir(volume('claude-auth'), 'johba'),
    participants: [
      agent('agents', [bind(volume('claude-auth'), '/home/agent/.claude')]),
      agent('edge', [bind(volume('claude-auth'), '/home/agent/.claude')]),
    ],
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: true}],
  },
  {
    name: 'volume-home',
    description:
      'One directory (named volume agent-home, or a pod volume) bound as the whole /home/agent of two participants.',
    scenario: 7,
    host: [{kind: 'dir', path: volume('agent-home')}, ...claudeDir(`${volume('agent-home')}/.claude`, 'johba')],
    participants: [
      agent('agents', [bind(volume('agent-home'), '/home/agent')]),
      agent('edge', [bind(volume('agent-home'), '/home/agent')]),
    ],
    expected: {old: 'safe', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: true, inDir: true}],
  },
  {
    name: 'symlink',
    description: '/home/agent/.claude is a symlink to /data/claude in each container\'s own root; the volume claude-data is /data in both.',
    scenario: 8,
    host: [{kind: 'dir', path: volume('claude-data')}, ...claudeDir(`${volume('claude-data')}/claude`, 'johba')],
    participants: ['agents', 'edge'].map((name) =>
      agent(name, [bind(volume('claude-data'), '/data'), {kind: 'symlink', path: '/home/agent/.claude', to: '/data/claude'}]),
    ),
    expected: {old: 'safe', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: true, inDir: true}],
  },
  {
    name: 'symlink-dir-only',
    description:
      '/home/agent/.claude is a symlink to /data/claude, but only /data/claude is bound (from the volume); /data itself is each container\'s own.',
    scenario: 9,
    host: [{kind: 'dir', path: volume('claude-data')}, ...claudeDir(`${volume('claude-data')}/claude`, 'johba')],
    participants: ['agents', 'edge'].map((name) =>
      agent(name, [
        bind(`${volume('claude-data')}/claude`, '/data/claude'),
        {kind: 'symlink', path: '/home/agent/.claude', to: '/data/claude'},
      ]),
    ),
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: true}],
  },
  {
    name: 'config-dir',
    description: 'CLAUDE_CONFIG_DIR=/data/claude with the volume claude-data (the parent of D) bound at /data in both.',
    scenario: 10,
    host: [{kind: 'dir', path: volume('claude-data')}, ...claudeDir(`${volume('claude-data')}/claude`, 'johba')],
    participants: ['agents', 'edge'].map(
      (name): LabParticipantSpec => ({
        name,
        env: {HOME: '/home/agent', CLAUDE_CONFIG_DIR: '/data/claude'},
        mounts: [bind(volume('claude-data'), '/data'), {kind: 'dir', path: '/home/agent'}],
      }),
    ),
    expected: {old: 'safe', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: true, inDir: true}],
  },
  {
    name: 'readonly',
    description: 'Host /home/johba/.claude bound read-only at /home/agent/.claude in two containers.',
    scenario: 11,
    host: claudeDir(HOST_CLAUDE, 'johba'),
    participants: [
      agent('agents', [bind(HOST_CLAUDE, '/home/agent/.claude', true)]),
      agent('edge', [bind(HOST_CLAUDE, '/home/agent/.claude', true)]),
    ],
    expected: {old: 'hazard', new: 'hazard'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: 'erofs'}],
  },
  {
    name: 'single-file',
    description:
      'Only host .credentials.json is bound (at /home/agent/.claude/.credentials.json); /home/agent/.claude itself is each container\'s own.',
    scenario: 12,
    host: claudeDir(HOST_CLAUDE, 'johba'),
    participants: ['agents', 'edge'].map((name) =>
      agent(name, [bind(`${HOST_CLAUDE}/.credentials.json`, '/home/agent/.claude/.credentials.json')]),
    ),
    expected: {old: 'hazard', new: 'hazard'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: false}],
  },
  {
    name: 'tmpfs-home',
    description:
      'Each container has a private tmpfs at /home/agent with host /home/johba/.claude bound inside it at /home/agent/.claude (lab-only; behaves as row 1).',
    scenario: 1,
    host: claudeDir(HOST_CLAUDE, 'johba'),
    participants: ['agents', 'edge'].map((name) =>
      agent(name, [{kind: 'tmpfs', target: '/home/agent'}, bind(HOST_CLAUDE, '/home/agent/.claude')]),
    ),
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: true}],
  },
  {
    name: 'overmount',
    description:
      'Both bind host /home/johba/.claude at /home/agent/.claude, but edge then mounts a second dir (a copy of the same login) over it: edge\'s D is the copy (lab-only; row 21, copies of one login).',
    scenario: 21,
    host: [...claudeDir(HOST_CLAUDE, 'johba'), ...claudeDir('home/johba/claude-copy', 'johba')],
    participants: [
      agent('agents', [bind(HOST_CLAUDE, '/home/agent/.claude')]),
      agent('edge', [bind(HOST_CLAUDE, '/home/agent/.claude'), bind('home/johba/claude-copy', '/home/agent/.claude')]),
    ],
    expected: {old: 'hazard', new: 'hazard'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: false}],
  },
  {
    name: 'nested',
    description:
      'Host /home/johba/.claude at /home/agent/.claude in both, with a private tmpfs nested inside D at /home/agent/.claude/projects (lab-only; behaves as row 1).',
    scenario: 1,
    host: claudeDir(HOST_CLAUDE, 'johba', ['projects']),
    participants: ['agents', 'edge'].map((name) =>
      agent(name, [bind(HOST_CLAUDE, '/home/agent/.claude'), {kind: 'tmpfs', target: '/home/agent/.claude/projects'}]),
    ),
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: true}],
  },
  {
    name: 'devcontainer-host',
    description:
      'The host user\'s own view (host /home/johba at /home/johba, HOME=/home/johba) plus a devcontainer binding /home/johba/.claude at /home/vscode/.claude.',
    scenario: 14,
    host: [{kind: 'dir', path: 'home/johba'}, ...claudeDir(HOST_CLAUDE, 'johba')],
    participants: [
      {name: 'host', env: {HOME: '/home/johba'}, mounts: [bind('home/johba', '/home/johba')]},
      {name: 'devcontainer', env: {HOME: '/home/vscode'}, mounts: [bind(HOST_CLAUDE, '/home/vscode/.claude')]},
    ],
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'host', b: 'devcontainer', sibling: false, inDir: true}],
  },
  {
    name: 'separate-login',
    description:
      'agents and edge share host /home/johba/.claude; chat has its own host dir /home/johba/.claude-chat (its own login) at /home/agent/.claude. The layout verdict is its worst pair (agents–edge, row 1); pairs with chat are row 25.',
    scenario: 25,
    host: [...claudeDir(HOST_CLAUDE, 'johba'), ...claudeDir('home/johba/.claude-chat', 'johba-chat')],
    participants: [
      agent('agents', [bind(HOST_CLAUDE, '/home/agent/.claude')]),
      agent('edge', [bind(HOST_CLAUDE, '/home/agent/.claude')]),
      agent('chat', [bind('home/johba/.claude-chat', '/home/agent/.claude')]),
    ],
    expected: {old: 'hazard', new: 'safe'},
    locks: [{a: 'agents', b: 'edge', sibling: false, inDir: true}, {a: 'agents', b: 'chat', sibling: false, inDir: false}, {a: 'edge', b: 'chat', sibling: false, inDir: false}],
    pairs: [
      {a: 'agents', b: 'edge', scenario: 1, expected: {old: 'hazard', new: 'safe'}},
      {a: 'agents', b: 'chat', scenario: 25, expected: {old: 'safe', new: 'safe'}},
      {a: 'edge', b: 'chat', scenario: 25, expected: {old: 'safe', new: 'safe'}},
    ],
  },
]

export function layoutByName(name: string): LabLayout {
  const layout = LAYOUTS.find((l) => l.name === name)
  if (!layout) throw new Error(`no lab layout named ${JSON.stringify(name)} (have: ${LAYOUTS.map((l) => l.name).join(', ')})`)
  return layout
}

/** D as Claude Code computes it: CLAUDE_CONFIG_DIR else $HOME/.claude. */
export function configDirOf(env: {HOME: string; CLAUDE_CONFIG_DIR?: string}): string {
  if (env.CLAUDE_CONFIG_DIR) return env.CLAUDE_CONFIG_DIR
  return env.HOME === '/' ? '/.claude' : `${env.HOME.replace(/\/+$/, '')}/.claude`
}
