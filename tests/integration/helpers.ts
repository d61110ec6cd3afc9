import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import type { Kysely } from 'kysely'
import { inject } from 'vitest'
import { migrateToLatest, NO_TIMEOUTS, openDatabase, type DatabaseHandle } from '../../db/client'
import { applyPrivileges, appRoleUrl } from '../../db/privileges'
import type { Database } from '../../db/types'
import { seedDatabase } from '../../seeds/seed'
import { useDatabase } from '../../app/db.server'

/** The server tests run against: TEST_DATABASE_URL, else DATABASE_URL, else embedded PGlite. */
export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined
}

export interface TestDatabase extends DatabaseHandle {
  name: string
  /**
   * The schema owner's handle, for tests that deliberately tamper with evidence or set up what the
   * app may not write. On PostgreSQL `db` (the app's handle) connects as anzetong_app, like the
   * server; on PGlite both are the same single user.
   */
  owner: Kysely<Database>
  /** the app role's connection string (PostgreSQL only) */
  url?: string
  destroy: () => Promise<void>
}

/**
 * A fresh, migrated database for one test file: a new database on the Postgres server when one is
 * configured, an in-memory PGlite otherwise. Seeded with the demo data unless told not to: then it is a
 * copy of the run's template (tests/setup/template-database.ts), made once per run. On PostgreSQL it is
 * created, migrated, granted (db/privileges.ts) and seeded as the owner (the template was), and the
 * app's handle connects as the least-privileged role anzetong_app, as the server does.
 */
export async function createTestDatabase(options: { seed?: boolean; useForApp?: boolean } = {}): Promise<TestDatabase> {
  const server = testServerUrl()
  const seeded = options.seed !== false
  if (!server) {
    const template = seeded ? inject('templateDataDir') : null
    const handle = await openDatabase({ dataDir: 'memory://', loadDataDir: template ? new Blob([await readFile(template)]) : undefined })
    // a copy of the template is already migrated and seeded: this finds nothing to do
    await migrateToLatest(handle.db)
    if (seeded && !template) await seedDatabase(handle.db, { demo: true })
    if (options.useForApp !== false) useDatabase(handle)
    return { ...handle, owner: handle.db, name: 'pglite-memory', destroy: () => handle.close() }
  }
  const name = `azt_test_${randomBytes(6).toString('hex')}`
  const template = seeded ? inject('templateDatabase') : null
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  await admin.end()
  const drop = async () => {
    const c = new pg.Client({ connectionString: server })
    await c.connect()
    await c.query(`drop database if exists ${name} with (force)`)
    await c.end()
  }
  const url = new URL(server)
  url.pathname = `/${name}`
  const owner = await openDatabase({ url: url.toString(), max: 3, timeouts: NO_TIMEOUTS })
  if (!template) {
    await migrateToLatest(owner.db)
    await applyPrivileges(owner.db)
    if (seeded) await seedDatabase(owner.db, { demo: true })
  }
  const appUrl = appRoleUrl(url.toString())
  const handle = await openDatabase({ url: appUrl, max: 5 })
  if (options.useForApp !== false) useDatabase(handle)
  return {
    ...handle,
    owner: owner.db,
    url: appUrl,
    name,
    destroy: async () => {
      await handle.close()
      await owner.close()
      await drop()
    },
  }
}
