import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'

/** Who sent a request: written beside audit events, acknowledgements and signatures. */
export type Client = { ip: string | null; userAgent: string | null }

export interface AuditEvent {
  userId: string | null
  enterpriseId?: string | null
  action: string
  target?: string | null
  result: 'ok' | 'denied' | 'failed'
  ip?: string | null
  userAgent?: string | null
  detail?: Record<string, unknown>
  /** when it happened: a command passes its ctx.now; sign-in and other clockless callers leave it out */
  at?: Date
}

/** Who did what, when, from where, and the outcome. Never secrets or full ID numbers. */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      user_id: event.userId,
      enterprise_id: event.enterpriseId ?? null,
      action: event.action,
      target: event.target ?? null,
      result: event.result,
      ip: event.ip ?? null,
      user_agent: event.userAgent?.slice(0, 400) ?? null,
      detail: event.detail ? JSON.stringify(event.detail) : null,
      // the app's clock, not the database's (README: the tests' clock)
      at: event.at ?? new Date(),
    })
    .execute()
}

/**
 * Where a request came from. app/server.mjs sets X-Client-IP from the socket (or from a trusted
 * proxy's X-Forwarded-For) and overwrites anything the client sent under that name.
 */
export function clientOf(request: Request): Client {
  const ip = request.headers.get('x-client-ip')?.replace(/^::ffff:/, '') || null
  return { ip, userAgent: request.headers.get('user-agent') }
}
