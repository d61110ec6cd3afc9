// The production server: remix-serve's job (static files, compression, the Remix handler) plus the
// one thing remix-serve cannot do — hand the client's socket address to the app. Confirmations and
// sign-ins are evidence and record where they came from.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import compression from 'compression'
import express from 'express'
import { requestGuards } from './server-guards.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const build = await import(path.join(root, 'build/index.js'))

const app = express()
app.disable('x-powered-by')
// Behind a reverse proxy on this machine, X-Forwarded-For is believed; from anywhere else it is not.
app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback')
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
app.all('*', createRequestHandler({ build, mode: process.env.NODE_ENV }))

const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST
const onListen = () => console.log(`安责通已启动：http://${host ?? 'localhost'}:${port}`)
if (host) app.listen(port, host, onListen)
else app.listen(port, onListen)
