import { describe, expect, it } from 'vitest'
import { afterFailure, isLocked, isSameOrigin, LOCK_MINUTES, MAX_FAILED_SIGN_INS, safeRedirect } from '../../app/modules/auth/rules'

const now = new Date('2026-11-23T02:00:00Z')

describe('sign-in lockout', () => {
  it('locks on the fifth consecutive failure for 15 minutes', () => {
    let state = { failed: 0, lockedUntil: null as Date | null }
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) {
      state = afterFailure(state.failed, state.lockedUntil, now)
      expect(state).toEqual({ failed: i, lockedUntil: null })
    }
    state = afterFailure(state.failed, state.lockedUntil, now)
    expect(state.failed).toBe(5)
    expect(state.lockedUntil?.getTime()).toBe(now.getTime() + LOCK_MINUTES * 60_000)
  })

  it('is locked until the moment the lock ends, and not after', () => {
    const until = new Date(now.getTime() + 15 * 60_000)
    expect(isLocked(until, now)).toBe(true)
    expect(isLocked(until, new Date(until.getTime() - 1))).toBe(true)
    expect(isLocked(until, until)).toBe(false)
    expect(isLocked(null, now)).toBe(false)
  })

  it('starts a fresh count once a lock has run out', () => {
    const expired = new Date(now.getTime() - 1)
    expect(afterFailure(5, expired, now)).toEqual({ failed: 1, lockedUntil: null })
  })
})

describe('same-origin check for non-GET requests', () => {
  it('lets GET through whatever its origin', () => {
    expect(isSameOrigin('GET', 'a.example', null, null)).toBe(true)
  })
  it('accepts a POST whose Origin is our host', () => {
    expect(isSameOrigin('POST', 'localhost:3000', 'http://localhost:3000', null)).toBe(true)
  })
  it('refuses a POST from another origin, another port, or with no origin at all', () => {
    expect(isSameOrigin('POST', 'localhost:3000', 'http://evil.example', null)).toBe(false)
    expect(isSameOrigin('POST', 'localhost:3000', 'http://localhost:3001', null)).toBe(false)
    expect(isSameOrigin('POST', 'localhost:3000', null, null)).toBe(false)
    expect(isSameOrigin('POST', 'localhost:3000', 'null', null)).toBe(false)
  })
  it('falls back to Referer when Origin is absent', () => {
    expect(isSameOrigin('POST', 'localhost:3000', null, 'http://localhost:3000/login')).toBe(true)
    expect(isSameOrigin('POST', 'localhost:3000', null, 'http://evil.example/x')).toBe(false)
  })
})

describe('safeRedirect: only our own paths after signing in', () => {
  it('keeps a path of our site', () => {
    expect(safeRedirect('/enterprise/roster?q=孙')).toBe('/enterprise/roster?q=%E5%AD%99')
    expect(safeRedirect('/me')).toBe('/me')
  })
  it('refuses anything a browser would take off-site', () => {
    for (const bad of [
      '//evil.com',
      '/\\evil.com',
      '/\t/evil.com',
      '/\n/evil.com',
      'https://evil.com',
      'evil.com',
      '/%09/evil.com'.replace('%09', '\t'),
      '',
      null,
      undefined,
    ]) {
      expect(safeRedirect(bad as string | null | undefined), String(bad)).toBeNull()
    }
  })
})
