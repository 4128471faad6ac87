import {Chalk, type ChalkInstance} from 'chalk'

/** What reporters need to style text; tests pass plainStyle. */
export interface Style {
  color: ChalkInstance
  glyph: {ok: string; fail: string; warn: string; skip: string; unknown: string; error: string; arrow: string}
}

const UNICODE = {ok: '✓', fail: '✗', warn: '!', skip: '–', unknown: '?', error: '☠', arrow: '→'}
const ASCII = {ok: 'ok', fail: 'FAIL', warn: 'warn', skip: 'skip', unknown: '??', error: 'err', arrow: '->'}

/**
 * chalk 5 ignores NO_COLOR on purpose (chalk/supports-color#74); we honour it, and --no-color.
 * FORCE_COLOR, when set, wins, as the no-color.org convention allows.
 */
export function makeStyle(options: {noColor?: boolean; env?: NodeJS.ProcessEnv; isTTY?: boolean} = {}): Style {
  const env = options.env ?? process.env
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  const noColor = options.noColor || (!forced && Boolean(env.NO_COLOR)) || env.FORCE_COLOR === '0'
  const color = noColor ? new Chalk({level: 0}) : forced ? new Chalk({level: 1}) : new Chalk()
  const dumb = env.TERM === 'dumb' || env.TERM === 'linux'
  return {color, glyph: dumb ? ASCII : UNICODE}
}

/** No colour, Unicode glyphs: what tests snapshot. */
export const plainStyle: Style = {color: new Chalk({level: 0}), glyph: UNICODE}
