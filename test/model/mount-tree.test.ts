// buildMountTree: IDs, parents, roots, cycles, duplicate IDs, what is shadowed (covered or
// hidden), and bind detection — on real corpus samples where one shows the case, else on small
// tables written here (each line is real mountinfo syntax).
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {buildMountTree, isBind, type MountTree} from '../../src/model/mount-tree.js'
import {parseMountinfo} from '../../src/parse/mountinfo.js'
import {resolvePath} from '../../src/resolve/resolve-path.js'
import {decodeBytes} from '../../src/text/bytes.js'

const corpus = (name: string): MountTree => {
  const file = `fixtures/mountinfo/corpus/${name}.txt`
  return buildMountTree(parseMountinfo(decodeBytes(readFileSync(new URL(`../../${file}`, import.meta.url))), file))
}
const table = (...lines: string[]): MountTree => buildMountTree(parseMountinfo(`${lines.join('\n')}\n`, 'test.txt'))
const ids = (tree: MountTree, indexes: Iterable<number>) => [...indexes].map((index) => tree.table.entries[index]!.id).sort((a, b) => a! - b!)
const shadowedIds = (tree: MountTree) => ids(tree, tree.shadowed)
const entry = (tree: MountTree, id: number) => tree.table.entries.find((e) => e.id === id)!
const visibleAt = (tree: MountTree, path: string) => resolvePath(tree, path).mount?.id

const ROOT = '20 1 8:1 / / rw - ext4 /dev/sda1 rw'

describe('tree structure', () => {
  it('links children to parents by ID, in file order, whatever order the IDs come in (nspawn: ul-findmnt-mountinfo-messy)', () => {
    const tree = corpus('ul-findmnt-mountinfo-messy')
    expect(ids(tree, tree.roots)).toEqual([220]) // its parent 189 is outside the container's view
    const procIndex = tree.table.entries.findIndex((e) => e.id === 231)
    expect(tree.children.get(procIndex)!.map((i) => tree.table.entries[i]!.id)).toEqual([232, 233, 106, 107])
    expect(tree.duplicateIds).toEqual([])
    expect(tree.shadowed.size).toBe(1)
  })

  it('orphans (parent not in the table) are roots, in file order (ul-findmnt-mountinfo-nonroot: no "/" entry)', () => {
    const tree = corpus('ul-findmnt-mountinfo-nonroot')
    expect(tree.roots.length).toBeGreaterThan(1)
    for (const root of tree.roots) expect(tree.byId.has(tree.table.entries[root]!.parentId!)).toBe(false)
    expect(tree.roots).toEqual([...tree.roots].sort((a, b) => a - b))
    // nothing covers "/" here: a path outside every mount belongs to no mount of the table
    expect(resolvePath(tree, '/etc/passwd').mount).toBeUndefined()
    expect(resolvePath(tree, '/etc/passwd').backing.key).toMatch(/^unmounted:/)
  })

  it('every entry with an absent parent is a root (ul-libmount-mountinfo_btrfs: all parents = 1)', () => {
    const tree = corpus('ul-libmount-mountinfo_btrfs')
    expect(tree.roots).toHaveLength(8)
    expect(tree.shadowed.size).toBe(0)
    expect(visibleAt(tree, '/var/lib/containers/x')).toBe(22)
    expect(visibleAt(tree, '/etc')).toBe(20)
  })

  it('a parent cycle terminates and becomes an extra root; its members stay resolvable', () => {
    const tree = table(ROOT, '30 31 0:40 / /a rw - tmpfs a rw', '31 30 0:41 / /b rw - tmpfs b rw', '32 32 0:42 / /c rw - tmpfs c rw')
    expect(ids(tree, tree.roots)).toEqual([20, 30, 32]) // 32 is its own parent; 30/31 cut at 30
    expect(tree.shadowed.size).toBe(0)
    expect(visibleAt(tree, '/a/x')).toBe(30)
    expect(visibleAt(tree, '/b/x')).toBe(31)
    expect(visibleAt(tree, '/c')).toBe(32)
  })

  it('duplicate IDs: the first keeps the ID, the duplicate is listed (k8s-parse-mountinfo: 80 twice)', () => {
    const tree = corpus('k8s-parse-mountinfo')
    expect(tree.duplicateIds).toEqual([80])
    const first = tree.table.entries.find((e) => e.id === 80)
    expect(tree.byId.get(80)).toBe(first)
  })
})

describe('overmounts and shadowing', () => {
  it('an overmount covers the mount beneath (ul-findmnt-mountinfo: autofs 33 under hugetlbfs 38 on /dev/hugepages)', () => {
    const tree = corpus('ul-findmnt-mountinfo')
    expect(entry(tree, 38).parentId).toBe(33)
    expect(shadowedIds(tree)).toContain(33)
    expect(visibleAt(tree, '/dev/hugepages')).toBe(38)
    expect(visibleAt(tree, '/dev/hugepages/x')).toBe(38)
  })

  it('a mount under a covered mount is hidden; the cover and what is mounted on it are not', () => {
    const tree = table(
      ROOT,
      '40 20 0:40 / /ov rw - tmpfs old rw',
      '42 40 0:42 / /ov/sub rw - tmpfs under-old rw',
      '41 40 0:41 / /ov rw - tmpfs new rw',
      '43 41 0:43 / /ov/top rw - tmpfs on-new rw',
    )
    expect(shadowedIds(tree)).toEqual([40, 42])
    expect(visibleAt(tree, '/ov/sub/x')).toBe(41) // not 42: /ov/sub is a plain directory of the new /ov
    expect(visibleAt(tree, '/ov/top/x')).toBe(43)
  })

  it('the cover wins even when its line comes first (IDs and lines out of order)', () => {
    const tree = table(ROOT, '41 40 0:41 / /ov rw - tmpfs new rw', '40 20 0:40 / /ov rw - tmpfs old rw')
    expect(shadowedIds(tree)).toEqual([40])
    expect(visibleAt(tree, '/ov')).toBe(41)
  })

  it('stacks of covers: only the top is visible', () => {
    const tree = table(ROOT, '40 20 0:40 / /s rw - tmpfs a rw', '41 40 0:41 / /s rw - tmpfs b rw', '42 41 0:42 / /s rw - tmpfs c rw')
    expect(shadowedIds(tree)).toEqual([40, 41])
    expect(visibleAt(tree, '/s/f')).toBe(42)
  })

  it('siblings on one target: the later line wins (prom-fixture-26231: nfs 194 and 177 on /mnt/nfs/test, and orphan 1398)', () => {
    const tree = corpus('prom-fixture-26231')
    expect(shadowedIds(tree)).toEqual([177, 194])
    expect(visibleAt(tree, '/mnt/nfs/test/file')).toBe(1398)
  })

  it('a sibling mounted over an ancestor hides what was mounted below it (messy: /proc/sys over boot_id 106)', () => {
    const tree = corpus('ul-findmnt-mountinfo-messy')
    expect(shadowedIds(tree)).toEqual([106])
    const bootId = resolvePath(tree, '/proc/sys/kernel/random/boot_id')
    expect(bootId.mount!.id).toBe(105) // the read-only one nspawn meant, child of /proc/sys (232)
    expect(bootId.mount!.vfsOptions).toMatch(/^ro,/)
    expect(visibleAt(tree, '/proc/kmsg')).toBe(107) // also a child of /proc, not under /proc/sys
  })

  it('"/a" does not hide a sibling at "/ab" (component-wise, not string prefix)', () => {
    const tree = table(ROOT, '40 20 0:40 / /ab/x rw - tmpfs a rw', '41 20 0:41 / /a rw - tmpfs b rw')
    expect(tree.shadowed.size).toBe(0)
    expect(visibleAt(tree, '/ab/x/f')).toBe(40)
  })

  it('targets spelled with // or a trailing / are the same target', () => {
    const tree = table(ROOT, '40 20 0:40 / /m//n/ rw - tmpfs a rw', '41 40 0:41 / /m/n rw - tmpfs b rw')
    expect(shadowedIds(tree)).toEqual([40])
    expect([...tree.visibleByTarget.keys()]).toEqual(['/', '/m/n'])
  })
})

describe('isBind', () => {
  it('fs root ≠ "/" is a bind (precommit-docker-cgroupv2: /etc/resolv.conf, /etc/hostname, /etc/hosts from the host)', () => {
    const tree = corpus('precommit-docker-cgroupv2')
    for (const target of ['/etc/resolv.conf', '/etc/hostname', '/etc/hosts']) {
      const mount = resolvePath(tree, target).mount!
      expect(mount.fsRoot).toMatch(/^\/var\/lib\/docker\/containers\/[0-9a-f]{64}\//)
      expect(isBind(tree, mount)).toBe(true)
    }
    expect(isBind(tree, resolvePath(tree, '/').mount!)).toBe(false) // the overlay root
    expect(isBind(tree, resolvePath(tree, '/proc/kcore').mount!)).toBe(true) // masked with /null of /dev's tmpfs
  })

  it('the same MAJ:MIN and root "/" on two targets are binds (k8s-search-blockfs-used-by-one-pod: 7:1 on the disk and in the pod)', () => {
    const tree = corpus('k8s-search-blockfs-used-by-one-pod')
    const disk = resolvePath(tree, '/mnt/disks/blkvol1').mount!
    const pod = tree.table.entries.find((e) => e.id === 62)!
    expect(disk.majMin).toBe('7:1')
    expect(pod.majMin).toBe('7:1')
    expect(isBind(tree, disk)).toBe(true)
    expect(isBind(tree, pod)).toBe(true)
    expect(tree.mountsOfSameRoot.get('7:1\u0000/')).toBe(2) // 58 is listed twice: one target
  })

  it('one filesystem mounted once, or stacked on its own target, is not a bind', () => {
    const tree = table(ROOT, '40 20 0:40 / /s rw - tmpfs a rw', '41 40 0:40 / /s rw - tmpfs a rw')
    expect(isBind(tree, entry(tree, 20))).toBe(false)
    expect(isBind(tree, entry(tree, 41))).toBe(false)
  })
})
