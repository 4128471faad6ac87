import {LineCounter, type Node as YamlNode, isMap, isScalar, isSeq, parseDocument} from 'yaml'

import type {FailOn} from '../domain/compose-report.js'
import {inputErrorAt} from '../errors.js'
import {protocolForVersion} from '../protocols/protocol-for.js'
import {RULE_IDS} from '../report/rule-catalog.js'
import type {ConfigSuppression} from './suppressions.js'

/** `.disinto-auth.yaml`, as schemas/disinto-auth-config.schema.json describes it. */
export interface DisintoConfig {
  failOn?: FailOn
  claudeVersion?: string
  ignore: ConfigSuppression[]
}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never']
const TOP_KEYS = new Set(['fail-on', 'claude-version', 'ignore'])
const IGNORE_KEYS = new Set(['rule', 'service', 'file', 'reason'])

/**
 * Parses and checks the config file by hand (the JSON Schema says the same; ajv stays out of
 * the start-up path). Every problem is one `file:line:col: what` error, exit 2.
 */
export function parseDisintoConfig(text: string, file: string): DisintoConfig {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true})
  const fail = (node: YamlNode | null | undefined, what: string): never => {
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0)
    throw inputErrorAt(file, pos.line, what, pos.col)
  }
  const error = document.errors[0]
  if (error) {
    const pos = lineCounter.linePos(error.pos[0])
    throw inputErrorAt(file, pos.line, `invalid YAML: ${error.message.split('\n')[0]}`, pos.col)
  }
  const config: DisintoConfig = {ignore: []}
  const root = document.contents
  if (root === null || (isScalar(root) && root.value === null)) return config
  if (!isMap(root)) return fail(root, 'the config must be a mapping (fail-on, claude-version, ignore)')
  const string = (node: unknown, what: string): string => {
    if (!isScalar(node) || typeof node.value !== 'string' && typeof node.value !== 'number') return fail(node as YamlNode, `${what} must be a string`)
    return String(node.value)
  }
  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode
    const key = isScalar(keyNode) ? String(keyNode.value) : ''
    if (!TOP_KEYS.has(key)) fail(keyNode, `unknown key "${key}" (expected fail-on, claude-version, ignore)`)
    const value = pair.value as YamlNode | null
    if (key === 'fail-on') {
      const failOn = string(value, 'fail-on')
      if (!FAIL_ON.includes(failOn as FailOn)) fail(value, `fail-on must be one of ${FAIL_ON.join(', ')}, not "${failOn}"`)
      config.failOn = failOn as FailOn
    } else if (key === 'claude-version') {
      const version = string(value, 'claude-version')
      if (!protocolForVersion(version)) fail(value, `claude-version "${version}" is not a Claude Code version (X.Y.Z)`)
      config.claudeVersion = version
    } else {
      if (!isSeq(value)) return fail(value ?? keyNode, 'ignore must be a list of {rule, service?, file?, reason}')
      for (const item of value.items as YamlNode[]) config.ignore.push(ignoreEntry(item, file, lineCounter, fail, string))
    }
  }
  return config
}

function ignoreEntry(
  item: YamlNode,
  file: string,
  lineCounter: LineCounter,
  fail: (node: YamlNode | null | undefined, what: string) => never,
  string: (node: unknown, what: string) => string,
): ConfigSuppression {
  if (!isMap(item)) return fail(item, 'each ignore entry must be a mapping {rule, service?, file?, reason}')
  const values: Record<string, string> = {}
  for (const pair of item.items) {
    const keyNode = pair.key as YamlNode
    const key = isScalar(keyNode) ? String(keyNode.value) : ''
    if (!IGNORE_KEYS.has(key)) fail(keyNode, `unknown key "${key}" in an ignore entry (expected rule, service, file, reason)`)
    values[key] = string(pair.value, `ignore.${key}`)
  }
  const rule = values['rule']
  if (rule === undefined) return fail(item, 'an ignore entry needs a rule')
  if (!RULE_IDS.has(rule)) fail(item.get('rule', true) as YamlNode, `unknown rule "${rule}" (see docs/rules.md)`)
  const reason = values['reason']?.trim()
  if (!reason) return fail(item, `the ignore entry for ${rule} needs a reason`)
  const pos = lineCounter.linePos(item.range?.[0] ?? 0)
  const entry: ConfigSuppression = {rule, reason, location: {file, line: pos.line, column: pos.col}}
  if (values['service'] !== undefined) entry.service = values['service']
  if (values['file'] !== undefined) entry.file = values['file']
  return entry
}
