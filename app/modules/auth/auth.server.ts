import { redirect } from '@remix-run/node'
import { sql, type Kysely } from 'kysely'
import type { Database, Role } from '../../../db/types'
import { getDb } from '../../db.server'
import { perRequest } from '../../utils/request-scope.server'
import { clientOf, recordAudit, type Client } from '../audit/audit.server'
import { ACCESS } from './access'
import { actorFromUser, type Actor } from './actor'
import { forbidden } from '../../utils/http'
import { lucia, sessionCookie } from './lucia.server'
import { decoyHash, verifyPassword } from './password.server'
import { BAD_CREDENTIALS_MESSAGE, LOCK_MINUTES, MAX_FAILED_SIGN_INS, PHONE_RE, isLocked, isSameOrigin } from './rules'

export type SignInResult =
  { ok: true; userId: string; role: Role; cookie: string; mustChangePassword: boolean } | { ok: false; message: string }

/**
 * 手机号 or 用户名 + 密码. A wrong password, an unknown account and a locked account read the same and
 * cost the same scrypt work. The failure count is incremented in SQL (`failed_sign_ins + 1 … returning`)
 * and the lock decided from the incremented value, so twenty wrong passwords at once count twenty; a
 * right password clears the count only where no lock is running, in the same statement.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { identifier: string; password: string },
  client: Client,
  now = new Date(),
): Promise<SignInResult> {
  const identifier = input.identifier.trim()
  const column = PHONE_RE.test(identifier) ? 'phone' : 'username'
  const user = await db
    .selectFrom('users')
    .select(['id', 'role', 'password_hash', 'locked_until', 'enterprise_id', 'must_change_password'])
    .where(column, '=', identifier)
    .executeTakeFirst()

  if (!user) {
    await verifyPassword(await decoyHash(), input.password)
    await recordAudit(db, {
      userId: null,
      action: 'sign_in',
      target: identifier.slice(0, 40),
      result: 'failed',
      ...client,
      detail: { reason: 'unknown' },
    })
    return { ok: false, message: BAD_CREDENTIALS_MESSAGE }
  }
  // the same work whether or not the account is locked, so timing does not tell
  const valid = await verifyPassword(user.password_hash, input.password)
  if (isLocked(user.locked_until ? new Date(user.locked_until) : null, now)) {
    await recordAudit(db, {
      userId: user.id,
      enterpriseId: user.enterprise_id,
      action: 'sign_in',
      result: 'denied',
      ...client,
      detail: { reason: 'locked' },
    })
    return { ok: false, message: BAD_CREDENTIALS_MESSAGE }
  }
  if (!valid) {
    const counted = await countFailure(db, user.id, now)
    await recordAudit(db, {
      userId: user.id,
      enterpriseId: user.enterprise_id,
      action: 'sign_in',
      result: 'failed',
      ...client,
      detail: { reason: 'password', failed: counted.failed_sign_ins, locked: counted.locked_until !== null },
    })
    return { ok: false, message: BAD_CREDENTIALS_MESSAGE }
  }
  // only where no lock runs at this moment: a lock set by a concurrent failure wins over this success
  const cleared = await db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning('id')
    .executeTakeFirst()
  if (!cleared) {
    await recordAudit(db, {
      userId: user.id,
      enterpriseId: user.enterprise_id,
      action: 'sign_in',
      result: 'denied',
      ...client,
      detail: { reason: 'locked' },
    })
    return { ok: false, message: BAD_CREDENTIALS_MESSAGE }
  }
  const session = await lucia.createSession(user.id, {})
  await recordAudit(db, { userId: user.id, enterpriseId: user.enterprise_id, action: 'sign_in', result: 'ok', ...client })
  return { ok: true, userId: user.id, role: user.role, cookie: sessionCookie(session.id), mustChangePassword: user.must_change_password }
}

/**
 * Counts one failed password for an account, atomically: `failed_sign_ins + 1` in the UPDATE itself
 * and the lock decided from the incremented value (a lock that has run out starts a fresh count:
 * rules.afterFailure is the same rule, unit-tested). Concurrent failures each count.
 */
export async function countFailure(
  db: Kysely<Database>,
  userId: string,
  now: Date,
): Promise<{ failed_sign_ins: number; locked_until: Date | null }> {
  const base = sql<number>`(case when locked_until is not null and locked_until <= ${now}::timestamptz then 0 else failed_sign_ins end)`
  const lockEnd = new Date(now.getTime() + LOCK_MINUTES * 60_000)
  return db
    .updateTable('users')
    .set({
      failed_sign_ins: sql<number>`${base} + 1`,
      locked_until: sql<Date | null>`case when locked_until > ${now}::timestamptz then locked_until
                                           when ${base} + 1 >= ${MAX_FAILED_SIGN_INS}::int then ${lockEnd}::timestamptz
                                           else null end`,
    })
    .where('id', '=', userId)
    .returning(['failed_sign_ins', 'locked_until'])
    .executeTakeFirstOrThrow()
}

/** Ends the session in the database, not just in the browser. */
export async function signOut(request: Request): Promise<string> {
  const sessionId = lucia.readSessionCookie(request.headers.get('cookie') ?? '')
  if (sessionId) await lucia.invalidateSession(sessionId)
  return lucia.createBlankSessionCookie().serialize()
}

/**
 * The cookie carries no expiry of its own, so Lucia's sliding extension needs no new Set-Cookie.
 * Validated once per GET (the root loader and the page's loader ask side by side; perRequest), on
 * every call otherwise.
 */
export async function getCurrentUser(request: Request): Promise<{ actor: Actor; mustChangePassword: boolean } | null> {
  const sessionId = lucia.readSessionCookie(request.headers.get('cookie') ?? '')
  if (!sessionId) return null
  const { session, user } = await perRequest(`session:${sessionId}`, () => lucia.validateSession(sessionId))
  if (!session || !user) return null
  return { actor: actorFromUser(user), mustChangePassword: user.must_change_password }
}

export const CHANGE_PASSWORD_PATH = '/account/password'

/** A signed-in user (else to the sign-in page), origin checked; the password page itself uses this. */
export async function requireSignedIn(request: Request): Promise<{ actor: Actor; mustChangePassword: boolean }> {
  assertSameOrigin(request)
  const current = await getCurrentUser(request)
  if (!current) {
    const url = new URL(request.url)
    const back = url.pathname + url.search
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
  }
  return current
}

export function assertSameOrigin(request: Request) {
  const ok = isSameOrigin(request.method, request.headers.get('host'), request.headers.get('origin'), request.headers.get('referer'))
  if (!ok) throw forbidden('请求来源不被允许')
}

/**
 * The one gate of every loader and action: a signed-in user (else to the sign-in page), from our
 * own origin for anything but GET, whose password is their own (else to 修改密码), and of one of the
 * allowed roles (else 403).
 */
export async function requireUser(request: Request, roles?: readonly Role[]): Promise<Actor> {
  const current = await requireSignedIn(request)
  // someone else set this password: nothing else until its owner has changed it
  if (current.mustChangePassword) throw redirect(CHANGE_PASSWORD_PATH)
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

/** Same as requireUser, narrowed to enterprise roles (an area's roles from the access table, ./access.ts). */
export async function requireEnterpriseUser(request: Request, roles: readonly Role[]) {
  const actor = await requireUser(request, roles)
  if (actor.kind !== 'enterprise') throw forbidden()
  return actor
}

export async function requireRegulator(
  request: Request,
  area: 'regulatorEnterprises' | 'regulatorOrders' | 'regulatorHazards' | 'leaderLedger',
) {
  const actor = await requireUser(request, ACCESS[area].open)
  if (actor.kind !== 'regulator') throw forbidden()
  return actor
}

/** The 安委办 (安全生产委员会办公室) of a level, on its own pages. */
export async function requireSafetyOffice(request: Request, area: 'officeLedgers') {
  const actor = await requireUser(request, ACCESS[area].open)
  if (actor.kind !== 'safety_office') throw forbidden()
  return actor
}

export async function requirePlatformAdmin(
  request: Request,
  area: 'platformEnterprises' | 'platformRegulators' | 'platformPush' | 'platformAccounts',
) {
  const actor = await requireUser(request, ACCESS[area].open)
  if (actor.kind !== 'platform') throw forbidden()
  return actor
}
