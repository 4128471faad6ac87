import {describe, expect, it} from 'vitest'

import {filterServices, profileCombinations} from '../../src/compose/claude.js'
import {loadComposeProject} from '../../src/compose/load.js'
import {memoryComposeIo} from '../../src/compose/gather.js'
import {HOST_HOME, at, brief, fixture, load, mount, service} from './helpers.js'

const missingHere = (path: string) => expect.stringContaining(`host path ${path} does not exist here`)

describe('interpolation (rules 8–13)', () => {
  it('applies every operator, with the process env over .env', async () => {
    const project = await load('interpolation', {env: {OVERRIDDEN: 'from-process'}})
    const env = Object.fromEntries(Object.entries(service(project, 'app').environment).map(([key, item]) => [key, item.value]))
    expect(env).toMatchObject({
      PLAIN: 'dot',
      BRACED: 'dot',
      DEF_UNSET: 'dflt',
      DEF_EMPTY_COLON: 'dflt',
      DEF_EMPTY_DASH: '',
      DEF_UNSET_DASH: 'dflt',
      ALT_SET: 'alt',
      ALT_EMPTY_COLON: '',
      ALT_EMPTY_PLUS: 'alt',
      ALT_UNSET: '',
      NESTED: 'inner-dot',
      ESCAPED: '$HOME and ${FROM_DOTENV}',
      UNBRACED_DASH: 'dot-bar',
      FIRST_OP: 'a:?b',
      PROCESS_WINS: 'from-process',
      DOTENV_REF: 'dot-ref',
      UNSET: '',
      LONE_DOLLAR: 'cost $5 $',
      REQUIRED_EMPTY_OK: '',
    })
    expect(project.warnings).toEqual(['compose.yaml:26:14: variable TOTALLY_UNSET is not set; using an empty string'])
    expect(project.variablesMissing).toEqual([
      {name: 'NEED', message: 'set NEED first', location: {file: 'compose.yaml', line: 28, column: 17}},
      {name: 'NEED_DASH', location: {file: 'compose.yaml', line: 29, column: 22}},
    ])
  })

  it('keeps the host ${HOME} (binds) apart from the container HOME (environment)', async () => {
    const project = await load('interpolation')
    const app = service(project, 'app')
    expect(brief(mount(project, 'app', '/home/agent/.claude'))).toEqual({
      target: '/home/agent/.claude',
      type: 'bind',
      source: `${HOST_HOME}/.claude`,
      readOnly: false,
      at: 'compose.yaml:5:9',
    })
    expect(app.environment['HOME']?.value).toBe('/home/agent')
    expect(mount(project, 'app', '/data').source).toBe(fixture('interpolation/data'))
    expect(mount(project, 'app', '/home/agent/.claude').assumption).toEqual(missingHere(`${HOST_HOME}/.claude`))
  })

  it('--env-file replaces .env, later files win, and the process env still wins over both', async () => {
    const project = await load('interpolation', {envFiles: ['env-a', 'env-b'], env: {REL: './from-process'}})
    const app = service(project, 'app')
    expect(app.image).toBe('image-b')
    expect(app.environment['PLAIN']?.value).toBe('from-a')
    expect(app.environment['PROCESS_WINS']?.value).toBe('') // OVERRIDDEN only lives in .env, which is not read now
    expect(mount(project, 'app', '/rel').source).toBe(fixture('interpolation/from-process'))
  })

  it('a missing --env-file is bad input', async () => {
    await expect(load('interpolation', {envFiles: ['nope.env']})).rejects.toThrow(/nope\.env: env file not found/)
  })
})

describe('YAML layer (rules 3–6)', () => {
  it('sees a volumes list reached through an alias inside a merge key, with where it came from', async () => {
    const project = await load('anchors')
    const claude = mount(project, 'agents', '/home/agent/.claude')
    expect(brief(claude)).toEqual({
      target: '/home/agent/.claude',
      type: 'bind',
      source: `${HOST_HOME}/.claude`,
      readOnly: false,
      at: 'compose.yaml:2:5',
    })
    expect(claude.location.via).toContain('alias *claude-volumes at compose.yaml:9:12')
    expect(claude.location.via).toContain('merge key <<: *agent at compose.yaml:22:5')
    expect(brief(mount(project, 'agents', '/shared'))).toMatchObject({type: 'bind', source: fixture('anchors/shared'), at: 'compose.yaml:3:5'})
    expect(service(project, 'agents').image).toBe('claude-agent')
  })

  it('explicit keys beat merged ones, and in <<: [*a, *b] the earlier map wins', async () => {
    const project = await load('anchors')
    expect(service(project, 'edge').image).toBe('edge')
    expect(service(project, 'edge').mounts.map((m) => m.source)).toEqual([`${HOST_HOME}/.claude-edge`])
    const both = service(project, 'both')
    expect({image: both.image, user: both.user, readOnlyRoot: both.readOnlyRoot}).toEqual({image: 'explicit', user: '1000', readOnlyRoot: true})
  })

  it('merges the documents of one file in order (as compose-go does)', async () => {
    const project = await load('multidoc')
    expect(service(project, 'agents').mounts.map(brief)).toEqual([
      {target: '/a', type: 'bind', source: '/srv/b', readOnly: false, at: 'compose.yaml:10:9'},
      {target: '/c', type: 'bind', source: '/srv/c', readOnly: false, at: 'compose.yaml:11:9'},
    ])
    expect(service(project, 'agents').image).toBe('agent')
  })
})

describe('files and merge (rules 1, 2, 30)', () => {
  it('discovers compose.yaml + compose.override.yaml; a later volume with the same target replaces in place', async () => {
    const project = await load('multifile')
    expect(project.files).toEqual([fixture('multifile/compose.yaml'), fixture('multifile/compose.override.yaml')])
    expect(project.name).toBe('multi')
    expect(service(project, 'agents').mounts.map(brief)).toEqual([
      {target: '/home/agent/.claude', type: 'bind', source: '/srv/claude', readOnly: true, at: 'compose.override.yaml:4:9'},
      {target: '/data', type: 'bind', source: fixture('multifile/data'), readOnly: false, at: 'compose.yaml:7:9'},
      {target: '/cache', type: 'volume', source: 'multi_cache', readOnly: false, at: 'compose.yaml:8:9'},
      {target: '/extra', type: 'bind', source: fixture('multifile/extra'), readOnly: false, at: 'compose.override.yaml:5:9'},
      {target: '/run', type: 'tmpfs', readOnly: false, at: 'compose.yaml:13:12'},
    ])
    const env = service(project, 'agents').environment
    expect(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, `${v.value}@${v.location.file}:${v.location.line}`]))).toEqual({
      HOME: '/home/agent@compose.yaml:10',
      KEEP: 'base@compose.yaml:11',
      CHANGE: 'override@compose.override.yaml:7',
      ADDED: '1@compose.override.yaml:8',
    })
  })

  it('-f files: relative paths against the first file\'s directory; !override replaces, !reset drops', async () => {
    const project = await load('multifile', {files: ['compose.yaml', 'compose.override.yaml', 'sub/extra.yml']})
    const agents = service(project, 'agents')
    expect(agents.mounts.map(brief)).toEqual([
      {target: '/rel', type: 'bind', source: fixture('multifile/rel'), readOnly: false, at: 'sub/extra.yml:5:9'},
    ])
    expect(agents.image).toBe('agent:2')
    expect(Object.keys(agents.environment)).toEqual(['HOME', 'CHANGE', 'ADDED'])
  })

  it('COMPOSE_FILE replaces discovery', async () => {
    const project = await load('multifile', {env: {COMPOSE_FILE: 'compose.yaml'}})
    expect(project.files).toEqual([fixture('multifile/compose.yaml')])
    expect(mount(project, 'agents', '/home/agent/.claude').source).toBe(`${HOST_HOME}/.claude`)
  })

  it('project name precedence: option > COMPOSE_PROJECT_NAME > name: > directory, normalised', async () => {
    expect((await load('multifile', {projectName: 'Given'})).name).toBe('given')
    expect((await load('multifile', {env: {COMPOSE_PROJECT_NAME: 'from-env'}})).name).toBe('from-env')
    expect((await load('multifile')).name).toBe('multi')
    expect((await load('named-volumes', {projectName: '_My.Project!'})).name).toBe('myproject')
    expect((await load('tmpfs')).name).toBe('tmpfs')
  })
})

describe('extends (rule 28)', () => {
  it('follows chains in one file, merging volumes by target', async () => {
    const project = await load('extends')
    const top = service(project, 'top')
    expect(top.mounts.map(brief)).toEqual([
      {target: '/home/agent/.claude', type: 'bind', source: `${HOST_HOME}/.claude`, readOnly: false, at: 'compose.yaml:5:9'},
      {target: '/data', type: 'bind', source: '/srv/mid', readOnly: false, at: 'compose.yaml:12:9'},
    ])
    expect(top.mounts[0]!.location.via).toBe('extends at compose.yaml:10:14; extends at compose.yaml:15:7')
    expect(top.environment['CLAUDE_CONFIG_DIR']?.value).toBe('/home/agent/.claude')
    expect(top.environment['HOME']?.value).toBe('/home/agent')
    expect(top.location).toMatchObject({file: 'compose.yaml', line: 13, column: 3})
  })

  it('from another file: its relative paths resolve against its own directory', async () => {
    const project = await load('extends')
    expect(service(project, 'remote').mounts.map(brief)).toEqual([
      {target: '/tools', type: 'bind', source: fixture('extends/common/tools'), readOnly: true, at: 'common/base.yml:9:9'},
      {target: '/home/agent/.claude', type: 'bind', source: fixture('extends/common/claude'), readOnly: false, at: 'common/base.yml:5:9'},
      {target: '/own', type: 'bind', source: fixture('extends/own'), readOnly: false, at: 'compose.yaml:23:9'},
    ])
    expect(service(project, 'remote').image).toBe('from-common')
  })
})

describe('include (rule 29)', () => {
  it('loads the included file with its own directory and .env; the includer\'s variables win', async () => {
    const project = await load('include')
    const helper = service(project, 'helper')
    expect(helper.image).toBe('helper-sub')
    expect(helper.environment['WHO']?.value).toBe('from-includer')
    expect(helper.mounts.map(brief)).toEqual([
      {target: '/state', type: 'bind', source: fixture('include/sub/state'), readOnly: false, at: 'sub/compose.yaml:5:9'},
      {target: '/home/agent/.claude', type: 'volume', source: 'include_state', readOnly: false, at: 'sub/compose.yaml:6:9'},
    ])
    expect(helper.mounts[0]!.location.via).toBe('include at compose.yaml:2:5')
    // the included volume declaration serves the includer, qualified with the includer's project name
    expect(mount(project, 'agents', '/home/agent/.claude').source).toBe('include_state')
  })
})

describe('profiles (rule 32)', () => {
  it('enables services without profiles, plus those of --profile / COMPOSE_PROFILES / all', async () => {
    const names = (project: {services: {name: string}[]}) => project.services.map((s) => s.name)
    expect(names(await load('profiles'))).toEqual(['agents'])
    expect(names(await load('profiles', {profiles: ['interactive']}))).toEqual(['agents', 'chat'])
    expect(names(await load('profiles', {env: {COMPOSE_PROFILES: 'nightly, web'}}))).toEqual(['agents', 'batch', 'web', 'quiet'])
    expect(names(await load('profiles', {allProfiles: true}))).toEqual(['agents', 'chat', 'batch', 'web', 'quiet'])
    expect((await load('profiles')).disabledServices.map((s) => s.name)).toEqual(['chat', 'batch', 'web', 'quiet'])
  })

  it('lists each distinct set of Claude services some profiles enable', async () => {
    expect(profileCombinations(await load('profiles'))).toEqual([
      {profiles: [], services: ['agents']},
      {profiles: ['batch'], services: ['agents', 'batch']},
      {profiles: ['interactive'], services: ['agents', 'chat']},
      {profiles: ['batch', 'interactive'], services: ['agents', 'chat', 'batch']},
    ])
  })

  it('x-disinto-auth overrides the evidence; --service / --ignore-service filter', async () => {
    const project = await load('profiles', {allProfiles: true})
    expect(service(project, 'quiet').runsClaude.value).toBe(false)
    expect(service(project, 'quiet').runsClaude.evidence[0]).toBe('x-disinto-auth.claude: false (compose.yaml:19:21)')
    expect(service(project, 'batch').runsClaude).toEqual({value: true, evidence: ['sets ANTHROPIC_API_KEY (compose.yaml:12:19)']})
    expect(service(project, 'web').runsClaude.value).toBe(false)
    expect(filterServices(project, {ignoreServices: ['web', 'quiet']}).services.map((s) => s.name)).toEqual(['agents', 'chat', 'batch'])
    const only = filterServices(await load('profiles'), {services: ['chat']})
    expect(only.services.map((s) => s.name)).toEqual(['chat'])
    expect(() => filterServices(project, {services: ['nope']})).toThrow(/no service "nope"/)
  })
})

describe('named volumes (rules 16, 22, 23, 24)', () => {
  it('qualifies names, honours name:/external, keeps subpaths, and sees o: bind as the host dir', async () => {
    const project = await load('named-volumes')
    const m = (target: string) => mount(project, 'via-volume', target)
    expect(brief(m('/home/agent/.claude'))).toEqual({target: '/home/agent/.claude', type: 'volume', source: 'nv_claude-bind', readOnly: false, at: 'compose.yaml:6:9'})
    expect(m('/home/agent/.claude').volume).toMatchObject({name: 'nv_claude-bind', external: false, driverOptsBindDevice: `${HOST_HOME}/.claude`})
    expect(m('/plain').source).toBe('nv_plain')
    expect(m('/named').source).toBe('claude-auth')
    expect(m('/ext').volume).toMatchObject({name: 'ext', external: true})
    expect(m('/legacy').volume).toMatchObject({name: 'old-name', external: true})
    expect({source: m('/sub').source, subpath: m('/sub').subpath, at: at(m('/sub'))}).toEqual({source: 'nv_plain', subpath: 'a/b', at: 'compose.yaml:11:9'})
    expect(m('/remote').volume?.driverOptsType).toBe('nfs')
    expect(m('/relbind').volume?.driverOptsBindDevice).toBe(fixture('named-volumes/relative-dir'))
    expect(brief(m('/anon'))).toEqual({target: '/anon', type: 'volume', readOnly: false, at: 'compose.yaml:18:9'})
  })
})

describe('volumes_from, tmpfs, read-only (rules 25–27)', () => {
  it('volumes_from copies every mount but tmpfs, with :ro applied; own mounts win; container: refs are opaque', async () => {
    const project = await load('volumes-from')
    expect(service(project, 'sidecar').mounts.map(brief)).toEqual([
      {target: '/home/agent/.claude', type: 'bind', source: `${HOST_HOME}/.claude`, readOnly: true, at: 'compose.yaml:5:9'},
      {target: '/cache', type: 'bind', source: '/srv/own', readOnly: false, at: 'compose.yaml:13:9'},
    ])
    expect(mount(project, 'sidecar', '/home/agent/.claude').location.via).toBe('volumes_from agents:ro at compose.yaml:11:9')
    const other = service(project, 'other')
    expect(other.mounts.map((m) => `${m.type}:${m.target}:${m.fromService ?? ''}`)).toEqual(['bind:/home/agent/.claude:', 'volume:/cache:agents'])
    expect(other.opaqueVolumesFrom).toEqual(['legacy-box'])
    expect(project.warnings).toEqual([expect.stringMatching(/^compose\.yaml:16:20: volumes_from container:legacy-box/)])
  })

  it('tmpfs as string, list with options, and long syntax', async () => {
    const project = await load('tmpfs')
    expect(service(project, 'a').mounts.filter((m) => m.type === 'tmpfs').map(brief)).toEqual([
      {target: '/run/lock', type: 'tmpfs', readOnly: false, at: 'compose.yaml:9:9'},
      {target: '/home/agent', type: 'tmpfs', readOnly: false, at: 'compose.yaml:5:9'},
      {target: '/tmp', type: 'tmpfs', readOnly: true, at: 'compose.yaml:6:9'},
    ])
    expect(brief(mount(project, 'b', '/home/agent'))).toEqual({target: '/home/agent', type: 'tmpfs', readOnly: false, at: 'compose.yaml:14:12'})
  })

  it('read_only: true makes the root read-only; :ro and long read_only mark mounts; bind options kept', async () => {
    const project = await load('readonly')
    expect(service(project, 'agents').readOnlyRoot).toBe(true)
    expect(brief(mount(project, 'agents', '/home/agent/.claude'))).toMatchObject({readOnly: true, at: 'compose.yaml:6:9'})
    expect(mount(project, 'agents', '/work')).toMatchObject({readOnly: true, propagation: 'rslave', createHostPath: false})
    expect(service(project, 'writer').readOnlyRoot).toBe(false)
    expect(service(await load('readonly', {env: {RO: 'true'}}), 'writer').readOnlyRoot).toBe(true)
  })
})

describe('short syntax details (rules 15–21)', () => {
  it('Windows drive letters are binds, on either side of the colon', async () => {
    const project = await load('windows')
    expect(service(project, 'win').mounts.map(brief)).toEqual([
      {target: '/home/agent/.claude', type: 'bind', source: 'C:\\Users\\me\\.claude', readOnly: false, at: 'compose.yaml:5:9'},
      {target: 'D:\\data', type: 'bind', source: 'C:\\data', readOnly: true, at: 'compose.yaml:6:9'},
      {target: '\\\\.\\pipe\\docker_engine', type: 'bind', source: '\\\\.\\pipe\\docker_engine', readOnly: false, at: 'compose.yaml:7:9'},
      {target: '/alt', type: 'bind', source: 'c:/Users/me/.claude', readOnly: false, at: 'compose.yaml:8:9'},
    ])
    expect(mount(project, 'win', '/alt').assumption).toMatch(/^Windows host path/)
  })

  it('~, relative paths, modes, propagation, create_host_path, env_file forms, user', async () => {
    const project = await load('syntax')
    const s = service(project, 's')
    expect(s.mounts.map(brief)).toEqual([
      {target: '/home/agent/.claude', type: 'bind', source: `${HOST_HOME}/.claude`, readOnly: false, at: 'compose.yaml:5:9'},
      {target: '/outside', type: 'bind', source: fixture('outside'), readOnly: false, at: 'compose.yaml:6:9'},
      {target: '/here', type: 'bind', source: fixture('syntax/here'), readOnly: true, at: 'compose.yaml:7:9'},
      {target: '/host-home', type: 'bind', source: HOST_HOME, readOnly: false, at: 'compose.yaml:8:9'},
      {target: '/data', type: 'volume', source: 'syntax_data', readOnly: true, at: 'compose.yaml:9:9'},
      {target: '/cfg', type: 'bind', source: `${HOST_HOME}/.config`, readOnly: false, at: 'compose.yaml:10:9'},
      {target: '/nbk', type: 'bind', source: '/no-bind-key', readOnly: false, at: 'compose.yaml:14:9'},
    ])
    expect(s.mounts[0]).toMatchObject({propagation: 'rshared', createHostPath: true})
    expect(s.mounts[5]!.createHostPath).toBe(true)
    expect(s.mounts[6]!.createHostPath).toBeUndefined()
    expect(s.mounts[2]!.assumption).toBeUndefined()
    expect(s.user).toBe('1000:1000')
    expect(Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, `${v.value}@${v.location.file}:${v.location.line}`]))).toEqual({
      FROM_APP: 'overridden@compose.yaml:24',
      CLAUDE_CONFIG_DIR: '/home/agent/.claude@app.env:2',
      INTERP: 'x@app.env:3',
      RAW: '${NOT_EXPANDED}@raw.env:1',
    })
    const withHostValue = service(await load('syntax', {env: {HOST_ONLY: 'h'}}), 's')
    expect(withHostValue.environment['HOST_ONLY']?.value).toBe('h')
  })

  it('follows host symlinks of bind sources where the host path exists', async () => {
    const io = memoryComposeIo(
      {'/p/compose.yaml': 'services:\n  a:\n    volumes:\n      - ~/.claude:/home/agent/.claude\n      - /data/x/y:/y\n'},
      {'/home/u/.claude': '/var/lib/claude-shared/config', '/data': '/mnt/big'},
      ['/var/lib/claude-shared/config', '/mnt/big'],
    )
    const project = await loadComposeProject({cwd: '/p', env: {HOME: '/home/u'}}, io)
    const [claude, y] = service(project, 'a').mounts
    expect(claude).toMatchObject({source: '/var/lib/claude-shared/config'})
    expect(claude!.assumption).toBeUndefined()
    expect(y).toMatchObject({source: '/mnt/big/x/y', assumption: 'host path /data/x/y does not exist here; symlinks below /mnt/big not followed'})
  })
})
