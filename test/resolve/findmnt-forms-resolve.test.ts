import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {defaultRolePaths} from '../../src/checks/path-roles.js'
import {parseMountTableText} from '../../src/parse/mount-table.js'
import {kernelView} from '../../src/resolve/kernel-view.js'
import {decodeBytes} from '../../src/text/bytes.js'
import {ROOT} from '../helpers/run-cli.js'

// Every findmnt form captured inside one participant (fixtures/captured, real namespaces)
// resolves D, its parent, D.lock and D/.oauth_refresh.lock exactly as its mountinfo does:
// same mount, same relative path, same storage path, and the same backing key where the
// form carries MAJ:MIN.
const CAPTURED = join(ROOT, 'fixtures/captured')
const layouts = ['dir-only', 'parent', 'symlink', 'single-file', 'nested', 'overmount']

describe.each(layouts)('%s: every findmnt form resolves like mountinfo', (layout) => {
  for (const participant of readdirSync(join(CAPTURED, layout), {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => e.name)) {
    const dir = join(CAPTURED, layout, participant)
    const read = (file: string) => decodeBytes(readFileSync(join(dir, file)))
    const realpath = read('realpath-D.txt').trim()
    const env = JSON.parse(read('env.json')) as {HOME: string; CLAUDE_CONFIG_DIR?: string}
    const d = env.CLAUDE_CONFIG_DIR ?? `${env.HOME}/.claude`
    const paths = defaultRolePaths(d, realpath).map((p) => p.path)
    const reference = kernelView(parseMountTableText(read('mountinfo'), 'mountinfo'))
    const forms = readdirSync(dir).filter((file) => file.startsWith('findmnt'))

    it(`${participant}: ${forms.length} forms`, () => {
      expect(forms.length).toBeGreaterThanOrEqual(8)
      for (const form of forms) {
        const table = parseMountTableText(read(form), form)
        expect(table.format, form).not.toBe('mountinfo')
        const view = kernelView(table)
        for (const path of paths) {
          const want = reference.resolve(path)
          const got = view.resolve(path)
          const where = `${form} ${path}`
          expect(got.mountTarget, where).toBe(want.mountTarget)
          expect(got.relative, where).toBe(want.relative)
          expect(got.backing.storagePath, where).toBe(want.backing.storagePath)
          expect(got.backing.sourceKey, where).toBe(want.backing.sourceKey)
          if (got.backing.device) expect(got.backing.key, where).toBe(want.backing.key)
        }
      }
    })
  }
})
