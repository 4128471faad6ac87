/**
 * Builds every lab layout (src/lab) as real mount namespaces and captures, per participant, the
 * kernel's view: /proc/PID/mountinfo, every findmnt form run inside the participant, its env and
 * realpath(D). Output: fixtures/captured/<layout>/<participant>/… plus layout.json and README.md.
 *
 * Needs root (mount namespaces). Run from the repo root:
 *   npx tsx scripts/capture-lab-fixtures.ts [layout …]
 * The lab always lives at /tmp/disinto-lab-capture so the paths in the captures are stable.
 */
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {execa} from 'execa'
import {createLab, LAYOUTS, labSupport, type Lab, type LabLayout, type LabParticipant} from '../src/lab/index.js'

const OUT = 'fixtures/captured'
const LAB_DIR = '/tmp/disinto-lab-capture'

/** file name → findmnt argv (run inside the participant with LANG=C.UTF-8) */
const FINDMNT_FORMS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['findmnt.txt', ['findmnt']],
  ['findmnt--ascii.txt', ['findmnt', '--ascii']],
  ['findmnt-l.txt', ['findmnt', '-l']],
  ['findmnt-r.txt', ['findmnt', '-r']],
  ['findmnt-P.txt', ['findmnt', '-P']],
  ['findmnt-J.json', ['findmnt', '-J']],
  ['findmnt-J-l.json', ['findmnt', '-J', '-l']],
  [
    'findmnt-J-o.json',
    ['findmnt', '-J', '-o', 'ID,PARENT,MAJ:MIN,FSROOT,TARGET,SOURCE,FSTYPE,VFS-OPTIONS,FS-OPTIONS,PROPAGATION'],
  ],
]

async function tool(argv: [string, ...string[]]): Promise<string> {
  const r = await execa(argv[0], argv.slice(1), {timeout: 10_000})
  return String(r.stdout).trim()
}

async function mustExec(lab: Lab, name: string, argv: readonly string[]): Promise<string> {
  const r = await lab.exec(name, argv, {timeoutMs: 15_000})
  if (r.exitCode !== 0) throw new Error(`${lab.layout.name}/${name}: ${argv.join(' ')} exited ${r.exitCode}: ${r.stderr.trim()}`)
  return r.stdout
}

interface ParticipantCapture {
  name: string
  pid: number
  env: LabParticipant['env']
  configDir: string
  configDirRealpath: string
  configDirWritable: boolean
  credentialsReadable: boolean
}

async function captureParticipant(lab: Lab, p: LabParticipant, dir: string, meta: {kernel: string}): Promise<ParticipantCapture> {
  await mkdir(dir, {recursive: true})
  const mountinfo = await readFile(`/proc/${p.pid}/mountinfo`, 'utf8')
  await writeFile(join(dir, 'mountinfo'), mountinfo)
  for (const [file, argv] of FINDMNT_FORMS) await writeFile(join(dir, file), await mustExec(lab, p.name, argv))
  const env: Record<string, string> = {HOME: p.env.HOME}
  if (p.env.CLAUDE_CONFIG_DIR !== undefined) env['CLAUDE_CONFIG_DIR'] = p.env.CLAUDE_CONFIG_DIR
  await writeFile(join(dir, 'env.json'), JSON.stringify(env, null, 2) + '\n')
  const realpath = await mustExec(lab, p.name, ['realpath', '-e', '--', p.configDir])
  await writeFile(join(dir, 'realpath-D.txt'), realpath)
  const writable = (await lab.exec(p.name, ['test', '-w', p.configDir])).exitCode === 0
  const credentials = (await lab.exec(p.name, ['test', '-r', `${p.configDir}/.credentials.json`])).exitCode === 0
  // the capture bundle other tools read (src/domain/capture.ts, schema disinto-auth/capture@1)
  const bundle = {
    schema: 'disinto-auth/capture@1',
    name: p.name,
    hostname: `lab-${lab.layout.name}-${p.name}`,
    kernel: meta.kernel,
    uid: 0,
    mountinfo,
    env,
    auth: credentials ? 'oauth' : 'unknown',
    configDir: p.configDir,
    configDirRealpath: realpath.trim(),
    configDirWritable: writable,
  }
  await writeFile(join(dir, 'capture.json'), JSON.stringify(bundle, null, 2) + '\n')
  return {
    name: p.name,
    pid: p.pid,
    env: p.env,
    configDir: p.configDir,
    configDirRealpath: realpath.trim(),
    configDirWritable: writable,
    credentialsReadable: credentials,
  }
}

function describeMount(m: LabLayout['participants'][number]['mounts'][number]): string {
  switch (m.kind) {
    case 'bind':
      return `bind host \`${m.source}\` → \`${m.target}\`${m.readOnly ? ' (ro)' : ''}`
    case 'tmpfs':
      return `tmpfs at \`${m.target}\``
    case 'symlink':
      return `symlink \`${m.path}\` → \`${m.to}\``
    case 'dir':
      return `own dir \`${m.path}\``
  }
}

function readme(layout: LabLayout, captures: ParticipantCapture[], meta: Record<string, string>): string {
  const lines: string[] = []
  lines.push(`# Captured lab layout: ${layout.name}`, '')
  lines.push(layout.description, '')
  lines.push(`Scenario row **#${layout.scenario}** of research/scenarios.md.`, '')
  lines.push('## Expected verdicts (copied from research/scenarios.md)', '')
  lines.push('| Claude Code | verdict |', '|---|---|')
  lines.push(`| old (≤ 2.1.131, sibling lock only) | ${layout.expected.old} |`)
  lines.push(`| new (≥ 2.1.132, lock inside D) | ${layout.expected.new} |`, '')
  if (layout.pairs) {
    lines.push('Per pair (the layout verdict is the worst pair):', '')
    lines.push('| pair | row | old | new |', '|---|---|---|---|')
    for (const pair of layout.pairs) lines.push(`| ${pair.a} – ${pair.b} | #${pair.scenario} | ${pair.expected.old} | ${pair.expected.new} |`)
    lines.push('')
  }
  lines.push('## Participants', '')
  lines.push('| participant | HOME | CLAUDE_CONFIG_DIR | D | realpath(D) inside | D writable | D/.credentials.json | mounts (in order) |')
  lines.push('|---|---|---|---|---|---|---|---|')
  for (const c of captures) {
    const spec = layout.participants.find((s) => s.name === c.name)
    lines.push(
      `| ${c.name} | \`${c.env.HOME}\` | ${c.env.CLAUDE_CONFIG_DIR ? `\`${c.env.CLAUDE_CONFIG_DIR}\`` : '–'} | \`${c.configDir}\` | \`${c.configDirRealpath}\` | ${c.configDirWritable ? 'yes' : 'no'} | ${c.credentialsReadable ? 'present' : 'absent'} | ${(spec?.mounts ?? []).map(describeMount).join('; ')} |`,
    )
  }
  lines.push('', '## How it was captured', '')
  lines.push(`- date: ${meta['date']}`)
  lines.push(`- kernel: \`uname -r\` = ${meta['kernel']}`)
  lines.push(`- ${meta['findmnt']}`)
  lines.push(`- command: \`npx tsx scripts/capture-lab-fixtures.ts ${layout.name}\` (as root), lab dir \`${LAB_DIR}\``)
  lines.push(
    '- the lab: a keeper process in its own mount namespace (`unshare --mount --propagation private`) mounts a',
    `  tmpfs (source \`disinto-lab\`) on \`${LAB_DIR}\` and creates the "host" paths under \`${LAB_DIR}/host/\``,
    '  (host paths in layout.json are relative to it; fsroots in the captures are relative to that tmpfs, e.g.',
    '  `/host/home/johba/.claude`). Each participant is a new mount namespace cloned from the keeper\'s, whose root',
    `  is an overlay (\`lowerdir=/\`, upper/work in \`${LAB_DIR}/p/<participant>/\`; /root, /home and /tmp hidden by`,
    '  whiteouts), with `/proc` and `/dev` mounted, then the mounts listed above, then `chroot` into that root.',
    '- `mountinfo`: the host read `/proc/<pid>/mountinfo` of the participant\'s process (container-relative targets).',
    '- findmnt forms, each run inside the participant as',
    '  `nsenter --target <pid> --mount --root --wd -- <argv>` with only `PATH`, `LANG=C.UTF-8`, `HOME`',
    '  (and `CLAUDE_CONFIG_DIR`) in the environment:',
  )
  for (const [file, argv] of FINDMNT_FORMS) lines.push(`  - \`${file}\`: \`${argv.join(' ')}\``)
  lines.push(
    '- `env.json`: the participant\'s HOME and CLAUDE_CONFIG_DIR (absent when unset).',
    '- `realpath-D.txt`: `realpath -e -- D` run inside the participant (D = CLAUDE_CONFIG_DIR else $HOME/.claude).',
    '- `capture.json`: the same evidence as a `disinto-auth/capture@1` bundle (auth `oauth` when D/.credentials.json',
    '  is readable inside, else `unknown`; configDirWritable from `test -w D` inside).',
    '- Mount IDs and the tmpfs minor numbers differ from run to run; paths do not.',
    '- `.credentials.json` files hold obviously fake tokens (`FAKE-disinto-lab-…-not-a-real-token`).',
  )
  return lines.join('\n') + '\n'
}

async function main(): Promise<void> {
  const support = await labSupport()
  if (!support.ok) {
    console.error(`capture-lab-fixtures: cannot build labs here: ${support.reason}`)
    process.exit(1)
  }
  const wanted = process.argv.slice(2)
  const layouts = wanted.length > 0 ? LAYOUTS.filter((l) => wanted.includes(l.name)) : LAYOUTS
  if (wanted.length > 0 && layouts.length !== wanted.length) {
    console.error(`capture-lab-fixtures: unknown layout in ${wanted.join(' ')}`)
    process.exit(2)
  }
  const meta = {
    date: new Date().toISOString(),
    kernel: await tool(['uname', '-r']),
    findmnt: await tool(['findmnt', '--version']),
  }
  const index: unknown[] = []
  for (const layout of layouts) {
    const outDir = join(OUT, layout.name)
    await rm(outDir, {recursive: true, force: true})
    await mkdir(outDir, {recursive: true})
    const lab = await createLab(layout, {dir: LAB_DIR})
    try {
      const captures: ParticipantCapture[] = []
      for (const p of lab.participants) captures.push(await captureParticipant(lab, p, join(outDir, p.name), meta))
      const layoutJson = {
        ...layout,
        labDir: LAB_DIR,
        participants: layout.participants.map((spec) => {
          const c = captures.find((x) => x.name === spec.name)
          return {...spec, configDir: c?.configDir, configDirRealpath: c?.configDirRealpath, configDirWritable: c?.configDirWritable}
        }),
        captured: {...meta, command: `npx tsx scripts/capture-lab-fixtures.ts ${layout.name}`},
      }
      await writeFile(join(outDir, 'layout.json'), JSON.stringify(layoutJson, null, 2) + '\n')
      await writeFile(join(outDir, 'README.md'), readme(layout, captures, meta))
      index.push({name: layout.name, scenario: layout.scenario, participants: captures.map((c) => c.name), expected: layout.expected})
      console.log(`captured ${layout.name}: ${captures.map((c) => c.name).join(', ')}`)
    } finally {
      await lab.teardown()
    }
  }
  if (wanted.length === 0) {
    await writeFile(join(OUT, 'index.json'), JSON.stringify(index, null, 2) + '\n')
    await writeFile(join(OUT, 'README.md'), topReadme(meta))
  }
}

function topReadme(meta: Record<string, string>): string {
  const lines = [
    '# Captured lab fixtures',
    '',
    'Real kernel views of every lab layout (`src/lab/layouts.ts`), captured by',
    '`npx tsx scripts/capture-lab-fixtures.ts` (as root) on kernel ' + meta['kernel'] + ' with ' + meta['findmnt'] + ',',
    meta['date'] + '. Each participant is a mount namespace with an overlay root, chrooted, like a container;',
    'no Docker. Usable from a clean clone without root.',
    '',
    'Layout: `<layout>/layout.json` (the spec, D per participant, expected verdicts), `<layout>/README.md`',
    '(how it was captured), `<layout>/<participant>/` with `mountinfo`, `findmnt*.txt|json` (8 forms),',
    '`env.json`, `realpath-D.txt`, `capture.json` (a `disinto-auth/capture@1` bundle). `index.json` lists them.',
    '',
    'Which locks the kernel proved shared (mkdir contention through nsenter, `test/lab/lab.test.ts`):',
    '',
    '| layout | row | pair | sibling `realpath(D).lock` | in-dir `D/.oauth_refresh.lock` | old | new |',
    '|---|---|---|---|---|---|---|',
  ]
  for (const layout of LAYOUTS) {
    for (const pair of layout.locks) {
      const verdict = layout.pairs?.find((p) => p.a === pair.a && p.b === pair.b)?.expected ?? layout.expected
      const inDir = pair.inDir === 'erofs' ? 'EROFS (read-only)' : pair.inDir ? 'shared' : 'private'
      lines.push(
        `| ${layout.name} | #${layout.scenario} | ${pair.a} – ${pair.b} | ${pair.sibling ? 'shared' : 'private'} | ${inDir} | ${verdict.old} | ${verdict.new} |`,
      )
    }
  }
  lines.push('', 'Mount IDs and tmpfs minor numbers change from run to run; paths (lab dir `' + LAB_DIR + '`) do not.')
  return lines.join('\n') + '\n'
}

await main()
