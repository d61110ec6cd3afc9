import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor, type RequestContext } from '../../app/db.server'
import type { Actor } from '../../app/modules/auth/actor'
import {
  checkForm,
  checkList,
  checkListTable,
  checkRecord,
  myDueChecks,
  planDetail,
  plansOverview,
  saveCheckDraft,
  savePlan,
  signCheck,
} from '../../app/modules/checks/checks.server'
import { periodOf, periodsBetween, quarterWindow, scheduleOf } from '../../app/modules/checks/rules'
import { planListSchema } from '../../app/modules/checks/schema'
import { checkItemListSchema } from '../../app/modules/hazards/schema'
import type { UploadedFile } from '../../app/modules/evidence/evidence.server'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { listHazards } from '../../app/modules/hazards/hazards.server'
import { homeOverview, obligationItem } from '../../app/modules/obligations/obligations.server'
import { todayInShanghai } from '../../app/utils/dates'
import { action as newPlanAction } from '../../app/routes/enterprise.checks.plans.new'
import { action as editPlanAction } from '../../app/routes/enterprise.checks.plans.$planId.edit'
import { actorOf } from './duty-helpers'
import { cookieFor, dataOf, post, run as request, statusOf } from './requests'
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers'

// 隐患排查 (issue 15 part 2): the 排查清单 derived from the register, a plan's periods, the check on the
// phone with its hazards, who may do it, exactly once, and what item 14 and the home make of it.

let t: TestDatabase
let dir: string
const client = { ip: '203.0.113.9', userAgent: 'vitest' }
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)])
const as: Record<string, Actor> = {}
const run = <T>(who: string, work: (ctx: RequestContext) => Promise<T>) => withActor(as[who]!, client, (ctx) => work(ctx))
const failure = (e: unknown) => (e as { status?: number }).status

const SUNPENG = '17735418902' // 孙鹏, 化工操作工（加氢）
const HANXIAOJUN = '19834561277' // 韩小军, 危化品装卸工: not the operators' post
const OPERATOR = '化工操作工（加氢）'

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-checks-'))
  useEvidenceStore(localStore(dir))
  for (const u of ['hs_admin', 'hs_head', 'hs_team', SUNPENG, HANXIAOJUN, 'jj_admin', '18203546745']) as[u] = await actorOf(t.db, u)
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const hs = () => (as.hs_admin as { enterpriseId: string }).enterpriseId
const today = () => todayInShanghai()

async function postId(name: string) {
  return (await t.db.selectFrom('posts').select('id').where('enterprise_id', '=', hs()).where('name', '=', name).executeTakeFirstOrThrow())
    .id
}

/** A daily plan for the operators starting today, with the first `n` items of the derived list on that post. */
async function newPlan(name: string, n = 2) {
  const list = await run('hs_admin', (ctx) => checkList(ctx))
  const mine = list.filter((i) => i.postName === OPERATOR).slice(0, n)
  expect(mine).toHaveLength(n)
  const values: Record<string, string> = {
    name,
    kind: 'daily',
    frequency: 'daily',
    postId: await postId(OPERATOR),
    startOn: today(),
    ...Object.fromEntries(mine.map((i) => [`item:${i.riskId}:${i.measureKind}`, 'on'])),
  }
  const saved = await run('hs_admin', (ctx) => savePlan(ctx, null, values))
  if (!saved.ok) throw new Error(JSON.stringify(saved))
  return { planId: saved.planId, values, items: mine }
}

const answers = (key: string, over: Record<string, string> = {}) => ({
  periodKey: key,
  result_1: 'ok',
  result_2: 'hazard',
  note_2: '便携式氢气检测仪未随身携带',
  typedName: '孙鹏',
  confirm: '1',
  ...over,
})
const photo = (): Map<number, UploadedFile[]> => new Map([[2, [{ name: '现场.jpg', bytes: JPG }]]])
const SIGNING = ['typedName', 'signature', 'confirm']
/** The form's fields (saved as the draft) and the signing step's (signed with confirm=1). */
const draftFields = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([k]) => !SIGNING.includes(k)))
const signFields = (values: Record<string, string>) => ({
  periodKey: values.periodKey!,
  ...Object.fromEntries(Object.entries(values).filter(([k]) => SIGNING.includes(k))),
})
/** Both steps in one request's transaction, as a person saving the form and then confirming would. */
async function submitCheck(ctx: RequestContext, planId: string, values: Record<string, string>, photos: Map<number, UploadedFile[]>) {
  const saved = await saveCheckDraft(ctx, planId, draftFields(values), photos)
  return saved.ok ? signCheck(ctx, planId, signFields(values)) : saved
}

describe('the 排查清单 is derived from the register', () => {
  it('every 管控措施 of every risk is one item, with its risk point, level and post', async () => {
    const list = await run('hs_admin', (ctx) => checkList(ctx))
    const risks = await t.db.selectFrom('risks').select(['id', 'measures']).where('enterprise_id', '=', hs()).execute()
    const measures = risks.flatMap((r) => r.measures.filter((m) => m.content).map((m) => `${r.id}:${m.kind}`))
    expect(measures.length).toBeGreaterThan(5)
    expect(list.map((i) => `${i.riskId}:${i.measureKind}`).sort()).toEqual(measures.sort())
    expect(list.find((i) => i.hazardSource === '加氢反应釜超温超压' && i.measureKind === 'engineering')).toMatchObject({
      pointName: '加氢反应区',
      levelName: '重大风险',
      postName: OPERATOR,
      content: expect.stringContaining('联锁'),
    })
    // a worker does not read the enterprise's list
    expect(failure(await run(SUNPENG, (ctx) => checkList(ctx)).catch((e) => e))).toBe(403)
  })
})

describe('plans', () => {
  it('only the admin plans; items outside the derived list, bad dates and another enterprise’s post are refused, nothing written', async () => {
    const { values } = await newPlan('班前巡检（测试）')
    const count = async () =>
      (
        await t.db
          .selectFrom('check_plans')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n
    const before = await count()
    expect(failure(await run('hs_head', (ctx) => savePlan(ctx, null, { ...values, name: 'x2' })).catch((e) => e))).toBe(403)
    expect(await run('hs_admin', (ctx) => savePlan(ctx, null, { ...values, name: '班前巡检（测试）' }))).toMatchObject({
      ok: false,
      fieldErrors: { name: '已有同名排查计划' },
    })
    const forged = { ...values, name: '伪造', [`item:00000000-0000-4000-8000-000000000000:ppe`]: 'on' }
    expect(await run('hs_admin', (ctx) => savePlan(ctx, null, forged))).toMatchObject({
      ok: false,
      fieldErrors: { items: expect.any(String) },
    })
    expect(await run('hs_admin', (ctx) => savePlan(ctx, null, { ...values, name: '日期', startOn: '2027-02-29' }))).toMatchObject({
      ok: false,
      fieldErrors: { startOn: expect.stringMatching(/不存在/) },
    })
    expect(await run('hs_admin', (ctx) => savePlan(ctx, null, { ...values, name: '日期2', endOn: '2020-01-01' }))).toMatchObject({
      ok: false,
      fieldErrors: { endOn: '结束日期不能早于开始日期' },
    })
    const jjPost = await t.db.selectFrom('posts').select('id').where('enterprise_id', '<>', hs()).executeTakeFirstOrThrow()
    expect(await run('hs_admin', (ctx) => savePlan(ctx, null, { ...values, name: '他企岗位', postId: jjPost.id }))).toMatchObject({
      ok: false,
      fieldErrors: { postId: '请选择本企业的岗位' },
    })
    expect(await run('hs_admin', (ctx) => savePlan(ctx, null, { ...values, name: '多余字段', evil: 'x' }))).toMatchObject({ ok: false })
    expect(await count()).toBe(before)
  })

  it('another enterprise’s plan id is not found, to read, edit or check', async () => {
    const { planId, values } = await newPlan('他企不可见')
    expect(failure(await run('jj_admin', (ctx) => planDetail(ctx, planId)).catch((e) => e))).toBe(404)
    expect(failure(await run('jj_admin', (ctx) => savePlan(ctx, planId, values)).catch((e) => e))).toBe(404)
    expect(failure(await run('18203546745', (ctx) => checkForm(ctx, planId, null)).catch((e) => e))).toBe(404)
    expect(failure(await run('18203546745', (ctx) => submitCheck(ctx, planId, answers(today()), photo())).catch((e) => e))).toBe(404)
  })
})

describe('the plan forms’ dates (impossible-dates coverage)', () => {
  it('an impossible 开始日期 or 结束日期 is refused beside its field with the value kept, nothing written', async () => {
    const admin = await cookieFor(t.db, 'hs_admin')
    const { planId, values } = await newPlan('日期校验')
    const before = await t.db
      .selectFrom('check_plans')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
    for (const [handler, path, params, field, bad] of [
      [newPlanAction, '/enterprise/checks/plans/new', {}, 'startOn', '2027-02-29'],
      [newPlanAction, '/enterprise/checks/plans/new', {}, 'endOn', '2026-04-31'],
      [editPlanAction, `/enterprise/checks/plans/${planId}/edit`, { planId }, 'endOn', '2027-02-29'],
    ] as const) {
      const res = await request(handler, post(path, { ...values, name: '日期校验二', [field]: bad }, admin), params)
      expect(statusOf(res), `${path} ${field}`).toBe(400)
      const body = dataOf(res) as { fieldErrors: Record<string, string>; values: Record<string, string> }
      expect(body.fieldErrors[field]).toMatch(new RegExp(`「${bad}」不存在（\\d{4}年\\d{1,2}月只有\\d{2}天）`))
      expect(body.values[field]).toBe(bad)
    }
    expect(
      await t.db
        .selectFrom('check_plans')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual(before)
    expect((await run('hs_admin', (ctx) => planDetail(ctx, planId))).plan.name).toBe('日期校验')
  })
})

describe('plan → task → check → hazard', () => {
  it('the period is due on the phone of those holding the post; the check records its 隐患 as a hazard, linked, in one go', async () => {
    const { planId } = await newPlan('加氢巡检（闭环）')
    const key = periodOf('daily', today()).key
    const due = await run(SUNPENG, (ctx) => myDueChecks(ctx))
    expect(due.find((d) => d.planId === planId)).toMatchObject({ period: { key }, mine: null, doneBy: [] })
    // the loader offers the running period, with the plan's items
    const form = await run(SUNPENG, (ctx) => checkForm(ctx, planId, key))
    expect(form.items).toHaveLength(2)
    expect(form.period?.key).toBe(key)

    // every refusal leaves nothing behind
    expect(await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(key), new Map()))).toMatchObject({
      ok: false,
      fieldErrors: { photo_2: '请拍摄或选择至少一张隐患照片' },
    })
    expect(await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(key, { note_2: '' }), photo()))).toMatchObject({
      ok: false,
      fieldErrors: { note_2: expect.any(String) },
    })
    expect(await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(key, { result_1: '' }), photo()))).toMatchObject({
      ok: false,
      fieldErrors: { result_1: '请选择“正常”或“隐患”' },
    })
    expect(await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(key, { typedName: '韩小军' }), photo()))).toMatchObject({
      ok: false,
      fieldErrors: { typedName: expect.stringContaining('孙鹏') },
    })
    expect(await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(key, { confirm: '' }), photo()))).toMatchObject({ ok: false })
    expect(await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(key, { result_2: 'ok', note_2: '' }), photo()))).toMatchObject({
      ok: false,
      fieldErrors: { photo_2: expect.any(String) },
    })
    // a refused signature leaves the checker's draft, and nothing else: no check, no hazard
    const planHazards = () =>
      t.db
        .selectFrom('hazard_events')
        .select('hazard_id')
        .where(sql<boolean>`detail->>'plan' = '加氢巡检（闭环）'`)
        .execute()
    expect(await planHazards()).toEqual([])
    // yesterday's period is passed: it cannot be made up
    const yesterday = periodOf('daily', new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)).key
    expect(await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(yesterday), photo()))).toMatchObject({
      ok: false,
      message: expect.stringContaining('已结束'),
    })
    expect(await t.db.selectFrom('checks').select('id').where('plan_id', '=', planId).execute()).toEqual([])

    const done = await run(SUNPENG, (ctx) => submitCheck(ctx, planId, answers(key), photo()))
    expect(done).toMatchObject({ ok: true, hazards: 1, already: false })
    if (!done.ok) throw new Error('check')
    const check = await t.db.selectFrom('checks').selectAll().where('id', '=', done.checkId).executeTakeFirstOrThrow()
    expect(check).toMatchObject({ checker_user_id: as[SUNPENG]!.userId, checker_name: '孙鹏', period_key: key, hazards_found: 1 })
    const results = await t.db.selectFrom('check_results').selectAll().where('check_id', '=', done.checkId).orderBy('seq').execute()
    expect(results.map((r) => [r.result, r.hazard_id === null])).toEqual([
      ['ok', true],
      ['hazard', false],
    ])
    const hazard = await t.db.selectFrom('hazards').selectAll().where('id', '=', results[1]!.hazard_id!).executeTakeFirstOrThrow()
    expect(hazard).toMatchObject({ source: 'check', status: 'reported', found_by_user_id: as[SUNPENG]!.userId })
    expect(hazard.description).toContain('便携式氢气检测仪未随身携带')
    const event = await t.db.selectFrom('hazard_events').selectAll().where('hazard_id', '=', hazard.id).executeTakeFirstOrThrow()
    expect(event).toMatchObject({ step: 'report', by_name: '孙鹏', detail: { checkId: done.checkId, plan: '加氢巡检（闭环）' } })
    expect(await t.db.selectFrom('evidence_files').select('owner_kind').where('owner_id', '=', hazard.id).execute()).toEqual([
      { owner_kind: 'hazard-report' },
    ])
    // the hazard is in the 隐患台账, the period is done for every holder, the record reads back
    const register = await run('hs_admin', (ctx) => listHazards(ctx, { q: '', state: '', page: 1, size: 100, sort: 'no', dir: 'desc' }))
    expect(register.page.rows.find((r) => r.id === hazard.id)).toMatchObject({ source: 'check' })
    expect((await run('hs_team', (ctx) => myDueChecks(ctx))).find((d) => d.planId === planId)).toMatchObject({ doneBy: ['孙鹏'] })
    const detail = await run('hs_head', (ctx) => planDetail(ctx, planId))
    expect(detail.periods[0]).toMatchObject({ key, state: 'done', checks: [{ checker: '孙鹏', hazards: 1 }] })
    const record = await run('hs_head', (ctx) => checkRecord(ctx, done.checkId))
    expect(record.results[1]).toMatchObject({ result: 'hazard', hazardId: hazard.id, hazardNo: hazard.no })
    // another worker cannot read it
    expect(failure(await run(HANXIAOJUN, (ctx) => checkRecord(ctx, done.checkId)).catch((e) => e))).toBe(404)

    // the draft is gone; signing again is the same check, and the form cannot be saved over it
    expect(await t.db.selectFrom('check_drafts').select('id').where('plan_id', '=', planId).execute()).toEqual([])
    expect(await run(SUNPENG, (ctx) => signCheck(ctx, planId, signFields(answers(key))))).toEqual({
      ok: true,
      checkId: done.checkId,
      hazards: 0,
      already: true,
    })
    expect(await run(SUNPENG, (ctx) => saveCheckDraft(ctx, planId, draftFields(answers(key)), photo()))).toMatchObject({
      ok: false,
      message: expect.stringContaining('已签字提交'),
    })

    // evidence: neither the module's role nor SQL rewrites a check
    await expect(sql`update checks set hazards_found = 0 where id = ${done.checkId}`.execute(t.owner)).rejects.toThrow()
    await expect(sql`delete from check_results where check_id = ${done.checkId}`.execute(t.owner)).rejects.toThrow()

    // its schedule is now fixed; its name and items may change
    const edit = await run('hs_admin', (ctx) => planDetail(ctx, planId))
    const values: Record<string, string> = {
      name: '加氢巡检（闭环，改名）',
      kind: 'daily',
      frequency: 'weekly',
      postId: await postId(OPERATOR),
      startOn: today(),
      ...Object.fromEntries(edit.items.map((i) => [`item:${i.riskId}:${i.measureKind}`, 'on'])),
    }
    expect(await run('hs_admin', (ctx) => savePlan(ctx, planId, values))).toMatchObject({
      ok: false,
      message: expect.stringContaining('不能再改'),
    })
    expect(await run('hs_admin', (ctx) => savePlan(ctx, planId, { ...values, frequency: 'daily' }))).toEqual({ ok: true, planId })
  })

  it('a worker not holding the post cannot do the check, by the module or by SQL', async () => {
    const { planId } = await newPlan('装卸工不可执行')
    const key = periodOf('daily', today()).key
    expect(failure(await run(HANXIAOJUN, (ctx) => checkForm(ctx, planId, key)).catch((e) => e))).toBe(403)
    expect(
      failure(await run(HANXIAOJUN, (ctx) => submitCheck(ctx, planId, answers(key, { typedName: '韩小军' }), photo())).catch((e) => e)),
    ).toBe(403)
    expect((await run(HANXIAOJUN, (ctx) => myDueChecks(ctx))).some((d) => d.planId === planId)).toBe(false)
    // the database refuses the signature of someone not holding the post, whatever the app sends
    const han = as[HANXIAOJUN] as { userId: string; employeeId: string }
    // (read before the transaction: the embedded engine runs one transaction at a time)
    const operatorPost = await postId(OPERATOR)
    const insert = t.owner.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${han.userId}, true)`.execute(trx)
      await trx
        .insertInto('checks')
        .values({
          enterprise_id: hs(),
          plan_id: planId,
          period_key: key,
          period_start: today(),
          period_end: today(),
          post_id: operatorPost,
          checker_employee_id: han.employeeId,
          signature_kind: 'typed',
          signature: '韩小军',
          items_total: 2,
          hazards_found: 0,
          submitted_at: new Date(),
        })
        .execute()
    })
    await expect(insert).rejects.toThrow(/does not hold/)
  })
})

describe('two steps: a draft, then the signature (the one signing flow)', () => {
  it('the saved form is a draft: its checker’s alone, not done, no hazard; the confirmed signature makes the check and its hazards', async () => {
    const { planId } = await newPlan('两步签字')
    const key = periodOf('daily', today()).key
    expect(await run(SUNPENG, (ctx) => saveCheckDraft(ctx, planId, draftFields(answers(key)), photo()))).toEqual({
      ok: true,
      periodKey: key,
    })
    // saved again without a new photo: the draft's photo still counts
    expect(
      await run(SUNPENG, (ctx) =>
        saveCheckDraft(ctx, planId, draftFields(answers(key, { note_2: '检测仪未随身携带（已补充）' })), new Map()),
      ),
    ).toEqual({ ok: true, periodKey: key })
    const drafts = await t.db.selectFrom('check_drafts').selectAll().where('plan_id', '=', planId).execute()
    expect(drafts).toHaveLength(1)
    expect(drafts[0]).toMatchObject({ checker_user_id: as[SUNPENG]!.userId, period_key: key })
    expect(drafts[0]!.answers[1]).toMatchObject({
      result: 'hazard',
      note: '检测仪未随身携带（已补充）',
      photos: [{ name: expect.any(String) }],
    })
    // not done: the period is still open for every holder, the plan page shows no check, no hazard yet
    expect((await run(SUNPENG, (ctx) => myDueChecks(ctx))).find((d) => d.planId === planId)).toMatchObject({
      mine: null,
      drafted: true,
      doneBy: [],
    })
    expect((await run('hs_team', (ctx) => myDueChecks(ctx))).find((d) => d.planId === planId)).toMatchObject({ drafted: false, doneBy: [] })
    expect((await run('hs_head', (ctx) => planDetail(ctx, planId))).periods[0]).toMatchObject({ key, checks: [] })
    expect(await t.db.selectFrom('checks').select('id').where('plan_id', '=', planId).execute()).toEqual([])
    // the form shows the checker their draft; another holder of the post sees none of it
    expect((await run(SUNPENG, (ctx) => checkForm(ctx, planId, key))).draft?.answers[1]?.note).toBe('检测仪未随身携带（已补充）')
    expect((await run('hs_team', (ctx) => checkForm(ctx, planId, key))).draft).toBeNull()
    // the database keeps a draft its checker's: another user cannot edit it, whatever the app sends
    const edit = t.owner.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${as.hs_team!.userId}, true)`.execute(trx)
      await trx.updateTable('check_drafts').set({ answers: '[]' }).where('id', '=', drafts[0]!.id).execute()
    })
    await expect(edit).rejects.toThrow(/its checker only/)

    // the signing post needs the confirmation step's confirm=1
    expect(await run(SUNPENG, (ctx) => signCheck(ctx, planId, { periodKey: key, typedName: '孙鹏' }))).toMatchObject({ ok: false })
    expect(await t.db.selectFrom('checks').select('id').where('plan_id', '=', planId).execute()).toEqual([])
    const signed = await run(SUNPENG, (ctx) => signCheck(ctx, planId, { periodKey: key, typedName: '孙鹏', confirm: '1' }))
    expect(signed).toMatchObject({ ok: true, hazards: 1, already: false })
    if (!signed.ok) throw new Error('sign')
    const results = await t.db.selectFrom('check_results').selectAll().where('check_id', '=', signed.checkId).orderBy('seq').execute()
    const hazard = await t.db.selectFrom('hazards').selectAll().where('id', '=', results[1]!.hazard_id!).executeTakeFirstOrThrow()
    expect(hazard.description).toContain('检测仪未随身携带（已补充）')
    // the draft's photo went on to the hazard
    expect(await t.db.selectFrom('evidence_files').select(['owner_kind', 'slot']).where('owner_id', '=', hazard.id).execute()).toEqual([
      { owner_kind: 'hazard-report', slot: 'photo' },
    ])
    expect(await t.db.selectFrom('check_drafts').select('id').where('plan_id', '=', planId).execute()).toEqual([])
  })
})

describe('a draft is signed only for the items it answered', () => {
  it('when an item is reworded after the draft was saved, the draft is not offered nor signed; saved again, it signs', async () => {
    const { planId, items } = await newPlan('改写措施后签字')
    const key = periodOf('daily', today()).key
    expect(await run(SUNPENG, (ctx) => saveCheckDraft(ctx, planId, draftFields(answers(key)), photo()))).toMatchObject({ ok: true })
    // the admin rewords the first item's 管控措施 in the register (as the owner, for brevity)
    const risk = await t.owner.selectFrom('risks').select(['id', 'measures']).where('id', '=', items[0]!.riskId).executeTakeFirstOrThrow()
    const measures = risk.measures.map((m) => (m.kind === items[0]!.measureKind ? { ...m, content: `${m.content}（已修订）` } : m))
    await t.owner
      .updateTable('risks')
      .set({ measures: JSON.stringify(measures) })
      .where('id', '=', risk.id)
      .execute()
    expect((await run(SUNPENG, (ctx) => checkForm(ctx, planId, key))).draft).toBeNull()
    expect(await run(SUNPENG, (ctx) => signCheck(ctx, planId, { periodKey: key, typedName: '孙鹏', confirm: '1' }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('排查项目已变化'),
    })
    expect(await t.db.selectFrom('checks').select('id').where('plan_id', '=', planId).execute()).toEqual([])
    expect(await run(SUNPENG, (ctx) => saveCheckDraft(ctx, planId, draftFields(answers(key)), photo()))).toMatchObject({ ok: true })
    expect(await run(SUNPENG, (ctx) => signCheck(ctx, planId, { periodKey: key, typedName: '孙鹏', confirm: '1' }))).toMatchObject({
      ok: true,
    })
  })
})

describe('exactly once', () => {
  it(`twenty simultaneous signatures of one check make one check and one hazard (${testServerUrl() ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const { planId } = await newPlan('并发提交')
    const key = periodOf('daily', today()).key
    // twenty saves at once keep one draft (unique per plan, period and checker)
    const saves = await Promise.all(
      Array.from({ length: 20 }, () => run('hs_team', (ctx) => saveCheckDraft(ctx, planId, draftFields(answers(key)), photo()))),
    )
    // each sends a photo: the draft keeps at most nine per item (18 here), the rest are refused whole
    expect(saves.filter((r) => r.ok).length).toBe(18)
    expect(saves.filter((r) => !r.ok)).toEqual([
      { ok: false, message: expect.stringContaining('照片过多') },
      { ok: false, message: expect.stringContaining('照片过多') },
    ])
    const draft = await t.db.selectFrom('check_drafts').select('id').where('plan_id', '=', planId).executeTakeFirstOrThrow()
    expect(await t.db.selectFrom('evidence_files').select('id').where('owner_id', '=', draft.id).execute()).toHaveLength(18)
    expect(await t.db.selectFrom('check_drafts').select('id').where('plan_id', '=', planId).execute()).toHaveLength(1)
    const twenty = await Promise.all(
      Array.from({ length: 20 }, () => run('hs_team', (ctx) => signCheck(ctx, planId, signFields(answers(key, { typedName: '郭志强' }))))),
    )
    expect(twenty.every((r) => r.ok)).toBe(true)
    const ids = new Set(twenty.map((r) => (r.ok ? r.checkId : '')))
    expect(ids.size).toBe(1)
    expect(twenty.filter((r) => r.ok && !r.already)).toHaveLength(1)
    const checks = await t.db.selectFrom('checks').select('id').where('plan_id', '=', planId).execute()
    expect(checks).toHaveLength(1)
    const hazards = await t.db
      .selectFrom('check_results')
      .select('hazard_id')
      .where('check_id', '=', checks[0]!.id)
      .where('hazard_id', 'is not', null)
      .execute()
    expect(hazards).toHaveLength(1)
    const events = await t.db
      .selectFrom('hazard_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where(sql<boolean>`detail->>'checkId' = ${checks[0]!.id}`)
      .executeTakeFirstOrThrow()
    expect(events.n).toBe(1)
  })
})

describe('missed checks: the plans page, item 14 and the home', () => {
  it('the demo’s missed periods are overdue on the plans page, in item 14 and in the home’s 下一步', async () => {
    const overview = await run('hs_admin', (ctx) => plansOverview(ctx, planListSchema.parse({ q: '加氢岗位每日巡检' })))
    const daily = overview.page.rows.find((p) => p.name === '加氢岗位每日巡检')!
    expect(daily.recent.some((r) => r.state === 'overdue')).toBe(true)
    expect(daily.recent.some((r) => r.state === 'done')).toBe(true)
    expect(overview.total.missed).toBeGreaterThan(0)
    expect(overview.total.done).toBeGreaterThan(0)
    const item = await run('hs_admin', (ctx) => obligationItem(ctx, 14))
    const figure = item.derived!.figures.find((f) => f.label.endsWith('按期排查'))!
    expect(figure).toMatchObject({ value: `${overview.total.done} / ${overview.total.due}`, bad: true })
    expect(item.derived!.explanation).toContain(`${overview.total.missed} 期隐患排查逾期未做`)
    const home = await run('hs_admin', (ctx) => homeOverview(ctx))
    expect(home.actions).toContainEqual({
      text: `本季度 ${overview.total.missed} 期隐患排查逾期未做`,
      href: '/enterprise/checks',
      urgency: 1,
    })
  })
})

describe('the plans page and the 排查清单 are tables paged, sorted and filtered in SQL', () => {
  const overview = (params: Record<string, string>) => run('hs_admin', (ctx) => plansOverview(ctx, planListSchema.parse(params)))
  const items = (params: Record<string, string>) => run('hs_admin', (ctx) => checkListTable(ctx, checkItemListSchema.parse(params)))

  it('each plan’s quarter figures are those its periods and checks make (scheduleOf over periodsBetween)', async () => {
    const all = await overview({ size: '100' })
    expect(all.page.rows.length).toBeGreaterThan(0)
    const quarter = quarterWindow(today())
    for (const p of all.page.rows) {
      const keys = await t.db
        .selectFrom('checks')
        .select('period_key')
        .where('enterprise_id', '=', hs())
        .where('plan_id', '=', p.id)
        .execute()
      const schedule = { frequency: p.frequency, shifts: p.shifts, startOn: p.startOn, endOn: p.endOn }
      const expected = scheduleOf(periodsBetween(schedule, quarter.start, today()), new Set(keys.map((k) => k.period_key)), today())
      expect({ name: p.name, ...p.quarter }).toEqual({ name: p.name, ...expected })
    }
    const sum = all.page.rows.reduce((a, p) => a + p.quarter.missed, 0)
    expect(all.total.missed).toBe(sum)
  })

  it('page 2 holds the 11th plan; a sort, the post, kind and overdue filters are counted right', async () => {
    for (let n = 1; n <= 12; n++) await newPlan(`分页计划${String(n).padStart(2, '0')}`, 1)
    const p1 = await overview({ q: '分页计划', size: '10' })
    expect(p1.page.total).toBe(12)
    expect(p1.page.rows.map((p) => p.name)).toEqual(Array.from({ length: 10 }, (_, i) => `分页计划${String(i + 1).padStart(2, '0')}`))
    const p2 = await overview({ q: '分页计划', size: '10', page: '2' })
    expect(p2.page.rows.map((p) => p.name)).toEqual(['分页计划11', '分页计划12'])
    expect(p2.plans).toBe(p1.plans)
    expect((await overview({ q: '分页计划', size: '10', dir: 'desc' })).page.rows[0]!.name).toBe('分页计划12')
    // each new plan has its one item, and no check yet
    expect(p2.page.rows[0]).toMatchObject({ items: 1, quarter: { done: 0 } })

    const all = await overview({ size: '100' })
    const operators = await postId(OPERATOR)
    const byPost = await overview({ size: '100', post: operators })
    expect(byPost.page.total).toBe(all.page.rows.filter((p) => p.postId === operators).length)
    expect(byPost.page.rows.every((p) => p.postId === operators)).toBe(true)
    const daily = await overview({ size: '100', kind: 'daily' })
    expect(daily.page.total).toBe(all.page.rows.filter((p) => p.kind === 'daily').length)
    const overdue = await overview({ size: '100', state: 'overdue', sort: 'missed' })
    const missed = all.page.rows.filter((p) => p.quarter.missed > 0)
    expect(overdue.page.total).toBe(missed.length)
    expect(overdue.page.total).toBeGreaterThan(0)
    expect(overdue.page.rows.map((p) => p.quarter.missed)).toEqual(missed.map((p) => p.quarter.missed).sort((a, b) => b - a))
    const open = await overview({ size: '100', state: 'today' })
    expect(open.page.total).toBe(all.page.rows.filter((p) => p.quarter.open > 0).length)
  })

  it('the 排查清单: page 2 holds the 11th item of the derived list; filters count in SQL', async () => {
    const list = await run('hs_admin', (ctx) => checkList(ctx))
    const first = await items({ size: '10' })
    expect(first.page.total).toBe(list.length)
    expect(first.page.rows).toEqual(list.slice(0, 10))
    const second = await items({ size: '10', page: '2' })
    expect(second.page.rows[0]).toEqual(list[10])
    const major = await items({ level: 'major', size: '100' })
    expect(major.page.total).toBe(list.filter((i) => i.level === 'major').length)
    expect(major.page.total).toBeGreaterThan(0)
    const ppe = await items({ kind: 'ppe', size: '100' })
    expect(ppe.page.rows.map((i) => `${i.riskId}:${i.measureKind}`)).toEqual(
      list.filter((i) => i.measureKind === 'ppe').map((i) => `${i.riskId}:${i.measureKind}`),
    )
    const operators = await postId(OPERATOR)
    expect((await items({ post: operators, size: '100' })).page.total).toBe(list.filter((i) => i.postId === operators).length)
    expect(first.posts.map((p) => p.id)).toContain(operators)
    const search = await items({ q: '联锁', size: '100' })
    expect(search.page.total).toBeGreaterThan(0)
    expect(search.page.rows.every((i) => `${i.hazardSource}${i.pointName}${i.unitName}${i.content}`.includes('联锁'))).toBe(true)
    const byLevel = await items({ sort: 'level', size: '100' })
    const rank = { major: 0, serious: 1, general: 2, low: 3 }
    const ranks = byLevel.page.rows.map((i) => rank[i.level])
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    // a worker does not read the list
    expect(failure(await run(SUNPENG, (ctx) => checkListTable(ctx, checkItemListSchema.parse({}))).catch((e) => e))).toBe(403)
  })
})
