import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from './server'

// Issue 18, "survive the database", against the built server (app/server.mjs). The tests that need
// PostgreSQL (terminating backends, locks, triggers) skip on a PGlite-only run; the machine's
// PostgreSQL itself is never restarted: only this test's own database's backends are terminated.

const PASSWORD = 'Anzetong@2026'
const UNAVAILABLE = '数据库暂时不可用，请稍后重试'
const pgServer = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const servers: RunningServer[] = []
const owners: pg.Client[] = []
afterEach(async () => {
  for (const c of owners.splice(0)) await c.end().catch(() => {})
  for (const s of servers.splice(0).reverse()) await s.stop()
}, 60_000)

async function start(options: Parameters<typeof startServer>[0] = {}) {
  const s = await startServer(options)
  servers.push(s)
  return s
}

async function ownerClient(s: RunningServer): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: s.ownerUrl })
  c.on('error', () => {})
  await c.connect()
  owners.push(c)
  return c
}

async function signIn(s: RunningServer, who: string): Promise<string> {
  const res = await fetch(`${s.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.url },
    body: new URLSearchParams({ identifier: who, password: PASSWORD, redirectTo: '' }).toString(),
  })
  await res.arrayBuffer()
  expect(res.status).toBe(302)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

async function page(s: RunningServer, path: string, cookie?: string) {
  const res = await fetch(`${s.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} })
  return { status: res.status, body: await res.text() }
}

/** Waits until one of the app's backends on this database is in the given state (e.g. waiting on a lock). */
async function waitForBackend(owner: pg.Client, database: string, condition: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const { rows } = await owner.query(`select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and ${condition}`, [
      database,
    ])
    if (rows.length) return rows.map((r) => r.pid as number)
    if (Date.now() > deadline) throw new Error(`no backend of ${database} where ${condition}`)
    await sleep(50)
  }
}

const alive = (s: RunningServer) => s.child.exitCode === null && s.child.signalCode === null

describe('health endpoints', () => {
  it('/healthz and /readyz answer unauthenticated, with no data and no caching', async () => {
    const s = await start()
    const live = await fetch(`${s.url}/healthz`)
    expect([live.status, await live.text(), live.headers.get('cache-control')]).toEqual([200, 'ok', 'no-store'])
    const ready = await fetch(`${s.url}/readyz`)
    expect([ready.status, await ready.text()]).toEqual([200, 'ready'])
  })

  it('a database that never answers: pages get the 503 page within the connect timeout, /readyz 503 within 500 ms, /healthz 200', async () => {
    // a TCP port that accepts and then says nothing: connection attempts hang until our timeout
    const sockets: net.Socket[] = []
    const blackhole = net.createServer((socket) => void sockets.push(socket))
    await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', () => r()))
    const port = (blackhole.address() as net.AddressInfo).port
    try {
      const s = await start({ databaseUrl: `postgres://anzetong_app@127.0.0.1:${port}/none`, env: { DB_CONNECT_TIMEOUT_MS: '800' } })
      let t0 = Date.now()
      const ready = await fetch(`${s.url}/readyz`)
      expect([ready.status, await ready.text()]).toEqual([503, 'not ready'])
      expect(Date.now() - t0).toBeLessThan(1_500)
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
      t0 = Date.now()
      const res = await fetch(`${s.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.url },
        body: new URLSearchParams({ identifier: 'hs_admin', password: PASSWORD, redirectTo: '' }).toString(),
      })
      const body = await res.text()
      expect(res.status).toBe(503)
      expect(body).toContain(UNAVAILABLE)
      expect(Date.now() - t0).toBeLessThan(5_000)
      expect(alive(s)).toBe(true)
    } finally {
      for (const socket of sockets) socket.destroy()
      blackhole.close()
    }
  })
})

describe('the embedded engine', () => {
  it('a second server on a data directory in use stops at start-up with a Chinese message naming the directory, no stack trace', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azt-e2e-shared-'))
    try {
      const first = await start({ pgliteDataDir: dir })
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
      const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
      const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', PGLITE_DATA_DIR: dir }
      delete env.DATABASE_URL
      const second = spawn(process.execPath, [path.join(root, 'app/server.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      second.stdout!.on('data', (c: Buffer) => (output += c.toString()))
      second.stderr!.on('data', (c: Buffer) => (output += c.toString()))
      const code = await new Promise<number | null>((r) => second.once('exit', (c) => r(c)))
      expect(code).toBe(1)
      expect(output).toContain(`安责通无法启动：嵌入式数据库的数据目录 ${dir} 正被另一个进程（PID ${first.child.pid}）使用`)
      expect(output).not.toMatch(/\n\s+at /)
      // the first server is unharmed
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
    } finally {
      for (const s of servers.splice(0).reverse()) await s.stop()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe.skipIf(!pgServer)('on PostgreSQL: the database goes away and comes back', () => {
  it('pg_terminate_backend on every backend of the app’s database, one inside a request’s open transaction: the process stays up, only that request gets 503, the next succeed, /readyz 200 within a second', async () => {
    // the push delivery loop runs every second meanwhile, on the same pool
    const s = await start({ env: { PUSH_INTERVAL_MS: '1000' } })
    const cookie = await signIn(s, 'hs_admin')
    // several pooled connections in use and then idle
    const warm = await Promise.all(Array.from({ length: 4 }, () => page(s, '/enterprise/roster', cookie)))
    expect(warm.map((r) => r.status)).toEqual([200, 200, 200, 200])

    const owner = await ownerClient(s)
    await owner.query('begin')
    await owner.query('lock table employees in access exclusive mode')
    // this request's transaction is open on the server and waiting for the lock
    const inFlight = page(s, '/enterprise/roster', cookie)
    await waitForBackend(owner, s.databaseName!, `wait_event_type = 'Lock'`)
    const { rows } = await owner.query(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [s.databaseName],
    )
    expect(rows.length).toBeGreaterThanOrEqual(1)
    await owner.query('rollback')

    const cut = await inFlight
    expect(cut.status).toBe(503)
    expect(cut.body).toContain(UNAVAILABLE)
    expect(alive(s)).toBe(true)

    const t0 = Date.now()
    for (;;) {
      const ready = await fetch(`${s.url}/readyz`)
      await ready.arrayBuffer()
      if (ready.status === 200) break
      expect(Date.now() - t0).toBeLessThan(1_000)
      await sleep(50)
    }
    expect(Date.now() - t0).toBeLessThan(1_000)
    const after = await Promise.all(Array.from({ length: 6 }, () => page(s, '/enterprise/roster', cookie)))
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200])
    expect(after[0]!.body).toContain('花名册')
    expect(alive(s)).toBe(true)
    expect(s.output()).not.toMatch(/Unhandled 'error' event|uncaughtException/)
  })

  it('statement_timeout: a statement that sleeps beyond DB_STATEMENT_TIMEOUT_MS gives the 503 page in about that time, not a hung request', async () => {
    const s = await start({ env: { DB_STATEMENT_TIMEOUT_MS: '1000' } })
    const owner = await ownerClient(s)
    // the owner makes the app's own INSERT of a sign-in's audit event sleep for 3 s
    await owner.query(
      `create function azt_test_sleep() returns trigger language plpgsql as $$ begin perform pg_sleep(3); return new; end $$`,
    )
    await owner.query(`create trigger azt_test_sleep before insert on audit_events for each row execute function azt_test_sleep()`)
    const t0 = Date.now()
    const res = await fetch(`${s.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.url },
      body: new URLSearchParams({ identifier: 'hs_admin', password: PASSWORD, redirectTo: '' }).toString(),
    })
    const body = await res.text()
    expect(res.status).toBe(503)
    expect(body).toContain(UNAVAILABLE)
    expect(Date.now() - t0).toBeLessThan(2_900)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900)
    await owner.query('drop trigger azt_test_sleep on audit_events')
    expect((await signIn(s, 'hs_admin')).length).toBeGreaterThan(10)
    expect(alive(s)).toBe(true)
  })

  it('SIGTERM during a slow request: no new connections, the request finishes, then exit 0', async () => {
    const s = await start()
    const owner = await ownerClient(s)
    await owner.query(
      `create function azt_test_sleep() returns trigger language plpgsql as $$ begin perform pg_sleep(2); return new; end $$`,
    )
    await owner.query(`create trigger azt_test_sleep before insert on audit_events for each row execute function azt_test_sleep()`)
    const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)))
    const slow = fetch(`${s.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: s.url },
      body: new URLSearchParams({ identifier: 'hs_admin', password: PASSWORD, redirectTo: '' }).toString(),
    })
    await waitForBackend(owner, s.databaseName!, `query ilike '%insert into "audit_events"%'`)
    s.child.kill('SIGTERM')
    await sleep(200)
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow()
    const res = await slow
    await res.arrayBuffer()
    expect(res.status).toBe(302)
    expect(res.headers.get('set-cookie')).toBeTruthy()
    expect(await exited).toBe(0)
    expect(s.output()).toContain('安责通已停止')
  })

  it('SIGKILL while the head signs and publishes a status report leaves no published report, no outbox row; after a restart it publishes once', async () => {
    const s = await start()
    const owner = await ownerClient(s)
    // a provincial endpoint for 山西省, so a publication queues an outbox row
    await owner.query(
      `insert into push_endpoints (region_code, url, token) values ('140000', 'https://push.example.invalid/reports', 'secret-token-1234')`,
    )
    const admin = await signIn(s, 'hs_admin')
    const drafted = await fetch(`${s.url}/enterprise/reports`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin, origin: s.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    await drafted.arrayBuffer()
    expect(drafted.status).toBe(302)
    const reportId = drafted.headers.get('location')!.split('/').pop()!
    const head = await signIn(s, 'hs_head')
    const headsBefore = (await owner.query('select enterprise_id, seq, last_hash from ledger_heads order by 1')).rows
    const auditBefore = Number((await owner.query(`select count(*) from audit_events where action = 'report.publish'`)).rows[0].count)

    // the publication stops on the outbox insert, after the report was marked signed in its transaction
    await owner.query('begin')
    await owner.query('lock table report_push_outbox in share mode')
    const publishing = fetch(`${s.url}/enterprise/reports/${reportId}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: head, origin: s.url, 'content-type': 'application/x-www-form-urlencoded' },
      // the confirm step's post (issue 13 #14): a signature is only ever taken with confirm=1
      body: 'confirm=1',
    }).catch(() => null)
    await waitForBackend(owner, s.databaseName!, `wait_event_type = 'Lock'`)
    s.child.kill('SIGKILL')
    await new Promise((r) => s.child.once('exit', r))
    expect(await publishing).toBeNull()
    await owner.query('rollback')
    // PostgreSQL aborts the dead client's transaction once it notices the closed socket
    const deadline = Date.now() + 10_000
    while (
      (
        await owner.query('select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
          s.databaseName,
        ])
      ).rows[0].n > 0
    ) {
      if (Date.now() > deadline) throw new Error('the killed server’s backends did not go away')
      await sleep(100)
    }

    const check = async () => ({
      published: (await owner.query('select published_at, signed_by from status_reports where id = $1', [reportId])).rows[0],
      outbox: Number((await owner.query('select count(*) from report_push_outbox where report_id = $1', [reportId])).rows[0].count),
      status: Number((await owner.query('select count(*) from enterprise_report_status where report_id = $1', [reportId])).rows[0].count),
      audit: Number((await owner.query(`select count(*) from audit_events where action = 'report.publish'`)).rows[0].count),
      heads: (await owner.query('select enterprise_id, seq, last_hash from ledger_heads order by 1')).rows,
    })
    const nothing = { published: { published_at: null, signed_by: null }, outbox: 0, status: 0, audit: auditBefore, heads: headsBefore }
    expect(await check()).toEqual(nothing)

    // restart on the same database: still nothing half-written, and the head can publish it now, once
    const again = await start({ databaseUrl: s.ownerUrl!.replace(/\/\/[^@]*@/, '//anzetong_app@') })
    expect(await check()).toEqual(nothing)
    const head2 = await signIn(again, 'hs_head')
    const res = await fetch(`${again.url}/enterprise/reports/${reportId}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: head2, origin: again.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'confirm=1',
    })
    await res.arrayBuffer()
    expect(res.status).toBe(302)
    const done = await check()
    expect(done.published.published_at).not.toBeNull()
    expect([done.outbox, done.status, done.audit]).toEqual([1, 1, auditBefore + 1])
  })
})

afterAll(async () => {
  for (const s of servers.splice(0).reverse()) await s.stop()
})
