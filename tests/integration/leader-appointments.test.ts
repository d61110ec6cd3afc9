import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor } from '../../app/db.server'
import { actorFromUser, type Actor } from '../../app/modules/auth/actor'
import { appointLeader, appointments, myBooks } from '../../app/modules/leaderledger/leaderledger.server'
import { appointSchema } from '../../app/modules/leaderledger/schema'
import { createRegulatorAccount } from '../../app/modules/platform/platform.server'
import { createRegulatorSchema } from '../../app/modules/platform/schema'
import { action as regulatorsAction, loader as regulatorsLoader } from '../../app/routes/platform.regulators'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

// Issue 16: leaders, their recorders and 安委办 accounts are appointed in the portal by the platform
// administrator, who administers the departments' accounts — audited; a leader is never their own
// recorder; a regulator (of this department, another, or another level) and a 安委办 cannot appoint.

let t: TestDatabase
const actors: Record<string, Actor> = {}
const ctx = (who: string) => contextFor(t.db, actors[who]!, { ip: '203.0.113.9', userAgent: 'vitest' })
const status = async (p: Promise<unknown>) => p.then(() => 200).catch((e: unknown) => (e instanceof Response ? e.status : -1))
const appoint = (fields: Record<string, string>) => appointSchema.parse({ intent: 'appoint', ...fields })

beforeAll(async () => {
  t = await createTestDatabase()
  for (const who of [
    'platform',
    'jz_yjj',
    'jz_yjj_deputy',
    'jz_yjj_chief',
    'jz_yjj_clerk',
    'jz_zjj_chief',
    'jz_zjj_clerk',
    'jz_awb',
    'ty_yjj',
  ]) {
    const u = await t.db.selectFrom('users').selectAll().where('username', '=', who).executeTakeFirstOrThrow()
    actors[who] = actorFromUser(u)
  }
})
afterAll(() => t?.destroy())

describe('appointing a department leader and their recorder', () => {
  it('the platform admin marks a regulator as a 班子成员 with several 分管 areas and names the recorder; audited; the book opens for both', async () => {
    const input = appoint({
      userId: actors.jz_yjj!.userId,
      position: 'member',
      title: '副局长',
      chargeAreas: '危险化学品、非煤矿山，烟花爆竹',
      recorderUserId: actors.jz_yjj_clerk!.userId,
    })
    expect(input.chargeAreas).toEqual(['危险化学品', '非煤矿山', '烟花爆竹'])
    const r = await appointLeader(ctx('platform'), input)
    expect(r.ok).toBe(true)
    const row = await t.db
      .selectFrom('leader_ledger_leaders')
      .selectAll()
      .where('user_id', '=', actors.jz_yjj!.userId)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ position: 'member', title: '副局长', charge_areas: ['危险化学品', '非煤矿山', '烟花爆竹'] })
    // the recorder now keeps two books (a recorder may keep several), the leader has theirs
    const kept = await myBooks(ctx('jz_yjj_clerk'))
    expect(kept.books.length).toBeGreaterThanOrEqual(2)
    expect((await myBooks(ctx('jz_yjj'))).books.map((b) => b.leaderId)).toContain(row.id)
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'user_id', 'detail'])
      .where('target', '=', actors.jz_yjj!.userId)
      .where('action', 'like', 'leader_ledger.%')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ action: 'leader_ledger.appoint', user_id: actors.platform!.userId })
    // appointing again changes the cover and the recorder, audited with the before
    const again = await appointLeader(ctx('platform'), { ...input, title: '党组成员、副局长', recorderUserId: actors.jz_yjj_chief!.userId })
    expect(again).toEqual({ ok: true, leaderId: row.id })
    const after = await t.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('target', '=', actors.jz_yjj!.userId)
      .where('action', '=', 'leader_ledger.reappoint')
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(after.detail)).toContain('副局长')
    expect((await appointments(ctx('platform'))).books.find((b) => b.leaderId === row.id)).toMatchObject({
      title: '党组成员、副局长',
      recorderName: expect.any(String),
    })
  })

  it('a leader cannot be their own recorder; the recorder is of the leader’s department; a 主要领导 has no 分管 areas — beside the field, nothing written', async () => {
    const before = await t.db.selectFrom('leader_ledger_leaders').selectAll().execute()
    const self = await appointLeader(
      ctx('platform'),
      appoint({ userId: actors.jz_zjj_chief!.userId, position: 'principal', title: '局长', recorderUserId: actors.jz_zjj_chief!.userId }),
    )
    expect(self).toMatchObject({ ok: false, fieldErrors: { recorderUserId: '领导本人不能担任自己的记录人员' } })
    const other = await appointLeader(
      ctx('platform'),
      appoint({ userId: actors.jz_zjj_chief!.userId, position: 'principal', title: '局长', recorderUserId: actors.jz_yjj_clerk!.userId }),
    )
    expect(other).toMatchObject({ ok: false, fieldErrors: { recorderUserId: '记录人员须为领导所在部门的人员' } })
    const areas = await appointLeader(
      ctx('platform'),
      appoint({
        userId: actors.jz_zjj_chief!.userId,
        position: 'principal',
        title: '局长',
        chargeAreas: '建筑施工',
        recorderUserId: actors.jz_zjj_clerk!.userId,
      }),
    )
    expect(areas).toMatchObject({ ok: false, fieldErrors: { chargeAreas: '主要领导不填写分管行业领域' } })
    // a 安委办 account is no department leader
    const office = await appointLeader(
      ctx('platform'),
      appoint({ userId: actors.jz_awb!.userId, position: 'principal', title: '主任', recorderUserId: actors.jz_yjj_clerk!.userId }),
    )
    expect(office).toMatchObject({ ok: false, fieldErrors: { userId: '请选择部门的监管账号' } })
    expect(await t.db.selectFrom('leader_ledger_leaders').selectAll().execute()).toEqual(before)
    // through the page: the message beside the field, the values kept
    const cookie = await cookieFor(t.db, 'platform')
    const page = await run(
      regulatorsAction,
      post(
        '/platform/regulators',
        {
          intent: 'appoint',
          userId: actors.jz_zjj_chief!.userId,
          position: 'principal',
          title: '局长',
          chargeAreas: '',
          recorderUserId: actors.jz_zjj_chief!.userId,
        },
        cookie,
      ),
    )
    expect(statusOf(page)).toBe(400)
    expect(dataOf(page)).toMatchObject({ fieldErrors: { recorderUserId: '领导本人不能担任自己的记录人员' }, values: { title: '局长' } })
  })

  it('a regulator — a leader, a recorder, another department, another city — and the 安委办 cannot appoint', async () => {
    const input = appoint({
      userId: actors.jz_yjj!.userId,
      position: 'principal',
      title: '局长',
      recorderUserId: actors.jz_yjj_clerk!.userId,
    })
    for (const who of ['jz_yjj_deputy', 'jz_yjj_clerk', 'jz_zjj_chief', 'ty_yjj', 'jz_awb'])
      expect(await status(appointLeader(ctx(who), input)), who).toBe(403)
    // nor open the page
    const cookie = await cookieFor(t.db, 'jz_zjj_chief')
    expect(statusOf(await run(regulatorsLoader, get('/platform/regulators', cookie)))).toBe(403)
    expect(statusOf(await run(regulatorsAction, post('/platform/regulators', { intent: 'appoint' }, cookie)))).toBe(403)
  })
})

describe('安委办 accounts for a level', () => {
  it('are created in the level’s 安委会办公室 only, and audited', async () => {
    const office = await t.db.selectFrom('departments').select('id').where('kind', '=', 'safety_office').executeTakeFirstOrThrow()
    const yjj = await t.db.selectFrom('users').select('department_id').where('username', '=', 'jz_yjj').executeTakeFirstOrThrow()
    const base = { displayName: '王晓红', username: 'jz_awb2', phone: '13912345670', password: 'Anquan2026ok' }
    const wrong = await createRegulatorAccount(
      ctx('platform'),
      createRegulatorSchema.parse({ ...base, accountKind: 'safety_office', departmentId: yjj.department_id }),
    )
    expect(wrong).toMatchObject({ ok: false, fieldErrors: { departmentId: '安委办账号请选择本级安全生产委员会办公室' } })
    const r = await createRegulatorAccount(
      ctx('platform'),
      createRegulatorSchema.parse({ ...base, accountKind: 'safety_office', departmentId: office.id }),
    )
    expect(r.ok).toBe(true)
    const u = await t.db.selectFrom('users').selectAll().where('username', '=', 'jz_awb2').executeTakeFirstOrThrow()
    expect(u.role).toBe('safety_office')
    expect(
      await t.db
        .selectFrom('audit_events')
        .select('action')
        .where('target', '=', u.id)
        .where('action', '=', 'safety_office.create')
        .executeTakeFirst(),
    ).toBeTruthy()
    // a regulator account is not created in the 安委会办公室
    const reg = await createRegulatorAccount(
      ctx('platform'),
      createRegulatorSchema.parse({ ...base, username: 'jz_awb3', phone: '13912345671', departmentId: office.id }),
    )
    expect(reg).toMatchObject({ ok: false, fieldErrors: { departmentId: '安委会办公室的账号请选择“安委办”类型' } })
  })
})
