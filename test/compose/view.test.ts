import {describe, expect, it} from 'vitest'

import {memoryComposeIo} from '../../src/compose/gather.js'
import {loadComposeProject} from '../../src/compose/load.js'
import {composeView} from '../../src/compose/view.js'
import {InputError} from '../../src/errors.js'
import {HOST_HOME, fixture, load} from './helpers.js'

describe('composeView: resolve() by component-wise longest target', () => {
  it('/home/agent/.claude holds .claude/x but not .claude.lock; a nested tmpfs wins over its parent', async () => {
    const project = await load('tmpfs')
    const view = composeView(project, 'a')
    expect(view.kind).toBe('compose')
    expect(view.source).toBe('compose.yaml service a')
    expect(view.resolve('/home/agent/.claude/x')).toMatchObject({mountTarget: '/home/agent/.claude', relative: 'x', backing: {key: `host:${HOST_HOME}/.claude/x`}})
    // in service a, /home/agent is a tmpfs: the sibling lock lands there, private to a
    expect(view.resolve('/home/agent/.claude.lock')).toMatchObject({
      mountTarget: '/home/agent',
      relative: '.claude.lock',
      backing: {key: 'tmpfs:tmpfs/a:/home/agent/.claude.lock'},
      medium: 'local',
      fsType: 'tmpfs',
      describe: 'tmpfs of a',
    })
    expect(composeView(project, 'b').resolve('/home/agent/.claude.lock').backing.key).toBe('tmpfs:tmpfs/b:/home/agent/.claude.lock')
    expect(view.resolve('/tmp/x')).toMatchObject({readOnly: true})
    expect(view.resolve('/run/lock')).toMatchObject({relative: '', mountTarget: '/run/lock'})
    expect(view.resolve('/run/lockfile')).toMatchObject({relative: 'run/lockfile', medium: 'overlay', backing: {key: 'rootfs:tmpfs/a:/run/lockfile'}})
    expect(view.resolve('//home//agent/.claude/')).toMatchObject({path: '/home/agent/.claude', relative: ''})
    expect(view.isMountPoint('/home/agent/.claude')).toBe(true)
    expect(view.isMountPoint('/home/agent/.claude/x')).toBe(false)
    expect(() => view.resolve('home/agent')).toThrow(InputError)
    expect(() => view.resolve('/home/agent/../root')).toThrow(InputError)
  })

  it('a named volume with o: bind and a plain bind of the same dir are the same storage', async () => {
    const project = await load('named-volumes')
    const viaVolume = composeView(project, 'via-volume')
    const viaBind = composeView(project, 'via-bind')
    const path = '/home/agent/.claude/.oauth_refresh.lock'
    expect(viaVolume.resolve(path).backing.key).toBe(`host:${HOST_HOME}/.claude/.oauth_refresh.lock`)
    expect(viaVolume.resolve(path).backing.key).toBe(viaBind.resolve(path).backing.key)
    expect(viaVolume.resolve(path).describe).toBe(`host ${HOST_HOME}/.claude (volume nv_claude-bind)`)
    expect(viaVolume.resolve('/relbind/f').backing.key).toBe(`host:${fixture('named-volumes/relative-dir')}/f`)
    // no `driver: local`: compose-go would not make this relative device absolute (rule 24), so not exact
    expect(viaVolume.resolve('/relbind/f').backing.exact).toBe(false)
    expect(viaVolume.resolve('/home/agent/.claude').backing.exact).toBe(false) // /home/johba/.claude is not on this machine
  })

  it('volume subpaths: the same volume seen at /sub (a/b) and /sub2 (a) meets at a/b', async () => {
    const project = await load('named-volumes')
    const one = composeView(project, 'via-volume').resolve('/sub/x')
    const two = composeView(project, 'via-bind').resolve('/sub2/b/x')
    expect(one.backing).toEqual({key: 'volume:nv_plain/a/b/x', storagePath: '/a/b/x', exact: true})
    expect(two.backing.key).toBe(one.backing.key)
    expect(composeView(project, 'via-volume').resolve('/plain').backing.key).toBe('volume:nv_plain')
    expect(composeView(project, 'via-volume').resolve('/plain/a/b/x').backing.key).toBe(one.backing.key)
    expect(composeView(project, 'via-volume').resolve('/sub').describe).toBe('volume nv_plain (subpath a/b)')
    expect(composeView(project, 'via-volume').resolve('/remote/x')).toMatchObject({medium: 'nfs', fsType: 'nfs'})
    expect(composeView(project, 'via-volume').resolve('/ext/x').backing.exact).toBe(false)
  })

  it('anonymous volumes are private to their service, but shared through volumes_from', async () => {
    const project = await load('volumes-from')
    const agents = composeView(project, 'agents').resolve('/cache/x')
    const other = composeView(project, 'other').resolve('/cache/x')
    expect(agents.backing.key).toBe('anon:volumes-from/agents:/cache/x')
    expect(other.backing.key).toBe(agents.backing.key)
    expect(composeView(project, 'sidecar').resolve('/cache/x').backing.key).toBe('host:/srv/own/x')
    expect(composeView(project, 'sidecar').resolve('/home/agent/.claude/x')).toMatchObject({readOnly: true, backing: {key: `host:${HOST_HOME}/.claude/x`}})
    // agents' tmpfs is not copied: /scratch is sidecar's own root fs
    expect(composeView(project, 'sidecar').resolve('/scratch').backing.key).toBe('rootfs:volumes-from/sidecar:/scratch')
  })

  it('a read-only root makes unmounted paths read-only', async () => {
    const project = await load('readonly')
    expect(composeView(project, 'agents').resolve('/home/agent/.claude.lock')).toMatchObject({readOnly: true, medium: 'overlay', describe: 'overlay of agents'})
    expect(composeView(project, 'writer').resolve('/home/agent/.claude.lock').readOnly).toBe(false)
  })

  it('Windows host paths: one spelling for C:\\ and c:/, on a 9p-like medium', async () => {
    const project = await load('windows')
    const view = composeView(project, 'win')
    expect(view.resolve('/home/agent/.claude/.credentials.json')).toMatchObject({
      backing: {key: 'host:C:/Users/me/.claude/.credentials.json', exact: false},
      medium: '9p',
    })
    expect(view.resolve('/alt/.credentials.json').backing.key).toBe('host:C:/Users/me/.claude/.credentials.json')
  })

  it('host symlinks are followed: a bind of the link and a bind of its target share storage', async () => {
    const io = memoryComposeIo(
      {
        '/p/compose.yaml': [
          'services:',
          '  a: {volumes: ["~/.claude:/home/agent/.claude"]}',
          '  b: {volumes: ["/var/lib/disinto/claude-shared/config:/home/agent/.claude"]}',
        ].join('\n'),
      },
      {'/home/u/.claude': '/var/lib/disinto/claude-shared/config'},
      ['/var/lib/disinto/claude-shared/config'],
    )
    const project = await loadComposeProject({cwd: '/p', env: {HOME: '/home/u'}}, io)
    const [a, b] = ['a', 'b'].map((name) => composeView(project, name).resolve('/home/agent/.claude/.oauth_refresh.lock'))
    expect(a!.backing).toEqual({key: 'host:/var/lib/disinto/claude-shared/config/.oauth_refresh.lock', storagePath: '/var/lib/disinto/claude-shared/config/.oauth_refresh.lock', exact: true})
    expect(b!.backing.key).toBe(a!.backing.key)
  })

  it('an unknown service is bad usage', async () => {
    const project = await load('tmpfs')
    expect(() => composeView(project, 'nope')).toThrow(/no service "nope"/)
  })
})
