import { sql } from 'kysely'
import { publicAddress } from '../../app/modules/print/qr.server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueInvitations, lookupInvitation, redeemInvitation } from '../../app/modules/acknowledgements/invitations.server'
import { changeOwnPassword, issueWorkerReset, listAccounts, redeemReset, resetByPlatform } from '../../app/modules/auth/accounts.server'
import type { Actor } from '../../app/modules/auth/actor'
import { signIn } from '../../app/modules/auth/auth.server'
import { BAD_CREDENTIALS_MESSAGE, MAX_FAILED_SIGN_INS } from '../../app/modules/auth/rules'
import { action as changeAction, loader as changeLoader } from '../../app/routes/account.password'
import { loader as enterpriseLoader } from '../../app/routes/enterprise._index'
import { action as rosterResetAction } from '../../app/routes/enterprise.roster.$employeeId_.password'
import { action as loginAction } from '../../app/routes/login'
import { action as platformResetAction } from '../../app/routes/platform.accounts'
import { action as resetAction } from '../../app/routes/reset.$token'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, DEMO_PASSWORD, get, post, run, statusOf } from './requests'
import { contextFor } from '../../app/db.server'

// Issue 10, part A: accounts. Every test here runs on PGlite and on PostgreSQL (DATABASE_URL).

let t: TestDatabase
let admin: Actor
let platform: Actor
const client = { ip: '198.51.100.4', userAgent: 'vitest' }
const WORKER_PHONE = '17735418902' // 孙鹏, 华晟化工, has a password

beforeAll(async () => {
  t = await createTestDatabase()
  admin = await actorOf(t.db, 'hs_admin')
  platform = await actorOf(t.db, 'platform')
})
afterAll(() => t.destroy())

const userOf = (identifier: string) =>
  t.db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('username', '=', identifier), eb('phone', '=', identifier)]))
    .executeTakeFirstOrThrow()

async function unitOfEmployee(employeeId: string): Promise<string> {
  const row = await t.db
    .selectFrom('assignments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .select('p.org_unit_id')
    .where('a.employee_id', '=', employeeId)
    .executeTakeFirstOrThrow()
  return row.org_unit_id
}

describe('invitations never take over an existing account (finding 1)', () => {
  it('the unit of a head: no card for the head (已开通), and the head still signs in with their own password', async () => {
    const head = await userOf('hs_storage')
    const unitId = await unitOfEmployee(head.employee_id!)
    const { issued } = await issueInvitations(contextFor(t.db, admin, client), unitId)
    const headCard = issued.find((i) => i.employeeId === head.employee_id)!
    expect(headCard).toMatchObject({ token: null, active: true, problem: null })
    // nobody with an account got a card; at least one worker without one did
    const withAccount = await t.db
      .selectFrom('users')
      .select('employee_id')
      .where('password_hash', 'is not', null)
      .where('enterprise_id', '=', head.enterprise_id)
      .execute()
    const active = new Set(withAccount.map((u) => u.employee_id))
    for (const card of issued) expect(card.token === null).toBe(active.has(card.employeeId) || card.problem !== null)
    expect(issued.some((c) => c.token)).toBe(true)
    const live = await t.db
      .selectFrom('invitations')
      .select('id')
      .where('employee_id', '=', head.employee_id!)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute()
    expect(live).toEqual([])
    const after = await userOf('hs_storage')
    expect(after).toMatchObject({ password_hash: head.password_hash, role: 'enterprise_head', phone: head.phone })
    expect((await signIn(t.db, { identifier: 'hs_storage', password: DEMO_PASSWORD }, client)).ok).toBe(true)
  })

  it('the database refuses an invitation for a head’s or an active worker’s account, even written directly', async () => {
    for (const who of ['hs_head', WORKER_PHONE]) {
      const u = await userOf(who)
      await expect(
        t.db
          .insertInto('invitations')
          .values({
            enterprise_id: u.enterprise_id!,
            employee_id: u.employee_id!,
            user_id: u.id,
            token_hash: `x${who}`,
            expires_at: new Date(Date.now() + 86_400_000),
            created_by: admin.userId,
          })
          .execute(),
      ).rejects.toThrow(/refused/)
    }
  })

  it('a card printed before the fix for an account that now has a password cannot set it', async () => {
    // a fresh worker gets a card, activates through another card, then the first card is tried
    const head = await userOf('hs_storage')
    const unitId = await unitOfEmployee(head.employee_id!)
    const { issued } = await issueInvitations(contextFor(t.db, admin, client), unitId)
    const card = issued.find((c) => c.token)!
    expect(await lookupInvitation(t.db, card.token!)).toMatchObject({ ok: true })
    const user = await t.db.selectFrom('users').select(['id']).where('employee_id', '=', card.employeeId).executeTakeFirstOrThrow()
    // someone sets the password by another way (e.g. a reset link) meanwhile
    await t.db.updateTable('users').set({ password_hash: head.password_hash }).where('id', '=', user.id).execute()
    expect(await redeemInvitation(t.db, card.token!, 'Takeover2026x', client)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/已开通/),
    })
    const unchanged = await t.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(unchanged.password_hash).toBe(head.password_hash)
    // the token was not used up either: the whole redemption rolled back
    const inv = await t.db
      .selectFrom('invitations')
      .select('used_at')
      .where('employee_id', '=', card.employeeId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow()
    expect(inv.used_at).toBeNull()
  })
})

describe('issuing invitations twice at once', () => {
  it('twenty issuings of one unit at once create each worker’s account once, never a 500', async () => {
    // the whole enterprise: the root unit, with workers who have no account yet
    const unitId = (
      await t.db
        .selectFrom('org_units')
        .select('id')
        .where('enterprise_id', '=', (admin as Extract<Actor, { kind: 'enterprise' }>).enterpriseId)
        .where('parent_id', 'is', null)
        .executeTakeFirstOrThrow()
    ).id
    const before = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    // each in its own transaction, as the page's action runs it
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => t.db.transaction().execute((trx) => issueInvitations(contextFor(trx, admin, client), unitId))),
    )
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const after = await t.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    const phones = await t.db.selectFrom('users').select('phone').where('phone', 'is not', null).execute()
    expect(new Set(phones.map((p) => p.phone)).size).toBe(phones.length)
    expect(Number(after.n)).toBeGreaterThanOrEqual(Number(before.n))
  })
})

describe('lockout race (finding 3)', () => {
  it('twenty wrong passwords at once count twenty and lock; then the right password is refused', async () => {
    const now = new Date('2026-11-30T08:00:00Z')
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn(t.db, { identifier: 'jj_head', password: 'wrong-password-1' }, client, now)),
    )
    expect(results.every((r) => !r.ok && r.message === BAD_CREDENTIALS_MESSAGE)).toBe(true)
    const u = await userOf('jj_head')
    expect(u.failed_sign_ins).toBe(20)
    expect(u.locked_until).not.toBeNull()
    expect(new Date(u.locked_until!).getTime()).toBe(now.getTime() + 15 * 60_000)
    const right = await signIn(t.db, { identifier: 'jj_head', password: DEMO_PASSWORD }, client, new Date(now.getTime() + 60_000))
    expect(right).toEqual({ ok: false, message: BAD_CREDENTIALS_MESSAGE })
    // after the lock has run out the right password works and clears the count
    const later = await signIn(t.db, { identifier: 'jj_head', password: DEMO_PASSWORD }, client, new Date(now.getTime() + 16 * 60_000))
    expect(later.ok).toBe(true)
    expect((await userOf('jj_head')).failed_sign_ins).toBe(0)
  })

  it('a locked account, a wrong password and an unknown account get the same message', async () => {
    const now = new Date('2026-11-30T09:00:00Z')
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await signIn(t.db, { identifier: 'td_head', password: 'wrong-password-1' }, client, now)
    const locked = await signIn(t.db, { identifier: 'td_head', password: DEMO_PASSWORD }, client, now)
    const wrong = await signIn(t.db, { identifier: 'jj_admin', password: 'wrong-password-1' }, client, now)
    const unknown = await signIn(t.db, { identifier: 'nobody_at_all', password: 'wrong-password-1' }, client, now)
    expect(locked).toEqual(wrong)
    expect(unknown).toEqual(wrong)
    expect(wrong).toEqual({ ok: false, message: BAD_CREDENTIALS_MESSAGE })
  })
})

describe('the session cookie', () => {
  it('has no persistent lifetime (no Max-Age, no Expires): the server’s session expiry is the only one', async () => {
    const res = (await run(loginAction, post('/login', { identifier: 'hs_admin', password: DEMO_PASSWORD, redirectTo: '' }))) as Response
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).not.toMatch(/Max-Age/i)
    expect(cookie).not.toMatch(/Expires/i)
  })
})

describe('the admin resets a worker’s password with a one-time link', () => {
  it('one link redeemed twenty times at once succeeds exactly once; old password and sessions end', async () => {
    const worker = await userOf('19834561277') // 韩小军
    const oldCookie = await cookieFor(t.db, '19834561277')
    const issued = await issueWorkerReset(contextFor(t.db, admin, client), worker.employee_id!)
    if (!issued.ok) throw new Error(issued.message)
    const stored = await t.db
      .selectFrom('password_resets')
      .select(['token_hash', 'expires_at'])
      .where('user_id', '=', worker.id)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toBe(issued.token)
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/)

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => redeemReset(t.db, issued.token, `NewPassw0rd${i}x`, client)))
    const wins = results.flatMap((r, i) => (r.ok ? [i] : []))
    expect(wins).toHaveLength(1)
    for (const r of results) if (!r.ok) expect(r.message).toMatch(/已使用/)
    const used = await t.db.selectFrom('password_resets').select('used_at').where('user_id', '=', worker.id).execute()
    expect(used.filter((u) => u.used_at)).toHaveLength(1)
    expect((await signIn(t.db, { identifier: '19834561277', password: `NewPassw0rd${wins[0]}x` }, client)).ok).toBe(true)
    expect((await signIn(t.db, { identifier: '19834561277', password: DEMO_PASSWORD }, client)).ok).toBe(false)
    // the session opened with the old password is gone
    expect(statusOf(await run(enterpriseLoader, get('/enterprise', oldCookie)))).toBe(302)
    const audit = await t.db.selectFrom('audit_events').select(['action', 'result']).where('action', 'like', 'password.reset.%').execute()
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'password.reset.issue', result: 'ok' },
        { action: 'password.reset.redeem', result: 'ok' },
      ]),
    )
    expect(audit.filter((a) => a.action === 'password.reset.redeem')).toHaveLength(1)
  })

  it('a new link revokes the old; an expired link fails; nothing written on failure', async () => {
    const worker = await userOf(WORKER_PHONE)
    const first = await issueWorkerReset(contextFor(t.db, admin, client), worker.employee_id!)
    const second = await issueWorkerReset(contextFor(t.db, admin, client), worker.employee_id!)
    if (!first.ok || !second.ok) throw new Error('issue')
    expect(await redeemReset(t.db, first.token, 'Another2026x', client)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/作废/),
    })
    expect(await redeemReset(t.db, second.token, 'Another2026x', client, new Date(Date.now() + 73 * 3_600_000))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/过期/),
    })
    expect((await userOf(WORKER_PHONE)).password_hash).toBe(worker.password_hash)
  })

  it('the admin’s reset clicked twenty times at once: every click answered, one live link remains, never a 500', async () => {
    const worker = await userOf(WORKER_PHONE)
    const adminCookie = await cookieFor(t.db, 'hs_admin')
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        run(rosterResetAction, post(`/enterprise/roster/${worker.employee_id}/password`, {}, adminCookie), {
          employeeId: worker.employee_id!,
        }),
      ),
    )
    expect(results.map(statusOf).filter((s) => s !== 200)).toEqual([])
    const live = await t.db
      .selectFrom('password_resets')
      .select('id')
      .where('user_id', '=', worker.id)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .execute()
    expect(live).toHaveLength(1)
  })

  it('never a head’s or another enterprise’s account; never by a head or a worker', async () => {
    const head = await userOf('hs_vp_safety')
    expect(await issueWorkerReset(contextFor(t.db, admin, client), head.employee_id!)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/平台管理员/),
    })
    expect(await t.db.selectFrom('password_resets').select('id').where('user_id', '=', head.id).execute()).toEqual([])
    // the database refuses it too
    await expect(
      t.db
        .insertInto('password_resets')
        .values({
          user_id: head.id,
          enterprise_id: head.enterprise_id,
          token_hash: 'y'.repeat(64),
          expires_at: new Date(Date.now() + 3_600_000),
          created_by: admin.userId,
        })
        .execute(),
    ).rejects.toThrow(/refused/)
    const other = await userOf('18203546745') // 牛建强, 晋建
    await expect(issueWorkerReset(contextFor(t.db, admin, client), other.employee_id!)).rejects.toMatchObject({ status: 404 })
    const worker = await userOf(WORKER_PHONE)
    await expect(issueWorkerReset(contextFor(t.db, await actorOf(t.db, 'hs_head'), client), worker.employee_id!)).rejects.toMatchObject({
      status: 403,
    })
    await expect(issueWorkerReset(contextFor(t.db, await actorOf(t.db, WORKER_PHONE), client), worker.employee_id!)).rejects.toMatchObject({
      status: 403,
    })
  })

  it('through the pages: the admin’s action gives a QR link; the worker’s page sets the password, with errors beside the fields', async () => {
    const worker = await userOf(WORKER_PHONE)
    const adminCookie = await cookieFor(t.db, 'hs_admin')
    const head = await userOf('hs_team')
    const refused = await run(rosterResetAction, post(`/enterprise/roster/${head.employee_id}/password`, {}, adminCookie), {
      employeeId: head.employee_id!,
    })
    expect(statusOf(refused)).toBe(400)
    expect((dataOf(refused) as { message?: string }).message).toMatch(/平台管理员/)
    const res = dataOf(
      await run(rosterResetAction, post(`/enterprise/roster/${worker.employee_id}/password`, {}, adminCookie), {
        employeeId: worker.employee_id!,
      }),
    )
    // the server's public address (PUBLIC_URL, else its listen address), whatever Host the admin's browser sent
    expect(res.url).toMatch(/^https?:\/\/[^/]+\/reset\/[A-Za-z0-9_-]{32}$/)
    expect(res.url!.startsWith(publicAddress().url)).toBe(true)
    expect(res.qr).toMatch(/<svg/)
    const token = res.url!.split('/').pop()!
    const bad = await run(resetAction, post(`/reset/${token}`, { password: 'short', confirm: 'short' }), { token })
    expect(statusOf(bad)).toBe(400)
    expect(dataOf(bad).fieldErrors.password).toMatch(/至少10位/)
    expect((await userOf(WORKER_PHONE)).password_hash).toBe(worker.password_hash)
    const ok = (await run(resetAction, post(`/reset/${token}`, { password: 'Phone2026reset', confirm: 'Phone2026reset' }), {
      token,
    })) as Response
    expect(ok.status).toBe(302)
    expect(ok.headers.get('location')).toBe('/me')
    expect((await signIn(t.db, { identifier: WORKER_PHONE, password: 'Phone2026reset' }, client)).ok).toBe(true)
  })
})

describe('the platform admin resets a head’s password', () => {
  it('a temporary password, every page sends the head to 修改密码 with the notice, until they change it', async () => {
    const head = await userOf('hs_vp_prod')
    const headCookie = await cookieFor(t.db, 'hs_vp_prod')
    const platformCookie = await cookieFor(t.db, 'platform')
    const res = await run(platformResetAction, post('/platform/accounts', { userId: head.id }, platformCookie))
    const temp: string = dataOf(res).reset!.temporaryPassword
    expect(temp).toMatch(/^[A-Za-z2-9]{12}$/)
    // the head's old session and password are gone
    expect(statusOf(await run(enterpriseLoader, get('/enterprise', headCookie)))).toBe(302)
    expect((await signIn(t.db, { identifier: 'hs_vp_prod', password: DEMO_PASSWORD }, client)).ok).toBe(false)

    const login = (await run(
      loginAction,
      post('/login', { identifier: 'hs_vp_prod', password: temp, redirectTo: '/enterprise/posts' }),
    )) as Response
    expect(login.headers.get('location')).toBe('/account/password')
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const blocked = (await run(enterpriseLoader, get('/enterprise', cookie))) as Response
    expect(blocked.status).toBe(302)
    expect(blocked.headers.get('location')).toBe('/account/password')
    const page = dataOf(await run(changeLoader, get('/account/password', cookie)))
    expect(page.mustChange).toBe(true)
    expect(page.resetNoticeAt).not.toBeNull()

    const wrong = await run(
      changeAction,
      post('/account/password', { current: 'not-it-123', password: 'Mine2026head', confirm: 'Mine2026head' }, cookie),
    )
    expect(dataOf(wrong).fieldErrors).toEqual({ current: '当前密码不正确' })
    const changed = (await run(
      changeAction,
      post('/account/password', { current: temp, password: 'Mine2026head', confirm: 'Mine2026head' }, cookie),
    )) as Response
    expect(changed.status).toBe(302)
    const fresh = changed.headers.get('set-cookie')!.split(';')[0]!
    expect(statusOf(await run(enterpriseLoader, get('/enterprise', fresh)))).toBe(200)
    const after = await userOf('hs_vp_prod')
    expect(after).toMatchObject({ must_change_password: false, password_reset_notice_at: null })
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'result', 'user_id'])
      .where('action', 'in', ['password.reset.platform', 'password.change'])
      .execute()
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'password.reset.platform', result: 'ok', user_id: platform.userId },
        { action: 'password.change', result: 'failed', user_id: head.id },
        { action: 'password.change', result: 'ok', user_id: head.id },
      ]),
    )
  })

  it('never a worker’s account, nor by anyone but the platform admin', async () => {
    const worker = await userOf(WORKER_PHONE)
    expect(await resetByPlatform(contextFor(t.db, platform, client), worker.id)).toMatchObject({ ok: false })
    const head = await userOf('hs_head')
    await expect(resetByPlatform(contextFor(t.db, admin, client), head.id)).rejects.toMatchObject({ status: 403 })
    expect((await userOf('hs_head')).password_hash).toBe(head.password_hash)
    const list = await listAccounts(contextFor(t.db, platform), '华晟')
    expect(list.some((a) => a.role === 'enterprise_head')).toBe(true)
    expect(list.some((a) => a.role === 'worker')).toBe(false)
    // a NUL in the search (?q=%00) is no 500: PostgreSQL text holds none
    expect((await listAccounts(contextFor(t.db, platform), '华\u0000晟')).length).toBe(list.length)
  })
})

describe('everyone changes their own password', () => {
  it('needs the current one; the new one works, the old one and other sessions end', async () => {
    const regulator = await actorOf(t.db, 'jz_yjj')
    const other = await cookieFor(t.db, 'jz_yjj')
    expect(await changeOwnPassword(contextFor(t.db, regulator, client), { current: 'nope-nope-1', password: 'Regulator2026' })).toEqual({
      ok: false,
      fieldErrors: { current: '当前密码不正确' },
    })
    expect(await changeOwnPassword(contextFor(t.db, regulator, client), { current: DEMO_PASSWORD, password: DEMO_PASSWORD })).toMatchObject(
      {
        ok: false,
      },
    )
    const ok = await changeOwnPassword(contextFor(t.db, regulator, client), { current: DEMO_PASSWORD, password: 'Regulator2026' })
    expect(ok.ok).toBe(true)
    expect((await signIn(t.db, { identifier: 'jz_yjj', password: 'Regulator2026' }, client)).ok).toBe(true)
    expect((await signIn(t.db, { identifier: 'jz_yjj', password: DEMO_PASSWORD }, client)).ok).toBe(false)
    const sessionsLeft = await t.db
      .selectFrom('sessions')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('user_id', '=', regulator.userId)
      .executeTakeFirstOrThrow()
    expect(sessionsLeft.n).toBe(2) // the fresh one from the change, and the sign-in just above
    expect(other).toBeTruthy()
  })

  it('wrong current passwords count towards the sign-in lock; while locked even the right one is refused', async () => {
    const head = await actorOf(t.db, 'hs_hydro')
    const before = await userOf('hs_hydro')
    const now = new Date('2026-11-30T10:00:00Z')
    const tries = await Promise.all(
      Array.from({ length: MAX_FAILED_SIGN_INS }, () =>
        changeOwnPassword(contextFor(t.db, head, client, now), { current: 'guess-guess-1', password: 'Guessed2026x' }),
      ),
    )
    expect(tries.every((r) => !r.ok)).toBe(true)
    expect((await userOf('hs_hydro')).failed_sign_ins).toBe(MAX_FAILED_SIGN_INS)
    const right = await changeOwnPassword(contextFor(t.db, head, client, new Date(now.getTime() + 60_000)), {
      current: DEMO_PASSWORD,
      password: 'Guessed2026x',
    })
    expect(right).toMatchObject({ ok: false, fieldErrors: { current: expect.stringMatching(/次数过多/) } })
    expect((await userOf('hs_hydro')).password_hash).toBe(before.password_hash)
  })

  it('the page keeps errors beside the fields and writes nothing', async () => {
    const cookie = await cookieFor(t.db, 'jj_admin')
    const before = await userOf('jj_admin')
    const res = await run(changeAction, post('/account/password', { current: DEMO_PASSWORD, password: 'abc', confirm: 'abd' }, cookie))
    expect(statusOf(res)).toBe(400)
    expect(dataOf(res).fieldErrors.password).toBeTruthy()
    expect((await userOf('jj_admin')).password_hash).toBe(before.password_hash)
  })
})
