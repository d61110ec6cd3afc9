import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor, type RequestContext } from '../../app/db.server'
import type { Actor } from '../../app/modules/auth/actor'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { sql } from 'kysely'
import {
  assignHazard,
  hazardForEnterprise,
  hazardForRegulator,
  planHazard,
  rectifyHazard,
  reportHazard,
  requestResume,
  reviewResume,
  verifyHazard,
} from '../../app/modules/hazards/hazards.server'
import { answerOrder, reviewOrder } from '../../app/modules/supervision/supervision.server'
import { openHazardsForOrder } from '../../app/modules/hazards/orders.server'
import { loader as enterpriseOrderLoader } from '../../app/routes/enterprise.supervision.orders.$id'
import { action as newInspectionAction } from '../../app/routes/regulator.enterprises.$enterpriseId.inspections.new'
import { loader as regulatorOrderLoader } from '../../app/routes/regulator.enterprises.$enterpriseId.orders.$id'
import { loader as regulatorHazardLoader } from '../../app/routes/regulator.enterprises.$enterpriseId.hazards.$id'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

// Issue 15 §4: an inspection's rectification order items become hazards in the enterprise's
// register (source 监管部门检查), one closed loop: the hazard is graded, rectified, accepted and 销号
// by the enterprise, and the order shows it — on the enterprise's side and the department's.
let t: TestDatabase
let dir: string
const client = { ip: '203.0.113.21', userAgent: 'vitest' }
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])
const as: Record<string, Actor> = {}
const cookies: Record<string, string> = {}
const act = <T>(who: string, work: (ctx: RequestContext) => Promise<T>) => withActor(as[who]!, client, (ctx) => work(ctx))
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
let hs = ''
let orderId = ''

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-order-hazards-'))
  useEvidenceStore(localStore(dir))
  for (const u of ['hs_admin', 'hs_head', 'hs_team', 'jz_yjj', 'jz_zjj', 'yc_street']) {
    as[u] = await actorOf(t.db, u)
    cookies[u] = await cookieFor(t.db, u)
  }
  hs = (as.hs_admin as { enterpriseId: string }).enterpriseId
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const orderHazards = () =>
  t.db
    .selectFrom('hazards')
    .select(['id', 'no', 'source', 'status', 'order_item_no', 'found_by_user_id', 'description'])
    .where('enterprise_id', '=', hs)
    .where('order_id', '=', orderId)
    .orderBy('order_item_no')
    .execute()

describe('a rectification order item becomes a hazard in the register', () => {
  it('issuing the order opens one hazard per item, signed by the inspecting regulator', async () => {
    const res = await run(
      newInspectionAction,
      post(
        `/regulator/enterprises/${hs}/inspections/new`,
        {
          inspectedAt: new Date(Date.now() + 8 * 3600_000 - 3600_000).toISOString().slice(0, 16),
          place: '华晟化工 甲醇储罐区',
          inspectors: '王建国、李明',
          content: '危险化学品储存',
          problems: '1. 防火堤破损；2. 可燃气体报警器未检定',
          handling: '下达责令限期整改指令书',
          issueOrder: 'on',
          'items.0.problem': '甲醇储罐区防火堤局部破损',
          'items.0.requirement': '修复防火堤并做闭水试验',
          'items.0.dueDate': future(10),
          'items.1.problem': '可燃气体报警器未定期检定',
          'items.1.requirement': '委托有资质机构检定并留存报告',
          'items.1.dueDate': future(20),
        },
        cookies.jz_yjj,
      ),
      { enterpriseId: hs },
    )
    expect(statusOf(res)).toBe(302)
    const order = await t.db
      .selectFrom('rectification_orders')
      .select('id')
      .where('enterprise_id', '=', hs)
      .orderBy('issued_at', 'desc')
      .executeTakeFirstOrThrow()
    orderId = order.id
    const hazards = await orderHazards()
    expect(hazards.map((h) => [h.order_item_no, h.source, h.status, h.found_by_user_id])).toEqual([
      [1, 'regulator', 'reported', as.jz_yjj!.userId],
      [2, 'regulator', 'reported', as.jz_yjj!.userId],
    ])
    expect(hazards[0]!.description).toContain('修复防火堤并做闭水试验')
    const first = await t.db
      .selectFrom('hazard_events')
      .select(['step', 'by_user_id', 'by_role', 'note'])
      .where('enterprise_id', '=', hs)
      .where('hazard_id', '=', hazards[0]!.id)
      .execute()
    expect(first).toEqual([{ step: 'report', by_user_id: as.jz_yjj!.userId, by_role: 'regulator', note: expect.stringMatching(/第1项/) }])
  })

  it('opening the hazards again adds none; another department cannot open them; the schema holds one per item', async () => {
    expect(await act('jz_yjj', (ctx) => openHazardsForOrder(ctx, hs, orderId))).toEqual({ opened: 0 })
    // 住建局 has 华晟 out of its scope and did not issue the order
    const other = await act('jz_zjj', (ctx) => openHazardsForOrder(ctx, hs, orderId)).catch((e: Response) => e)
    expect(other).toBeInstanceOf(Response)
    expect((other as Response).status).toBe(403)
    // an enterprise account cannot open them either
    const own = await act('hs_admin', (ctx) => openHazardsForOrder(ctx, hs, orderId)).catch((e: Response) => e)
    expect((own as Response).status).toBe(403)
    // twenty calls at once still leave two hazards
    await Promise.all(Array.from({ length: 20 }, () => act('jz_yjj', (ctx) => openHazardsForOrder(ctx, hs, orderId))))
    expect(await orderHazards()).toHaveLength(2)
  })

  it('closing the hazard (销号) shows on the order, on both sides, linked to the hazard', async () => {
    const [item1, item2] = await orderHazards()
    const page = await act('hs_admin', (ctx) => hazardForEnterprise(ctx, item1!.id))
    expect(page.orderItem).toMatchObject({ orderId, itemNo: 1, requirement: '修复防火堤并做闭水试验', dueDate: future(10) })

    // the department's deadline is the outer limit of the enterprise's own
    const values = {
      grade: 'general',
      responsibleUserId: as.hs_team!.userId,
      measures: '修复防火堤并做闭水试验',
      deadline: future(11),
      funds: '3000',
    }
    expect(await act('hs_admin', (ctx) => assignHazard(ctx, item1!.id, values))).toEqual({
      ok: false,
      fieldErrors: { deadline: `整改期限不能晚于监管部门责令的期限（${future(10)}）` },
    })
    expect(await act('hs_admin', (ctx) => assignHazard(ctx, item1!.id, { ...values, deadline: future(10) }))).toEqual({ ok: true })
    expect(
      await act('hs_team', (ctx) =>
        rectifyHazard(ctx, item1!.id, { note: '防火堤已修复，闭水试验合格' }, [{ name: '修复后.jpg', bytes: JPG }]),
      ),
    ).toEqual({
      ok: true,
    })
    // the rectifier cannot accept it; another head does, and it is 销号
    expect((await act('hs_team', (ctx) => verifyHazard(ctx, item1!.id, { decision: 'pass', note: '合格' }))).ok).toBe(false)
    expect(await act('hs_head', (ctx) => verifyHazard(ctx, item1!.id, { decision: 'pass', note: '验收合格' }))).toEqual({ ok: true })

    const ent = dataOf(
      await run(enterpriseOrderLoader, get(`/enterprise/supervision/orders/${orderId}`, cookies.hs_admin), { id: orderId }),
    )
    expect(ent.items.map((i) => [i.no, i.hazard?.id, i.hazard?.closed, i.hazard?.label])).toEqual([
      [1, item1!.id, true, expect.stringMatching(new RegExp(`^隐患第${item1!.no}号 · 已销号（\\d{4}-\\d{2}-\\d{2}）$`))],
      [2, item2!.id, false, `隐患第${item2!.no}号 · 待定级`],
    ])
    const reg = dataOf(
      await run(regulatorOrderLoader, get(`/regulator/enterprises/${hs}/orders/${orderId}`, cookies.jz_yjj), {
        enterpriseId: hs,
        id: orderId,
      }),
    )
    expect(reg.items.map((i) => [i.no, i.hazard?.closed])).toEqual([
      [1, true],
      [2, false],
    ])

    // the order view links to the hazard: the department opens it (a 一般 hazard, through its order), with the way back
    const opened = dataOf(
      await run(regulatorHazardLoader, get(`/regulator/enterprises/${hs}/hazards/${item1!.id}`, cookies.jz_yjj), {
        enterpriseId: hs,
        id: item1!.id,
      }),
    )
    expect(opened.hazard).toMatchObject({ status: 'closed', grade: 'general', fromOrder: { orderId, itemNo: 1 } })
    expect(opened.orderItem?.documentNo).toMatch(/〔\d{4}〕\d+号$/)
    expect(opened.history.map((e) => e.step)).toEqual(['report', 'assign', 'rectify', 'verify_pass'])
    // a department without the enterprise in scope gets nothing
    expect(
      statusOf(
        await run(regulatorHazardLoader, get(`/regulator/enterprises/${hs}/hazards/${item1!.id}`, cookies.jz_zjj), {
          enterpriseId: hs,
          id: item1!.id,
        }),
      ),
    ).toBe(404)
  })

  it("the enterprise's own 一般 hazards stay its own: the department cannot open one", async () => {
    const mine = await act('hs_admin', (ctx) => reportHazard(ctx, { place: '机修间', description: '砂轮机防护罩缺失' }, []))
    if (!mine.ok) throw new Error(JSON.stringify(mine.fieldErrors))
    const res = await act('jz_yjj', (ctx) => hazardForRegulator(ctx, hs, mine.hazardId)).catch((e: Response) => e)
    expect((res as Response).status).toBe(404)
  })
})

describe('one closed loop: the order is answered only after its hazards are closed', () => {
  const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
  const answer = (note = '两项问题均已整改完毕，隐患已销号') =>
    act('hs_admin', (ctx) => answerOrder(ctx, orderId, note, [{ name: '整改报告.pdf', bytes: PDF }]))
  const answers = () =>
    t.db.selectFrom('rectification_events').select(['id', 'kind']).where('enterprise_id', '=', hs).where('order_id', '=', orderId).execute()
  const yesterday = () => new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10)

  it('refuses the answer beside the item whose hazard is open, writing nothing; the database refuses it too', async () => {
    const refused = await answer()
    expect(refused.ok).toBe(false)
    const errors = (refused as { fieldErrors: Record<string, string> }).fieldErrors
    // item 1's hazard is 销号 (the test above), item 2's still waits to be graded
    expect(errors['items.1']).toBeUndefined()
    expect(errors['items.2']).toMatch(/^第2项对应的隐患第\d+号尚未闭环（当前：待定级），须先整改完成并经验收销号，才能报送整改完成$/)
    expect(errors._form).toMatch(/仍有隐患未闭环/)
    expect(await answers()).toEqual([])
    // the enterprise's page shows the item's hazard state beside it, linked
    const page = dataOf(
      await run(enterpriseOrderLoader, get(`/enterprise/supervision/orders/${orderId}`, cookies.hs_admin), { id: orderId }),
    )
    expect(page.items.map((i) => [i.no, i.hazard?.closed, i.refusal])).toEqual([
      [1, true, null],
      [2, false, errors['items.2']],
    ])
    // written around the module, the database holds the same rule (as the app's role on PostgreSQL)
    await expect(
      sql`insert into rectification_events (enterprise_id, order_id, kind, note, by_user_id, by_name)
          values (${hs}, ${orderId}, 'answer', 'x', ${as.hs_admin!.userId}, 'x')`.execute(t.db),
    ).rejects.toThrow(/every hazard of its items is closed/)
  })

  it('a 重大 item waits for the department’s 核销; then twenty answers at once write exactly one', async () => {
    const [, item2] = await orderHazards()
    expect(
      await act('hs_admin', (ctx) =>
        assignHazard(ctx, item2!.id, {
          grade: 'major',
          responsibleUserId: as.hs_team!.userId,
          measures: '更换可燃气体报警器并委托检定',
          deadline: future(20),
          funds: '60000',
          criterionCode: 'hc-4',
          situation: '储罐区可燃气体报警器长期未检定，原因是检定计划缺失',
          severity: '泄漏不能及时报警，可能引发火灾爆炸；整改需停用罐区',
          stopWork: 'on',
          stopWorkNote: '甲醇储罐区停止收发作业',
          workersCongressOn: yesterday(),
        }),
      ),
    ).toEqual({ ok: true })
    const plan = {
      goal: '报警器全部检定合格',
      method: '更换并检定',
      funds: '6万元已落实',
      organisation: '设备部',
      timeline: '20日内',
      safety: '停用期间便携式检测',
    }
    expect(await act('hs_admin', (ctx) => planHazard(ctx, item2!.id, plan))).toEqual({ ok: true })
    expect(
      await act('hs_admin', (ctx) =>
        requestResume(ctx, item2!.id, { note: '报警器已更换并检定合格', assessment: '评估合格，具备恢复条件' }),
      ),
    ).toEqual({ ok: true })
    // 待核销 is not closed: still refused beside item 2
    const waiting = await answer()
    expect((waiting as { fieldErrors: Record<string, string> }).fieldErrors['items.2']).toMatch(
      /（当前：待核销），须先治理完成并经监管部门核销/,
    )
    expect(await act('jz_yjj', (ctx) => reviewResume(ctx, hs, item2!.id, { decision: 'write_off', note: '核查属实，予以核销' }))).toEqual({
      ok: true,
    })
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => answer(`整改完毕（第${i + 1}次提交）`)))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    for (const r of results.filter((x) => !x.ok))
      expect((r as { fieldErrors: Record<string, string> }).fieldErrors._form).toBe('整改情况已提交，等待监管部门复查')
    expect((await answers()).map((a) => a.kind)).toEqual(['answer'])
  })

  it('the answer carries both hazards’ records to the department’s 复查', async () => {
    const reg = dataOf(
      await run(regulatorOrderLoader, get(`/regulator/enterprises/${hs}/orders/${orderId}`, cookies.jz_yjj), {
        enterpriseId: hs,
        id: orderId,
      }),
    )
    expect(reg.canReview).toBe(true)
    const carried = reg.events.find((e) => e.kind === 'answer')!.hazards
    expect(carried).toMatchObject([
      {
        itemNo: 1,
        grade: 'general',
        measures: '修复防火堤并做闭水试验',
        rectified: { note: '防火堤已修复，闭水试验合格' },
        closed: { step: 'verify_pass', by: as.hs_head!.displayName, note: '验收合格' },
        photos: [{ name: '修复后.jpg' }],
      },
      {
        itemNo: 2,
        grade: 'major',
        rectified: { note: '报警器已更换并检定合格' },
        closed: { step: 'write_off', by: as.jz_yjj!.displayName, note: '核查属实，予以核销' },
        photos: [],
      },
    ])
  })

  it('a return reopens the loop: 复查不合格 sends each hazard back to 整改 or 治理, and the answer waits again', async () => {
    expect(await act('jz_yjj', (ctx) => reviewOrder(ctx, hs, orderId, 'return', '防火堤闭水试验记录不全'))).toEqual({ ok: true })
    const [item1, item2] = await orderHazards()
    expect([item1!.status, item2!.status]).toEqual(['rectifying', 'governing'])
    const last = await t.db
      .selectFrom('hazard_events')
      .select(['step', 'from_status', 'to_status', 'by_user_id', 'note'])
      .where('enterprise_id', '=', hs)
      .where('hazard_id', 'in', [item1!.id, item2!.id])
      .where('step', '=', 'recheck_fail')
      .execute()
    expect(last).toHaveLength(2)
    expect(last.every((e) => e.by_user_id === as.jz_yjj!.userId && e.from_status === 'closed' && e.note === '防火堤闭水试验记录不全')).toBe(
      true,
    )
    const again = await answer()
    expect(Object.keys((again as { fieldErrors: Record<string, string> }).fieldErrors).sort()).toEqual(['_form', 'items.1', 'items.2'])
    // the 一般 one is rectified and accepted again; its 重大 plan is kept, so it goes straight to 评估
    expect(await act('hs_team', (ctx) => rectifyHazard(ctx, item1!.id, { note: '补做闭水试验并留存记录' }, []))).toEqual({ ok: true })
    expect(await act('hs_head', (ctx) => verifyHazard(ctx, item1!.id, { decision: 'pass', note: '记录齐全，验收合格' }))).toEqual({
      ok: true,
    })
    expect(await act('hs_admin', (ctx) => requestResume(ctx, item2!.id, { note: '复检合格', assessment: '评估合格' }))).toEqual({
      ok: true,
    })
    expect(await act('jz_yjj', (ctx) => reviewResume(ctx, hs, item2!.id, { decision: 'write_off', note: '予以核销' }))).toEqual({
      ok: true,
    })
    expect((await answer('补充闭水试验记录')).ok).toBe(true)
    expect(await act('jz_yjj', (ctx) => reviewOrder(ctx, hs, orderId, 'accept', '整改到位，予以销号'))).toEqual({ ok: true })
    expect((await answers()).map((a) => a.kind)).toEqual(['answer', 'return', 'answer', 'accept'])
  })
})
