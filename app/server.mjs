// The production server: remix-serve's job (static files, compression, the Remix handler) plus the
// one thing remix-serve cannot do — hand the client's socket address to the app. Confirmations and
// sign-ins are evidence and record where they came from. Operations (README "Operations"): the 503
// page when the database is gone, /healthz and /readyz, graceful shutdown — in the functions at the end.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import { requestGuards } from './server-guards.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// The settings come from the build's app/env.server.ts, read and checked once with the app's own rules
// (this file is plain JS and reads no variable itself); a bad value ends start-up with its Chinese reason.
const { rawBuild, settings } = await loadBuild()
const ops = rawBuild.entry.module
// every loader and action answers 503 (数据库暂时不可用，请稍后重试) when the database is gone
const build = ops.withDatabaseUnavailablePage(rawBuild)

const SHUTDOWN_GRACE_MS = settings.SHUTDOWN_GRACE_MS
const lifecycle = { draining: false }

await openDatabaseOrExit()

const app = express()
app.disable('x-powered-by')
healthEndpoints(app)
// Behind a reverse proxy on this machine, X-Forwarded-For is believed; from anywhere else it is not.
app.set('trust proxy', settings.TRUST_PROXY)
// First, before any other work: our Chinese 403 for a foreign-origin or origin-less non-GET (Remix's
// own check would answer 500), and the /__manifest guard (GHSA-chx6-hx7r-mcp5). See server-guards.mjs.
app.use(requestGuards())
app.use(compression())
app.use('/build', express.static(path.join(root, 'public/build'), { immutable: true, maxAge: '1y' }))
app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }))
app.use((req, _res, next) => {
  // Overwrites whatever a client sent: only this server sets X-Client-IP for the app.
  req.headers['x-client-ip'] = req.ip ?? ''
  next()
})
const remix = createRequestHandler({ build, mode: settings.NODE_ENV })
// a GET or HEAD keeps what its loaders share (the session's validation) for itself: app/utils/request-scope.server.ts
app.all('*', (req, res, next) => ops.runInRequestScope(req.method === 'GET' || req.method === 'HEAD', () => remix(req, res, next)))

const port = settings.PORT
const host = settings.HOST
const onListen = () => console.log(`安责通已启动：http://${host ?? 'localhost'}:${port}`)
const server = host ? app.listen(port, host, onListen) : app.listen(port, onListen)
gracefulShutdown(server)

// --- Operations (issue 18): start-up, health endpoints, graceful shutdown -------------------------

/** The build and its checked settings; a missing build or a bad variable ends start-up with the reason. */
async function loadBuild() {
  try {
    const rawBuild = await import(path.join(root, 'build/index.js'))
    return { rawBuild, settings: rawBuild.entry.module.env() }
  } catch (error) {
    const message = error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error)
    console.error(`安责通无法启动：${message}`)
    process.exit(1)
  }
}

/**
 * Opens the database before listening. The embedded engine is migrated and seeded here; a data
 * directory in use by another process, or damaged, ends start-up with its Chinese reason (naming the
 * directory and what to do), never a stack trace. PostgreSQL is only connected on demand, so a server
 * started while its database is down starts, answers 503 and /readyz 503, and recovers by itself.
 */
async function openDatabaseOrExit() {
  try {
    await ops.startup()
  } catch (error) {
    const message = error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error)
    console.error(`安责通无法启动：${message}`)
    process.exit(1)
  }
}

/**
 * /healthz — liveness: the process answers (it does not touch the database; restarting the process
 * would not bring a database back). /readyz — readiness: `select 1` within 500 ms and every migration
 * run; 503 while the database is away and while the server drains for shutdown. Unauthenticated,
 * cheap, and without data.
 */
function healthEndpoints(app) {
  const plain = (res, status, body) =>
    res.status(status).set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).send(body)
  app.get('/healthz', (_req, res) => plain(res, 200, 'ok'))
  app.get('/readyz', async (_req, res) => {
    if (lifecycle.draining) return plain(res, 503, 'draining')
    const result = await ops.readiness()
    plain(res, result.ok ? 200 : 503, result.ok ? 'ready' : 'not ready')
  })
  // while draining, every response closes its connection, so keep-alive clients move on
  app.use((_req, res, next) => {
    if (lifecycle.draining) res.setHeader('Connection', 'close')
    next()
  })
}

/**
 * SIGTERM or SIGINT: stop accepting connections (/readyz answers 503 to whatever still asks), let the
 * requests in flight finish for up to SHUTDOWN_GRACE_MS (10 s), stop the push loop (its round in
 * progress finishes), close the pool, exit 0 — or 1 if requests had to be cut off. A second signal
 * exits at once.
 */
function gracefulShutdown(server) {
  const onSignal = async (signal) => {
    if (lifecycle.draining) {
      console.error(`再次收到 ${signal}：立即退出`)
      process.exit(1)
    }
    lifecycle.draining = true
    console.log(`收到 ${signal}：停止接受新连接，等待进行中的请求完成（最多 ${SHUTDOWN_GRACE_MS / 1000} 秒）`)
    const closed = new Promise((resolve) => server.close(() => resolve(true)))
    server.closeIdleConnections()
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100)
    let timer
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(false), SHUTDOWN_GRACE_MS)
    })
    const finished = await Promise.race([closed, timedOut])
    clearTimeout(timer)
    clearInterval(idleSweep)
    if (!finished) {
      console.error('等待超时：仍未完成的请求被中断')
      server.closeAllConnections()
    }
    try {
      await ops.shutdown()
    } catch (error) {
      console.error(`关闭数据库连接时出错：${error instanceof Error ? error.message : String(error)}`)
    }
    console.log('安责通已停止')
    process.exit(finished ? 0 : 1)
  }
  process.on('SIGTERM', (signal) => void onSignal(signal))
  process.on('SIGINT', (signal) => void onSignal(signal))
}
