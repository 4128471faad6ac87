import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const FAKE_BIN = fileURLToPath(new URL('../helpers/fake-bin', import.meta.url))

export type EngineMap = Record<string, number | {pid: number; env?: Record<string, string>}>

/**
 * Puts the fake docker/podman/kubectl first on PATH with a mapping file; returns a restore
 * function. Transports spawn with our environment, so this is what they see.
 */
export function useFakeEngines(map: EngineMap): {file: string; restore: () => void} {
  const dir = mkdtempSync(join(tmpdir(), 'disinto-fake-engine-'))
  const file = join(dir, 'map.json')
  writeFileSync(file, JSON.stringify(map))
  const saved = {PATH: process.env.PATH, MAP: process.env.DISINTO_FAKE_ENGINE_MAP}
  process.env.PATH = `${FAKE_BIN}:${saved.PATH ?? ''}`
  process.env.DISINTO_FAKE_ENGINE_MAP = file
  return {
    file,
    restore() {
      process.env.PATH = saved.PATH
      if (saved.MAP === undefined) delete process.env.DISINTO_FAKE_ENGINE_MAP
      else process.env.DISINTO_FAKE_ENGINE_MAP = saved.MAP
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
