// resolvePath(tree, path): which visible mount holds a path, the path relative to it, and the
// backing key (equal across tables of one kernel iff the same storage).
import {readFileSync} from 'node:fs'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {InputError} from '../../src/errors.js'
import {buildMountTree, type MountTree} from '../../src/model/mount-tree.js'
import {parseMountinfo} from '../../src/parse/mountinfo.js'
import {isMountPoint, resolvePath} from '../../src/resolve/resolve-path.js'
import {decodeBytes} from '../../src/text/bytes.js'

const corpus = (name: string): MountTree => {
  const file = `fixtures/mountinfo/corpus/${name}.txt`
  return buildMountTree(parseMountinfo(decodeBytes(readFileSync(new URL(`../../${file}`, import.meta.url))), file))
}
const table = (source: string, ...lines: string[]): MountTree => buildMountTree(parseMountinfo(`${lines.join('\n')}\n`, source))

// The incident of DESIGN.md: host ~/.claude bind-mounted into a container's /home/agent/.claude.
const host = table(
  'host',
  '20 1 254:0 / / rw,relatime shared:1 - ext4 /dev/mapper/root rw',
  '21 20 0:22 / /tmp rw shared:2 - tmpfs tmpfs rw',
)
const container = (overlay: string, id = 700) =>
  table(
    `container-${overlay}`,
    `${id} 600 0:${overlay} / / rw,relatime master:1 - overlay overlay rw,lowerdir=/l,upperdir=/u,workdir=/w`,
    `${id + 1} ${id} 254:0 /home/johba/.claude /home/agent/.claude rw,relatime - ext4 /dev/mapper/root rw`,
    `${id + 2} ${id} 0:49 / /proc rw - proc proc rw`,
  )
const agents = container('45')
const edge = container('46', 800)

describe('which mount holds a path', () => {
  it.each([
    ['/home/agent/.claude', 701, ''],
    ['/home/agent/.claude/', 701, ''],
    ['/home/agent/.claude/x', 701, 'x'],
    ['/home/agent/.claude/.credentials.json', 701, '.credentials.json'],
    ['/home/agent/.claude/a/b', 701, 'a/b'],
    ['/home/agent/.claude.lock', 700, 'home/agent/.claude.lock'], // the sibling: NOT inside .claude
    ['/home/agent/.claudex/y', 700, 'home/agent/.claudex/y'],
    ['/home/agent', 700, 'home/agent'],
    ['/', 700, ''],
    ['//home///agent//.claude//x/', 701, 'x'],
    ['/proc/self', 702, 'self'],
  ])('%s → mount %i, relative "%s"', (path, id, relative) => {
    const location = resolvePath(agents, path)
    expect(location.mount?.id).toBe(id)
    expect(location.relative).toBe(relative)
    expect(location.path).toBe(path === '/' ? '/' : `/${path.split('/').filter(Boolean).join('/')}`)
  })

  it.each(['home/agent/.claude', '.claude', '', '~/.claude', '/home/agent/../agent/.claude', '/home/./agent', '/..', '/a/.'])(
    'refuses %j (relative or with . / ..): InputError E_PATH',
    (path) => {
      expect(() => resolvePath(agents, path)).toThrow(InputError)
      try {
        resolvePath(agents, path)
      } catch (error) {
        expect((error as InputError).code).toBe('E_PATH')
        expect((error as InputError).message).not.toContain('\n')
      }
    },
  )

  it('paths with spaces, tabs and newlines (octal-escaped in mountinfo) resolve as plain strings', () => {
    const tree = table(
      't',
      '20 1 8:1 / / rw - ext4 /dev/sda1 rw',
      '30 20 0:30 /sub\\040dir /mnt/bind\\040x rw - tmpfs tmpfs rw',
      '31 20 0:31 / /mnt/tab\\011and\\012newline rw - tmpfs tmpfs rw',
      '32 20 0:32 / /mnt/back\\134slash rw - tmpfs tmpfs rw',
      '33 20 0:33 / /mnt/raw\\222byte rw - tmpfs tmpfs rw',
    )
    expect(resolvePath(tree, '/mnt/bind x/f').mount?.id).toBe(30)
    expect(resolvePath(tree, '/mnt/bind x/f').backing.storagePath).toBe('/sub dir/f')
    expect(resolvePath(tree, '/mnt/bind\\040x/f').mount?.id).toBe(20) // the escape is not the name
    expect(resolvePath(tree, '/mnt/tab\tand\nnewline/f').mount?.id).toBe(31)
    expect(resolvePath(tree, '/mnt/back\\slash').mount?.id).toBe(32)
    expect(resolvePath(tree, '/mnt/raw\udc92byte/z').mount?.id).toBe(33) // byte 0x92, surrogate-escaped
  })

  it('on an overmount the later (top) mount wins (ul-findmnt-mountinfo-messy boot_id; prom two nfs on one target)', () => {
    expect(resolvePath(corpus('ul-findmnt-mountinfo-messy'), '/proc/sys/kernel/random/boot_id').mount?.id).toBe(105)
    expect(resolvePath(corpus('prom-fixture-26231'), '/mnt/nfs/test').mount?.id).toBe(1398)
  })

  it('a container view with no "/" entry: uncovered paths belong to no mount', () => {
    const tree = table('c', '701 700 254:0 /home/johba/.claude /home/agent/.claude rw - ext4 /dev/mapper/root rw')
    const outside = resolvePath(tree, '/home/agent/.claude.lock')
    expect(outside.mount).toBeUndefined()
    expect(outside.backing).toEqual({key: 'unmounted:c:/home/agent/.claude.lock', storagePath: '/home/agent/.claude.lock', exact: false})
  })

  it('isMountPoint: only exact (canonical) targets', () => {
    expect(isMountPoint(agents, '/home/agent/.claude')).toBe(true)
    expect(isMountPoint(agents, '/home/agent/.claude/')).toBe(true)
    expect(isMountPoint(agents, '/home/agent/.claude/x')).toBe(false)
    expect(isMountPoint(agents, '/home/agent')).toBe(false)
  })
})

describe('backing keys', () => {
  const key = (tree: MountTree, path: string) => resolvePath(tree, path).backing.key

  it('the bind-mounted credential dir is the same storage in host and both containers', () => {
    const hostKey = key(host, '/home/johba/.claude/.credentials.json')
    expect(hostKey).toBe('dev:254:0:/home/johba/.claude/.credentials.json')
    expect(key(agents, '/home/agent/.claude/.credentials.json')).toBe(hostKey)
    expect(key(edge, '/home/agent/.claude/.credentials.json')).toBe(hostKey)
    expect(key(agents, '/home/agent/.claude/.oauth_refresh.lock')).toBe(key(edge, '/home/agent/.claude/.oauth_refresh.lock'))
  })

  it('the sibling lock lands in each container’s own overlay: three different keys', () => {
    const keys = [key(host, '/home/johba/.claude.lock'), key(agents, '/home/agent/.claude.lock'), key(edge, '/home/agent/.claude.lock')]
    expect(new Set(keys).size).toBe(3)
    expect(keys[1]).toBe('dev:0:45:/home/agent/.claude.lock')
  })

  it('one device mounted twice in one table: /mnt/a/root/etc is /etc (btrfs subvolumes, ul-libmount-mountinfo_btrfs)', () => {
    const tree = corpus('ul-libmount-mountinfo_btrfs')
    expect(key(tree, '/mnt/a/root/etc/passwd')).toBe(key(tree, '/etc/passwd'))
    expect(key(tree, '/mnt/a/containers/x')).toBe(key(tree, '/var/lib/containers/x'))
    expect(key(tree, '/mnt/a/etc')).not.toBe(key(tree, '/etc'))
  })

  it('file binds from the host (precommit-docker-cgroupv2): /etc/hosts is the host’s containers/<id>/hosts on 8:3', () => {
    const location = resolvePath(corpus('precommit-docker-cgroupv2'), '/etc/hosts')
    expect(location.backing.device).toBe('8:3')
    expect(location.backing.storagePath).toMatch(/^\/var\/lib\/docker\/containers\/[0-9a-f]{64}\/hosts$/)
    expect(location.backing.exact).toBe(true)
  })

  // Property: a model kernel with a few filesystems (each a device number), a host table and a
  // container table whose binds come from host directories. Ground truth is computed by a naive
  // scan in the model (longest component-prefix over a plain list), independent of resolvePath;
  // both tables go through real mountinfo text and the parser. Keys must be equal iff the two
  // paths name the same (device, path in that filesystem).
  it('two paths in two tables of one kernel have equal keys iff they are the same storage (property)', () => {
    const segment = fc.constantFrom('a', 'b', 'c', '.claude', '.claude.lock', 'sp ace', 'x\ty')
    const relPath = fc.array(segment, {minLength: 0, maxLength: 3})
    const fsMount = fc.record({device: fc.constantFrom('8:1', '8:2', '0:40', '0:41'), root: relPath, target: relPath})
    const bind = fc.record({hostPath: relPath, target: fc.array(segment, {minLength: 1, maxLength: 3})})
    const model = fc.record({
      hostMounts: fc.array(fsMount, {maxLength: 4}),
      binds: fc.array(bind, {maxLength: 4}),
      probes: fc.array(fc.tuple(fc.boolean(), relPath, fc.boolean(), relPath), {minLength: 1, maxLength: 8}),
    })
    const esc = (path: string) => path.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)
    const abs = (parts: readonly string[]) => `/${parts.join('/')}`
    const under = (path: string, target: string) => target === '/' || path === target || path.startsWith(`${target}/`)
    const rel = (path: string, target: string) => (path === target ? '' : path.slice(target === '/' ? 1 : target.length + 1))
    const join = (root: string, relative: string) => (relative === '' ? root : root === '/' ? `/${relative}` : `${root}/${relative}`)

    fc.assert(
      fc.property(model, ({hostMounts, binds, probes}) => {
        // host: "/" on 8:1, then the generated mounts in order (a later one on the same target is on top)
        const hostList = [{device: '8:1', root: '/', target: '/'}, ...hostMounts.map((m) => ({device: m.device, root: abs(m.root), target: abs(m.target)}))]
        // naive ground truth for mounts made one after another: a mount hides every earlier mount
        // whose target is at or under its own; a path belongs to the visible mount with the
        // longest target that is a component prefix of it
        const truth = (list: readonly {device: string; root: string; target: string}[], path: string) => {
          let best: (typeof list)[number] | undefined
          list.forEach((m, i) => {
            const hiddenLater = list.slice(i + 1).some((later) => under(m.target, later.target))
            if (!hiddenLater && under(path, m.target) && (!best || m.target.length > best.target.length)) best = m
          })
          return best ? `${best.device}|${join(best.root, rel(path, best.target))}` : `none|${path}`
        }
        const hostStorage = (path: string) => truth(hostList, path)
        // container: its own overlay root 0:99, then binds of host directories (storage as the host sees it)
        const containerList = [{device: '0:99', root: '/', target: '/'}]
        for (const b of binds) {
          const [device, root] = hostStorage(abs(b.hostPath)).split('|') as [string, string]
          containerList.push({device, root, target: abs(b.target)})
        }
        const lines = (list: typeof hostList, base: number, parent: number) =>
          list.map((m, i) => {
            // parent: the latest earlier mount at or above the target, i.e. the top mount there then
            let p = parent
            for (let j = 0; j < i; j++) if (under(m.target, list[j]!.target)) p = base + j
            return `${base + i} ${i === 0 ? parent : p} ${m.device} ${esc(m.root)} ${esc(m.target)} rw - fs src rw`
          })
        const hostTree = table('host', ...lines(hostList, 100, 1))
        const containerTree = table('container', ...lines(containerList, 500, 99))
        for (const [inHostA, a, inHostB, b] of probes) {
          const pathA = abs(a)
          const pathB = abs(b)
          const storageA = inHostA ? hostStorage(pathA) : truth(containerList, pathA)
          const storageB = inHostB ? hostStorage(pathB) : truth(containerList, pathB)
          const keyA = resolvePath(inHostA ? hostTree : containerTree, pathA).backing.key
          const keyB = resolvePath(inHostB ? hostTree : containerTree, pathB).backing.key
          if ((keyA === keyB) !== (storageA === storageB)) {
            throw new Error(`${inHostA ? 'host' : 'container'}:${pathA} (${storageA}, ${keyA}) vs ${inHostB ? 'host' : 'container'}:${pathB} (${storageB}, ${keyB})`)
          }
        }
      }),
      {numRuns: 1500, seed: Number(process.env.MOUNTINFO_SEED ?? 42)},
    )
  })
})
