#!/usr/bin/env node
// Deterministic generator of a kubernetes-node-like /proc/self/mountinfo (host view), the speed
// anchor of research/mountinfo.md §6: ~25 base mounts, then per pod a netns (nsfs `net:[…]`),
// the sandbox /dev/shm, one overlay rootfs per container (1–12 lowerdir layers), projected and
// secret tmpfs volumes, a CSI globalmount plus the pod's bind of it (same MAJ:MIN, root `/`),
// subPath binds (ROOT ≠ `/`), `shared:N` / `master:1`, 0.5 % over-mounts, and `\040` escapes in
// some volume names. Same seed and N → byte-identical output.
//
// usage: node bench/gen-k8s-mountinfo.mjs [--lines N] [--seed S] [--out FILE]
//        (defaults: 100000 lines, seed 1, bench/out/k8s-<N>.txt; FILE "-" = stdout)
import {createWriteStream, mkdirSync} from 'node:fs'
import {dirname} from 'node:path'
import {option} from '../scripts/cli-option.mjs'

const LINES = Number(option('lines', 100_000))
const SEED = Number(option('seed', 1))
const OUT = option('out', `bench/out/k8s-${LINES}.txt`)

// mulberry32: small, fast, deterministic
let state = SEED >>> 0
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1))
const pick = (items) => items[Math.floor(random() * items.length)]
const hex = (n) => {
  let s = ''
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(random() * 16)]
  return s
}
const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`

const lines = []
let nextId = 22
let nextShared = 2
let anonMinor = 30
const ROOT_ID = 21
const push = (id, parent, majMin, root, target, vfs, optional, fsType, source, superOptions) => {
  lines.push(`${id} ${parent} ${majMin} ${root} ${target} ${vfs}${optional ? ` ${optional}` : ''} - ${fsType} ${source} ${superOptions}`)
  return id
}
const shared = () => `shared:${nextShared++}`

// ~25 base mounts of a node
push(ROOT_ID, 1, '259:1', '/', '/', 'rw,relatime', 'shared:1', 'ext4', '/dev/nvme0n1p1', 'rw,discard,errors=remount-ro')
const base = [
  ['0:21', '/sys', 'sysfs', 'sysfs', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:22', '/proc', 'proc', 'proc', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:5', '/dev', 'devtmpfs', 'udev', 'rw,nosuid,relatime'],
  ['0:23', '/dev/pts', 'devpts', 'devpts', 'rw,nosuid,noexec,relatime'],
  ['0:24', '/run', 'tmpfs', 'tmpfs', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:25', '/sys/kernel/security', 'securityfs', 'securityfs', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:26', '/dev/shm', 'tmpfs', 'tmpfs', 'rw,nosuid,nodev'],
  ['0:27', '/run/lock', 'tmpfs', 'tmpfs', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:28', '/sys/fs/cgroup', 'cgroup2', 'cgroup2', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:29', '/sys/fs/pstore', 'pstore', 'pstore', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:30', '/sys/fs/bpf', 'bpf', 'bpf', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:31', '/proc/sys/fs/binfmt_misc', 'autofs', 'systemd-1', 'rw,relatime'],
  ['0:32', '/dev/hugepages', 'hugetlbfs', 'hugetlbfs', 'rw,relatime'],
  ['0:19', '/dev/mqueue', 'mqueue', 'mqueue', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:7', '/sys/kernel/debug', 'debugfs', 'debugfs', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:12', '/sys/kernel/tracing', 'tracefs', 'tracefs', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:33', '/sys/fs/fuse/connections', 'fusectl', 'fusectl', 'rw,nosuid,nodev,noexec,relatime'],
  ['0:34', '/sys/kernel/config', 'configfs', 'configfs', 'rw,nosuid,nodev,noexec,relatime'],
  ['259:2', '/boot/efi', 'vfat', '/dev/nvme0n1p15', 'rw,relatime'],
  ['259:3', '/var/lib/containerd', 'xfs', '/dev/nvme1n1', 'rw,relatime'],
  ['259:3', '/var/lib/kubelet', 'xfs', '/dev/nvme1n1', 'rw,relatime'],
  ['0:35', '/run/user/1000', 'tmpfs', 'tmpfs', 'rw,nosuid,nodev,relatime'],
  ['254:0', '/home', 'ext4', '/dev/mapper/vg-home', 'rw,relatime'],
  ['0:4', '/run/snapd/ns/lxd.mnt', 'nsfs', 'nsfs', 'rw'],
]
for (const [majMin, target, fsType, source, vfs] of base) {
  const root = fsType === 'nsfs' ? 'mnt:[4026532530]' : target === '/var/lib/kubelet' ? '/kubelet' : '/'
  push(nextId++, ROOT_ID, majMin, root, target, vfs, shared(), fsType, source, 'rw')
}
anonMinor = 100

const csiDrivers = ['ebs.csi.aws.com', 'pd.csi.storage.gke.io', 'disk.csi.azure.com', 'rook-ceph.rbd.csi.ceph.com']
const secretNames = ['default-token', 'kube-api-access', 'db-creds', 'config']
const escapedNames = ['tls\\040certs', 'config\\040volume', 'a\\011tab']

// per pod, until N lines
let pod = 0
while (lines.length < LINES) {
  pod++
  const uid = uuid()
  const sandbox = hex(64)
  const podDir = `/var/lib/kubelet/pods/${uid}`
  const master = 'master:1'
  push(nextId++, 26, '0:4', `net:[${4026532000 + pod}]`, `/run/netns/cni-${uuid()}`, 'rw', shared(), 'nsfs', 'nsfs', 'rw')
  push(nextId++, 26, `0:${anonMinor++}`, '/', `/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${sandbox}/shm`, 'rw,nosuid,nodev,noexec,relatime', shared(), 'tmpfs', 'shm', 'rw,size=65536k')
  // the pause container's rootfs, then the app containers
  const containers = int(1, 4)
  for (let c = 0; c <= containers; c++) {
    const layers = c === 0 ? 1 : int(1, 12)
    const lower = Array.from({length: layers}, () => `/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${int(1, 99999)}/fs`).join(':')
    const snap = int(1, 99999)
    const id = c === 0 ? sandbox : hex(64)
    push(
      nextId++,
      26,
      `0:${anonMinor++}`,
      '/',
      `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs`,
      'rw,relatime',
      shared(),
      'overlay',
      'overlay',
      `rw,lowerdir=${lower},upperdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${snap}/fs,workdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/${snap}/work`,
    )
  }
  // projected and secret volumes (tmpfs), some with escaped spaces in their names
  for (let v = int(1, 3); v > 0; v--) {
    const kind = pick(['kubernetes.io~projected', 'kubernetes.io~secret'])
    const name = `${random() < 0.02 ? pick(escapedNames) : pick(secretNames)}-${hex(5)}`
    push(nextId++, 42, `0:${anonMinor++}`, '/', `${podDir}/volumes/${kind}/${name}`, 'rw,relatime', master, 'tmpfs', 'tmpfs', `rw,size=${int(1, 64) * 1024}k,inode64`)
  }
  // a CSI volume: the globalmount, and the pod's bind of it (same MAJ:MIN, root /)
  if (random() < 0.4) {
    const driver = pick(csiDrivers)
    const majMin = `${pick([8, 259, 253])}:${int(16, 4000)}`
    const pvc = `pvc-${uuid()}`
    const globalId = push(nextId++, 42, majMin, '/', `/var/lib/kubelet/plugins/kubernetes.io/csi/${driver}/${hex(64)}/globalmount`, 'rw,relatime', shared(), 'ext4', `/dev/${pick(['nvme2n1', 'sdb', 'rbd0'])}`, 'rw,seclabel')
    push(nextId++, 42, majMin, '/', `${podDir}/volumes/kubernetes.io~csi/${pvc}/mount`, 'rw,relatime', shared(), 'ext4', `/dev/${pick(['nvme2n1', 'sdb', 'rbd0'])}`, 'rw,seclabel')
    // subPath binds: a subdirectory of the volume into a container (ROOT ≠ /)
    for (let s = int(0, 2); s > 0; s--) {
      push(nextId++, 42, majMin, `/${random() < 0.02 ? 'logs\\040dir' : pick(['data', 'config'])}/${hex(6)}`, `${podDir}/volume-subpaths/${pvc}/${pick(['app', 'sidecar'])}/${s}`, 'rw,relatime', shared(), 'ext4', '/dev/sdb', 'rw,seclabel')
    }
    void globalId
  }
  // 0.5 % over-mounts: the same target mounted again, on top of the previous line
  if (random() < 0.05) {
    const covered = lines[lines.length - 1].split(' ')
    push(nextId++, Number(covered[0]), `0:${anonMinor++}`, '/', covered[4], 'rw,relatime', master, 'tmpfs', 'tmpfs', 'rw,size=4k')
  }
  if (anonMinor > 1_048_000) anonMinor = 100
}
lines.length = LINES

if (OUT !== '-') mkdirSync(dirname(OUT), {recursive: true})
const out = OUT === '-' ? process.stdout : createWriteStream(OUT)
out.write(`${lines.join('\n')}\n`)
if (OUT !== '-') {
  out.end()
  out.on('finish', () => {
    const bytes = lines.reduce((sum, line) => sum + line.length + 1, 0)
    const withRoot = lines.filter((line) => line.split(' ')[3] !== '/').length
    const escaped = lines.filter((line) => line.includes('\\0')).length
    const masters = lines.filter((line) => line.includes(' master:')).length
    const overlay = lines.filter((line) => line.includes(' - overlay ')).length
    process.stderr.write(
      `${OUT}: ${lines.length} lines, ${bytes} bytes (avg ${Math.round(bytes / lines.length)} B/line), ` +
        `${withRoot} with ROOT ≠ /, ${escaped} with octal escapes, ${masters} master:, ${overlay} overlay, ${pod} pods\n`,
    )
  })
}
