import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// every test runs at the same instant, whatever today's date (see the file)
const CLOCK = 'tests/setup/clock.mjs'

export default defineConfig({
  root,
  esbuild: { jsx: 'automatic' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: [CLOCK],
          // CI runs these beside the type check and lint on two cores: the zip checks inflate megabytes
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: [CLOCK, 'tests/setup/console.ts'],
          globalSetup: ['tests/setup/template-database.ts'],
          // each file opens its own database; PGlite takes ~3 s to start and ~800 MB, so keep two at a time
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          setupFiles: [CLOCK],
          // each server starts from a copy of one migrated and seeded database per run
          globalSetup: ['tests/setup/template-database.ts'],
          fileParallelism: false,
          // expect.poll gives up after 1 s by default: on CI's two loaded cores a client navigation of a
          // large page (the regulator's dashboard) can render later than that after its URL changed
          expect: { poll: { timeout: 10_000 } },
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
