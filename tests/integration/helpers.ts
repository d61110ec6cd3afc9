import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { inject } from 'vitest'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../db/client'
import { seedDatabase } from '../../db/seed'
import { useDatabase } from '../../app/db.server'

/** The server tests run against: TEST_DATABASE_URL, else DATABASE_URL, else embedded PGlite. */
export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined
}

export interface TestDatabase extends DatabaseHandle {
  name: string
  destroy: () => Promise<void>
}

/**
 * A fresh, migrated database for one test file: a new database on the Postgres server when one is
 * configured, an in-memory PGlite otherwise. Seeded with the demo data unless told not to: then it is a
 * copy of the run's template (tests/setup/template-database.ts), made once per run.
 */
export async function createTestDatabase(options: { seed?: boolean; useForApp?: boolean } = {}): Promise<TestDatabase> {
  const server = testServerUrl()
  let handle: DatabaseHandle
  let name = 'pglite-memory'
  let drop = async () => {}
  const seeded = options.seed !== false
  if (server) {
    name = `azt_test_${randomBytes(6).toString('hex')}`
    const template = seeded ? inject('templateDatabase') : null
    const admin = new pg.Client({ connectionString: server })
    await admin.connect()
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
    await admin.end()
    const url = new URL(server)
    url.pathname = `/${name}`
    handle = await openDatabase({ url: url.toString(), max: 5 })
    drop = async () => {
      const c = new pg.Client({ connectionString: server })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    }
  } else {
    const template = seeded ? inject('templateDataDir') : null
    handle = await openDatabase({ dataDir: 'memory://', loadDataDir: template ? new Blob([await readFile(template)]) : undefined })
  }
  // a copy of the template is already migrated and seeded; this finds nothing to do
  await migrateToLatest(handle.db)
  if (seeded && !inject('templateDatabase') && !inject('templateDataDir')) await seedDatabase(handle.db, { demo: true })
  if (options.useForApp !== false) useDatabase(handle)
  return {
    ...handle,
    name,
    destroy: async () => {
      await handle.close()
      await drop()
    },
  }
}
