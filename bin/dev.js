#!/usr/bin/env -S node --import tsx/esm
// Runs the TypeScript sources directly: tsx's loader handles the .ts files, and oclif's
// development mode maps dist/commands to src/commands through tsconfig's outDir/rootDir.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
