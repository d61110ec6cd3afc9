// Request guards of the production server (app/server.mjs), run before Remix sees a request. Plain
// JavaScript so that `node app/server.mjs` runs them without a build; unit-tested in
// tests/unit/server-guards.test.ts.

// ── our own CSRF check, before Remix's ──────────────────────────────────────────────────────────
// Remix 2.17's action handler throws a plain Error for a foreign Origin (server-runtime actions.js,
// throwIfPotentialCSRFAttack), which becomes a 500 "Unexpected Server Error". We answer every
// non-GET that does not come from our own origin with our Chinese 403 page first, so that never
// happens. The rule is the same as app/modules/auth/rules.ts isSameOrigin (which route code keeps as
// a second line): Origin, else Referer, must name our host; neither present is refused. When a proxy
// sends X-Forwarded-Host it must name the same host too (Remix compares with it).

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** @param {{ method: string, host?: string | null, forwardedHost?: string | null, origin?: string | null, referer?: string | null }} r */
export function isSameOriginRequest({ method, host, forwardedHost, origin, referer }) {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (!host) return false
  // `Origin: null` (a sandboxed frame, a redirect across origins) is never one of our pages
  if (origin === 'null') return false
  const source = origin || referer
  if (!source) return false
  let sourceHost
  try {
    sourceHost = new URL(source).host
  } catch {
    return false
  }
  if (sourceHost !== host) return false
  if (forwardedHost && forwardedHost.split(',')[0].trim() !== host) return false
  return true
}

export const FORBIDDEN_ORIGIN_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>无权访问 · 安责通</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f4f6f9;color:#1f2933;margin:0}
main{max-width:32rem;margin:4rem auto;background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:1.5rem 2rem}
h1{font-size:1.3rem;margin:0 0 .75rem}a{color:#1d5fbf}</style></head>
<body><main><h1>无权访问</h1><p>请求来源不被允许：只接受从安责通本站页面提交的操作。请回到安责通页面重新操作。</p>
<p><a href="/">返回首页</a></p></main></body></html>`

/** The headers every answer of ours carries (the same baseline entry.server.tsx gives pages). */
export function baselineHeaders() {
  return {
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  }
}

// ── the lazy route discovery endpoint (GHSA-chx6-hx7r-mcp5 / CVE-2026-55685) ───────────────────
// Remix 2.17.5 answers GET /__manifest?p=<path>&p=<path>…&version=<build version> (server-runtime
// server.js handleManifestRequest): for every path it builds every prefix and matches each against
// the route tree, so one 7.6 kB URL of thousands of one-letter segments costs the server dearly, and
// nothing limits how often. Upstream fixed it only in react-router 7.18.0. Here: only `p` and
// `version`, at most MANIFEST_MAX_PATHS paths, each at most MANIFEST_MAX_PATH_LENGTH characters and
// MANIFEST_MAX_SEGMENTS segments (our deepest route has 5), else 400; and a token bucket per client.

export const MANIFEST_PATH = '/__manifest'
export const MANIFEST_MAX_PATHS = 64
export const MANIFEST_MAX_PATH_LENGTH = 256
export const MANIFEST_MAX_SEGMENTS = 12
export const MANIFEST_MAX_URL = 7680

/**
 * @param {string} method
 * @param {string} originalUrl path and query as received
 * @returns {null | { status: number, message: string }} null when the request may go on
 */
export function checkManifestRequest(method, originalUrl) {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, message: '只允许 GET' }
  if (originalUrl.length > MANIFEST_MAX_URL) return { status: 400, message: '请求过长' }
  let url
  try {
    url = new URL(originalUrl, 'http://localhost')
  } catch {
    return { status: 400, message: '请求无效' }
  }
  let paths = 0
  for (const [key, value] of url.searchParams) {
    if (key === 'version') continue
    if (key !== 'p') return { status: 400, message: '请求参数无效' }
    paths++
    if (paths > MANIFEST_MAX_PATHS) return { status: 400, message: '路径过多' }
    if (value.length > MANIFEST_MAX_PATH_LENGTH) return { status: 400, message: '路径过长' }
    if (value.split('/').length - 1 > MANIFEST_MAX_SEGMENTS) return { status: 400, message: '路径层级过多' }
  }
  return null
}

/**
 * A token bucket per client key: `capacity` requests at once, refilled at `perSecond`. Memory is
 * bounded: at `maxClients` keys, buckets idle long enough to be full again are dropped, and if that
 * is not enough, all of them (a flood of spoofed keys then only resets everyone to a full bucket).
 */
export class TokenBuckets {
  /** @param {{ capacity: number, perSecond: number, maxClients?: number }} o */
  constructor({ capacity, perSecond, maxClients = 10_000 }) {
    this.capacity = capacity
    this.perSecond = perSecond
    this.maxClients = maxClients
    /** @type {Map<string, { tokens: number, at: number }>} */
    this.buckets = new Map()
  }

  /** Takes one token for `key` at time `now` (ms); false when the bucket is empty. */
  take(key, now = Date.now()) {
    let b = this.buckets.get(key)
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.prune(now)
      b = { tokens: this.capacity, at: now }
      this.buckets.set(key, b)
    } else {
      b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.perSecond)
      b.at = now
    }
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  prune(now) {
    const fullAfterMs = (this.capacity / this.perSecond) * 1000
    for (const [key, b] of this.buckets) if (now - b.at >= fullAfterMs) this.buckets.delete(key)
    if (this.buckets.size >= this.maxClients) this.buckets.clear()
  }
}

// ── the request as Remix will see it ───────────────────────────────────────────────────────────
// The guards must judge the URL Remix builds (@remix-run/express createRemixRequest: protocol, the
// Host or X-Forwarded-Host, then the raw path), not express's req.path: `/./__manifest`,
// `/%2e/__manifest` and `/x/../__manifest` reach Remix's /__manifest after URL normalisation, and a
// Host header carrying a path (`Host: a/__manifest?`) moves the real path into the query. So a Host
// that is not a plain host[:port] is refused, and the path is the normalised pathname Remix gets.

const PLAIN_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

/** @param {string | undefined | null} value */
export function isPlainHost(value) {
  return typeof value === 'string' && PLAIN_HOST.test(value)
}

/**
 * The pathname and search of the URL Remix will build, or null when it cannot be built.
 * @param {string} originalUrl @param {string} host
 */
export function remixUrlOf(originalUrl, host) {
  try {
    const url = new URL(`http://${host}${originalUrl}`)
    return { pathname: url.pathname, search: url.search }
  } catch {
    return null
  }
}

// ── request bodies ───────────────────────────────────────────────────────────────────────────────
// Nothing reads a body we have not sized first. Browsers always send Content-Length for a form, so a
// body without one (chunked) is refused (411); a form that is not multipart (sign-in, every plain
// action) is at most FORM_MAX_BYTES; a multipart upload at most UPLOAD_MAX_BYTES here, and each
// route's own form budget below that (app/utils/upload.server.ts). Node stops a body at its
// declared length, so what is read is bounded by what was checked.

export const FORM_MAX_BYTES = 1024 * 1024
export const UPLOAD_MAX_BYTES = 200 * 1024 * 1024

/**
 * @param {{ method: string, contentLength?: string | null, transferEncoding?: string | null, contentType?: string | null }} r
 * @returns {null | { status: number, message: string }}
 */
export function checkRequestBody({ method, contentLength, transferEncoding, contentType }) {
  if (SAFE_METHODS.has(method.toUpperCase())) return null
  if (contentLength == null || contentLength === '') {
    return transferEncoding ? { status: 411, message: '请求缺少长度（Content-Length），未接收' } : null
  }
  if (!/^\d{1,15}$/.test(contentLength)) return { status: 400, message: '请求长度无效' }
  const length = Number(contentLength)
  const multipart = /^multipart\/form-data/i.test(contentType ?? '')
  const max = multipart ? UPLOAD_MAX_BYTES : FORM_MAX_BYTES
  if (length > max) return { status: 413, message: multipart ? '上传内容过大，未接收；请压缩或拆分后再上传' : '表单内容过长，未接收' }
  return null
}

/** Express middleware for both guards. */
export function requestGuards({ manifestCapacity = 20, manifestPerSecond = 2 } = {}) {
  const buckets = new TokenBuckets({ capacity: manifestCapacity, perSecond: manifestPerSecond })
  const plainText = (res, status, message) => res.status(status).set(baselineHeaders()).type('text/plain; charset=utf-8').send(message)
  return (req, res, next) => {
    const host = req.headers.host
    const forwardedHost = req.headers['x-forwarded-host']
    if (
      !isPlainHost(host) ||
      (forwardedHost !== undefined && !(typeof forwardedHost === 'string' && forwardedHost.split(',').every((h) => isPlainHost(h.trim()))))
    ) {
      plainText(res, 400, '请求无效')
      return
    }
    const seen = remixUrlOf(req.originalUrl, host)
    if (!seen) {
      plainText(res, 400, '请求无效')
      return
    }
    const body = checkRequestBody({
      method: req.method,
      contentLength: req.headers['content-length'] ?? null,
      transferEncoding: req.headers['transfer-encoding'] ?? null,
      contentType: req.headers['content-type'] ?? null,
    })
    if (body) {
      res.set('Connection', 'close')
      plainText(res, body.status, body.message)
      return
    }
    if (seen.pathname === MANIFEST_PATH) {
      const refused = checkManifestRequest(req.method, seen.pathname + seen.search)
      if (refused) {
        plainText(res, refused.status, refused.message)
        return
      }
      if (!buckets.take(req.ip ?? 'unknown')) {
        plainText(res.set('Retry-After', '1'), 429, '请求过于频繁，请稍后再试')
        return
      }
      next()
      return
    }
    const ok = isSameOriginRequest({
      method: req.method,
      host: req.headers.host ?? null,
      forwardedHost: typeof req.headers['x-forwarded-host'] === 'string' ? req.headers['x-forwarded-host'] : null,
      origin: req.headers.origin ?? null,
      referer: req.headers.referer ?? null,
    })
    if (!ok) {
      res.status(403).set(baselineHeaders()).type('text/html; charset=utf-8').send(FORBIDDEN_ORIGIN_HTML)
      return
    }
    next()
  }
}
