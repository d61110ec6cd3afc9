import { describe, expect, it } from 'vitest'
import { checkManifestRequest, isSameOriginRequest, MANIFEST_MAX_PATHS, TokenBuckets } from '../../app/server-guards.mjs'
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
        for (const referer of referers) expect(isSameOriginRequest({ method, host, origin, referer })).toBe(isSameOrigin(method, host, origin, referer))
  })
})

describe('the /__manifest guard', () => {
  const ok = (n: number, path = '/enterprise/roster') => `/__manifest?${Array.from({ length: n }, () => `p=${encodeURIComponent(path)}`).join('&')}&version=abc`
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
