import { sql, type Kysely, type Transaction } from 'kysely'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/client'
import { seedDatabase } from '../seeds/seed'
import type { Database } from '../db/types'
import type { Actor } from './modules/auth/actor'
import { env } from './env.server'

export type DB = Kysely<Database>
export type Trx = Transaction<Database>

declare global {
  // Kept on globalThis so a dev-server rebuild does not open a second embedded database.
  var __aztDatabase: Promise<DatabaseHandle> | undefined
}

async function open(): Promise<DatabaseHandle> {
  const url = env().DATABASE_URL
  const handle = await openDatabase({ url })
  if (handle.engine === 'pglite') {
    // The embedded engine sets itself up: a person runs `npm start` and signs in.
    await migrateToLatest(handle.db)
    await seedDatabase(handle.db, { demo: true, onlyIfEmpty: true })
  }
  return handle
}

export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalThis.__aztDatabase) {
    const opening = open()
    globalThis.__aztDatabase = opening
    // a failed open is not remembered: the next request tries again
    opening.catch(() => {
      if (globalThis.__aztDatabase === opening) globalThis.__aztDatabase = undefined
    })
  }
  return globalThis.__aztDatabase
}

/** Graceful shutdown: closes the pool (or the embedded database) once the requests have finished. */
export async function closeDatabase(): Promise<void> {
  const opening = globalThis.__aztDatabase
  globalThis.__aztDatabase = undefined
  if (!opening) return
  const handle = await opening.catch(() => null)
  await handle?.close()
}

export async function getDb(): Promise<DB> {
  return (await getDatabase()).db
}

/** Tests point the app at their own database. */
export function useDatabase(handle: DatabaseHandle) {
  globalThis.__aztDatabase = Promise.resolve(handle)
}

/**
 * Every request's database work runs here: one transaction, tagged with who is acting, so that
 * tenant scope, audit and (later) row-level security hang off one place.
 */
export async function withActor<T>(actor: Actor, work: (trx: Trx) => Promise<T>): Promise<T> {
  const db = await getDb()
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${actor.userId}, true),
                     set_config('app.enterprise_id', ${actor.kind === 'enterprise' ? actor.enterpriseId : ''}, true)`.execute(trx)
    return work(trx)
  })
}
