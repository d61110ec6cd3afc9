import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlan, recordDrill } from '../../app/modules/drills/drills.server'
import { getSelfCheck, obligationTracker, runSelfCheck, signSelfCheck } from '../../app/modules/obligations/obligations.server'
import { action as declareAction, loader as itemLoader } from '../../app/routes/enterprise.obligations.$no'
import { actorOf, addPostWithoutList, publishList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { contextFor } from '../../app/db.server'

let t: TestDatabase
let dir: string
const client = { ip: null, userAgent: 'vitest' }
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 32)])

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-obl-'))
  useEvidenceStore(localStore(dir))
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const addPost = (name: string) => addPostWithoutList(t.owner, name)

const item = async (no: number, who = 'hs_admin') =>
  (await obligationTracker(contextFor(t.db, await actorOf(t.db, who)))).find((i) => i.no === no)!

describe('the twenty items', () => {
  it('derives item 1 from published lists, and a published list moves its figure', async () => {
    expect((await item(1)).derived!.figures[0]!.value).toBe('12 / 12')
    await addPost('环保管理员')
    const before = await item(1)
    expect(before.derived!.figures[0]!.value).toBe('12 / 13')
    expect(before.derived!.status).not.toBe('已落实')
    await publishList(t.db, '环保管理员')
    expect((await item(1)).derived!.figures[0]!.value).toBe('13 / 13')
  })

  it('derives item 12 from plans and drills, and a recorded drill moves it', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const plan = await createPlan(contextFor(t.db, admin, client), {
      kind: '现场处置方案',
      title: '储罐泄漏现场处置方案',
      version: '2026版',
      issuedOn: '2026-01-10',
      filedOn: '2026-01-20',
      reviewedOn: null,
    })
    if (!plan.ok) throw new Error('plan')
    // the demo's plans have all been drilled; this one not yet
    expect((await item(12)).derived!.figures[2]!.value).toContain('储罐泄漏现场处置方案')
    const files = ['scheme', 'script', 'assessment'].map((slot) => ({ slot, name: `${slot}.pdf`, bytes: PDF }))
    const heldOn = `${new Date().getUTCFullYear()}-${new Date().getUTCMonth() < 6 ? '01' : '07'}-02`
    await recordDrill(
      contextFor(t.db, admin, client),
      { planId: plan.planId, heldOn, form: '实战', participants: 12, summary: '储罐泄漏处置演练' },
      files,
    )
    const after = await item(12)
    expect(after.derived!.figures[2]!.value).toBe('无') // no plan never drilled
  })

  it('a declaration is a new history row; 不适用 needs a reason; 已落实 contradicted by the records is flagged', async () => {
    const cookie = await cookieFor(t.db, 'hs_admin')
    const bad = await run(
      declareAction,
      post('/x', { status: '不适用', responsible: '刘晓东', reason: '', reviewedOn: '2026-11-20', nextReviewOn: '', note: '' }, cookie),
      { no: '9' },
    )
    expect(dataOf<any>(bad).fieldErrors).toEqual({ reason: '选择“不适用”时须说明理由' })
    for (const status of ['部分落实', '已落实']) {
      expect(
        statusOf(
          await run(
            declareAction,
            post(
              '/x',
              { status, responsible: '刘晓东', reason: '', reviewedOn: '2026-11-20', nextReviewOn: '2027-05-20', note: '' },
              cookie,
            ),
            { no: '1' },
          ),
        ),
      ).toBe(302)
    }
    const d = dataOf<any>(await run(itemLoader, get('/x', cookie), { no: '1' }))
    expect(d.history.map((h: any) => h.status)).toEqual(['已落实', '部分落实'])
    expect(d.warning).toMatch(/^声明“已落实”，但记录显示部分落实/)
    await expect(sql`update obligation_states set status = '未落实'`.execute(t.owner)).rejects.toThrow(/append-only/)
    await expect(sql`delete from obligation_states`.execute(t.owner)).rejects.toThrow(/append-only/)
  })

  it('a declared 已落实 without evidence on an item the records do not cover says so', async () => {
    // 晋建 has declared nothing yet (华晟's and 通达's demo declarations come with their documents)
    const cookie = await cookieFor(t.db, 'jj_admin')
    await run(
      declareAction,
      post('/x', { status: '已落实', responsible: '赵志刚', reason: '', reviewedOn: '2026-11-20', nextReviewOn: '', note: '' }, cookie),
      { no: '3' },
    )
    expect((await item(3, 'jj_admin')).warning).toBe('声明“已落实”，但没有任何佐证资料')
    expect(statusOf(await run(itemLoader, get('/x', await cookieFor(t.db, 'jj_admin')), { no: '21' }))).toBe(404)
  })
})

describe('self-check runs', () => {
  it('are frozen when the records change, signed once by the 主要负责人 only', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const id = await runSelfCheck(contextFor(t.db, admin, client))
    const before = await getSelfCheck(contextFor(t.db, admin), id)
    const item1 = before.items.find((i) => i.no === 1)!
    await addPost('职业卫生管理员') // one more post without a list moves item 1
    const after = await getSelfCheck(contextFor(t.db, admin), id)
    expect(after.items.find((i) => i.no === 1)).toEqual(item1)
    expect((await item(1)).derived!.figures[0]!.value).not.toBe(item1.figures[0]!.value)

    const deputy = await actorOf(t.db, 'hs_vp_safety')
    // the 分管安全副总 holds no tier-1 post: refused by the module itself, nothing written
    await expect(signSelfCheck(contextFor(t.db, deputy, client), id)).rejects.toMatchObject({ status: 403 })
    expect((await getSelfCheck(contextFor(t.db, deputy), id)).signedAt).toBeNull()
    await expect(signSelfCheck(contextFor(t.db, admin, client), id)).rejects.toMatchObject({ status: 403 })
    const head = await actorOf(t.db, 'hs_head')
    expect((await getSelfCheck(contextFor(t.db, head), id)).canSign).toBe(true)
    expect(await signSelfCheck(contextFor(t.db, head, client), id)).toEqual({ ok: true })
    expect((await getSelfCheck(contextFor(t.db, head), id)).signedPost).toBe('总经理')
    expect(await signSelfCheck(contextFor(t.db, head, client), id)).toMatchObject({ ok: false, message: '该自查表已签字' })
    await expect(sql`update self_checks set snapshot = '[]'::jsonb`.execute(t.owner)).rejects.toThrow(/frozen/)
    await expect(sql`update self_checks set signed_by_name = '伪造'`.execute(t.owner)).rejects.toThrow(/frozen/)
    await expect(sql`delete from self_checks`.execute(t.owner)).rejects.toThrow(/frozen/)
    expect((await getSelfCheck(contextFor(t.db, admin), id)).signedBy).toBe('赵志刚')
  })
})

describe('安委会 and 目标责任书 move items 2 and 1', () => {
  it('a meeting this quarter completes item 2; signed target agreements count towards item 1', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    expect((await item(2)).derived).toMatchObject({ status: '部分落实', explanation: '本季度尚未召开安委会' })
    const { recordMeeting, issueTargetAgreements, myTargetAgreements, signTargetAgreement } =
      await import('../../app/modules/committee/committee.server')
    const today = new Date().toISOString().slice(0, 10)
    expect(
      await recordMeeting(
        contextFor(t.db, admin, client),
        { heldOn: today, chair: '赵志刚', attendees: '公司领导班子、各部门负责人', topics: '研究四季度安全生产工作' },
        [],
      ),
    ).toEqual({ ok: true })
    expect((await item(2)).derived!.status).toBe('已落实')

    // the demo issued this year's in January; whoever holds a post since gets theirs now
    const year = Number(today.slice(0, 4))
    const earlier = await t.db
      .selectFrom('target_agreements')
      .select(['signed_at'])
      .where('enterprise_id', '=', (admin as { enterpriseId: string }).enterpriseId)
      .where('year', '=', year)
      .execute()
    const issued = earlier.length + (await issueTargetAgreements(contextFor(t.db, admin, client), year, '全年不发生生产安全责任事故'))
    expect(issued).toBeGreaterThan(10)
    const signed = earlier.filter((a) => a.signed_at).length
    expect(await issueTargetAgreements(contextFor(t.db, admin, client), Number(today.slice(0, 4)), '再次下发')).toBe(0)
    const worker = await actorOf(t.db, '17735418902')
    const [mine] = await myTargetAgreements(contextFor(t.db, worker))
    expect(await signTargetAgreement(contextFor(t.db, worker, client), mine!.id, '韩小军')).toMatchObject({ ok: false })
    expect(await signTargetAgreement(contextFor(t.db, worker, client), mine!.id, '孙鹏')).toEqual({ ok: true })
    const figures = (await item(1)).derived!.figures
    expect(figures.find((f) => f.label.endsWith('年目标责任书已签'))!.value).toBe(`${signed + 1} / ${issued}`)
    await expect(sql`update target_agreements set content = 'x' where signed_at is not null`.execute(t.owner)).rejects.toThrow(/frozen/)
  })
})

describe('the enterprise home overview', () => {
  it('lists what to do next, most urgent first, and the six areas', async () => {
    const { homeOverview } = await import('../../app/modules/obligations/obligations.server')
    const o = await homeOverview(contextFor(t.db, await actorOf(t.db, 'hs_admin')))
    expect(o.items).toHaveLength(20)
    expect(o.areas.map((a) => a.name)).toEqual(['责任制', '签字确认', '培训与持证', '预案与演练', '其他条款', '整改指令'])
    const urgencies = o.actions.map((a) => a.urgency)
    expect(urgencies).toEqual([...urgencies].sort((a, b) => a - b))
    expect(o.actions.some((a) => /个岗位的责任清单尚未发布/.test(a.text))).toBe(true)
    // 晋建's item 3 was declared 已落实 with no evidence above: its home names it
    const jj = await homeOverview(contextFor(t.db, await actorOf(t.db, 'jj_admin')))
    expect(jj.actions.some((a) => a.text === '第3条：声明“已落实”，但没有任何佐证资料')).toBe(true)
  })
})
