import { Lucia, TimeSpan } from 'lucia'
import type { Role } from '../../../db/types'
import { getDb } from '../../db.server'
import { KyselySessionAdapter } from './session-adapter.server'

// In production the cookie is __Host- prefixed and Secure (browsers treat http://localhost as secure,
// so `npm start` works locally). INSECURE_COOKIES=1 is for a plain-http LAN demo only.
const secure = process.env.NODE_ENV === 'production' && process.env.INSECURE_COOKIES !== '1'

export const lucia = new Lucia(new KyselySessionAdapter(getDb), {
  sessionExpiresIn: new TimeSpan(12, 'h'),
  sessionCookie: {
    name: secure ? '__Host-azt_session' : 'azt_session',
    expires: false, // a browser-session cookie; the server-side expiry still applies
    attributes: { secure, sameSite: 'lax' },
  },
  getUserAttributes: (attributes) => attributes,
})

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
    }
  }
}
