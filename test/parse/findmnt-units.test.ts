// The small pieces of the findmnt parsers, and form detection, on hand-written input.
import {describe, expect, it} from 'vitest'
import {codePointWidth} from '../../src/parse/findmnt/display-width.js'
import {detectFindmntFormat, parseFindmnt} from '../../src/parse/findmnt/index.js'
import {parsePropagationLabel} from '../../src/parse/findmnt/propagation-label.js'
import {splitSourceRoot, stripKnownRoot} from '../../src/parse/findmnt/source-root.js'
import {stripTreePrefix} from '../../src/parse/findmnt/tree-prefix.js'
import {unescapeHex} from '../../src/parse/findmnt/unescape-hex.js'
import {looksLikeMountinfo, parseMountTableText} from '../../src/parse/mount-table.js'

describe('unescapeHex', () => {
  it('decodes \\xNN as bytes, then UTF-8 with surrogate escapes for invalid bytes', () => {
    expect(unescapeHex('/mnt/\\xc3\\xbcmlaut')).toBe('/mnt/ümlaut')
    expect(unescapeHex('bad\\x92')).toBe('bad\udc92')
    expect(unescapeHex('a\\x20b\\x09c\\x5cd')).toBe('a b\tc\\d')
    expect(unescapeHex('no\\xzz escape \\x4')).toBe('no\\xzz escape \\x4')
    expect(unescapeHex('raw ü stays')).toBe('raw ü stays')
  })
})

describe('SOURCE[fsroot]', () => {
  it.each([
    ['/dev/sda1', '/dev/sda1', '/'],
    ['/dev/loop15[/home/johba/.claude]', '/dev/loop15', '/home/johba/.claude'],
    ['nsfs[net:[4026532001]]', 'nsfs', 'net:[4026532001]'],
    ['/dev/disk[0]', '/dev/disk[0]', '/'],
    ['tmpfs[/sub[dir]', 'tmpfs', '/sub[dir'],
    ['tmpfs[y][/x]]', 'tmpfs[y]', '/x]'],
    ['[/sub]', '', '/sub'],
    ['', '', '/'],
    ['/dev/mapper/a[b][/c [d]]', '/dev/mapper/a[b]', '/c [d]'],
  ])('%s → %s + %s', (text, source, fsRoot) => {
    expect(splitSourceRoot(text)).toEqual({source, fsRoot})
  })

  it('with an FSROOT column only that exact suffix is removed', () => {
    expect(stripKnownRoot('/dev/disk[0]', '/')).toBe('/dev/disk[0]')
    expect(stripKnownRoot('tmpfs[y][/x]]', '/x]')).toBe('tmpfs[y]')
    expect(stripKnownRoot('nsfs[net:[1]]', 'net:[1]')).toBe('nsfs')
  })
})

describe('tree glyphs', () => {
  it.each([
    ['/', '/', 0],
    ['├─/proc', '/proc', 1],
    ['│ └─/proc/sys', '/proc/sys', 2],
    ['  │ ├─/a b', '/a b', 3],
    ['|-/proc', '/proc', 1],
    ['| `-/proc/sys', '/proc/sys', 2],
  ])('%s', (cell, target, depth) => {
    expect(stripTreePrefix(cell)).toEqual({target, depth})
  })
})

describe('PROPAGATION', () => {
  it('reads the words, with no peer group ids (0 = unknown)', () => {
    expect(parsePropagationLabel('private')).toEqual({unbindable: false, unknown: []})
    expect(parsePropagationLabel('shared,slave')).toEqual({shared: 0, master: 0, unbindable: false, unknown: []})
    expect(parsePropagationLabel('private,unbindable')).toEqual({unbindable: true, unknown: []})
    expect(parsePropagationLabel('bogus')).toMatch(/is not a list of/)
  })
})

describe('display width', () => {
  it('counts CJK as 2 cells, combining marks as 0', () => {
    expect(codePointWidth('a'.codePointAt(0)!)).toBe(1)
    expect(codePointWidth('日'.codePointAt(0)!)).toBe(2)
    expect(codePointWidth(0x301)).toBe(0)
    expect(codePointWidth('├'.codePointAt(0)!)).toBe(1)
  })

  it('lines columns up after wide characters (real findmnt -l layout)', () => {
    const text = ['TARGET           SOURCE FSTYPE OPTIONS', '/mnt/ümlaut/日本 sür ce tmpfs  rw', '/x               y      ext4   ro'].join('\n')
    expect(parseFindmnt(text, 'w', {format: 'list'}).entries.map((e) => [e.target, e.source, e.fsType])).toEqual([
      ['/mnt/ümlaut/日本', 'sür ce', 'tmpfs'],
      ['/x', 'y', 'ext4'],
    ])
  })
})

describe('detectFindmntFormat', () => {
  it.each([
    ['{\n "filesystems": []\n}', 'json'],
    ['TARGET="/" SOURCE="x"', 'pairs'],
    ['TARGET SOURCE FSTYPE OPTIONS\n/ /dev/sda1 ext4 rw\n/a\\x20b x ext4 rw', 'raw'],
    ['TARGET SOURCE    FSTYPE OPTIONS\n/      /dev/sda1 ext4   rw', 'list'],
    ['TARGET  SOURCE FSTYPE OPTIONS\n/       a      ext4   rw\n├─/proc proc   proc   rw', 'tree'],
    ['TARGET  SOURCE FSTYPE OPTIONS\n/       a      ext4   rw\n`-/proc proc   proc   rw', 'tree'],
    ['ID PARENT TARGET\n1 0 /', 'raw'],
    ['hello world', undefined],
    ['SOURCE FSTYPE\nx y', undefined],
    ['', undefined],
  ])('%j → %s', (text, form) => {
    expect(detectFindmntFormat(text)).toBe(form)
  })

  it('mountinfo is the text whose first non-blank line starts with two integers', () => {
    expect(looksLikeMountinfo('\n  20 1 8:1 / / rw - ext4 /dev/sda1 rw')).toBe(true)
    expect(looksLikeMountinfo('# comment\n20 1 8:1 / / rw - ext4 /dev/sda1 rw')).toBe(true)
    expect(looksLikeMountinfo('ID PARENT\n20 1')).toBe(false)
    expect(parseMountTableText('TARGET="/"', 'x').format).toBe('findmnt-pairs')
    expect(parseMountTableText('20 1 8:1 / / rw - ext4 /dev/sda1 rw', 'x').format).toBe('mountinfo')
    expect(parseMountTableText('TARGET SOURCE\n/ a', 'x', {findmntFormat: 'raw'}).format).toBe('findmnt-raw')
    expect(parseMountTableText('', 'x').entries).toEqual([])
  })
})

describe('values', () => {
  it('empty ID/PARENT/MAJ:MIN mean 0, as findmnt prints 0 blank (JSON null)', () => {
    const [entry] = parseFindmnt('{"filesystems": [{"id": 25, "parent": null, "maj:min": null, "target": "/", "source": null}]}', 'j').entries
    expect(entry).toMatchObject({id: 25, parentId: 0, majMin: '0:0', target: '/', source: '', fsRoot: '/'})
  })

  it('accepts shell-variable -P keys of newer util-linux', () => {
    const [entry] = parseFindmnt('TARGET="/" MAJ_MIN="8:1" FS_OPTIONS="rw" VFS_OPTIONS="ro"', 'p').entries
    expect(entry).toMatchObject({majMin: '8:1', fsOptions: 'rw', vfsOptions: 'ro'})
  })

  it('ignores unknown columns and keys', () => {
    const [entry] = parseFindmnt('LABEL="x" TARGET="/" UUID=""', 'p').entries
    expect(entry).toEqual({target: '/', line: 1})
  })

  it('MAJ:MIN padding (%3u:%-3u) is removed', () => {
    const text = ['MAJ:MIN TARGET', '  8:1   /', '254:0   /x'].join('\n')
    expect(parseFindmnt(text, 'l', {format: 'list'}).entries.map((e) => e.majMin)).toEqual(['8:1', '254:0'])
  })
})
