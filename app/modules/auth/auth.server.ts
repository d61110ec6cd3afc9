import { redirect } from '@remix-run/node'
import type { Kysely } from 'kysely'
import type { Database, Role } from '../../../db/types'
import { getDb } from '../../db.server'
import { clientOf, recordAudit } from '../audit/audit.server'
import { actorFromUser, type Actor } from './actor'
import { forbidden } from '../../utils/http'
import { lucia } from './lucia.server'
import { decoyHash, verifyPassword } from './password.server'
import { BAD_CREDENTIALS_MESSAGE, LOCKED_MESSAGE, PHONE_RE, afterFailure, isLocked, isSameOrigin } from './rules'

export type SignInResult = { ok: true; userId: string; role: Role; cookie: string } | { ok: false; message: string }

/** 手机号 or 用户名 + 密码. A wrong password and an unknown account read the same. */
export async function signIn(
  db: Kysely<Database>,
  input: { identifier: string; password: string },
  client: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<SignInResult> {
  const identifier = input.identifier.trim()
  const column = PHONE_RE.test(identifier) ? 'phone' : 'username'
  const user = await db
    .selectFrom('users')
    .select(['id', 'role', 'password_hash', 'failed_sign_ins', 'locked_until', 'enterprise_id'])
    .where(column, '=', identifier)
    .executeTakeFirst()

  if (!user) {
    await verifyPassword(await decoyHash(), input.password)
    await recordAudit(db, { userId: null, action: 'sign_in', target: identifier.slice(0, 40), result: 'failed', ...client, detail: { reason: 'unknown' } })
    return { ok: false, message: BAD_CREDENTIALS_MESSAGE }
  }
  const lockedUntil = user.locked_until ? new Date(user.locked_until) : null
  if (isLocked(lockedUntil, now)) {
    await recordAudit(db, { userId: user.id, enterpriseId: user.enterprise_id, action: 'sign_in', result: 'denied', ...client, detail: { reason: 'locked' } })
    return { ok: false, message: LOCKED_MESSAGE }
  }
  const valid = await verifyPassword(user.password_hash, input.password)
  if (!valid) {
    const next = afterFailure(user.failed_sign_ins, lockedUntil, now)
    await db
      .updateTable('users')
      .set({ failed_sign_ins: next.failed, locked_until: next.lockedUntil })
      .where('id', '=', user.id)
      .execute()
    await recordAudit(db, { userId: user.id, enterpriseId: user.enterprise_id, action: 'sign_in', result: 'failed', ...client, detail: { reason: 'password', failed: next.failed } })
    return { ok: false, message: next.lockedUntil ? LOCKED_MESSAGE : BAD_CREDENTIALS_MESSAGE }
  }
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', user.id).execute()
  const session = await lucia.createSession(user.id, {})
  await recordAudit(db, { userId: user.id, enterpriseId: user.enterprise_id, action: 'sign_in', result: 'ok', ...client })
  return { ok: true, userId: user.id, role: user.role, cookie: lucia.createSessionCookie(session.id).serialize() }
}

/** Ends the session in the database, not just in the browser. */
export async function signOut(request: Request): Promise<string> {
  const sessionId = lucia.readSessionCookie(request.headers.get('cookie') ?? '')
  if (sessionId) await lucia.invalidateSession(sessionId)
  return lucia.createBlankSessionCookie().serialize()
}

/** The cookie carries no expiry of its own, so Lucia's sliding extension needs no new Set-Cookie. */
export async function getCurrentUser(request: Request): Promise<{ actor: Actor } | null> {
  const sessionId = lucia.readSessionCookie(request.headers.get('cookie') ?? '')
  if (!sessionId) return null
  const { session, user } = await lucia.validateSession(sessionId)
  if (!session || !user) return null
  return { actor: actorFromUser(user) }
}

export function assertSameOrigin(request: Request) {
  const ok = isSameOrigin(request.method, request.headers.get('host'), request.headers.get('origin'), request.headers.get('referer'))
  if (!ok) throw forbidden('请求来源不被允许')
}

/**
 * The one gate of every loader and action: a signed-in user (else to the sign-in page), from our
 * own origin for anything but GET, and of one of the allowed roles (else 403).
 */
export async function requireUser(request: Request, roles?: readonly Role[]): Promise<Actor> {
  assertSameOrigin(request)
  const current = await getCurrentUser(request)
  if (!current) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
  }
  if (roles && !roles.includes(current.actor.role)) {
    const db = await getDb()
    await recordAudit(db, {
      userId: current.actor.userId,
      enterpriseId: current.actor.kind === 'enterprise' ? current.actor.enterpriseId : null,
      action: 'access',
      target: new URL(request.url).pathname,
      result: 'denied',
      ...clientOf(request),
    })
    throw forbidden()
  }
  return current.actor
}

/** Same as requireUser, narrowed to enterprise roles. */
export async function requireEnterpriseUser(request: Request, roles: readonly Role[] = ['enterprise_admin', 'enterprise_head', 'worker']) {
  const actor = await requireUser(request, roles)
  if (actor.kind !== 'enterprise') throw forbidden()
  return actor
}

export async function requireRegulator(request: Request) {
  const actor = await requireUser(request, ['regulator'])
  if (actor.kind !== 'regulator') throw forbidden()
  return actor
}

export async function requirePlatformAdmin(request: Request) {
  const actor = await requireUser(request, ['platform_admin'])
  if (actor.kind !== 'platform') throw forbidden()
  return actor
}
