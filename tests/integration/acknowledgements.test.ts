import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  confirmList,
  confirmationOverview,
  queueOverdueReminders,
  verifyLedger,
} from '../../app/modules/acknowledgements/acknowledgements.server'
import { issueInvitations, lookupInvitation, redeemInvitation } from '../../app/modules/acknowledgements/invitations.server'
import { countingStart, deadlineDate, deadlinePeriod } from '../../app/modules/acknowledgements/rules'
import type { Actor } from '../../app/modules/auth/actor'
import { signIn } from '../../app/modules/auth/auth.server'
import { action as confirmAction, loader as confirmLoader } from '../../app/routes/me.posts.$postId'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'
import { contextFor } from '../../app/db.server'

let t: TestDatabase
let sun: Actor // 孙鹏, 化工操作工（加氢）
let han: Actor // 韩小军, 危化品装卸工
let admin: Actor
let operatorPost: string
let loaderPost: string
const client = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (iPhone) vitest' }
const PNG = `data:image/png;base64,${Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]).toString('base64')}`

beforeAll(async () => {
  t = await createTestDatabase()
  sun = await actorOf(t.db, '17735418902')
  han = await actorOf(t.db, '19834561277')
  admin = await actorOf(t.db, 'hs_admin')
  await publishList(t.db, '化工操作工（加氢）')
  await publishList(t.db, '危化品装卸工')
  operatorPost = (await t.db.selectFrom('posts').select('id').where('name', '=', '化工操作工（加氢）').executeTakeFirstOrThrow()).id
  loaderPost = (await t.db.selectFrom('posts').select('id').where('name', '=', '危化品装卸工').executeTakeFirstOrThrow()).id
})
afterAll(() => t.destroy())

const currentVersion = async (postId: string) =>
  (
    await t.db
      .selectFrom('duty_list_versions')
      .select('id')
      .where('post_id', '=', postId)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow()
  ).id

describe('a worker confirms their own post’s current list', () => {
  it('refuses confirming a post the worker does not hold (another worker’s assignment)', async () => {
    await expect(
      confirmList(contextFor(t.db, han, client), operatorPost, {
        versionId: await currentVersion(operatorPost),
        signatureKind: 'typed',
        signature: '韩小军',
      }),
    ).rejects.toMatchObject({ status: 404 })
  })

  it('refuses a typed name that is not the worker’s own, and a forged image', async () => {
    const versionId = await currentVersion(operatorPost)
    expect(
      await confirmList(contextFor(t.db, sun, client), operatorPost, { versionId, signatureKind: 'typed', signature: '韩小军' }),
    ).toMatchObject({
      ok: false,
      field: 'typedName',
    })
    expect(
      await confirmList(contextFor(t.db, sun, client), operatorPost, {
        versionId,
        signatureKind: 'drawn',
        signature: 'data:image/png;base64,PHN2Zz4=',
      }),
    ).toMatchObject({ ok: false, field: 'signature' })
  })

  it('records the exact version, its hash, time, client and signature; once', async () => {
    const versionId = await currentVersion(operatorPost)
    const head = await t.db
      .selectFrom('ledger_heads')
      .select('seq')
      .where('enterprise_id', '=', (admin as { enterpriseId: string }).enterpriseId)
      .executeTakeFirst()
    const res = await confirmList(contextFor(t.db, sun, client), operatorPost, { versionId, signatureKind: 'drawn', signature: PNG })
    if (!res.ok) throw new Error(res.message)
    const k = await t.db.selectFrom('acknowledgements').selectAll().where('id', '=', res.acknowledgementId).executeTakeFirstOrThrow()
    const v = await t.db
      .selectFrom('duty_list_versions')
      .select(['content_hash', 'version'])
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow()
    expect(k).toMatchObject({
      version_id: versionId,
      content_hash: v.content_hash,
      version: v.version,
      client_ip: '203.0.113.7',
      signature_kind: 'drawn',
      signature: PNG,
      // appended to the enterprise's chain (the demo's history comes before it)
      seq: Number(head?.seq ?? 0) + 1,
    })
    expect(k.row_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(
      await confirmList(contextFor(t.db, sun, client), operatorPost, { versionId, signatureKind: 'typed', signature: '孙鹏' }),
    ).toEqual({
      ok: false,
      message: '您已签字确认过此版本',
    })
  })

  it('through the page: the read box must be ticked, then a typed name works', async () => {
    const cookie = await cookieFor(t.db, '19834561277')
    const versionId = await currentVersion(loaderPost)
    const unticked = await run(confirmAction, post('/x', { versionId, typedName: '韩小军' }, cookie), { postId: loaderPost })
    expect(dataOf<any>(unticked)).toMatchObject({ field: 'read' })
    const ok = await run(confirmAction, post('/x', { versionId, typedName: '韩小军', read: 'on' }, cookie), { postId: loaderPost })
    expect(statusOf(ok)).toBe(302)
    const page = dataOf<any>(await run(confirmLoader, get('/x', cookie), { postId: loaderPost }))
    expect(page.mine.state).toBe('confirmed')
  })

  it('refuses a superseded version once a new one is published, and then shows 需重新确认', async () => {
    const old = await currentVersion(operatorPost)
    const { version: oldVersion } = await t.db
      .selectFrom('duty_list_versions')
      .select('version')
      .where('id', '=', old)
      .executeTakeFirstOrThrow()
    await publishList(t.db, '化工操作工（加氢）')
    expect(
      await confirmList(contextFor(t.db, sun, client), operatorPost, { versionId: old, signatureKind: 'typed', signature: '孙鹏' }),
    ).toEqual({
      ok: false,
      message: '您阅读的版本已被新版本取代，请阅读最新版本后再签字确认',
    })
    const overview = await confirmationOverview(contextFor(t.db, admin), { q: '孙鹏', page: 1, size: 20, sort: 'state', dir: 'asc' })
    expect(overview.page.rows).toMatchObject([{ employeeName: '孙鹏', state: 'reconfirm', version: oldVersion + 1 }])
  })
})

describe('deadlines and the overview', () => {
  it('computes the same deadline in SQL as the pure rule, for every row', async () => {
    const overview = await confirmationOverview(contextFor(t.db, admin), { q: '', page: 1, size: 100, sort: 'deadline', dir: 'asc' })
    expect(overview.page.rows.length).toBeGreaterThan(3)
    const rows = await t.db
      .selectFrom('assignments as a')
      .innerJoin('posts as p', 'p.id', 'a.post_id')
      .innerJoin('duty_list_versions as v', (j) => j.onRef('v.post_id', '=', 'p.id').on('v.status', '=', 'published'))
      .select([
        'a.id',
        'a.start_on',
        'p.tier',
        'p.is_safety_manager',
        'p.in_charge_of_safety',
        sql<string>`((v.published_at at time zone 'Asia/Shanghai')::date)::text`.as('published_on'),
      ])
      .execute()
    for (const r of overview.page.rows) {
      const a = rows.find((x) => x.id === r.assignmentId)!
      const expected = deadlineDate(
        countingStart(a.start_on, a.published_on),
        deadlinePeriod({ tier: a.tier, isSafetyManager: a.is_safety_manager, inChargeOfSafety: a.in_charge_of_safety }),
      )
      expect(r.deadline, r.employeeName).toBe(expected)
    }
  })

  it('lists overdue first once the deadline has passed, counts per unit, and queues reminders once a day', async () => {
    // half a year after the tests' "now": every deadline of the demo data and of this file has passed
    const at = new Date(Date.now() + 183 * 86_400_000)
    const later = todayInShanghai(at)
    const overview = await confirmationOverview(contextFor(t.db, admin), { q: '', page: 1, size: 100, sort: 'state', dir: 'asc' }, later)
    const states = overview.page.rows.map((r) => r.state)
    expect(states[0]).toBe('overdue')
    expect(states.indexOf('confirmed')).toBeGreaterThan(states.lastIndexOf('overdue'))
    const hydro = overview.byUnit.find((u) => u.unit_name === '加氢一班')!
    expect(hydro.overdue).toBe(4)
    expect(await queueOverdueReminders(contextFor(t.db, admin, undefined, at))).toBe(states.filter((s) => s === 'overdue').length)
    expect(await queueOverdueReminders(contextFor(t.db, admin, undefined, at))).toBe(0)
    const reminders = await t.db.selectFrom('reminders').select('message').execute()
    expect(reminders[0]!.message).toMatch(/已超过签字确认期限/)
  })

  it('an ended assignment stops requiring a confirmation', async () => {
    const today = todayInShanghai()
    const before = (await confirmationOverview(contextFor(t.db, admin), { q: '马俊杰', page: 1, size: 20, sort: 'state', dir: 'asc' })).page
      .total
    expect(before).toBe(1)
    await t.db
      .updateTable('assignments')
      .set({ end_on: '2026-01-01' })
      .where('post_id', '=', operatorPost)
      .where(
        'employee_id',
        '=',
        (await t.db.selectFrom('employees').select('id').where('name', '=', '马俊杰').executeTakeFirstOrThrow()).id,
      )
      .execute()
    expect(
      (await confirmationOverview(contextFor(t.db, admin), { q: '马俊杰', page: 1, size: 20, sort: 'state', dir: 'asc' }, today)).page
        .total,
    ).toBe(0)
  })
})

describe('tamper evidence', () => {
  it('the database refuses UPDATE, DELETE and TRUNCATE on the ledger', async () => {
    // the trigger, even for the owner (the app's own role is refused earlier: privileges.test.ts)
    await expect(sql`update acknowledgements set client_ip = '1.2.3.4'`.execute(t.owner)).rejects.toThrow(/append-only/)
    await expect(sql`delete from acknowledgements`.execute(t.owner)).rejects.toThrow(/append-only/)
    await expect(sql`truncate acknowledgements`.execute(t.owner)).rejects.toThrow(/append-only/)
  })

  it('verify:ledger passes an intact chain and names the first altered row', async () => {
    expect((await verifyLedger(t.db)).broken).toEqual([])
    const first = await t.db.selectFrom('acknowledgements').select(['id', 'enterprise_id']).where('seq', '=', 1).executeTakeFirstOrThrow()
    // tampering needs the owner: the app's role may not alter the table nor update the ledger
    await sql`alter table acknowledgements disable trigger acknowledgements_append_only`.execute(t.owner)
    await sql`update acknowledgements set confirmed_at = confirmed_at - interval '3 days' where id = ${first.id}`.execute(t.owner)
    await sql`alter table acknowledgements enable trigger acknowledgements_append_only`.execute(t.owner)
    const result = await verifyLedger(t.db)
    expect(result.broken).toEqual([{ enterpriseId: first.enterprise_id, seq: 1, id: first.id, reason: '内容与哈希不符（记录被改动）' }])
  })
})

describe('invitations', () => {
  it('a token works once, is revoked by re-issuing, and expires after 14 days', async () => {
    const unit = await t.db.selectFrom('org_units').select('id').where('name', '=', '储运车间').executeTakeFirstOrThrow()
    const first = await issueInvitations(contextFor(t.db, admin, client), unit.id)
    const wu = first.issued.find((i) => i.name === '武强')!
    expect(wu.token).toBeTruthy()
    const stored = await t.db.selectFrom('invitations').select('token_hash').execute()
    expect(stored.some((s) => s.token_hash === wu.token)).toBe(false)

    const second = await issueInvitations(contextFor(t.db, admin, client), unit.id)
    const wu2 = second.issued.find((i) => i.name === '武强')!
    expect(await lookupInvitation(t.db, wu.token!)).toMatchObject({ ok: false, message: expect.stringMatching(/作废/) })
    expect(await lookupInvitation(t.db, wu2.token!)).toMatchObject({ ok: true, name: '武强' })

    const expired = await redeemInvitation(t.db, wu2.token!, 'Worker2026pass', client, new Date(Date.now() + 15 * 86_400_000))
    expect(expired).toMatchObject({ ok: false, message: expect.stringMatching(/过期/) })
    const used = await redeemInvitation(t.db, wu2.token!, 'Worker2026pass', client)
    expect(used.ok).toBe(true)
    expect(await redeemInvitation(t.db, wu2.token!, 'Another2026pass', client)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/已使用/),
    })
    const phone = (await t.db.selectFrom('employees').select('phone').where('name', '=', '武强').executeTakeFirstOrThrow()).phone
    expect((await signIn(t.db, { identifier: phone, password: 'Worker2026pass' }, client)).ok).toBe(true)
    expect(await lookupInvitation(t.db, 'not-a-token-at-all-xxxxxxxx')).toMatchObject({ ok: false })
  })

  it('only the enterprise admin issues invitations, for their own units', async () => {
    const unit = await t.db.selectFrom('org_units').select('id').where('name', '=', '储运车间').executeTakeFirstOrThrow()
    await expect(issueInvitations(contextFor(t.db, sun, client), unit.id)).rejects.toMatchObject({ status: 403 })
    await expect(issueInvitations(contextFor(t.db, await actorOf(t.db, 'jj_admin'), client), unit.id)).rejects.toMatchObject({
      status: 404,
    })
  })
})
