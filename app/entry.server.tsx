import { randomBytes } from 'node:crypto'
import { PassThrough } from 'node:stream'
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { closeDatabase, getDatabase } from './db.server'
import { readiness as checkReadiness } from './modules/ops/health.server'
import { startPushLoop, stopPushLoop } from './modules/push/loop.server'
import { NonceProvider } from './utils/nonce'
import { env } from './env.server'

// the outbox's delivery loop starts with the server (once per process; off under tests or PUSH_INTERVAL_MS=0)
startPushLoop()

// The production server (app/server.mjs) reaches these through the build's entry module.
export { withDatabaseUnavailablePage } from './modules/ops/unavailable.server'
export { env } from './env.server'
export { runInRequestScope } from './utils/request-scope.server'

/** Start-up: opens the database (the embedded one is migrated and seeded here, or fails with its reason). */
export async function startup(): Promise<void> {
  await getDatabase()
}

/** /readyz: the database answers within 500 ms and is migrated. */
export function readiness() {
  return checkReadiness(getDatabase)
}

/** Graceful shutdown, after the last request: stop the push loop (its round finishes), close the pool. */
export async function shutdown(): Promise<void> {
  await stopPushLoop()
  await closeDatabase()
}

const ABORT_DELAY = 5_000
const production = env().NODE_ENV === 'production'

/** DESIGN 3.1 headers: CSP with a per-response nonce, nosniff, framing by ourselves only, no caching of personal data. */
export function securityHeaders(headers: Headers, nonce: string) {
  headers.set(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self'${production ? '' : ' ws:'}`,
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'self'",
    ].join('; '),
  )
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('Referrer-Policy', 'same-origin')
  headers.set('Cache-Control', 'no-store')
  if (production) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
}

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const nonce = randomBytes(16).toString('base64')
  securityHeaders(responseHeaders, nonce)
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}

/**
 * Single-fetch `.data` responses (a page's loader data: the roster with phone numbers, /me.data) get
 * the same headers as pages: no-store, nosniff, the CSP. Remix copies these headers onto the
 * redirect it builds from a data response too.
 */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  const nonce = randomBytes(16).toString('base64')
  try {
    securityHeaders(response.headers, nonce)
    return response
  } catch {
    // immutable headers (a fetched Response passed through): answer with a copy
    const copy = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    })
    securityHeaders(copy.headers, nonce)
    return copy
  }
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  // invitation and reset tokens are credentials: never in a log
  const path = new URL(request.url).pathname.replace(/\/(invite|reset)\/[^/]+/g, '/$1/…')
  console.error(`[${new Date().toISOString()}] ${request.method} ${path}`, error)
}
