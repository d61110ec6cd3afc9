import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor } from '../../app/db.server'
import { actorFromUser, type Actor } from '../../app/modules/auth/actor'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import {
  acceptProposals,
  addEntry,
  appendCorrection,
  monthView,
  officeMonth,
  openLedgerFile,
  printVolume,
  signMonth,
  withdrawEntry,
} from '../../app/modules/leaderledger/leaderledger.server'
import { recordInspection } from '../../app/modules/supervision/supervision.server'
import { assignHazard, reportHazard, superviseHazard } from '../../app/modules/hazards/hazards.server'
import { currentSheetMonth } from '../../app/modules/leaderledger/rules'
import { addDays, shanghaiDay } from '../../app/utils/calendar'
import { withActor } from '../../app/db.server'
import { action as monthAction, loader as monthLoader } from '../../app/routes/regulator.ledger.$leaderId.$month'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

// 一岗双责台账 (issue 16 part 1): proposals come from real inspections; the recorder prepares, the
// leader signs, the 安委办 of the same level sees it; a submitted month is frozen — through the app and
// by SQL as the app's role — and a correction is appended and signed again; other leaders see nothing.

let t: TestDatabase
const actors: Record<string, Actor> = {}
let deputyBook = ''
let chiefBook = ''
let enterpriseId = ''
// a month far from the demo's year, with the clock inside it
const M = { year: 2031, month: 3 }
const NOW = new Date('2031-03-20T10:00:00+08:00')
const ctx = (who: string, now = NOW) => contextFor(t.db, actors[who]!, { ip: '203.0.113.7', userAgent: 'vitest' }, now)
/** as a request runs it: one transaction (the sheet's row lock is held to its end) */
const inTransaction = <T>(who: string, work: (c: ReturnType<typeof ctx>) => Promise<T>) =>
  t.db.transaction().execute(async (trx) => {
    // tagged as withActor tags a request's transaction: history rows signed by trigger read app.user_id
    await sql`select set_config('app.user_id', ${actors[who]!.userId}, true)`.execute(trx)
    return work(contextFor(trx, actors[who]!, { ip: null, userAgent: null }, NOW))
  })
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 1)])
const status = async (p: Promise<unknown>) => p.then(() => 200).catch((e: unknown) => (e instanceof Response ? e.status : -1))

beforeAll(async () => {
  t = await createTestDatabase()
  useEvidenceStore(localStore(mkdtempSync(path.join(os.tmpdir(), 'azt-ledger-'))))
  for (const who of ['jz_yjj_deputy', 'jz_yjj_chief', 'jz_yjj_clerk', 'jz_zjj_chief', 'jz_zjj_clerk', 'jz_awb', 'jz_yjj', 'ty_yjj']) {
    const u = await t.db.selectFrom('users').selectAll().where('username', '=', who).executeTakeFirstOrThrow()
    actors[who] = actorFromUser(u)
  }
  const leaders = await t.db.selectFrom('leader_ledger_leaders').select(['id', 'user_id']).execute()
  deputyBook = leaders.find((l) => l.user_id === actors.jz_yjj_deputy!.userId)!.id
  chiefBook = leaders.find((l) => l.user_id === actors.jz_zjj_chief!.userId)!.id
  enterpriseId = (await t.db.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow())
    .id
})
afterAll(() => t?.destroy())

describe('a month of the 应急管理局 副局长’s book', () => {
  it('proposes the inspection the leader really recorded, and the order issued with it, to the recorder only', async () => {
    // the order's items open hazards in the enterprise's register (signed from app.user_id): as a request
    const recorded = await inTransaction('jz_yjj_deputy', (c) =>
      recordInspection(
        c,
        enterpriseId,
        {
          inspectedAt: '2031-03-10T09:30',
          place: '合成车间、甲醇储罐区',
          inspectors: '赵志刚、郭峰',
          content: '重大危险源管控',
          problems: '储罐区可燃气体报警器未定期检定',
          handling: '责令限期整改',
        },
        [{ problem: '可燃气体报警器未检定', requirement: '完成检定', dueDate: '2031-04-10' }],
      ),
    )
    expect(recorded.ok).toBe(true)
    const view = await monthView(ctx('jz_yjj_clerk'), deputyBook, M)
    expect(view.proposals.map((p) => p.kind).sort()).toEqual(['inspection', 'order_issued'])
    const inspection = view.proposals.find((p) => p.kind === 'inspection')!
    expect(inspection).toMatchObject({ day: '2031-03-10', participants: '赵志刚、郭峰' })
    expect(inspection.work).toBe('到晋中市华晟化工有限公司检查安全生产工作（合成车间、甲醇储罐区）')
    // the 局长 did not take part: nothing proposed in his book
    const chief = await t.db
      .selectFrom('leader_ledger_leaders')
      .select('id')
      .where('user_id', '=', actors.jz_yjj_chief!.userId)
      .executeTakeFirstOrThrow()
    expect((await monthView(ctx('jz_yjj_clerk'), chief.id, M)).proposals).toEqual([])
    // the leader reads the month but does not keep it
    const leaderView = await monthView(ctx('jz_yjj_deputy'), deputyBook, M)
    expect(leaderView.proposals).toEqual([])
    expect(leaderView.can).toMatchObject({ keep: false, sign: true })
  })

  it('the recorder takes proposals in (each once) and adds a meeting with evidence; a day outside the month is refused beside the field', async () => {
    const keys = (await monthView(ctx('jz_yjj_clerk'), deputyBook, M)).proposals.map((p) => p.key)
    expect(await acceptProposals(ctx('jz_yjj_clerk'), deputyBook, M, keys)).toEqual({ ok: true, added: 2 })
    expect((await acceptProposals(ctx('jz_yjj_clerk'), deputyBook, M, keys)).ok).toBe(false)
    // a made-up or foreign key matches nothing the portal proposes
    expect((await acceptProposals(ctx('jz_yjj_clerk'), deputyBook, M, [`inspection:${enterpriseId}`])).ok).toBe(false)
    const meeting = {
      intent: 'add',
      occurredOn: '2031-03-12',
      kind: 'meeting',
      work: '在局三楼会议室召开危化品安全专题会议',
      participants: '赵志刚、各科室负责人',
      remark: '',
    }
    const outside = await addEntry(ctx('jz_yjj_clerk'), deputyBook, M, { ...meeting, occurredOn: '2031-03-26' }, [])
    expect(outside).toMatchObject({ ok: false, fieldErrors: { occurredOn: expect.stringContaining('2031-02-26 至 2031-03-25') } })
    const added = await addEntry(ctx('jz_yjj_clerk'), deputyBook, M, meeting, [{ name: '会议照片.png', bytes: PNG }])
    expect(added.ok).toBe(true)
    const draft = await addEntry(ctx('jz_yjj_clerk'), deputyBook, M, { ...meeting, work: '误录的一条' }, [])
    if (!draft.ok) throw new Error('draft')
    expect((await withdrawEntry(ctx('jz_yjj_clerk'), deputyBook, M, draft.entryId)).ok).toBe(true)
    const view = await monthView(ctx('jz_yjj_clerk'), deputyBook, M)
    const live = view.entries.filter((e) => !e.withdrawnAt)
    expect(live.map((e) => e.sourceKind)).toEqual(['inspection', 'order_issued', 'meeting'])
    expect(live[2]!.files.map((f) => f.name)).toEqual(['会议照片.png'])
    expect(view.proposals).toEqual([])
  })

  it('an impossible or future day is refused beside the field through the page, values kept, nothing written', async () => {
    const cookie = await cookieFor(t.db, 'jz_yjj_clerk')
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom('leader_ledger_entries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    const fields = { intent: 'add', occurredOn: '2031-02-30', kind: 'meeting', work: '在局会议室召开会议', participants: '', remark: '' }
    const res = await run(monthAction, post(`/regulator/ledger/${deputyBook}/2031-03`, fields, cookie), {
      leaderId: deputyBook,
      month: '2031-03',
    })
    expect(statusOf(res)).toBe(400)
    const d = dataOf(res)
    expect(d.fieldErrors.occurredOn).toContain('2031-02-30')
    expect(d.values.work).toBe('在局会议室召开会议')
    expect(
      await addEntry(
        ctx('jz_yjj_clerk', new Date('2031-03-11T10:00:00+08:00')),
        deputyBook,
        M,
        { ...fields, occurredOn: '2031-03-12' },
        [],
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { occurredOn: '时间不能晚于今天：台账记录已经做过的工作' },
    })
    expect(await count()).toBe(before)
  })

  it('only the recorder keeps it and only the leader signs it', async () => {
    const meeting = { intent: 'add', occurredOn: '2031-03-12', kind: 'meeting', work: '会议', participants: '', remark: '' }
    expect(await status(addEntry(ctx('jz_yjj_deputy'), deputyBook, M, meeting, []))).toBe(403)
    expect(await status(addEntry(ctx('jz_awb'), deputyBook, M, meeting, []))).toBe(403)
    expect(await status(signMonth(ctx('jz_yjj_clerk'), deputyBook, M))).toBe(403)
    expect(await status(signMonth(ctx('jz_awb'), deputyBook, M))).toBe(403)
  })

  it('another department’s leader, a colleague without a book, another city and their recorders cannot see it (404)', async () => {
    for (const who of ['jz_zjj_chief', 'jz_zjj_clerk', 'jz_yjj', 'ty_yjj'])
      expect(await status(monthView(ctx(who), deputyBook, M)), who).toBe(404)
    expect(await status(printVolume(ctx('jz_zjj_chief'), deputyBook, 2031, null))).toBe(404)
    // and through the page, signed in
    const cookie = await cookieFor(t.db, 'jz_zjj_chief')
    expect(
      statusOf(await run(monthLoader, get(`/regulator/ledger/${deputyBook}/2031-03`, cookie), { leaderId: deputyBook, month: '2031-03' })),
    ).toBe(404)
    const own = await cookieFor(t.db, 'jz_yjj_deputy')
    expect(
      statusOf(await run(monthLoader, get(`/regulator/ledger/${deputyBook}/2031-03`, own), { leaderId: deputyBook, month: '2031-03' })),
    ).toBe(200)
  })

  it('before the leader signs, the 安委办 sees the month 未报送 but not its lines, evidence or print', async () => {
    const draft = await monthView(ctx('jz_awb'), deputyBook, M)
    expect(draft).toMatchObject({ readable: false, state: 'pending', entries: [], signatures: [], proposals: [], submittedAt: null })
    // the recorder and the leader read the working copy
    expect((await monthView(ctx('jz_yjj_clerk'), deputyBook, M)).entries.length).toBeGreaterThan(0)
    expect((await monthView(ctx('jz_yjj_deputy'), deputyBook, M)).readable).toBe(true)
    // the office list gives the status, not the number of lines
    const office = await officeMonth(ctx('jz_awb'), M)
    expect(office.rows.find((r) => r.leaderId === deputyBook)).toMatchObject({ state: 'pending', entries: null })
    // the print has no unsubmitted month for the 安委办; the evidence file is refused
    expect((await printVolume(ctx('jz_awb'), deputyBook, M.year, M.month)).months).toEqual([])
    expect((await printVolume(ctx('jz_yjj_clerk'), deputyBook, M.year, M.month)).months).toHaveLength(1)
    const file = (await monthView(ctx('jz_yjj_clerk'), deputyBook, M)).entries.flatMap((e) => e.files)[0]!
    expect(await status(openLedgerFile(ctx('jz_awb'), file.id))).toBe(403)
    expect(await status(openLedgerFile(ctx('jz_yjj_clerk'), file.id))).toBe(200)
  })

  it('the leader signs once, even twice at once; the 安委办 sees it submitted, and the 住建局 局长 late', async () => {
    const before = await officeMonth(ctx('jz_awb'), M)
    expect(before.rows.find((r) => r.leaderId === deputyBook)!.state).toBe('pending')
    const both = await Promise.all([
      inTransaction('jz_yjj_deputy', (c) => signMonth(c, deputyBook, M)),
      inTransaction('jz_yjj_deputy', (c) => signMonth(c, deputyBook, M)),
    ])
    expect(both.filter((r) => r.ok)).toHaveLength(1)
    expect(both.find((r) => !r.ok)).toMatchObject({ message: '本月台账已签字报送，没有新的更正需要签字' })
    const after = await officeMonth(ctx('jz_awb', new Date('2031-03-27T09:00:00+08:00')), M)
    const deputy = after.rows.find((r) => r.leaderId === deputyBook)!
    expect(deputy).toMatchObject({ state: 'submitted', entries: 4 })
    expect(after.rows.find((r) => r.leaderId === chiefBook)!.state).toBe('late')
    // another city's 安委办 has no such leaders; a regulator is no 安委办
    expect(await status(officeMonth(ctx('jz_yjj'), M))).toBe(404)
  })

  it('a submitted month cannot be changed through the app', async () => {
    const meeting = { intent: 'add', occurredOn: '2031-03-13', kind: 'meeting', work: '会后补一条', participants: '', remark: '' }
    expect(await addEntry(ctx('jz_yjj_clerk'), deputyBook, M, meeting, [])).toMatchObject({
      ok: false,
      message: '本月台账已报送，只能追加更正',
    })
    const entry = (await monthView(ctx('jz_yjj_clerk'), deputyBook, M)).entries.find((e) => !e.withdrawnAt)!
    expect(await withdrawEntry(ctx('jz_yjj_clerk'), deputyBook, M, entry.id)).toMatchObject({ ok: false })
    expect((await acceptProposals(ctx('jz_yjj_clerk'), deputyBook, M, ['inspection:00000000-0000-4000-8000-000000000000'])).ok).toBe(false)
  })

  it('a submitted month cannot be changed by SQL as the app’s role (privileges on PostgreSQL, triggers on both)', async () => {
    const sheet = await t.db
      .selectFrom('leader_ledger_sheets')
      .select(['id', 'submitted_at'])
      .where('leader_id', '=', deputyBook)
      .where('year', '=', 2031)
      .executeTakeFirstOrThrow()
    const entry = await t.db
      .selectFrom('leader_ledger_entries')
      .select(['id', 'work'])
      .where('sheet_id', '=', sheet.id)
      .orderBy('seq')
      .executeTakeFirstOrThrow()
    const denied = t.engine === 'pg' ? { code: '42501' } : { code: '23514' }
    await expect(sql`update leader_ledger_entries set work = '改过的内容' where id = ${entry.id}`.execute(t.db)).rejects.toMatchObject(
      denied,
    )
    await expect(sql`delete from leader_ledger_entries where id = ${entry.id}`.execute(t.db)).rejects.toMatchObject(denied)
    await expect(sql`delete from leader_ledger_signatures where sheet_id = ${sheet.id}`.execute(t.db)).rejects.toMatchObject(denied)
    await expect(sql`update leader_ledger_sheets set leader_title = '局长' where id = ${sheet.id}`.execute(t.db)).rejects.toMatchObject(
      denied,
    )
    // what the role may do is still refused by the triggers: moving the submission, a plain entry, a withdrawal, a forged signature
    await expect(sql`update leader_ledger_sheets set submitted_at = now() where id = ${sheet.id}`.execute(t.db)).rejects.toThrow()
    await expect(
      sql`insert into leader_ledger_entries (sheet_id, seq, occurred_on, work, source_kind, created_by, created_by_name)
          values (${sheet.id}, 99, '2031-03-14', '事后插入', 'meeting', ${actors.jz_yjj_clerk!.userId}, '李晓燕')`.execute(t.db),
    ).rejects.toThrow(/only a correction/)
    await expect(
      sql`insert into leader_ledger_withdrawals (entry_id, sheet_id, withdrawn_by) values (${entry.id}, ${sheet.id}, ${actors.jz_yjj_clerk!.userId})`.execute(
        t.db,
      ),
    ).rejects.toThrow(/cannot be withdrawn/)
    await expect(
      sql`insert into leader_ledger_signatures (sheet_id, seq, signed_by, signer_name, signed_at, last_entry_seq, entry_count, content_hash)
          values (${sheet.id}, 2, ${actors.jz_yjj_clerk!.userId}, '李晓燕', now(), 5, 4, 'x')`.execute(t.db),
    ).rejects.toThrow(/only the leader/)
    expect(await t.db.selectFrom('leader_ledger_entries').select('work').where('id', '=', entry.id).executeTakeFirstOrThrow()).toEqual({
      work: entry.work,
    })
    expect(
      (await t.db.selectFrom('leader_ledger_sheets').select('submitted_at').where('id', '=', sheet.id).executeTakeFirstOrThrow())
        .submitted_at,
    ).toEqual(sheet.submitted_at)
  })

  it('a correction is appended, the original kept, and signed again by the leader', async () => {
    const before = await monthView(ctx('jz_yjj_clerk'), deputyBook, M)
    const inspection = before.entries.find((e) => e.sourceKind === 'inspection')!
    const r = await appendCorrection(ctx('jz_yjj_clerk'), deputyBook, M, {
      intent: 'correct',
      occurredOn: '2031-03-10',
      correctionOf: inspection.id,
      work: '到晋中市华晟化工有限公司检查安全生产工作（合成车间、甲醇储罐区、加氢工段）',
      participants: '赵志刚、郭峰',
      remark: '',
    })
    expect(r.ok).toBe(true)
    const after = await monthView(ctx('jz_yjj_deputy'), deputyBook, M)
    const live = after.entries.filter((e) => !e.withdrawnAt)
    expect(live).toHaveLength(before.entries.filter((e) => !e.withdrawnAt).length + 1)
    expect(live.find((e) => e.id === inspection.id)).toMatchObject({ work: inspection.work, signed: true })
    expect(live.at(-1)).toMatchObject({ sourceKind: 'correction', correctionOf: inspection.id, signed: false, remark: '更正第1项' })
    expect(after.can.sign).toBe(true)
    expect(await inTransaction('jz_yjj_deputy', (c) => signMonth(c, deputyBook, M))).toEqual({ ok: true, seq: 2 })
    const signed = await monthView(ctx('jz_awb'), deputyBook, M)
    expect(signed.signatures.map((s) => s.seq)).toEqual([1, 2])
    expect(signed.entries.every((e) => e.signed)).toBe(true)
    expect(signed.can.sign).toBe(false)
    // the 安委办 prints it: the month's table with both signatures
    const printed = await printVolume(ctx('jz_awb'), deputyBook, 2031, null)
    expect(printed.months.map((m) => m.month)).toEqual([3])
    expect(printed.months[0]!.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4])
    expect(printed.volume.contents.find((c) => c.month === 3)).toEqual({ month: 3, page: 3, entries: 4 })
  })
})

describe('重大隐患 挂牌督办 by the leader', () => {
  it('is proposed in the month it was done, as the hazard history signed it', async () => {
    // withActor, as a request: the hazard history is signed by the trigger from app.user_id, on the tests' clock
    const client = { ip: null, userAgent: null }
    const admin = actorFromUser(await t.db.selectFrom('users').selectAll().where('username', '=', 'hs_admin').executeTakeFirstOrThrow())
    const team = await t.db.selectFrom('users').select('id').where('username', '=', 'hs_team').executeTakeFirstOrThrow()
    const today = shanghaiDay(new Date())
    const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])
    const reported = await withActor(admin, client, (c) =>
      reportHazard(c, { place: '甲醇储罐区', description: '储罐区可燃气体报警器失效' }, [{ name: '现场.jpg', bytes: JPG }]),
    )
    if (!reported.ok) throw new Error(JSON.stringify(reported.fieldErrors))
    const graded = await withActor(admin, client, (c) =>
      assignHazard(c, reported.hazardId, {
        grade: 'major',
        responsibleUserId: team.id,
        measures: '更换报警器并联锁',
        deadline: addDays(today, 40),
        funds: '80000',
        criterionCode: 'hc-4',
        situation: '可燃气体报警器失效，原因是传感器老化未更换',
        severity: '泄漏不能及时发现，可能引发火灾爆炸，须停用储罐更换',
        stopWork: 'on',
        stopWorkNote: '储罐停用',
        workersCongressOn: today,
      }),
    )
    expect(graded.ok).toBe(true)
    expect(
      (
        await withActor(actors.jz_yjj_deputy!, client, (c) =>
          superviseHazard(c, enterpriseId, reported.hazardId, { deadline: addDays(today, 30), note: '限期治理，每周报告进展' }),
        )
      ).ok,
    ).toBe(true)
    const view = await monthView(ctx('jz_yjj_clerk', new Date()), deputyBook, currentSheetMonth(new Date()))
    const supervised = view.proposals.find((p) => p.kind === 'hazard_supervise')
    expect(supervised).toMatchObject({ key: `hazard_supervise:${reported.hazardId}`, day: today, participants: '赵志刚' })
    expect(supervised!.work).toMatch(/^对晋中市华晟化工有限公司重大事故隐患（.+）挂牌督办$/)
    // nobody else's book proposes it
    expect(
      (await monthView(ctx('jz_zjj_clerk', new Date()), chiefBook, currentSheetMonth(new Date()))).proposals.some(
        (p) => p.kind === 'hazard_supervise',
      ),
    ).toBe(false)
  })
})
