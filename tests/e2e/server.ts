import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pg from 'pg'
import { inject } from 'vitest'
import { migrateToLatest, NO_TIMEOUTS, openDatabase } from '../../db/client'
import { applyPrivileges, appRoleUrl } from '../../db/privileges'
import { seedDatabase } from '../../seeds/seed'

import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'

// Starts the built app (`remix build` output) with app/server.mjs on a free port, against its own
// fresh database: a new database on the Postgres server when TEST_DATABASE_URL / DATABASE_URL is
// set, otherwise an embedded PGlite in a temp directory (the server migrates and seeds it itself).
// On PostgreSQL the database is created, migrated, granted and seeded as the owner, and the server
// connects as the least-privileged role anzetong_app (db/privileges.ts), as in production.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const HOST = '127.0.0.1'
const READY_TIMEOUT_MS = 90_000

export interface RunningServer {
  url: string
  stop: () => Promise<void>
  /** the server process (tests of signals and of a crash) */
  child: ChildProcess
  /** what the server printed so far */
  output: () => string
  /** on PostgreSQL: the owner's URL of the server's database, and its name */
  ownerUrl?: string
  databaseName?: string
  /** the server process's id (to watch its memory) and where it keeps evidence files */
  pid: number
  evidenceDir: string
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, HOST, () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))))
    })
  })
}

export interface ExternalDatabase {
  /** the owner's URL */
  url: string
  /** the app role's URL, for the server */
  appUrl: string
  name: string
  drop: () => Promise<void>
}

/**
 * The run's migrated and seeded template (tests/setup/template-database.ts, the e2e project's global
 * setup), or null outside a vitest run (the benchmark): copying it replaces a migration and the demo
 * seed per server, the slowest part of starting one on the embedded engine.
 */
function provided<K extends 'templateDatabase' | 'templateDataDir'>(key: K): string | null {
  try {
    return inject(key) ?? null
  } catch {
    return null
  }
}

/** A new embedded data directory that starts as a copy of the template (left empty without one: the server sets it up). */
async function copyTemplateDataDir(dataDir: string): Promise<void> {
  const template = provided('templateDataDir')
  if (!template) return
  const handle = await openDatabase({ dataDir, loadDataDir: new Blob([await readFile(template)]) })
  await handle.close()
}

export async function createExternalDatabase(server: string): Promise<ExternalDatabase> {
  const name = `azt_e2e_${randomBytes(6).toString('hex')}`
  const template = provided('templateDatabase')
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  try {
    // a copy of the template was migrated, granted and seeded as the owner, like the steps below
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  } finally {
    await admin.end()
  }
  const url = new URL(server)
  url.pathname = `/${name}`
  const drop = async () => {
    const c = new pg.Client({ connectionString: server })
    await c.connect()
    try {
      await c.query(`drop database if exists ${name} with (force)`)
    } finally {
      await c.end()
    }
  }
  try {
    if (template) return { url: url.toString(), appUrl: appRoleUrl(url.toString()), name, drop }
    const handle = await openDatabase({ url: url.toString(), max: 2, timeouts: NO_TIMEOUTS })
    try {
      await migrateToLatest(handle.db)
      await applyPrivileges(handle.db)
      await seedDatabase(handle.db, { demo: true })
    } finally {
      await handle.close()
    }
  } catch (error) {
    await drop().catch(() => {})
    throw error
  }
  return { url: url.toString(), appUrl: appRoleUrl(url.toString()), name, drop }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null
}

async function killChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timedOut = await Promise.race([gone.then(() => false), sleep(5_000).then(() => true)])
  if (timedOut && !exited(child)) {
    child.kill('SIGKILL')
    await Promise.race([gone, sleep(2_000)])
  }
}

/** Starts the server; with `databaseUrl` it serves that existing database as it is (the benchmark). */
export async function startServer(
  options: { databaseUrl?: string; env?: Record<string, string>; pgliteDataDir?: string } = {},
): Promise<RunningServer> {
  const buildEntry = path.join(root, 'build/index.js')
  if (!existsSync(buildEntry)) {
    throw new Error(
      `E2E tests need a production build, but ${buildEntry} is missing. Run \`npm run build\` (or \`npm run test:e2e\`, which builds first).`,
    )
  }

  const port = await freePort()
  const url = `http://${HOST}:${port}`

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST, NODE_ENV: 'production' }
  delete env.DATABASE_URL
  delete env.PGLITE_DATA_DIR

  // evidence files of this run live in their own temporary directory
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'azt-e2e-'))
  env.EVIDENCE_DIR = path.join(tempDir, 'evidence')
  let external: ExternalDatabase | null = null
  const server = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
  if (options.databaseUrl) {
    env.DATABASE_URL = options.databaseUrl
  } else if (server && !options.pgliteDataDir) {
    // the demo's evidence files are written where this server will read them
    useEvidenceStore(localStore(env.EVIDENCE_DIR))
    external = await createExternalDatabase(server)
    env.DATABASE_URL = external.appUrl
  } else {
    env.PGLITE_DATA_DIR = options.pgliteDataDir ?? path.join(tempDir, 'pglite')
    if (!options.pgliteDataDir) await copyTemplateDataDir(env.PGLITE_DATA_DIR)
  }
  Object.assign(env, options.env)

  const cleanup = async () => {
    if (external) await external.drop().catch((e) => console.error('e2e: could not drop database', e))
    await rm(tempDir, { recursive: true, force: true }).catch(() => {})
  }

  let output = ''
  // the server runs on the tests' clock, except when it serves an existing database (the benchmark)
  const clock = options.databaseUrl ? [] : ['--import', pathToFileURL(path.join(root, 'tests/setup/clock.mjs')).href]
  const child = spawn(process.execPath, [...clock, path.join(root, 'app/server.mjs')], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const capture = (chunk: Buffer) => {
    output += chunk.toString()
    if (output.length > 200_000) output = output.slice(-100_000)
  }
  child.stdout!.on('data', capture)
  child.stderr!.on('data', capture)
  if (process.env.E2E_SERVER_LOG) {
    child.stdout!.pipe(process.stdout)
    child.stderr!.pipe(process.stderr)
  }

  const stop = async () => {
    await killChild(child)
    await cleanup()
  }

  const deadline = Date.now() + READY_TIMEOUT_MS
  let lastProblem = 'no answer yet'
  try {
    for (;;) {
      if (exited(child)) throw new Error(`server exited early (code ${child.exitCode}, signal ${child.signalCode})`)
      try {
        // The first request on the embedded engine migrates and seeds: give it time.
        const res = await fetch(`${url}/login`, { redirect: 'manual', signal: AbortSignal.timeout(60_000) })
        await res.arrayBuffer().catch(() => {})
        if (res.status === 200) {
          // a database served as it is (the benchmark's, or one that never answers) is not warmed up
          if (options.databaseUrl) break
          // GET /login does not touch the database; a session lookup does, so the embedded engine
          // migrates and seeds now, not inside the first test's sign-in (its timeout is 60 s)
          const warm = await fetch(`${url}/me`, {
            redirect: 'manual',
            headers: { cookie: '__Host-azt_session=warmup; azt_session=warmup' },
            signal: AbortSignal.timeout(READY_TIMEOUT_MS),
          })
          await warm.arrayBuffer().catch(() => {})
          if (warm.status === 302) break
          lastProblem = `GET /me answered ${warm.status}`
        } else lastProblem = `GET /login answered ${res.status}`
      } catch (error) {
        lastProblem = error instanceof Error ? error.message : String(error)
      }
      if (Date.now() > deadline) throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s: ${lastProblem}`)
      await sleep(250)
    }
  } catch (error) {
    await stop()
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`${message}\n--- server output ---\n${output.trim() || '(none)'}`)
  }

  return {
    url,
    stop,
    child,
    output: () => output,
    ownerUrl: external?.url,
    databaseName: external?.name,
    pid: child.pid!,
    evidenceDir: env.EVIDENCE_DIR!,
  }
}
