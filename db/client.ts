import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, Migrator, PostgresDialect } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import pg from 'pg'
import { migrationProvider } from './migrations/index'
import type { Database } from './types'

export type Engine = 'pg' | 'pglite'

export interface DatabaseHandle {
  db: Kysely<Database>
  engine: Engine
  close: () => Promise<void>
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

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return passthrough
    if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

export const defaultDataDir = () => path.resolve(process.env.PGLITE_DATA_DIR ?? './.data/pglite')

export interface OpenOptions {
  /** postgres connection string; when absent the embedded PGlite engine is used */
  url?: string
  /** PGlite data directory; 'memory://' for a throwaway in-memory database */
  dataDir?: string
  /** pg pool size */
  max?: number
  /** PGlite: start from this dumped data directory (see dumpDataDir) */
  loadDataDir?: Blob
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.max ?? 10,
      types: pgTypes as unknown as pg.CustomTypesConfig,
    })
    // An idle connection that the server drops (restart, failover, a dropped test database) must not
    // bring the process down: pg emits 'error' on the pool, and an unheard 'error' event is fatal.
    pool.on('error', (error) => console.warn(`数据库连接中断：${error.message}`))
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, engine: 'pg', close: () => db.destroy() }
  }
  const dataDir = options.dataDir ?? defaultDataDir()
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const pglite = await PGlite.create(dataDir, {
    loadDataDir: options.loadDataDir,
    parsers: { [DATE_OID]: passthrough, [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
  })
  // kysely-pglite-dialect queues connection requests: PGlite is one connection, and two
  // requests' transactions must never interleave on it (tests/integration/pglite-dialect.test.ts).
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
  return { db, engine: 'pglite', close: () => db.destroy(), dumpDataDir: () => pglite.dumpDataDir('none') }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
