import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import {
  Kysely,
  Migrator,
  PostgresDialect,
  sql,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import { databaseTimeouts, env } from '../app/env.server'
import { migrationProvider } from './migrations/index'
import type { Database } from './types'

export type Engine = 'pg' | 'pglite'

export interface DatabaseHandle {
  db: Kysely<Database>
  engine: Engine
  close: () => Promise<void>
  /**
   * PostgreSQL only: a small pool of its own for a request's concurrent reads (app/db.server.ts
   * `concurrentReads`). Separate, so a read lane never waits for a connection held by a request that is
   * itself waiting for its lanes: a burst of dashboards cannot deadlock the main pool. Opened when first used.
   */
  readLanes?: () => Kysely<Database>
  /** PGlite only: the whole data directory as a tar (the tests' template database) */
  dumpDataDir?: () => Promise<Blob>
}

// Both engines must hand back the same JS values: dates stay 'YYYY-MM-DD' strings (a Date would
// shift by the server's time zone), bigint and numeric become numbers (counts and hours fit).
const DATE_OID = 1082
const INT8_OID = 20
const NUMERIC_OID = 1700
const passthrough = (v: string) => v
const toNumber = (v: string) => Number(v)

// And the same parameters: bytes go to the embedded engine as bytes (a binary parameter), as node-postgres
// sends them, not written out as hex a byte at a time (PGlite's own bytea serializer: 300 ms for the
// 300 KB of one staged import chunk).
const BYTEA_OID = 17
const PGLITE_SERIALIZERS = {
  [BYTEA_OID]: (v: unknown) => {
    if (!(v instanceof Uint8Array)) throw new Error('Invalid input for bytea type')
    return v as unknown as string // PGlite binds a Uint8Array as a binary parameter
  },
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return passthrough
    if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

export const defaultDataDir = () => path.resolve(env().PGLITE_DATA_DIR)

export interface OpenOptions {
  /** postgres connection string; when absent the embedded PGlite engine is used */
  url?: string
  /** PGlite data directory; 'memory://' for a throwaway in-memory database */
  dataDir?: string
  /** pg pool size */
  max?: number
  /** PGlite: start from this dumped data directory (see dumpDataDir) */
  loadDataDir?: Blob
  /**
   * Limits on each pg connection (ms; 0 = none). Default: from the environment (DB_CONNECT_TIMEOUT_MS,
   * DB_STATEMENT_TIMEOUT_MS, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS), else 5 s, 30 s and 60 s. Long jobs
   * (migrations, seeding, seed:scale) pass their own.
   */
  timeouts?: Partial<DatabaseTimeouts>
}

export interface DatabaseTimeouts {
  connectMs: number
  statementMs: number
  idleInTransactionMs: number
}

/** No limits: for migrations, seeding and seed:scale, which run as long as they need. */
export const NO_TIMEOUTS: DatabaseTimeouts = { connectMs: 30_000, statementMs: 0, idleInTransactionMs: 0 }

/** The message every page shows when the database cannot answer. */
export const DATABASE_UNAVAILABLE_MESSAGE = '数据库暂时不可用，请稍后重试'

/**
 * The database could not answer: its connection was lost or refused, or a limit was exceeded. The app
 * answers these with the 503 page (app/server.mjs); the work's transaction is rolled back (or was lost
 * with its connection). Marked with `databaseUnavailable` so code that sees another bundle's copy of
 * this class (the server beside the Remix build) can still recognise it.
 */
export class DatabaseUnavailableError extends Error {
  readonly databaseUnavailable = true
  readonly code: string | undefined
  constructor(cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    super(`${DATABASE_UNAVAILABLE_MESSAGE}（${detail}）`, { cause })
    this.name = 'DatabaseUnavailableError'
    this.code = (cause as { code?: string } | null)?.code
  }
}

// SQLSTATEs that mean "the database cannot answer now", not "this statement is wrong":
// class 08 (connection exception), 57014 query_canceled (statement_timeout), 57P01–57P03 (admin or
// crash shutdown, cannot connect now), 25P03 idle_in_transaction_session_timeout, 53300 too many
// connections, 53xxx insufficient resources.
const UNAVAILABLE_CODES = new Set(['57014', '57P01', '57P02', '57P03', '57P04', '25P03', '53000', '53100', '53200', '53300', '53400'])
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
])
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /query read timeout/i,
  /cannot use a pool after calling end/i,
  /client was closed and is not queryable/i,
  /connection.*(ended|closed)/i,
]

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  if ((error as { databaseUnavailable?: unknown }).databaseUnavailable === true) return true
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(code))) return true
  const message = (error as { message?: unknown }).message
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((re) => re.test(message))
}

const mapError = (error: unknown): unknown =>
  isDatabaseUnavailable(error) && !(error instanceof DatabaseUnavailableError) ? new DatabaseUnavailableError(error) : error

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw mapError(error)
  }
}

/** Wraps a connection so that every query's loss-of-database error becomes a DatabaseUnavailableError. */
class ResilientConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}
  executeQuery: DatabaseConnection['executeQuery'] = (query) => mapped(() => this.inner.executeQuery(query))
  async *streamQuery<R>(
    query: Parameters<DatabaseConnection['streamQuery']>[0],
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize)
    } catch (error) {
      throw mapError(error)
    }
  }
}

/** PostgresDriver with its errors classified; the inner driver still owns (and releases) its connections. */
class ResilientDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init = () => mapped(() => this.inner.init())
  acquireConnection = async () => new ResilientConnection(await mapped(() => this.inner.acquireConnection()))
  beginTransaction = (c: DatabaseConnection, settings: TransactionSettings) => mapped(() => this.inner.beginTransaction(c, settings))
  commitTransaction = (c: DatabaseConnection) => mapped(() => this.inner.commitTransaction(c))
  rollbackTransaction = (c: DatabaseConnection) => mapped(() => this.inner.rollbackTransaction(c))
  savepoint: Driver['savepoint'] = (c, name, compile) => mapped(() => this.inner.savepoint!(c, name, compile))
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (c, name, compile) => mapped(() => this.inner.rollbackToSavepoint!(c, name, compile))
  releaseSavepoint: Driver['releaseSavepoint'] = (c, name, compile) => mapped(() => this.inner.releaseSavepoint!(c, name, compile))
  releaseConnection = (c: DatabaseConnection) => this.inner.releaseConnection((c as ResilientConnection).inner)
  destroy = () => this.inner.destroy()
}

class ResilientPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new ResilientDriver(super.createDriver())
  }
}

/**
 * Inside a transaction: raise this transaction's statement limit (and its idle-in-transaction limit)
 * for a long job such as committing a big import. `set local` ends with the transaction, so the pooled
 * connection goes back with the app's defaults. (The embedded engine has no limits set.)
 */
export async function allowLongStatements(trx: Kysely<Database>, ms: number): Promise<void> {
  // outside a transaction a `set local` would end with its own statement: nothing to do
  if (!trx.isTransaction) return
  const value = `${Math.max(0, Math.floor(ms))}ms`
  await sql`select set_config('statement_timeout', ${value}, true), set_config('idle_in_transaction_session_timeout', ${value}, true)`.execute(
    trx,
  )
}

/** A pg pool whose every connection, idle or checked out, has an error listener, with the given limits. */
export function createPool(url: string, options: { max?: number; timeouts?: Partial<DatabaseTimeouts> } = {}): pg.Pool {
  const t = { ...databaseTimeouts(), ...options.timeouts }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: pgTypes as unknown as pg.CustomTypesConfig,
    connectionTimeoutMillis: t.connectMs,
    // sent in the start-up packet, so they hold on every connection before its first query
    ...(t.statementMs > 0 ? { statement_timeout: t.statementMs } : {}),
    ...(t.idleInTransactionMs > 0 ? { idle_in_transaction_session_timeout: t.idleInTransactionMs } : {}),
    // No client-side query_timeout: a long job raises statement_timeout for its own transaction
    // (allowLongStatements), which a fixed client limit would undo. Should a partition leave queries
    // hanging, the pool fills and further requests get 503 after DB_CONNECT_TIMEOUT_MS.
    keepAlive: true,
  })
  // An idle connection that the server drops (restart, failover, a dropped test database) must not
  // bring the process down: pg emits 'error' on the pool, and an unheard 'error' event is fatal.
  pool.on('error', (error) => console.warn(`数据库连接中断（空闲连接）：${error.message}`))
  // pg-pool listens on a client only while it is idle: one checked out by a request's transaction
  // when its backend is terminated would emit an unheard 'error'. Each client gets its own listener;
  // the query in flight fails (→ 503) and the pool discards the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => console.warn(`数据库连接中断：${error.message}`))
  })
  return pool
}

/** Connections of the read-lane pool (two cores: a request uses at most two lanes beside its own). */
const READ_LANE_CONNECTIONS = 4

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = createPool(options.url, { max: options.max, timeouts: options.timeouts })
    const db = new Kysely<Database>({ dialect: new ResilientPostgresDialect({ pool }) })
    let lanes: Kysely<Database> | undefined
    const url = options.url
    return {
      db,
      engine: 'pg',
      readLanes: () =>
        (lanes ??= new Kysely<Database>({
          dialect: new ResilientPostgresDialect({ pool: createPool(url, { max: READ_LANE_CONNECTIONS, timeouts: options.timeouts }) }),
        })),
      close: async () => {
        await lanes?.destroy()
        await db.destroy()
      },
    }
  }
  const dataDir = options.dataDir ?? defaultDataDir()
  if (dataDir.startsWith('memory://')) {
    const pglite = await PGlite.create(dataDir, {
      loadDataDir: options.loadDataDir,
      parsers: { [DATE_OID]: passthrough, [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
      serializers: PGLITE_SERIALIZERS,
    })
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
    return { db, engine: 'pglite', close: () => db.destroy(), dumpDataDir: () => pglite.dumpDataDir('none') }
  }
  mkdirSync(dataDir, { recursive: true })
  const unlock = lockDataDir(dataDir)
  let pglite: PGlite
  try {
    pglite = await PGlite.create(dataDir, {
      // a new directory may start as a copy of a dumped one (the end-to-end tests' template)
      loadDataDir: options.loadDataDir,
      parsers: { [DATE_OID]: passthrough, [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
      serializers: PGLITE_SERIALIZERS,
    })
    await pglite.query('select 1')
  } catch (error) {
    unlock()
    throw new EmbeddedDatabaseError(
      `嵌入式数据库无法打开：数据目录 ${dataDir} 已损坏或不是本系统的数据目录（${error instanceof Error ? error.message : String(error)}）。` +
        `请从备份恢复该目录；或停止服务后将其改名移走，再次启动时将新建数据库并载入演示数据（原有数据不会自动恢复）。也可用 PGLITE_DATA_DIR 指定另一个目录。`,
      { cause: error },
    )
  }
  // kysely-pglite-dialect queues connection requests: PGlite is one connection, and two
  // requests' transactions must never interleave on it (tests/integration/pglite-dialect.test.ts).
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
  return {
    db,
    engine: 'pglite',
    close: async () => {
      try {
        await db.destroy()
      } finally {
        unlock()
      }
    },
  }
}

/** Start-up cannot open the embedded database; its message says which directory and what to do. */
export class EmbeddedDatabaseError extends Error {
  readonly embeddedDatabase = true
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'EmbeddedDatabaseError'
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * PGlite is a single process's database: two processes writing one directory would corrupt it. A
 * lock file holding our pid is created atomically; one left by a process that no longer runs is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, '.anzetong.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      let released = false
      const release = () => {
        if (released) return
        released = true
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) rmSync(lockPath, { force: true })
        } catch {
          // already gone
        }
      }
      process.once('exit', release)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      let holder = NaN
      try {
        holder = Number(readFileSync(lockPath, 'utf8').trim())
      } catch {
        // vanished between our attempts: try again
      }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new EmbeddedDatabaseError(
          `嵌入式数据库的数据目录 ${dataDir} 正被另一个进程（PID ${holder}）使用。` +
            `同一目录只能由一个安责通进程打开：请先停止那个进程再启动；或用 PGLITE_DATA_DIR 指定另一个目录。`,
        )
      }
      // stale: its process is gone
      rmSync(lockPath, { force: true })
    }
  }
  throw new EmbeddedDatabaseError(`嵌入式数据库的数据目录 ${dataDir} 无法加锁：请检查该目录的权限。`)
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
