// Checks the committed captures in fixtures/captured/ (no root needed): complete, consistent with
// src/lab/layouts.ts, mountinfo and findmnt agreeing, and enough to derive from the mount tables
// alone the lock sharing the kernel proved in lab.test.ts.
import {existsSync, readFileSync} from 'node:fs'
import {join, posix} from 'node:path'
import {describe, expect, it} from 'vitest'
import Ajv2020 from 'ajv/dist/2020.js'
import {LAYOUTS, configDirOf} from '../../src/lab/index.js'

const ROOT = 'fixtures/captured'
const FILES = [
  'mountinfo',
  'findmnt.txt',
  'findmnt--ascii.txt',
  'findmnt-l.txt',
  'findmnt-r.txt',
  'findmnt-P.txt',
  'findmnt-J.json',
  'findmnt-J-l.json',
  'findmnt-J-o.json',
  'env.json',
  'realpath-D.txt',
  'capture.json',
]

interface Line {
  id: number
  parent: number
  majmin: string
  root: string
  target: string
  vfsOptions: string
}

const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)))

function parse(text: string): Line[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const f = l.split(' ')
      return {
        id: Number(f[0]),
        parent: Number(f[1]),
        majmin: f[2] ?? '',
        root: unescape(f[3] ?? ''),
        target: unescape(f[4] ?? ''),
        vfsOptions: f[5] ?? '',
      }
    })
}

/** the storage a path lands on: the covering mount (longest target, later wins) + path inside it */
function backing(lines: Line[], path: string): {key: string; readOnly: boolean} {
  let best: Line | undefined
  for (const l of lines) {
    const covers = l.target === '/' || path === l.target || path.startsWith(l.target + '/')
    if (covers && (best === undefined || l.target.length >= best.target.length)) best = l
  }
  if (!best) throw new Error(`nothing covers ${path}`)
  const rel = best.target === '/' ? path.slice(1) : path.slice(best.target.length + 1)
  return {key: `${best.majmin}:${posix.join(best.root, rel)}`, readOnly: best.vfsOptions.split(',').includes('ro')}
}

interface FindmntNode {
  id: number
  parent: number
  'maj:min': string
  fsroot: string
  target: string
  children?: FindmntNode[]
}

function flatten(nodes: FindmntNode[]): FindmntNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])])
}

const validateBundle = new Ajv2020.default({strict: false}).compile(
  JSON.parse(readFileSync('schemas/capture.schema.json', 'utf8')) as object,
)

describe('captured lab fixtures', () => {
  it('an index lists every layout', () => {
    const index = JSON.parse(readFileSync(join(ROOT, 'index.json'), 'utf8')) as Array<{name: string}>
    expect(index.map((l) => l.name)).toEqual(LAYOUTS.map((l) => l.name))
  })

  for (const layout of LAYOUTS) {
    describe(layout.name, () => {
      const dir = join(ROOT, layout.name)

      it('layout.json matches src/lab/layouts.ts and README.md says how it was captured', () => {
        const json = JSON.parse(readFileSync(join(dir, 'layout.json'), 'utf8')) as Record<string, unknown>
        expect(json['expected']).toEqual(layout.expected)
        expect(json['scenario']).toBe(layout.scenario)
        expect(json['locks']).toEqual(layout.locks)
        expect(json['pairs']).toEqual(layout.pairs)
        expect(json['host']).toEqual(layout.host)
        const readme = readFileSync(join(dir, 'README.md'), 'utf8')
        expect(readme).toContain('uname -r')
        expect(readme).toContain('nsenter --target <pid> --mount --root --wd')
        expect(readme).toContain(`| old (≤ 2.1.131, sibling lock only) | ${layout.expected.old} |`)
      })

      for (const spec of layout.participants) {
        it(`${spec.name}: every file, env and realpath(D), mountinfo = findmnt -J -o`, () => {
          const pdir = join(dir, spec.name)
          for (const f of FILES) expect(existsSync(join(pdir, f)), `${pdir}/${f}`).toBe(true)
          expect(JSON.parse(readFileSync(join(pdir, 'env.json'), 'utf8'))).toEqual(spec.env)
          const realD = readFileSync(join(pdir, 'realpath-D.txt'), 'utf8')
          expect(realD).toMatch(/^\/\S*\n$/)
          const lines = parse(readFileSync(join(pdir, 'mountinfo'), 'utf8'))
          expect(lines[0]?.target).toBe('/')
          expect(lines.some((l) => l.target.startsWith('/tmp/disinto-lab'))).toBe(false)
          const fm = flatten((JSON.parse(readFileSync(join(pdir, 'findmnt-J-o.json'), 'utf8')) as {filesystems: FindmntNode[]}).filesystems)
          expect(fm.map((n) => [n.id, n.parent, n['maj:min'], n.fsroot, n.target])).toEqual(
            lines.map((l) => [l.id, l.parent, l.majmin, l.root, l.target]),
          )
          for (const m of spec.mounts) {
            if (m.kind === 'bind') expect(lines.some((l) => l.target === m.target && l.root === `/host/${m.source}`)).toBe(true)
          }
          const bundle = JSON.parse(readFileSync(join(pdir, 'capture.json'), 'utf8')) as Record<string, unknown>
          expect(bundle['schema']).toBe('disinto-auth/capture@1')
          expect(validateBundle(bundle), JSON.stringify(validateBundle.errors)).toBe(true)
          expect(bundle['configDir']).toBe(configDirOf(spec.env))
          expect(bundle['configDirRealpath']).toBe(realD.trim())
        })
      }

      it('the mount tables alone predict the lock sharing the kernel proved', () => {
        const view = (name: string) => {
          const pdir = join(dir, name)
          return {
            lines: parse(readFileSync(join(pdir, 'mountinfo'), 'utf8')),
            realD: readFileSync(join(pdir, 'realpath-D.txt'), 'utf8').trim(),
          }
        }
        for (const pair of layout.locks) {
          const a = view(pair.a)
          const b = view(pair.b)
          const sibA = backing(a.lines, a.realD + '.lock')
          const sibB = backing(b.lines, b.realD + '.lock')
          expect(sibA.key === sibB.key, `${pair.a}/${pair.b} sibling: ${sibA.key} vs ${sibB.key}`).toBe(pair.sibling)
          const inA = backing(a.lines, a.realD + '/.oauth_refresh.lock')
          const inB = backing(b.lines, b.realD + '/.oauth_refresh.lock')
          if (pair.inDir === 'erofs') {
            expect(inA.readOnly && inB.readOnly).toBe(true)
          } else {
            expect(inA.key === inB.key, `${pair.a}/${pair.b} in-dir: ${inA.key} vs ${inB.key}`).toBe(pair.inDir)
          }
        }
      })
    })
  }
})
