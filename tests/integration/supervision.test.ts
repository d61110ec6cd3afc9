import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { attachEvidence } from '../../app/modules/evidence/evidence.server'
import { homeOverview } from '../../app/modules/obligations/obligations.server'
import { dashboardSummary, listEnterprisesInScope } from '../../app/modules/regulators/regulators.server'
import { enterpriseListSchema, RED_FLAG_KEYS, type RedFlag } from '../../app/modules/regulators/schema'
import { draftReport, signAndPublish } from '../../app/modules/reports/reports.server'
import { mySupervision } from '../../app/modules/supervision/supervision.server'
import { loader as enterpriseOrderLoader, action as answerAction } from '../../app/routes/enterprise.supervision.orders.$id'
import { action as signAction, loader as enterpriseInspectionLoader } from '../../app/routes/enterprise.supervision.inspections.$id'
import { loader as enterpriseReportsLoader } from '../../app/routes/enterprise.reports._index'
import { loader as detailLoader } from '../../app/routes/regulator.enterprises.$enterpriseId._index'
import {
  action as newInspectionAction,
  loader as newInspectionLoader,
} from '../../app/routes/regulator.enterprises.$enterpriseId.inspections.new'
import { action as refusalAction, loader as inspectionLoader } from '../../app/routes/regulator.enterprises.$enterpriseId.inspections.$id'
import { action as reviewAction, loader as orderLoader } from '../../app/routes/regulator.enterprises.$enterpriseId.orders.$id'
import { loader as reportLoader } from '../../app/routes/regulator.enterprises.$enterpriseId.reports.$id'
import { loader as dashboardLoader } from '../../app/routes/regulator.enterprises._index'
import { loader as ordersLoader } from '../../app/routes/regulator.orders'
import { loader as exportLoader } from '../../app/routes/regulator.enterprises.export'
import { loader as evidenceLoader } from '../../app/routes/regulator.evidence.$enterpriseId.$fileId'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { todayInShanghai } from '../../app/utils/dates'
import { cookieFor, dataOf, get, ORIGIN, post, run, statusOf } from './requests'
import { contextFor, withActor } from '../../app/db.server'
import { assignHazard, rectifyHazard, verifyHazard } from '../../app/modules/hazards/hazards.server'

let t: TestDatabase
let dir: string
const client = { ip: '203.0.113.9', userAgent: 'vitest' }
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const ids: Record<string, string> = {}
let reportId: string
let evidenceId: string
let inspectionId: string
let orderId: string
let ordersBefore: { openOrders: number; overdueOrders: number }
let ordersThisYear: number
const USERS = ['hs_admin', 'hs_head', 'jj_admin', 'jz_yjj', 'jz_zjj', 'jz_jtj', 'yc_street', 'ty_yjj'] as const
const cookies = {} as Record<(typeof USERS)[number], string>

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-supervision-'))
  useEvidenceStore(localStore(dir))
  for (const e of await t.db.selectFrom('enterprises').select(['id', 'name']).execute()) ids[e.name] = e.id
  for (const u of USERS) cookies[u] = await cookieFor(t.db, u)

  // 华晟化工 puts evidence behind item 1, then publishes a report signed by its 主要负责人
  const admin = await actorOf(t.db, 'hs_admin')
  await attachEvidence(contextFor(t.db, admin), { kind: 'obligation-1', id: (admin as { enterpriseId: string }).enterpriseId }, [
    { name: '责任制文件.pdf', bytes: PDF, slot: 'evidence' },
  ])
  evidenceId = (await t.db.selectFrom('evidence_files').select('id').where('owner_kind', '=', 'obligation-1').executeTakeFirstOrThrow()).id
  ordersBefore = (await homeOverview(contextFor(t.db, admin))).figures
  const year = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)
  ordersThisYear = (
    await t.db
      .selectFrom('rectification_orders')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('issued_at', '>=', new Date(`${year}-01-01T00:00:00+08:00`))
      .executeTakeFirstOrThrow()
  ).n
  reportId = await draftReport(contextFor(t.db, admin, client))
  expect(await signAndPublish(contextFor(t.db, await actorOf(t.db, 'hs_head'), client), reportId)).toEqual({ ok: true })
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const HS = '晋中市华晟化工有限公司'
const hs = () => Object.entries(ids).find(([n]) => n.includes('华晟'))![1]
const jj = () => Object.entries(ids).find(([n]) => n.includes('晋建'))![1]
const ty = () => Object.entries(ids).find(([n]) => n.includes('鑫源'))![1]

async function exportNames(cookie: string, query = '') {
  const res = (await run(exportLoader, get(`/regulator/enterprises/export${query}`, cookie))) as Response
  expect(res.status).toBe(200)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const names: string[] = []
  ws.eachRow((row, n) => n > 2 && names.push(String(row.getCell(1).value)))
  return names
}

describe('who sees what', () => {
  it('the 应急管理局 sees every 晋中 enterprise and none of 太原, on the page and in the export', async () => {
    const page = dataOf<any>(await run(dashboardLoader, get('/regulator/enterprises', cookies.jz_yjj)))
    const names = page.page.rows.map((r: any) => r.id)
    expect(names).toEqual(expect.arrayContaining([hs(), jj()]))
    expect(names).not.toContain(ty())
    expect(page.summary.total).toBe(page.page.total)
    const exported = await exportNames(cookies.jz_yjj)
    expect(exported).toHaveLength(page.page.total)
    expect(exported.some((n) => n.includes('鑫源'))).toBe(false)
  })

  it('the export lists the enterprises in the page’s order, for every sort and filter', async () => {
    for (const query of ['', '?sort=name&dir=desc', '?sort=industry', '?sort=flags&dir=desc', '?sort=reportedAt', '?state=flagged']) {
      const page = dataOf<any>(
        await run(dashboardLoader, get(`/regulator/enterprises${query}${query ? '&' : '?'}size=100`, cookies.jz_yjj)),
      )
      expect(await exportNames(cookies.jz_yjj, query)).toEqual(page.page.rows.map((r: any) => r.name))
    }
  })

  it('the 住建局 never sees the 危险化学品 enterprise: list, export, detail, report, evidence, inspection form', async () => {
    const page = dataOf<any>(await run(dashboardLoader, get('/regulator/enterprises?industry=hazchem', cookies.jz_zjj)))
    expect(page.page.total).toBe(0)
    const all = dataOf<any>(await run(dashboardLoader, get('/regulator/enterprises', cookies.jz_zjj)))
    expect(all.page.rows.map((r: any) => r.id)).toEqual([jj()])
    expect(await exportNames(cookies.jz_zjj)).toEqual([all.page.rows[0].name])
    const p = { enterpriseId: hs() }
    expect(statusOf(await run(detailLoader, get(`/regulator/enterprises/${hs()}`, cookies.jz_zjj), p))).toBe(404)
    expect(
      statusOf(await run(reportLoader, get(`/regulator/enterprises/${hs()}/reports/${reportId}`, cookies.jz_zjj), { ...p, id: reportId })),
    ).toBe(404)
    expect(
      statusOf(
        await run(evidenceLoader, get(`/regulator/evidence/${hs()}/${evidenceId}?report=${reportId}`, cookies.jz_zjj), {
          ...p,
          fileId: evidenceId,
        }),
      ),
    ).toBe(404)
    expect(statusOf(await run(newInspectionLoader, get(`/regulator/enterprises/${hs()}/inspections/new`, cookies.jz_zjj), p))).toBe(404)
    // the evidence id under an enterprise the 住建局 does see is still not found
    expect(
      statusOf(
        await run(evidenceLoader, get(`/regulator/evidence/${jj()}/${evidenceId}`, cookies.jz_zjj), {
          enterpriseId: jj(),
          fileId: evidenceId,
        }),
      ),
    ).toBe(404)
  })

  it('another city sees nothing of 晋中; a 街道 sees only its own area', async () => {
    const ty_ = dataOf<any>(await run(dashboardLoader, get('/regulator/enterprises', cookies.ty_yjj)))
    expect(ty_.page.rows.map((r: any) => r.id)).toEqual([ty()])
    expect(
      statusOf(
        await run(reportLoader, get(`/regulator/enterprises/${hs()}/reports/${reportId}`, cookies.ty_yjj), {
          enterpriseId: hs(),
          id: reportId,
        }),
      ),
    ).toBe(404)
    const street = dataOf<any>(await run(dashboardLoader, get('/regulator/enterprises', cookies.yc_street)))
    expect(street.page.rows.map((r: any) => r.id)).toEqual([hs()])
    expect(await exportNames(cookies.yc_street)).toEqual([HS])
    expect(statusOf(await run(detailLoader, get(`/regulator/enterprises/${jj()}`, cookies.yc_street), { enterpriseId: jj() }))).toBe(404)
  })
})

describe('the dashboard', () => {
  it('shows the latest report with its flags; never-reported enterprises are flagged stale', async () => {
    const yjj = await actorOf(t.db, 'jz_yjj')
    const q = (params: Record<string, string>) => enterpriseListSchema.parse(params)
    const page = await listEnterprisesInScope(contextFor(t.db, yjj), q({}))
    const row = page.rows.find((r) => r.id === hs())!
    expect(row.reportId).toBe(reportId)
    expect(row.flags).not.toContain('stale')
    expect(page.rows.find((r) => r.id === jj())!.flags).toContain('stale')
    // the figures the head signed: the demo enterprise has overdue confirmations until its workers sign
    const o = await homeOverview(contextFor(t.db, await actorOf(t.db, 'hs_admin')))
    expect(row.flags.includes('confirmations')).toBe(o.figures.overdueConfirmations > 0)

    // the demo's enterprises are in several states (seeds/demo-history.ts): count them from the list
    const neverReported = page.rows.filter((r) => !r.reportId).length
    const reportedThisMonth = page.rows.filter((r) => r.reportId && !r.flags.includes('stale')).length
    const never = await listEnterprisesInScope(contextFor(t.db, yjj), q({ state: 'never' }))
    expect(never.rows.map((r) => r.id)).not.toContain(hs())
    expect(never.total).toBe(neverReported)
    expect((await listEnterprisesInScope(contextFor(t.db, yjj), q({ age: 'month' }))).rows.map((r) => r.id)).toContain(hs())
    // a month and a day later the same report is stale
    const later = new Date(Date.now() + 32 * 86_400_000)
    expect((await listEnterprisesInScope(contextFor(t.db, yjj, undefined, later), q({ age: 'month' }))).total).toBe(0)
    expect((await listEnterprisesInScope(contextFor(t.db, yjj, undefined, later), q({ flag: 'stale' }))).total).toBe(page.total)

    const summary = await dashboardSummary(contextFor(t.db, yjj), q({}))
    expect(summary).toMatchObject({ total: page.total, ages: { month: reportedThisMonth, never: neverReported } })
    expect(summary.byRegion.reduce((n, r) => n + r.total, 0)).toBe(page.total)
    const sorted = await listEnterprisesInScope(contextFor(t.db, yjj), q({ sort: 'reportedAt', dir: 'desc' }))
    expect(sorted.rows[0]!.id).toBe(hs())
    // the figures filter on the flags they computed (behind a fence); the list's count filters in place:
    // both agree for every flag and state, today and a month later
    for (const at of [new Date(), later]) {
      for (const f of [{ state: 'flagged' }, { state: 'ok' }, { state: 'never' }, ...RED_FLAG_KEYS.map((flag) => ({ flag }))]) {
        const counted = await listEnterprisesInScope(contextFor(t.db, yjj, undefined, at), q(f))
        const figures = await dashboardSummary(contextFor(t.db, yjj, undefined, at), q(f))
        expect({ ...f, total: figures.total }).toEqual({ ...f, total: counted.total })
        if ('flag' in f) expect(figures.flags[f.flag as RedFlag]).toBe(counted.total)
      }
    }
  })

  it('tells the enterprise when its monthly report is due', async () => {
    const { reportDue } = await import('../../app/modules/reports/reports.server')
    expect(await reportDue(contextFor(t.db, await actorOf(t.db, 'hs_admin')))).toMatchObject({ due: false, draftId: null })
    expect(
      (await reportDue(contextFor(t.db, await actorOf(t.db, 'hs_admin'), undefined, new Date(Date.now() + 32 * 86_400_000)))).due,
    ).toBe(true)
    expect(await reportDue(contextFor(t.db, await actorOf(t.db, 'jj_admin')))).toMatchObject({ due: true, lastPublishedAt: null })
  })

  it('ignores bad filter values instead of failing', async () => {
    const res = await run(dashboardLoader, get("/regulator/enterprises?flag=drop+table&state=x&age=1'&sort=password", cookies.jz_yjj))
    expect(statusOf(res)).toBe(200)
    expect(dataOf<any>(res).query).toMatchObject({ flag: '', state: '', age: '', sort: 'name' })
  })
})

describe('inspection and rectification, both sides', () => {
  const base = () => `/regulator/enterprises/${hs()}`
  const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
  const fields = () => ({
    inspectedAt: new Date(Date.now() + 8 * 3600_000 - 3600_000).toISOString().slice(0, 16),
    place: '山西省晋中市榆次区锦纶街道 华晟化工厂区',
    inspectors: '王建国、李明',
    content: '全员安全生产责任制落实情况；危险化学品储存',
    problems: '1. 加氢一班2名员工未签字确认岗位责任清单；2. 储罐区可燃气体报警器未定期检定',
    handling: '下达责令限期整改指令书',
    issueOrder: 'on',
    'items.0.problem': '加氢一班2名员工未确认岗位责任清单',
    'items.0.requirement': '组织学习并签字确认',
    'items.0.dueDate': future(7),
    'items.1.problem': '可燃气体报警器未定期检定',
    'items.1.requirement': '委托有资质机构检定并留存报告',
    'items.1.dueDate': future(15),
  })
  const rowCounts = async () => ({
    inspections: Number((await sql<{ n: number }>`select count(*)::int as n from inspections`.execute(t.db)).rows[0]!.n),
    orders: Number((await sql<{ n: number }>`select count(*)::int as n from rectification_orders`.execute(t.db)).rows[0]!.n),
  })

  it('refuses a bad record beside its fields, keeping the values and writing nothing', async () => {
    const before = await rowCounts()
    const bad = await run(
      newInspectionAction,
      post(
        `${base()}/inspections/new`,
        { ...fields(), inspectors: '王建国', 'items.0.dueDate': '2020-01-01', 'items.1.requirement': '' },
        cookies.jz_yjj,
      ),
      { enterpriseId: hs() },
    )
    expect(statusOf(bad)).toBe(400)
    const errors = dataOf<any>(bad).fieldErrors
    expect(errors.inspectors).toBe('监督检查人员不得少于两人，姓名之间用顿号分隔')
    expect(errors['items.1.requirement']).toBe('请填写整改要求')
    expect(dataOf<any>(bad).values.place).toBe(fields().place)
    const past = await run(
      newInspectionAction,
      post(`${base()}/inspections/new`, { ...fields(), 'items.0.dueDate': '2020-01-01' }, cookies.jz_yjj),
      { enterpriseId: hs() },
    )
    expect(dataOf<any>(past).fieldErrors).toEqual({ 'items.0.dueDate': '整改期限须晚于今天' })
    const noItems = await run(
      newInspectionAction,
      post(
        `${base()}/inspections/new`,
        {
          ...fields(),
          'items.0.problem': '',
          'items.0.requirement': '',
          'items.0.dueDate': '',
          'items.1.problem': '',
          'items.1.requirement': '',
          'items.1.dueDate': '',
        },
        cookies.jz_yjj,
      ),
      { enterpriseId: hs() },
    )
    expect(dataOf<any>(noItems).fieldErrors['items.0.problem']).toBe('下达整改指令须至少填写一项问题及整改要求')
    // a blank first row: the error lands beside the row that has it
    const second = await run(
      newInspectionAction,
      post(
        `${base()}/inspections/new`,
        {
          ...fields(),
          'items.0.problem': '',
          'items.0.requirement': '',
          'items.0.dueDate': '',
          'items.1.dueDate': new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
        },
        cookies.jz_yjj,
      ),
      { enterpriseId: hs() },
    )
    expect(dataOf<any>(second).fieldErrors).toEqual({ 'items.1.dueDate': '整改期限须晚于今天' })
    const impossible = await run(
      newInspectionAction,
      post(`${base()}/inspections/new`, { ...fields(), inspectedAt: '2026-02-30T10:00' }, cookies.jz_yjj),
      { enterpriseId: hs() },
    )
    expect(dataOf<any>(impossible).fieldErrors).toEqual({ inspectedAt: '检查时间不是有效时间（该日期或时刻不存在）' })
    const ancient = await run(
      newInspectionAction,
      post(`${base()}/inspections/new`, { ...fields(), inspectedAt: '2019-05-01T10:00' }, cookies.jz_yjj),
      { enterpriseId: hs() },
    )
    expect(dataOf<any>(ancient).fieldErrors.inspectedAt).toMatch(/不能早于一年前/)
    expect(await rowCounts()).toEqual(before)
    // out of scope: the 住建局 cannot record an inspection of the chemical plant
    expect(
      statusOf(await run(newInspectionAction, post(`${base()}/inspections/new`, fields(), cookies.jz_zjj), { enterpriseId: hs() })),
    ).toBe(404)
    expect(await rowCounts()).toEqual(before)
  })

  it('the 应急管理局 records an inspection with an order; both sides see it', async () => {
    const res = (await run(newInspectionAction, post(`${base()}/inspections/new`, fields(), cookies.jz_yjj), {
      enterpriseId: hs(),
    })) as Response
    expect(res.status).toBe(302)
    orderId = res.headers.get('location')!.match(/orders\/([0-9a-f-]{36})/)![1]!
    const order = dataOf<any>(
      await run(orderLoader, get(`${base()}/orders/${orderId}`, cookies.jz_yjj), { enterpriseId: hs(), id: orderId }),
    )
    inspectionId = order.inspection.id
    // numbered after the orders the department issued earlier this year (the demo's among them)
    expect(order.order).toMatchObject({
      documentNo: `晋中应急责改〔${todayInShanghai().slice(0, 4)}〕${ordersThisYear + 1}号`,
      status: 'open',
      dueDate: future(7),
      overdue: false,
    })
    expect(order.items).toHaveLength(2)
    expect(order.canReview).toBe(false)
    const mine = dataOf<any>(
      await run(enterpriseOrderLoader, get(`/enterprise/supervision/orders/${orderId}`, cookies.hs_admin), { id: orderId }),
    )
    expect(mine.order.documentNo).toBe(order.order.documentNo)
    // another enterprise cannot open it
    expect(
      statusOf(await run(enterpriseOrderLoader, get(`/enterprise/supervision/orders/${orderId}`, cookies.jj_admin), { id: orderId })),
    ).toBe(404)
    // the record itself is frozen
    await expect(sql`update inspections set problems = '无'`.execute(t.owner)).rejects.toThrow(/frozen/)
  })

  it('the head signs the record once; after that no refusal can be recorded', async () => {
    expect(
      statusOf(
        await run(signAction, post(`/enterprise/supervision/inspections/${inspectionId}`, { confirm: '1' }, cookies.hs_admin), {
          id: inspectionId,
        }),
      ),
    ).toBe(403)
    expect(
      statusOf(
        await run(signAction, post(`/enterprise/supervision/inspections/${inspectionId}`, { confirm: '1' }, cookies.hs_head), {
          id: inspectionId,
        }),
      ),
    ).toBe(302)
    const rec = dataOf<any>(
      await run(enterpriseInspectionLoader, get(`/enterprise/supervision/inspections/${inspectionId}`, cookies.hs_head), {
        id: inspectionId,
      }),
    )
    expect(rec.inspection.headName).toBeTruthy()
    expect(rec.canSign).toBe(false)
    // the enterprise's print names the inspected unit, as the regulator's does (issue 13 #9)
    expect(rec.enterpriseName).toBe('晋中市华晟化工有限公司')
    const refusal = await run(refusalAction, post(`${base()}/inspections/${inspectionId}`, { note: '负责人拒绝签字' }, cookies.jz_yjj), {
      enterpriseId: hs(),
      id: inspectionId,
    })
    expect(dataOf<any>(refusal).fieldErrors._form).toBe('企业负责人已签字，无需记录拒签')
  })

  it('records a refusal to sign (第六十五条) on another inspection, after which the head cannot sign', async () => {
    const res = (await run(
      newInspectionAction,
      post(`${base()}/inspections/new`, { ...fields(), issueOrder: '', problems: '未发现问题', handling: '无' }, cookies.jz_yjj),
      { enterpriseId: hs() },
    )) as Response
    const id = res.headers.get('location')!.match(/inspections\/([0-9a-f-]{36})/)![1]!
    const view = dataOf<any>(await run(inspectionLoader, get(`${base()}/inspections/${id}`, cookies.jz_yjj), { enterpriseId: hs(), id }))
    expect(view.canRecordRefusal).toBe(true)
    expect(view.orders).toEqual([])
    expect(
      statusOf(
        await run(refusalAction, post(`${base()}/inspections/${id}`, { note: '负责人张某拒绝在检查记录上签字' }, cookies.yc_street), {
          enterpriseId: hs(),
          id,
        }),
      ),
    ).toBe(403)
    expect(
      statusOf(
        await run(refusalAction, post(`${base()}/inspections/${id}`, { note: '负责人张某拒绝在检查记录上签字' }, cookies.jz_yjj), {
          enterpriseId: hs(),
          id,
        }),
      ),
    ).toBe(302)
    const signed = await run(signAction, post(`/enterprise/supervision/inspections/${id}`, { confirm: '1' }, cookies.hs_head), { id })
    expect(dataOf<any>(signed).message).toBe('检查人员已记录拒签情况，不能再签字')
  })

  function answerRequest(fields: Record<string, string>, files: { name: string; bytes: Buffer }[], cookie = cookies.hs_admin) {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    for (const f of files) form.append('files', new File([new Uint8Array(f.bytes)], f.name))
    return new Request(`${ORIGIN}/enterprise/supervision/orders/${orderId}`, {
      method: 'POST',
      headers: { host: 'localhost:3000', origin: ORIGIN, cookie },
      body: form,
    })
  }

  it('is overdue on both sides once its first deadline passes unanswered', async () => {
    const later = new Date(Date.now() + 8 * 86_400_000)
    const laterDay = later.toISOString().slice(0, 10)
    const mine = await mySupervision(contextFor(t.db, await actorOf(t.db, 'hs_admin')), laterDay)
    expect(mine.orders.find((o) => o.id === orderId)!.overdue).toBe(true)
    const yjj = await actorOf(t.db, 'jz_yjj')
    const flagged = await listEnterprisesInScope(contextFor(t.db, yjj, undefined, later), enterpriseListSchema.parse({ flag: 'orders' }))
    expect(flagged.rows.map((r) => r.id)).toContain(hs())
    // today it is within its deadline
    const today = await mySupervision(contextFor(t.db, await actorOf(t.db, 'hs_admin')))
    expect(today.orders.find((o) => o.id === orderId)!.overdue).toBe(false)
  })

  it('workers and other enterprises cannot read or answer it', async () => {
    const worker = await cookieFor(t.db, '17735418902')
    expect(statusOf(await run(enterpriseOrderLoader, get(`/enterprise/supervision/orders/${orderId}`, worker), { id: orderId }))).toBe(403)
    expect(
      statusOf(
        await run(answerAction, answerRequest({ note: '工人试图报送整改情况' }, [{ name: 'a.pdf', bytes: PDF }], worker), {
          id: orderId,
        }),
      ),
    ).toBe(403)
    expect(
      statusOf(
        await run(answerAction, answerRequest({ note: '别的企业试图报送整改情况' }, [{ name: 'a.pdf', bytes: PDF }], cookies.jj_admin), {
          id: orderId,
        }),
      ),
    ).toBe(404)
    expect(
      statusOf(
        await run(signAction, post(`/enterprise/supervision/inspections/${inspectionId}`, { confirm: '1' }, worker), { id: inspectionId }),
      ),
    ).toBe(403)
    expect((await t.db.selectFrom('rectification_events').selectAll().where('order_id', '=', orderId).execute()).length).toBe(0)
  })

  /** One closed loop: the order's hazards graded (first time), rectified by 加氢一班班长 and accepted by the head. */
  async function closeOrderHazards() {
    const as = async (u: string) => actorOf(t.db, u)
    const [admin, team, head] = [await as('hs_admin'), await as('hs_team'), await as('hs_head')]
    const hazards = await t.db
      .selectFrom('hazards')
      .select(['id', 'status', 'order_item_no'])
      .where('order_id', '=', orderId)
      .orderBy('order_item_no')
      .execute()
    expect(hazards).toHaveLength(2)
    for (const h of hazards) {
      if (h.status === 'reported')
        expect(
          await withActor(admin, client, (ctx) =>
            assignHazard(ctx, h.id, {
              grade: 'general',
              responsibleUserId: team.userId,
              measures: `第${h.order_item_no}项整改措施`,
              deadline: future(7),
              funds: '500',
            }),
          ),
        ).toEqual({ ok: true })
      const jpg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])
      expect(
        await withActor(team, client, (ctx) =>
          rectifyHazard(ctx, h.id, { note: '已整改完成' }, [{ name: `整改${h.order_item_no}.jpg`, bytes: jpg }]),
        ),
      ).toEqual({ ok: true })
      expect(await withActor(head, client, (ctx) => verifyHazard(ctx, h.id, { decision: 'pass', note: '验收合格' }))).toEqual({ ok: true })
    }
  }

  it('the enterprise answers with evidence; a forged file or no file is refused', async () => {
    // one closed loop: the order's hazards are still open, so the answer is refused beside each item
    const open = await run(
      answerAction,
      answerRequest({ note: '已组织加氢一班学习并签字确认；报警器已送检' }, [{ name: '检定报告.pdf', bytes: PDF }]),
      { id: orderId },
    )
    const refused = dataOf<any>(open)
    expect(refused.fieldErrors['items.1']).toMatch(/^第1项对应的隐患第\d+号尚未闭环（当前：待定级），须先整改完成并经验收销号/)
    expect(refused.fieldErrors['items.2']).toMatch(/^第2项对应的隐患第\d+号尚未闭环/)
    expect(refused.values.note).toBe('已组织加氢一班学习并签字确认；报警器已送检')
    expect((await t.db.selectFrom('rectification_events').selectAll().where('order_id', '=', orderId).execute()).length).toBe(0)
    const page = dataOf<any>(
      await run(enterpriseOrderLoader, get(`/enterprise/supervision/orders/${orderId}`, cookies.hs_admin), { id: orderId }),
    )
    expect(page.items.map((i: any) => [i.no, !!i.hazard, !!i.refusal])).toEqual([
      [1, true, true],
      [2, true, true],
    ])
    await closeOrderHazards()

    const none = await run(answerAction, answerRequest({ note: '已组织学习并签字确认' }, []), { id: orderId })
    expect(dataOf<any>(none).fieldErrors.files).toBe('请上传整改佐证材料（整改后照片、验收记录等）')
    const forged = await run(
      answerAction,
      answerRequest({ note: '已组织学习并签字确认' }, [{ name: '照片.jpg', bytes: Buffer.from('not an image at all') }]),
      { id: orderId },
    )
    expect(dataOf<any>(forged).fieldErrors.files).toMatch(/不是允许的文件类型/)
    expect((await t.db.selectFrom('rectification_events').selectAll().where('order_id', '=', orderId).execute()).length).toBe(0)
    const ok = await run(
      answerAction,
      answerRequest({ note: '已组织加氢一班学习并签字确认；报警器已送检' }, [{ name: '检定报告.pdf', bytes: PDF }]),
      { id: orderId },
    )
    expect(statusOf(ok)).toBe(302)
    const again = await run(answerAction, answerRequest({ note: '重复提交整改情况' }, [{ name: '检定报告.pdf', bytes: PDF }]), {
      id: orderId,
    })
    expect(dataOf<any>(again).fieldErrors._form).toBe('整改情况已提交，等待监管部门复查')
  })

  it('only the issuing department reviews; it returns, the enterprise answers again, it accepts', async () => {
    const order = dataOf<any>(
      await run(orderLoader, get(`${base()}/orders/${orderId}`, cookies.jz_yjj), { enterpriseId: hs(), id: orderId }),
    )
    expect(order.canReview).toBe(true)
    const fileId = order.events[0].files[0].id
    const open = (q: string, cookie = cookies.jz_yjj) =>
      run(evidenceLoader, get(`/regulator/evidence/${hs()}/${fileId}${q}`, cookie), { enterpriseId: hs(), fileId })
    const file = (await open(`?order=${orderId}`)) as Response
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('application/pdf')
    // only through the record it belongs to, and only as a regulator with the enterprise in scope
    expect(statusOf(await open(''))).toBe(404)
    expect(statusOf(await open(`?report=${reportId}`))).toBe(404)
    expect(statusOf(await open('?report=------------------------------------'))).toBe(404)
    expect(statusOf(await open(`?order=${orderId}&report=${reportId}`))).toBe(404)
    expect(statusOf(await open(`?order=${orderId}`, cookies.jz_zjj))).toBe(404)
    const { views } = dataOf<any>(await run(enterpriseReportsLoader, get('/enterprise/reports', cookies.hs_admin)))
    expect(views.map((v: any) => v.subject)).toContain(`整改佐证：检定报告.pdf（${order.order.documentNo}）`)

    expect(
      statusOf(
        await run(reviewAction, post(`${base()}/orders/${orderId}`, { decision: 'accept', note: '同意' }, cookies.yc_street), {
          enterpriseId: hs(),
          id: orderId,
        }),
      ),
    ).toBe(403)
    expect(
      statusOf(
        await run(reviewAction, post(`${base()}/orders/${orderId}`, { decision: 'accept', note: '同意' }, cookies.jz_zjj), {
          enterpriseId: hs(),
          id: orderId,
        }),
      ),
    ).toBe(404)
    const noNote = await run(reviewAction, post(`${base()}/orders/${orderId}`, { decision: 'return', note: '' }, cookies.jz_yjj), {
      enterpriseId: hs(),
      id: orderId,
    })
    expect(dataOf<any>(noNote).fieldErrors).toEqual({ note: '请填写复查意见' })

    expect(
      statusOf(
        await run(
          reviewAction,
          post(`${base()}/orders/${orderId}`, { decision: 'return', note: '缺少报警器检定报告原件' }, cookies.jz_yjj),
          { enterpriseId: hs(), id: orderId },
        ),
      ),
    ).toBe(302)
    const returned = dataOf<any>(
      await run(enterpriseOrderLoader, get(`/enterprise/supervision/orders/${orderId}`, cookies.hs_admin), { id: orderId }),
    )
    expect(returned.order.status).toBe('returned')
    // the return reopens the loop: each hazard takes a signed 复查不合格 step back to 整改
    const reopened = await t.db
      .selectFrom('hazards')
      .select(['id', 'status', 'closed_at'])
      .where('order_id', '=', orderId)
      .orderBy('order_item_no')
      .execute()
    expect(reopened.map((h) => [h.status, h.closed_at])).toEqual([
      ['rectifying', null],
      ['rectifying', null],
    ])
    const steps = await t.db
      .selectFrom('hazard_events')
      .select(['step', 'by_role', 'note'])
      .where('hazard_id', '=', reopened[0]!.id)
      .orderBy('seq')
      .execute()
    expect(steps.at(-1)).toEqual({ step: 'recheck_fail', by_role: 'regulator', note: '缺少报警器检定报告原件' })
    expect(returned.items.every((i: any) => i.refusal)).toBe(true)
    await closeOrderHazards()
    expect(
      statusOf(
        await run(answerAction, answerRequest({ note: '补充报警器检定报告原件扫描件' }, [{ name: '检定报告原件.pdf', bytes: PDF }]), {
          id: orderId,
        }),
      ),
    ).toBe(302)
    expect(
      statusOf(
        await run(reviewAction, post(`${base()}/orders/${orderId}`, { decision: 'accept', note: '整改到位，予以销号' }, cookies.jz_yjj), {
          enterpriseId: hs(),
          id: orderId,
        }),
      ),
    ).toBe(302)
    const done = dataOf<any>(
      await run(orderLoader, get(`${base()}/orders/${orderId}`, cookies.jz_yjj), { enterpriseId: hs(), id: orderId }),
    )
    expect(done.order).toMatchObject({ status: 'accepted', overdue: false })
    expect(done.events.map((e: any) => e.kind)).toEqual(['answer', 'return', 'answer', 'accept'])
    // each answer carries the hazards' records for the 复查: measures, rectification, 验收, photos
    expect(done.events[2].hazards).toHaveLength(2)
    expect(done.events[2].hazards[0]).toMatchObject({
      itemNo: 1,
      grade: 'general',
      measures: '第1项整改措施',
      rectified: { by: expect.any(String), note: '已整改完成' },
      closed: { step: 'verify_pass', note: '验收合格' },
    })
    // the photos of both rectifications (before and after the return), the first answer's only its own
    expect(done.events[2].hazards[0].photos.map((p: any) => p.name)).toEqual(['整改1.jpg', '整改1.jpg'])
    expect(done.events[0].hazards[0].photos).toHaveLength(1)
    // the department opens the photo the answer carries, through its hazard
    const photo = done.events[2].hazards[0]
    const opened = (await run(
      evidenceLoader,
      get(`/regulator/evidence/${hs()}/${photo.photos[0].id}?hazard=${photo.hazardId}`, cookies.jz_yjj),
      {
        enterpriseId: hs(),
        fileId: photo.photos[0].id,
      },
    )) as Response
    expect(opened.status).toBe(200)
    expect(done.canReview).toBe(false)
    await expect(sql`delete from rectification_events`.execute(t.owner)).rejects.toThrow(/append-only/)
    await expect(sql`update rectification_items set due_date = '2099-01-01'`.execute(t.owner)).rejects.toThrow(/append-only/)
  })

  it('the enterprise sees every regulator read of its report and evidence', async () => {
    expect(
      statusOf(await run(reportLoader, get(`${base()}/reports/${reportId}`, cookies.jz_yjj), { enterpriseId: hs(), id: reportId })),
    ).toBe(200)
    const report = dataOf<any>(
      await run(reportLoader, get(`${base()}/reports/${reportId}`, cookies.jz_yjj), { enterpriseId: hs(), id: reportId }),
    )
    // item 1's file is the one this test uploaded; the demo's declared items bring their own documents
    expect(report.evidence.find((e: { no: number }) => e.no === 1)).toEqual({
      no: 1,
      files: [expect.objectContaining({ id: evidenceId, name: '责任制文件.pdf' })],
    })
    expect(
      statusOf(
        await run(evidenceLoader, get(`/regulator/evidence/${hs()}/${evidenceId}?report=${reportId}`, cookies.jz_yjj), {
          enterpriseId: hs(),
          fileId: evidenceId,
        }),
      ),
    ).toBe(200)
    expect(
      statusOf(
        await run(evidenceLoader, get(`/regulator/evidence/${hs()}/${evidenceId}?order=${orderId}`, cookies.jz_yjj), {
          enterpriseId: hs(),
          fileId: evidenceId,
        }),
      ),
    ).toBe(404)
    const { views } = dataOf<any>(await run(enterpriseReportsLoader, get('/enterprise/reports', cookies.hs_admin)))
    expect(views.map((v: any) => v.subject)).toEqual(expect.arrayContaining(['状况报告', '佐证材料：责任制文件.pdf']))
    expect(views.length).toBeGreaterThan(0)
    expect(views.every((v: any) => v.department_name === '晋中市应急管理局')).toBe(true)
  })

  it('整改跟踪 lists the department’s own orders only, filtered in SQL', async () => {
    const yjj = dataOf<any>(await run(ordersLoader, get('/regulator/orders', cookies.jz_yjj)))
    expect(yjj.page.rows.map((r: any) => r.id)).toContain(orderId)
    const ids = async (query: string) =>
      dataOf<any>(await run(ordersLoader, get(`/regulator/orders${query}`, cookies.jz_yjj))).page.rows.map((r: any) => r.id)
    expect(await ids('?state=accepted')).toContain(orderId)
    expect(await ids('?state=overdue')).not.toContain(orderId)
    expect(await ids('?q=%E5%8D%8E%E6%99%9F')).toContain(orderId)
    expect(await ids('?q=%E9%91%AB%E6%BA%90')).toEqual([]) // 鑫源: not the department's
    // the street office sees the enterprise, but did not issue the order
    expect(dataOf<any>(await run(ordersLoader, get('/regulator/orders', cookies.yc_street))).page.total).toBe(0)
    expect(statusOf(await run(ordersLoader, get('/regulator/orders', cookies.hs_admin)))).toBe(403)
  })

  it('the next report carries the open orders; the dashboard shows the regulator the figures signed', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const o = await homeOverview(contextFor(t.db, admin))
    // the accepted order is no longer open: the figures are those of before it was issued
    expect(o.figures).toMatchObject({ openOrders: ordersBefore.openOrders, overdueOrders: ordersBefore.overdueOrders })
    expect(o.areas.find((a) => a.name === '整改指令')).toBeTruthy()
  })
})
