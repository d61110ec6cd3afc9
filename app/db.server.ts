import { sql, type Kysely, type Transaction } from 'kysely'
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../db/client'
import { seedDatabase } from '../seeds/seed'
import type { Database } from '../db/types'
import type { Actor } from './modules/auth/actor'
import { env } from './env.server'
import { clientOf, type Client } from './modules/audit/audit.server'

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
 * What every module command receives: the request's transaction, who is acting, from where, and the
 * request's clock (one instant per request, so everything a command stamps agrees).
 */
export interface RequestContext {
  db: DB
  actor: Actor
  client: Client
  now: Date
  /**
   * Reads a request makes several times with the same answer (the regulator's scope: every module
   * call of a dashboard asked for it again), kept for this request's transaction only: withActor
   * gives each request a new one (its concurrent read lanes share it); a context from contextFor has
   * none, so tests and scripts read afresh every time.
   */
  memo?: Map<string, Promise<unknown>>
  /**
   * The read-lane pool of the database whose transaction `db` is (PostgreSQL only): set by withActor,
   * used by concurrentReads. A context from contextFor has none (its db may be any database: a test's,
   * a seed's), so its reads run one after another on `db`.
   */
  readLanes?: () => Kysely<Database>
}

/** The request's answer to `key` if it has one, else `read()`'s (kept only in a request's context, see RequestContext.memo). */
export function memoized<T>(ctx: RequestContext, key: string, read: () => Promise<T>): Promise<T> {
  const memo = ctx.memo
  if (!memo) return read()
  let hit = memo.get(key) as Promise<T> | undefined
  if (!hit) {
    hit = read()
    memo.set(key, hit)
    // a failed read is not kept: the next caller reads again (and fails on its own)
    hit.catch(() => memo.get(key) === hit && memo.delete(key))
  }
  return hit
}

/** A context outside a request: tests and scripts calling module functions directly. */
export function contextFor(db: DB, actor: Actor, client: Client = { ip: null, userAgent: null }, now: Date = new Date()): RequestContext {
  return { db, actor, client, now }
}

/**
 * A request's context outside a transaction: for work that must not hold one open, such as an export
 * streamed page by page, or a password change whose sessions are rotated by Lucia's own connection.
 */
export async function requestContext(request: Request, actor: Actor): Promise<RequestContext> {
  return contextFor(await getDb(), actor, clientOf(request))
}

/**
 * Every request's database work runs here: one transaction, tagged with who is acting, so that
 * tenant scope, audit and (later) row-level security hang off one place.
 */
export async function withActor<T>(actor: Actor, request: Request | Client, work: (ctx: RequestContext) => Promise<T>): Promise<T> {
  const handle = await getDatabase()
  const client = request instanceof Request ? clientOf(request) : request
  const now = new Date()
  return handle.db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${actor.userId}, true),
                     set_config('app.enterprise_id', ${actor.kind === 'enterprise' ? actor.enterpriseId : ''}, true)`.execute(trx)
    return work({ db: trx, actor, client, now, memo: new Map(), readLanes: handle.readLanes })
  })
}

type Reads<T extends readonly unknown[]> = { [K in keyof T]: (ctx: RequestContext) => Promise<T[K]> }

/** At most this many connections per request for concurrent reads, beside its own (two cores: more only contend). */
const READ_LANES = 2

/**
 * A page's independent reads, each handed a context. On PostgreSQL, inside a request's transaction,
 * they run concurrently: the transaction exports its snapshot (`pg_export_snapshot()`), and up to
 * READ_LANES connections of the read-lane pool (a pool of its own, so lanes never wait on connections held
 * by requests waiting for lanes) open read-only repeatable-read transactions on that same snapshot
 * (`SET TRANSACTION SNAPSHOT`), tagged with the same actor; each takes the next read not yet started,
 * so every read sees the database as of the same instant, as one repeatable-read transaction would.
 * The reads must not write (the lanes are read only) and do not see the request's own uncommitted
 * writes: call this before writing anything. The embedded engine (one connection) and a context
 * outside a transaction run them one after another, in order.
 */
export async function concurrentReads<T extends readonly unknown[]>(ctx: RequestContext, ...reads: Reads<T>): Promise<T> {
  const fns = reads as unknown as ((ctx: RequestContext) => Promise<unknown>)[]
  // lanes only for a request's own transaction on the database they belong to (RequestContext.readLanes)
  const readLanes = ctx.db.isTransaction ? ctx.readLanes : undefined
  const out: unknown[] = new Array(fns.length)
  if (!readLanes || fns.length < 2) {
    for (const [i, fn] of fns.entries()) out[i] = await fn(ctx)
    return out as unknown as T
  }
  const { rows } = await sql<{ snapshot: string }>`select pg_export_snapshot() as snapshot`.execute(ctx.db)
  const snapshot = rows[0]!.snapshot
  const { actor } = ctx
  let next = 0
  const lanes = readLanes()
  const lane = () =>
    lanes
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        await sql`set transaction snapshot ${sql.lit(snapshot)}`.execute(trx)
        await sql`select set_config('app.user_id', ${actor.userId}, true),
                         set_config('app.enterprise_id', ${actor.kind === 'enterprise' ? actor.enterpriseId : ''}, true)`.execute(trx)
        // a read on a lane runs its own reads one after another: the lanes are already taken
        const laneCtx = { ...ctx, db: trx, readLanes: undefined }
        while (next < fns.length) {
          const i = next++
          out[i] = await fns[i]!(laneCtx)
          filled[i] = true
        }
      })
  const filled: boolean[] = new Array(fns.length).fill(false)
  const settled = await Promise.allSettled(Array.from({ length: Math.min(READ_LANES, fns.length) }, lane))
  // a read that failed on its lane fails the page; a lane that could not be had (the lane pool busy past
  // its connect timeout) only leaves its reads to the request's own transaction, one after another
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failed && filled.slice(0, next).some((f) => !f)) throw failed.reason
  while (next < fns.length) {
    const i = next++
    out[i] = await fns[i]!(ctx)
  }
  return out as unknown as T
}
