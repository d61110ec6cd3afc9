import { Cookie, Lucia, TimeSpan } from 'lucia'
import type { Role } from '../../../db/types'
import { getDb } from '../../db.server'
import { env } from '../../env.server'
import { KyselySessionAdapter } from './session-adapter.server'

// In production the cookie is __Host- prefixed and Secure (browsers treat http://localhost as secure,
// so `npm start` works locally). INSECURE_COOKIES=1 is for a plain-http LAN demo only.
const secure = env().NODE_ENV === 'production' && !env().INSECURE_COOKIES

export const lucia = new Lucia(new KyselySessionAdapter(getDb), {
  sessionExpiresIn: new TimeSpan(12, 'h'),
  sessionCookie: {
    name: secure ? '__Host-azt_session' : 'azt_session',
    expires: false, // see sessionCookie(): Lucia would still add Max-Age=400 days
    attributes: { secure, sameSite: 'lax' },
  },
  getUserAttributes: (attributes) => attributes,
})

/**
 * The Set-Cookie of a new session: a browser-session cookie with no Max-Age and no Expires. Lucia's
 * `expires: false` still writes Max-Age of 400 days, which would keep the cookie on disk long after
 * the server's 12-hour session expiry; the server-side expiry is the only lifetime.
 */
export function sessionCookie(sessionId: string): string {
  const c = lucia.createSessionCookie(sessionId)
  return new Cookie(c.name, c.value, { ...c.attributes, maxAge: undefined, expires: undefined }).serialize()
}

declare module 'lucia' {
  interface Register {
    Lucia: typeof lucia
    UserId: string
    DatabaseUserAttributes: {
      role: Role
      display_name: string
      enterprise_id: string | null
      employee_id: string | null
      department_id: string | null
      must_change_password: boolean
    }
  }
}
