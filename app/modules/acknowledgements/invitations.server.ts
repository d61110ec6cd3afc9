import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import { forbidden } from '../../utils/http'
import { recordAudit, type Client } from '../audit/audit.server'
import { lucia, sessionCookie } from '../auth/lucia.server'
import { hashPassword } from '../auth/password.server'
import { invitationMayActivate } from '../auth/policy'
import { createUser, setFirstWorkerPassword } from '../auth/users.server'
import { employeesInUnit } from '../org/org.server'
import { canManageConfirmations } from './policy'
import type { RequestContext } from '../../db.server'

// Getting workers in: a single-use link per worker (the QR code on the printed sheet) lets them set a
// password and lands them on their confirmations. Only the token's sha256 is stored; it expires after
// 14 days; issuing a new one revokes the old. An invitation only ever activates a worker account that
// has never had a password: anyone who already has an account (a head, the admin, an active worker)
// gets no card (已开通), and nothing here changes an existing account's password, role or phone. A
// trigger (migration 20261130100000) refuses an invitation for any other account, and redeeming sets
// the password only `where role = 'worker' and password_hash is null`.

type DB = Kysely<Database>
const TOKEN_DAYS = 14
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export interface IssuedInvitation {
  employeeId: string
  name: string
  employeeNo: string
  phone: string
  unitName: string
  posts: string[]
  token: string | null
  /** the person already has an account (已开通): no card */
  active: boolean
  /** why no invitation could be issued */
  problem: string | null
  expiresAt: string | null
}

/** Issues (or re-issues) invitations for everyone holding a post in a unit and the units below it. */
export async function issueInvitations(ctx: RequestContext, unitId: string) {
  const { db, actor, client, now } = ctx
  if (!canManageConfirmations(actor)) throw forbidden('只有企业安全管理员可以发放邀请')
  const enterpriseId = actor.enterpriseId
  // one issuing at a time per enterprise: a double-click (or two admins) must not race to create the
  // same worker's account twice, which the unique phone would answer with a 500
  await db.selectFrom('enterprises').select('id').where('id', '=', enterpriseId).forUpdate().executeTakeFirst()
  const { unitName, employees } = await employeesInUnit(ctx, unitId, todayInShanghai(now))
  const expiresAt = new Date(now.getTime() + TOKEN_DAYS * 86_400_000)
  const issued: IssuedInvitation[] = []
  for (const e of employees) {
    let user = await db
      .selectFrom('users')
      .select(['id', 'role', 'password_hash'])
      .where('enterprise_id', '=', enterpriseId)
      .where('employee_id', '=', e.employeeId)
      .executeTakeFirst()
    if (user && !invitationMayActivate({ role: user.role, hasPassword: user.password_hash !== null })) {
      // 已开通: no card, and any card printed earlier stops working
      await revokeLive(db, enterpriseId, e.employeeId, now)
      issued.push({ ...e, token: null, active: true, problem: null, expiresAt: null })
      continue
    }
    if (!user) {
      const phoneTaken = await db.selectFrom('users').select('id').where('phone', '=', e.phone).executeTakeFirst()
      if (phoneTaken) {
        issued.push({ ...e, token: null, active: false, problem: '该手机号已绑定其他账号，请联系平台管理员', expiresAt: null })
        continue
      }
      user = await createUser(db, {
        role: 'worker',
        phone: e.phone,
        displayName: e.name,
        enterpriseId,
        employeeId: e.employeeId,
        passwordHash: null,
      })
    }
    await revokeLive(db, enterpriseId, e.employeeId, now)
    const token = randomBytes(24).toString('base64url')
    await db
      .insertInto('invitations')
      .values({
        enterprise_id: enterpriseId,
        employee_id: e.employeeId,
        user_id: user.id,
        token_hash: hashToken(token),
        expires_at: expiresAt,
        created_by: actor.userId,
      })
      .execute()
    issued.push({ ...e, token, active: false, problem: null, expiresAt: expiresAt.toISOString() })
  }
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'invitation.issue',
    target: unitId,
    result: 'ok',
    ...client,
    detail: { count: issued.filter((i) => i.token).length },
  })
  return { unitName, issued }
}

async function revokeLive(db: DB, enterpriseId: string, employeeId: string, now: Date) {
  await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('employee_id', '=', employeeId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute()
}

const ALREADY_ACTIVE = '该账号已开通，请直接用手机号和密码登录；忘记密码请联系本单位安全管理员重置'

class Refused extends Error {
  constructor(readonly outcome: { ok: false; message: string }) {
    super(outcome.message)
  }
}

export type InvitationLookup = { ok: true; name: string; enterpriseName: string; phone: string } | { ok: false; message: string }

async function findLive(db: DB, token: string, now: Date) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return { ok: false as const, message: '邀请链接无效，请向本单位安全管理员索取新的邀请' }
  const inv = await db
    .selectFrom('invitations as i')
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'i.enterprise_id').onRef('e.id', '=', 'i.employee_id'))
    .innerJoin('enterprises as n', 'n.id', 'i.enterprise_id')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select([
      'i.enterprise_id',
      'i.id',
      'i.user_id',
      'i.expires_at',
      'i.used_at',
      'i.revoked_at',
      'e.name',
      'e.phone',
      'n.name as enterpriseName',
      'u.role',
      'u.password_hash',
    ])
    .where('i.token_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (!inv) return { ok: false as const, message: '邀请链接无效，请向本单位安全管理员索取新的邀请' }
  if (inv.used_at) return { ok: false as const, message: '该邀请已使用过，请直接用手机号和密码登录' }
  if (inv.revoked_at) return { ok: false as const, message: '该邀请已作废（已发放新的邀请），请使用最新的邀请' }
  if (new Date(inv.expires_at).getTime() <= now.getTime())
    return { ok: false as const, message: '邀请已过期（有效期14天），请向本单位安全管理员索取新的邀请' }
  if (!invitationMayActivate({ role: inv.role, hasPassword: inv.password_hash !== null }))
    return { ok: false as const, message: ALREADY_ACTIVE }
  const { password_hash: _hash, ...rest } = inv
  return { ok: true as const, inv: rest }
}

export async function lookupInvitation(db: DB, token: string, now = new Date()): Promise<InvitationLookup> {
  const found = await findLive(db, token, now)
  if (!found.ok) return found
  return {
    ok: true,
    name: found.inv.name,
    enterpriseName: found.inv.enterpriseName,
    phone: `${found.inv.phone.slice(0, 3)}****${found.inv.phone.slice(-4)}`,
  }
}

/**
 * Sets the worker's password, uses up the token and signs them in. Takes the plain database handle
 * (not a request transaction): the token and the password change commit together, then Lucia opens
 * the session on its own connection.
 */
export async function redeemInvitation(db: DB, token: string, password: string, client: Client, now = new Date()) {
  // a made-up token costs a lookup, not a 32 MiB hash
  const live = await findLive(db, token, now)
  if (!live.ok) return live
  const passwordHash = await hashPassword(password)
  let outcome: { ok: true; inv: { enterprise_id: string; id: string; user_id: string } } | { ok: false; message: string }
  try {
    outcome = await db.transaction().execute(async (trx) => {
      const found = await findLive(trx, token, now)
      if (!found.ok) throw new Refused(found)
      const { inv } = found
      const used = await trx
        .updateTable('invitations')
        .set({ used_at: now })
        .where('enterprise_id', '=', inv.enterprise_id)
        .where('id', '=', inv.id)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      if (Number(used.numUpdatedRows ?? 0) !== 1) throw new Refused({ ok: false, message: '该邀请已使用过，请直接用手机号和密码登录' })
      // only a worker account that has never had a password: never an existing account's
      if (!(await setFirstWorkerPassword(trx, inv.user_id, passwordHash, now))) throw new Refused({ ok: false, message: ALREADY_ACTIVE })
      return { ok: true as const, inv }
    })
  } catch (e) {
    if (e instanceof Refused) return e.outcome
    throw e
  }
  if (!outcome.ok) return outcome
  const { inv } = outcome
  await lucia.invalidateUserSessions(inv.user_id)
  const session = await lucia.createSession(inv.user_id, {})
  await recordAudit(db, {
    userId: inv.user_id,
    enterpriseId: inv.enterprise_id,
    action: 'invitation.redeem',
    target: inv.id,
    result: 'ok',
    ...client,
  })
  return { ok: true as const, cookie: sessionCookie(session.id) }
}
