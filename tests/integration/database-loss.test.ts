import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withDatabaseUnavailablePage } from '../../app/modules/ops/unavailable.server'
import { IMPORT_COMMIT_TIMEOUT_MS } from '../../app/modules/excel/batches.server'
import { allowLongStatements, DatabaseUnavailableError, isDatabaseUnavailable, openDatabase } from '../../db/client'
import { databaseTimeouts, readEnv } from '../../app/env.server'

const timeoutsFromEnv = (source: Record<string, string>) => databaseTimeouts(readEnv(source))
import { createTestDatabase, type TestDatabase } from './helpers'

// Issue 18 in-process: what a lost connection or an exceeded limit becomes, on the pool the app uses.
// The server-level proofs (503 pages, /readyz, signals) are in tests/e2e/resilience.test.ts.

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase({ seed: false, useForApp: false })
})
afterAll(() => t?.destroy())
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('limits from the environment', () => {
  it('defaults to 5 s to connect, 30 s per statement, 60 s idle in a transaction; env overrides; nonsense is refused in Chinese', () => {
    expect(timeoutsFromEnv({})).toEqual({ connectMs: 5_000, statementMs: 30_000, idleInTransactionMs: 60_000 })
    expect(
      timeoutsFromEnv({ DB_CONNECT_TIMEOUT_MS: '800', DB_STATEMENT_TIMEOUT_MS: '0', DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1500' }),
    ).toEqual({
      connectMs: 800,
      statementMs: 0,
      idleInTransactionMs: 1500,
    })
    expect(() => timeoutsFromEnv({ DB_STATEMENT_TIMEOUT_MS: '30s' })).toThrow(/DB_STATEMENT_TIMEOUT_MS/)
  })

  it('classifies loss of the database, not mistakes in a statement', () => {
    for (const code of ['57P01', '57014', '25P03', '08006', '53300', 'ECONNREFUSED'])
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true)
    for (const code of ['23505', '42501', '22P02', 'P0001'])
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(false)
    expect(isDatabaseUnavailable(new Response('x', { status: 404 }))).toBe(false)
  })
})

describe('every loader and action of the build answers 503 when the database is gone', () => {
  const build = withDatabaseUnavailablePage({
    routes: {
      page: {
        id: 'page',
        module: {
          loader: async () => {
            throw new DatabaseUnavailableError(
              Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
            )
          },
          action: async () => {
            throw new Error('a bug')
          },
          default: 'component',
        },
      },
    },
  })
  const args = { request: new Request('http://localhost/enterprise/roster'), params: {}, context: {} }
  it('a lost connection → the thrown 503 response with the Chinese message', async () => {
    const thrown = await (build.routes.page!.module.loader as (a: typeof args) => Promise<unknown>)(args).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(503)
    expect(await (thrown as Response).text()).toBe('数据库暂时不可用，请稍后重试')
  })
  it('any other error passes through unchanged, and the rest of the module is kept', async () => {
    await expect((build.routes.page!.module.action as (a: typeof args) => Promise<unknown>)(args)).rejects.toThrow('a bug')
    expect(build.routes.page!.module.default).toBe('component')
  })

  it('a real route on a database that refuses connections: 503, not 500', async () => {
    const closed = net.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise((r) => closed.close(r))
    const gone = await openDatabase({ url: `postgres://anzetong_app@127.0.0.1:${port}/none`, timeouts: { connectMs: 500 } })
    const { useDatabase } = await import('../../app/db.server')
    useDatabase(gone)
    try {
      const login = await import('../../app/routes/login')
      const wrapped = withDatabaseUnavailablePage({ routes: { login: { module: { ...login } } } })
      const request = new Request('http://localhost:3000/login', {
        method: 'POST',
        headers: { host: 'localhost:3000', origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ identifier: 'hs_admin', password: 'Anzetong@2026' }).toString(),
      })
      const thrown = await (wrapped.routes.login!.module.action as (a: unknown) => Promise<unknown>)({
        request,
        params: {},
        context: {},
      }).catch((e: unknown) => e)
      expect((thrown as Response).status).toBe(503)
    } finally {
      await gone.close()
    }
  })
})

describe.skipIf(!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)('on PostgreSQL', () => {
  it('a checked-out connection whose backend is terminated: the query fails as unavailable, the process lives, the next query gets a fresh connection', async () => {
    const h = await openDatabase({ url: t.url!, max: 2 })
    try {
      const running = h.db.transaction().execute(async (trx) => {
        await sql`select pg_sleep(5)`.execute(trx)
      })
      const owner = t.owner
      const deadline = Date.now() + 5_000
      let pids: number[] = []
      while (!pids.length && Date.now() < deadline) {
        pids = (
          await sql<{
            pid: number
          }>`select pid from pg_stat_activity where datname = current_database() and query like 'select pg_sleep%'`.execute(owner)
        ).rows.map((r) => r.pid)
        await sleep(30)
      }
      expect(pids.length).toBe(1)
      await sql`select pg_terminate_backend(${pids[0]!})`.execute(owner)
      await expect(running).rejects.toBeInstanceOf(DatabaseUnavailableError)
      await sleep(100)
      expect((await sql<{ one: number }>`select 1 as one`.execute(h.db)).rows).toEqual([{ one: 1 }])
    } finally {
      await h.close()
    }
  })

  it('idle_in_transaction_session_timeout: a transaction left idle beyond the limit is ended by the server; the work fails as unavailable, nothing of it stays', async () => {
    const h = await openDatabase({ url: t.url!, max: 1, timeouts: { idleInTransactionMs: 300 } })
    try {
      const work = h.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx)
        await sleep(1_200)
        await sql`select 1`.execute(trx)
      })
      await expect(work).rejects.toBeInstanceOf(DatabaseUnavailableError)
      expect((await sql<{ one: number }>`select 1 as one`.execute(h.db)).rows).toEqual([{ one: 1 }])
    } finally {
      await h.close()
    }
  })

  it('a long job raises its own limit for its transaction only (committing an import: 5 min)', async () => {
    const h = await openDatabase({ url: t.url!, max: 1 })
    try {
      const inside = await h.db.transaction().execute(async (trx) => {
        await allowLongStatements(trx, IMPORT_COMMIT_TIMEOUT_MS)
        return (await sql<{ statement_timeout: string }>`show statement_timeout`.execute(trx)).rows[0]!.statement_timeout
      })
      expect(inside).toBe('5min')
      // the same pooled connection is back at the app's default
      expect((await sql<{ statement_timeout: string }>`show statement_timeout`.execute(h.db)).rows[0]!.statement_timeout).toBe('30s')
    } finally {
      await h.close()
    }
  })

  it('statement_timeout: a statement beyond the limit fails as unavailable and its transaction is rolled back', async () => {
    const h = await openDatabase({ url: t.url!, max: 1, timeouts: { statementMs: 300 } })
    try {
      const before = (await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(t.owner)).rows[0]!.n
      const work = h.db.transaction().execute(async (trx) => {
        await sql`insert into audit_events (action, result) values ('probe', 'ok')`.execute(trx)
        await sql`select pg_sleep(2)`.execute(trx)
      })
      await expect(work).rejects.toMatchObject({ databaseUnavailable: true, code: '57014' })
      expect((await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(t.owner)).rows[0]!.n).toBe(before)
    } finally {
      await h.close()
    }
  })
})

describe('the embedded engine’s data directory', () => {
  it('in use by another live process: a Chinese message naming the directory and what to do', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azt-lock-'))
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
    try {
      await writeFile(path.join(dir, '.anzetong.lock'), String(other.pid))
      const error = await openDatabase({ dataDir: dir }).catch((e: unknown) => e)
      expect(error).toMatchObject({ name: 'EmbeddedDatabaseError' })
      expect((error as Error).message).toContain(dir)
      expect((error as Error).message).toContain(`正被另一个进程（PID ${other.pid}）使用`)
      expect((error as Error).message).toContain('PGLITE_DATA_DIR')
    } finally {
      other.kill('SIGKILL')
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('a lock left by a process that is gone is taken over; closing releases it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azt-lock-'))
    try {
      const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
      await new Promise((r) => gone.once('exit', r))
      await writeFile(path.join(dir, '.anzetong.lock'), String(gone.pid))
      const h = await openDatabase({ dataDir: dir })
      expect(await readFile(path.join(dir, '.anzetong.lock'), 'utf8')).toBe(String(process.pid))
      expect((await sql<{ one: number }>`select 1 as one`.execute(h.db)).rows).toEqual([{ one: 1 }])
      await h.close()
      await expect(readFile(path.join(dir, '.anzetong.lock'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('damaged: a Chinese message naming the directory and what to do, and the lock is released', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azt-bad-'))
    try {
      await writeFile(path.join(dir, 'PG_VERSION'), 'not a database\n')
      const error = await openDatabase({ dataDir: dir }).catch((e: unknown) => e)
      expect(error).toMatchObject({ name: 'EmbeddedDatabaseError' })
      expect((error as Error).message).toContain(`数据目录 ${dir} 已损坏`)
      expect((error as Error).message).toContain('从备份恢复')
      await expect(readFile(path.join(dir, '.anzetong.lock'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
