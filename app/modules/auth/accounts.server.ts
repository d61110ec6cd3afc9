import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, Role } from '../../../db/types'
import { forbidden, notFound } from '../../utils/http'
import { containsPattern } from '../../utils/table-params'
import type { Result } from '../../utils/result'
import { recordAudit, type Client } from '../audit/audit.server'
import type { Actor } from './actor'
import { sessionCookie, lucia } from './lucia.server'
import { hashPassword, verifyPassword } from './password.server'
import { countFailure } from './auth.server'
import { passwordResetDecision } from './policy'
import { isLocked, LOCK_MINUTES } from './rules'
import type { RequestContext } from '../../db.server'

// Accounts: changing one's own password, the admin's one-time reset link for a worker, the platform
// admin's temporary password for heads, admins and regulators. Every reset and change is audited;
// tokens exist only in the response that issues them (the database keeps their sha256).

type DB = Kysely<Database>

export const RESET_TOKEN_HOURS = 72
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const TOKEN_RE = /^[A-Za-z0-9_-]{20,64}$/

function actorRef(actor: Actor) {
  return { userId: actor.userId, role: actor.role, enterpriseId: actor.kind === 'enterprise' ? actor.enterpriseId : null }
}

// ── one's own password ────────────────────────────────────────────────────────────────────────────

export interface PasswordStatus {
  mustChange: boolean
  /** when the platform admin reset this account, if the owner has not yet set their own password */
  resetNoticeAt: string | null
}

export async function passwordStatus(db: DB, userId: string): Promise<PasswordStatus> {
  const u = await db
    .selectFrom('users')
    .select(['must_change_password', 'password_reset_notice_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  return {
    mustChange: u.must_change_password,
    resetNoticeAt: u.password_reset_notice_at ? new Date(u.password_reset_notice_at).toISOString() : null,
  }
}

export type ChangeResult = Result<{ cookie: string }>

/**
 * Changes the actor's own password (the current one required), clears must-change and the reset
 * notice, ends every other session and opens a fresh one. Takes the plain handle: the change commits,
 * then Lucia opens the session on its own connection.
 */
export async function changeOwnPassword(ctx: RequestContext, input: { current: string; password: string }): Promise<ChangeResult> {
  const { db, actor, client, now } = ctx
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'enterprise_id', 'locked_until'])
    .where('id', '=', actor.userId)
    .executeTakeFirst()
  if (!user) throw notFound()
  const enterpriseId = actor.kind === 'enterprise' ? actor.enterpriseId : null
  const valid = await verifyPassword(user.password_hash, input.current)
  // a stolen session cannot guess the current password either: wrong ones count towards the same
  // lock as sign-in, and while it runs even the right one is refused
  if (isLocked(user.locked_until ? new Date(user.locked_until) : null, now)) {
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId,
      action: 'password.change',
      result: 'denied',
      ...client,
      detail: { reason: 'locked' },
    })
    return { ok: false, fieldErrors: { current: `当前密码错误次数过多，请${LOCK_MINUTES}分钟后再试` } }
  }
  if (!valid) {
    const counted = await countFailure(db, actor.userId, now)
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId,
      action: 'password.change',
      result: 'failed',
      ...client,
      detail: { reason: 'current', failed: counted.failed_sign_ins },
    })
    return { ok: false, fieldErrors: { current: '当前密码不正确' } }
  }
  if (input.current === input.password) return { ok: false, fieldErrors: { password: '新密码不能与当前密码相同' } }
  const passwordHash = await hashPassword(input.password)
  const changed = await db.transaction().execute(async (trx) => {
    // Only if, at this moment, no lock runs and the password is still the one just verified: a burst
    // of guesses sent at once all read "not locked" before any failure was counted; the one right
    // guess among them must not win once the wrong ones have locked the account.
    const updated = await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: false,
        password_reset_notice_at: null,
        password_changed_at: now,
        failed_sign_ins: 0,
        locked_until: null,
      })
      .where('id', '=', actor.userId)
      .where('password_hash', '=', user.password_hash)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) !== 1) return false
    await trx.deleteFrom('sessions').where('user_id', '=', actor.userId).execute()
    await recordAudit(trx, { userId: actor.userId, enterpriseId, action: 'password.change', target: actor.userId, result: 'ok', ...client })
    return true
  })
  if (!changed) {
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId,
      action: 'password.change',
      result: 'denied',
      ...client,
      detail: { reason: 'locked' },
    })
    return { ok: false, fieldErrors: { current: `当前密码错误次数过多，请${LOCK_MINUTES}分钟后再试` } }
  }
  const session = await lucia.createSession(actor.userId, {})
  return { ok: true, cookie: sessionCookie(session.id) }
}

// ── the enterprise admin's reset link for a worker ───────────────────────────────────────────────

export interface EmployeeAccount {
  employeeId: string
  name: string
  employeeNo: string
  phoneMasked: string
  account: { userId: string; role: Role; hasPassword: boolean; liveResetUntil: string | null } | null
}

const mask = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

/** A roster row's account, for its admin: whether there is one, whose, and a live reset link's expiry. */
export async function employeeAccount(ctx: RequestContext, employeeId: string): Promise<EmployeeAccount> {
  const { db, actor, now } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  if (actor.role !== 'enterprise_admin') throw forbidden('只有企业安全管理员可以重置职工密码')
  const e = await db
    .selectFrom('employees')
    .select(['id', 'name', 'employee_no', 'phone'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', employeeId)
    .executeTakeFirst()
  if (!e) throw notFound()
  const u = await db
    .selectFrom('users')
    .select(['id', 'role', 'password_hash'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst()
  let liveResetUntil: string | null = null
  if (u) {
    const live = await db
      .selectFrom('password_resets')
      .select('expires_at')
      .where('user_id', '=', u.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    liveResetUntil = live ? new Date(live.expires_at).toISOString() : null
  }
  return {
    employeeId: e.id,
    name: e.name,
    employeeNo: e.employee_no,
    phoneMasked: mask(e.phone),
    account: u ? { userId: u.id, role: u.role, hasPassword: u.password_hash !== null, liveResetUntil } : null,
  }
}

export type IssueResetResult = Result<{ token: string; expiresAt: string }>

/** Issues a one-time reset link for a worker of the admin's enterprise (revoking any earlier one). */
export async function issueWorkerReset(ctx: RequestContext, employeeId: string): Promise<IssueResetResult> {
  const { db, actor, client, now } = ctx
  const found = await employeeAccount(ctx, employeeId)
  if (actor.kind !== 'enterprise') throw notFound()
  if (!found.account) return { ok: false, message: '该职工尚未开通账号，请通过邀请单开通' }
  const decision = passwordResetDecision(actorRef(actor), {
    userId: found.account.userId,
    role: found.account.role,
    enterpriseId: actor.enterpriseId,
  })
  if (!decision.ok || decision.method !== 'link') {
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId: actor.enterpriseId,
      action: 'password.reset.issue',
      target: found.account.userId,
      result: 'denied',
      ...client,
    })
    return { ok: false, message: decision.ok ? '无权重置该账号' : decision.message }
  }
  // one link at a time per account: two clicks at once would both find no live link and both insert
  await db.selectFrom('users').select('id').where('id', '=', found.account.userId).forUpdate().executeTakeFirst()
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_HOURS * 3_600_000)
  const token = randomBytes(24).toString('base64url')
  await db
    .updateTable('password_resets')
    .set({ revoked_at: now })
    .where('user_id', '=', found.account.userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
  await db
    .insertInto('password_resets')
    .values({
      user_id: found.account.userId,
      enterprise_id: actor.enterpriseId,
      token_hash: hashToken(token),
      expires_at: expiresAt,
      created_by: actor.userId,
    })
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: actor.enterpriseId,
    action: 'password.reset.issue',
    target: found.account.userId,
    result: 'ok',
    ...client,
    detail: { employeeId },
  })
  return { ok: true, token, expiresAt: expiresAt.toISOString() }
}

const INVALID = '重置链接无效，请向本单位安全管理员索取新的重置二维码'

async function findLiveReset(db: DB, token: string, now: Date) {
  if (!TOKEN_RE.test(token)) return { ok: false as const, message: INVALID }
  const r = await db
    .selectFrom('password_resets as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['r.id', 'r.user_id', 'r.enterprise_id', 'r.expires_at', 'r.used_at', 'r.revoked_at', 'u.display_name', 'u.phone', 'u.role'])
    .where('r.token_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (!r) return { ok: false as const, message: INVALID }
  if (r.used_at) return { ok: false as const, message: '该重置链接已使用过，请用新密码登录' }
  if (r.revoked_at) return { ok: false as const, message: '该重置链接已作废（已发放新的重置二维码），请使用最新的' }
  if (new Date(r.expires_at).getTime() <= now.getTime())
    return { ok: false as const, message: `重置链接已过期（有效期${RESET_TOKEN_HOURS}小时），请向本单位安全管理员索取新的` }
  return { ok: true as const, r }
}

export type ResetLookup = { ok: true; name: string; phoneMasked: string } | { ok: false; message: string }

export async function lookupReset(db: DB, token: string, now = new Date()): Promise<ResetLookup> {
  const found = await findLiveReset(db, token, now)
  if (!found.ok) return found
  return { ok: true, name: found.r.display_name, phoneMasked: found.r.phone ? mask(found.r.phone) : '' }
}

class Refused extends Error {
  constructor(readonly outcome: { ok: false; message: string }) {
    super(outcome.message)
  }
}

/**
 * Redeems a reset link exactly once: the token is used up and the worker's password set in one
 * transaction (the conditional update on the token row is the lock: of twenty at once, one wins), then
 * every old session ends and the worker is signed in.
 */
export async function redeemReset(
  db: DB,
  token: string,
  password: string,
  client: Client,
  now = new Date(),
): Promise<{ ok: true; cookie: string } | { ok: false; message: string }> {
  // a made-up token costs a lookup, not a 32 MiB hash
  const live = await findLiveReset(db, token, now)
  if (!live.ok) return live
  const passwordHash = await hashPassword(password)
  let r: { id: string; user_id: string; enterprise_id: string | null }
  try {
    r = await db.transaction().execute(async (trx) => {
      const found = await findLiveReset(trx, token, now)
      if (!found.ok) throw new Refused(found)
      const used = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('id', '=', found.r.id)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('id')
        .executeTakeFirst()
      if (!used) throw new Refused({ ok: false, message: '该重置链接已使用过，请用新密码登录' })
      // the database's guard too: only a worker's password is set through a link
      const changed = await trx
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: false, password_changed_at: now, failed_sign_ins: 0, locked_until: null })
        .where('id', '=', found.r.user_id)
        .where('role', '=', 'worker')
        .returning('id')
        .executeTakeFirst()
      if (!changed) throw new Refused({ ok: false, message: INVALID })
      await trx.deleteFrom('sessions').where('user_id', '=', found.r.user_id).execute()
      await recordAudit(trx, {
        userId: found.r.user_id,
        enterpriseId: found.r.enterprise_id,
        action: 'password.reset.redeem',
        target: found.r.id,
        result: 'ok',
        ...client,
      })
      return found.r
    })
  } catch (e) {
    if (e instanceof Refused) return e.outcome
    throw e
  }
  const session = await lucia.createSession(r.user_id, {})
  return { ok: true, cookie: sessionCookie(session.id) }
}

// ── the platform admin: accounts and temporary passwords ─────────────────────────────────────────

export interface AccountRow {
  id: string
  username: string | null
  phoneMasked: string | null
  displayName: string
  role: Role
  organisation: string
  mustChange: boolean
  lockedUntil: string | null
}

/** Enterprise admins, heads and regulators, by name, 用户名 or 手机号 (workers are their enterprise's). */
export async function listAccounts(ctx: RequestContext, q: string): Promise<AccountRow[]> {
  const { db, actor, now } = ctx
  if (actor.kind !== 'platform') throw forbidden()
  let query = db
    .selectFrom('users as u')
    .leftJoin('enterprises as e', 'e.id', 'u.enterprise_id')
    .leftJoin('departments as d', 'd.id', 'u.department_id')
    .select([
      'u.id',
      'u.username',
      'u.phone',
      'u.display_name',
      'u.role',
      'u.must_change_password',
      'u.locked_until',
      'e.name as enterpriseName',
      'd.name as departmentName',
    ])
    .where('u.role', 'in', ['enterprise_admin', 'enterprise_head', 'regulator', 'safety_office'])
  const term = q.trim().slice(0, 40)
  if (term) {
    const like = containsPattern(term)
    query = query.where((eb) =>
      eb.or([
        eb('u.display_name', 'like', like),
        eb('u.username', 'like', like),
        eb('u.phone', 'like', like),
        eb('e.name', 'like', like),
        eb('d.name', 'like', like),
      ]),
    )
  }
  const rows = await query.orderBy('e.name').orderBy('d.name').orderBy('u.role').orderBy('u.display_name').limit(200).execute()
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    phoneMasked: u.phone ? mask(u.phone) : null,
    displayName: u.display_name,
    role: u.role,
    organisation: u.enterpriseName ?? u.departmentName ?? '',
    mustChange: u.must_change_password,
    lockedUntil: u.locked_until && new Date(u.locked_until) > now ? new Date(u.locked_until).toISOString() : null,
  }))
}

const TEMP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz'
const TEMP_DIGITS = '23456789'

/** 12 characters, letters and digits (never 0/O, 1/l/I), so it can be read out over the phone. */
export function temporaryPassword(): string {
  const all = TEMP_ALPHABET + TEMP_DIGITS
  for (;;) {
    let p = ''
    for (let i = 0; i < 12; i++) p += all[randomInt(all.length)]
    if (/[A-Za-z]/.test(p) && /\d/.test(p)) return p
  }
}

export type PlatformResetResult = Result<{ temporaryPassword: string; displayName: string }>

/**
 * The platform admin resets a head's, admin's or regulator's password: a temporary password shown
 * once to the platform admin, which the owner must change at the next sign-in, where they are told
 * the platform admin reset it. Every session of the account ends. Works in the caller's transaction.
 */
export async function resetByPlatform(ctx: RequestContext, userId: string): Promise<PlatformResetResult> {
  const { db, actor, client, now } = ctx
  if (actor.kind !== 'platform') throw forbidden()
  const target = await db
    .selectFrom('users')
    .select(['id', 'role', 'enterprise_id', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!target) throw notFound()
  const decision = passwordResetDecision(actorRef(actor), { userId: target.id, role: target.role, enterpriseId: target.enterprise_id })
  if (!decision.ok || decision.method !== 'temporary') {
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId: target.enterprise_id,
      action: 'password.reset.platform',
      target: target.id,
      result: 'denied',
      ...client,
    })
    return { ok: false, message: decision.ok ? '无权重置该账号' : decision.message }
  }
  const temp = temporaryPassword()
  await db
    .updateTable('users')
    .set({
      password_hash: await hashPassword(temp),
      must_change_password: true,
      password_reset_notice_at: now,
      failed_sign_ins: 0,
      locked_until: null,
    })
    .where('id', '=', target.id)
    .execute()
  await db.deleteFrom('sessions').where('user_id', '=', target.id).execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: target.enterprise_id,
    action: 'password.reset.platform',
    target: target.id,
    result: 'ok',
    ...client,
    detail: { role: target.role },
  })
  return { ok: true, temporaryPassword: temp, displayName: target.display_name }
}
