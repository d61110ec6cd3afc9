// Pure sign-in rules: no I/O, unit-tested in tests/unit/auth-rules.test.ts.

export const MAX_FAILED_SIGN_INS = 5
export const LOCK_MINUTES = 15

/**
 * The same words for a wrong password, an unknown account and a locked account: never tell which
 * (a distinct lock message would tell an attacker that the account exists).
 */
export const BAD_CREDENTIALS_MESSAGE = `账号或密码错误（连续多次失败后须等待${LOCK_MINUTES}分钟再试）`

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime()
}

/** After a failed attempt: the new failure count and, on the fifth, the lock's end. */
export function afterFailure(failedBefore: number, lockedUntil: Date | null, now: Date): { failed: number; lockedUntil: Date | null } {
  // A lock that has run out starts a fresh count.
  const base = lockedUntil && lockedUntil.getTime() <= now.getTime() ? 0 : failedBefore
  const failed = base + 1
  if (failed >= MAX_FAILED_SIGN_INS) {
    return { failed, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) }
  }
  return { failed, lockedUntil: null }
}

/**
 * Every non-GET request must come from our own origin (Lucia leaves CSRF to the app).
 * Browsers send Origin on every cross-origin and same-origin POST; where it is absent we fall back
 * to Referer, and refuse when neither is there.
 */
export function isSameOrigin(method: string, host: string | null, origin: string | null, referer: string | null): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true
  if (!host) return false
  // `Origin: null` (a sandboxed frame, a cross-origin redirect) is never one of our pages
  if (origin === 'null') return false
  const source = origin || referer
  if (!source) return false
  try {
    return new URL(source).host === host
  } catch {
    return false
  }
}

export const PHONE_RE = /^1[3-9]\d{9}$/

/**
 * Where to go after signing in: only a path of our own site, never an open redirect. Browsers drop
 * tabs and newlines from a URL and read a backslash as a slash, so `/\t/evil.com` or `/\evil.com`
 * would leave the site: anything with control characters or a backslash is refused, and what remains
 * must resolve to our own origin.
 */
export function safeRedirect(to: string | undefined | null): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!to || !to.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(to)) return null
  let url: URL
  try {
    url = new URL(to, 'http://anzetong.invalid')
  } catch {
    return null
  }
  if (url.origin !== 'http://anzetong.invalid') return null
  return url.pathname + url.search + url.hash
}
