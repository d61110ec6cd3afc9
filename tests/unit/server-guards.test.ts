import { describe, expect, it } from 'vitest'
import {
  checkManifestRequest,
  checkRequestBody,
  FORM_MAX_BYTES,
  isPlainHost,
  isSameOriginRequest,
  MANIFEST_MAX_PATHS,
  remixUrlOf,
  TokenBuckets,
  UPLOAD_MAX_BYTES,
} from '../../app/server-guards.mjs'
import { isSameOrigin } from '../../app/modules/auth/rules'

describe('the server’s origin check (before Remix’s)', () => {
  const host = 'azt.example.cn'
  it('lets safe methods through whatever their origin', () => {
    expect(isSameOriginRequest({ method: 'GET', host, origin: 'https://evil.example' })).toBe(true)
    expect(isSameOriginRequest({ method: 'HEAD', host })).toBe(true)
  })
  it('refuses a foreign, a malformed, a "null" without referer, and an absent origin', () => {
    expect(isSameOriginRequest({ method: 'POST', host, origin: 'https://evil.example' })).toBe(false)
    expect(isSameOriginRequest({ method: 'POST', host, origin: 'not a url' })).toBe(false)
    expect(isSameOriginRequest({ method: 'POST', host, origin: 'null' })).toBe(false)
    expect(isSameOriginRequest({ method: 'DELETE', host })).toBe(false)
    expect(isSameOriginRequest({ method: 'POST', host: null, origin: `https://${host}` })).toBe(false)
  })
  it('accepts our origin, or our referer when origin is absent', () => {
    expect(isSameOriginRequest({ method: 'POST', host, origin: `https://${host}` })).toBe(true)
    expect(isSameOriginRequest({ method: 'POST', host, origin: null, referer: `https://${host}/login` })).toBe(true)
  })
  it('refuses a forwarded host that differs (Remix would compare with it and answer 500)', () => {
    expect(isSameOriginRequest({ method: 'POST', host, forwardedHost: 'evil.example', origin: `https://${host}` })).toBe(false)
    expect(isSameOriginRequest({ method: 'POST', host, forwardedHost: host, origin: `https://${host}` })).toBe(true)
  })
  it('agrees with the route-level rule on every case without a forwarded host', () => {
    const origins = [null, 'null', 'https://azt.example.cn', 'http://azt.example.cn:8080', 'https://evil.example', '::bad']
    const referers = [null, 'https://azt.example.cn/x', 'https://evil.example/x']
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])
      for (const origin of origins)
        for (const referer of referers)
          expect(isSameOriginRequest({ method, host, origin, referer })).toBe(isSameOrigin(method, host, origin, referer))
  })
})

describe('the /__manifest guard', () => {
  const ok = (n: number, path = '/enterprise/roster') =>
    `/__manifest?${Array.from({ length: n }, () => `p=${encodeURIComponent(path)}`).join('&')}&version=abc`
  it('lets a normal discovery request through', () => {
    expect(checkManifestRequest('GET', ok(12))).toBeNull()
    expect(checkManifestRequest('GET', ok(MANIFEST_MAX_PATHS))).toBeNull()
  })
  it('refuses too many paths, overlong or deep paths, unknown parameters and other methods', () => {
    expect(checkManifestRequest('GET', ok(MANIFEST_MAX_PATHS + 1))).toMatchObject({ status: 400 })
    expect(checkManifestRequest('GET', ok(1, `/${'a'.repeat(300)}`))).toMatchObject({ status: 400 })
    expect(checkManifestRequest('GET', ok(1, '/a'.repeat(13)))).toMatchObject({ status: 400 })
    expect(checkManifestRequest('GET', `/__manifest?p=/x&evil=1`)).toMatchObject({ status: 400 })
    expect(checkManifestRequest('GET', `/__manifest?${'p=/a&'.repeat(2000)}`)).toMatchObject({ status: 400 })
    expect(checkManifestRequest('POST', ok(1))).toMatchObject({ status: 405 })
  })
})

describe('the token bucket', () => {
  it('allows a burst of its capacity, then refills at its rate', () => {
    const b = new TokenBuckets({ capacity: 3, perSecond: 2 })
    const t0 = 1_000_000
    expect([b.take('a', t0), b.take('a', t0), b.take('a', t0), b.take('a', t0)]).toEqual([true, true, true, false])
    expect(b.take('b', t0)).toBe(true) // per client
    expect(b.take('a', t0 + 499)).toBe(false)
    expect(b.take('a', t0 + 500)).toBe(true)
    expect(b.take('a', t0 + 500)).toBe(false)
  })
  it('keeps memory bounded under many client keys', () => {
    const b = new TokenBuckets({ capacity: 2, perSecond: 1, maxClients: 100 })
    for (let i = 0; i < 10_000; i++) b.take(`k${i}`, 5_000 + i)
    expect(b.buckets.size).toBeLessThanOrEqual(100)
  })
})

describe('the URL Remix will see', () => {
  it('normalises the path as Remix does, so the guard sees /__manifest however it is spelt', () => {
    for (const raw of [
      '/__manifest?p=%2Fme',
      '/./__manifest?p=%2Fme',
      '/%2e/__manifest?p=%2Fme',
      '/x/../__manifest?p=%2Fme',
      '//__manifest/../__manifest?p=%2Fme',
    ]) {
      expect(remixUrlOf(raw, '127.0.0.1:3000')?.pathname, raw).toMatch(/^\/+__manifest$/)
    }
    expect(remixUrlOf('/./__manifest?p=%2Fme', 'localhost')).toEqual({ pathname: '/__manifest', search: '?p=%2Fme' })
  })

  it('refuses a Host header that carries anything but a host and port', () => {
    for (const ok of ['localhost', 'localhost:3000', '127.0.0.1:3000', 'anzetong.example.cn', '[::1]:3000'])
      expect(isPlainHost(ok), ok).toBe(true)
    for (const bad of ['a/__manifest?', 'a/__manifest#', 'a?x', 'a b', '', 'a:3000/x', undefined, null])
      expect(isPlainHost(bad), String(bad)).toBe(false)
  })

  it('refuses Origin: null even with a same-host Referer', () => {
    expect(isSameOriginRequest({ method: 'POST', host: 'localhost:3000', origin: 'null', referer: 'http://localhost:3000/login' })).toBe(
      false,
    )
  })
})

describe('request bodies are sized before they are read', () => {
  const post = (contentLength: string | null, contentType = 'application/x-www-form-urlencoded', transferEncoding: string | null = null) =>
    checkRequestBody({ method: 'POST', contentLength, transferEncoding, contentType })
  it('refuses a body without a length (chunked): 411', () => {
    expect(post(null, 'multipart/form-data; boundary=x', 'chunked')).toMatchObject({ status: 411 })
    expect(post(null, 'application/x-www-form-urlencoded', 'chunked')).toMatchObject({ status: 411 })
  })
  it('a plain form is at most 1 MB, an upload at most the server-wide cap, a malformed length is refused', () => {
    expect(post(String(FORM_MAX_BYTES))).toBeNull()
    expect(post(String(FORM_MAX_BYTES + 1))).toMatchObject({ status: 413 })
    expect(post(String(300 * 1024 * 1024))).toMatchObject({ status: 413 })
    expect(post(String(UPLOAD_MAX_BYTES), 'multipart/form-data; boundary=x')).toBeNull()
    expect(post(String(UPLOAD_MAX_BYTES + 1), 'multipart/form-data; boundary=x')).toMatchObject({ status: 413 })
    expect(post('-1')).toMatchObject({ status: 400 })
    expect(post('1e9')).toMatchObject({ status: 400 })
  })
  it('lets GET and a bodiless POST through', () => {
    expect(checkRequestBody({ method: 'GET', contentLength: null, transferEncoding: 'chunked', contentType: null })).toBeNull()
    expect(post(null)).toBeNull()
    expect(post('0')).toBeNull()
  })
})
