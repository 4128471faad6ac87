import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import Ajv2020 from 'ajv/dist/2020.js'

import {ROOT} from './run-cli.js'

/** An ajv instance with every schema under schemas/ loaded, so $refs between them resolve. */
export function loadSchemas(): Ajv2020.default {
  const Ajv = (Ajv2020 as unknown as {default: typeof Ajv2020.default}).default ?? Ajv2020
  const ajv = new Ajv({allErrors: true, strict: false})
  const dir = join(ROOT, 'schemas')
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')))
  }
  return ajv
}

/** Validates data against `schemas/<name>` and returns readable errors ([] when valid). */
export function schemaErrors(name: string, data: unknown): string[] {
  const ajv = loadSchemas()
  const validate = ajv.getSchema(`https://disinto-auth.dev/schemas/${name}`)
  if (!validate) throw new Error(`schema ${name} not found`)
  return validate(data) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`)
}
