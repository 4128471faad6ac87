import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // oclif's runCommand captures output itself
    disableConsoleIntercept: true,
    env: {FORCE_COLOR: '0', NO_COLOR: ''},
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
