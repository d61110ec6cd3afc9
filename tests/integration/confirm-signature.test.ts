import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, withActor } from '../../app/db.server'
import { runSelfCheck } from '../../app/modules/obligations/obligations.server'
import { draftReport } from '../../app/modules/reports/reports.server'
import { parseInspectionForm } from '../../app/modules/supervision/forms'
import { recordInspection } from '../../app/modules/supervision/supervision.server'
import { startDraft, submitDraft } from '../../app/modules/duties/duties.server'
import { action as postAction } from '../../app/routes/enterprise.posts.$postId._index'
import { action as reportAction } from '../../app/routes/enterprise.reports.$id'
import { action as selfCheckAction } from '../../app/routes/enterprise.self-checks.$id._index'
import { action as inspectionAction } from '../../app/routes/enterprise.supervision.inspections.$id'
import { actorOf, stepHolder } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, post, run, statusOf } from './requests'

// Issue 13 #14: a signature that goes to regulators or cannot be undone takes a second, confirming
// step. The first click only opens the confirm panel (a GET); a post without confirm=1 signs nothing.

let t: TestDatabase
let head: string
const client = { ip: '127.0.0.1', userAgent: 'vitest' }

beforeAll(async () => {
  t = await createTestDatabase()
  head = await cookieFor(t.db, 'hs_head')
})
afterAll(() => t.destroy())

async function inspection(): Promise<string> {
  const yjj = await actorOf(t.db, 'jz_yjj')
  const admin = await actorOf(t.db, 'hs_admin')
  const form = parseInspectionForm({
    inspectedAt: '2026-11-30T10:00',
    place: '华晟化工厂区',
    inspectors: '王建国、李明',
    content: '全员安全生产责任制落实情况',
    problems: '未发现问题',
    handling: '无',
  })
  if (!form.ok) throw new Error(JSON.stringify(form.fieldErrors))
  const hs = (admin as { enterpriseId: string }).enterpriseId
  const r = await withActor(yjj, client, (ctx) => recordInspection(ctx, hs, form.inspection, form.items))
  if (!r.ok) throw new Error('inspection')
  return r.inspectionId
}

describe('no signature in one click', () => {
  it('status report: a post without confirm=1 publishes nothing; with it, published and timed', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const id = await draftReport(contextFor(t.db, admin, client))
    const res = await run(reportAction, post(`/enterprise/reports/${id}`, {}, head), { id })
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).message).toBe('请先核对将要签字的内容，再点击确认签字')
    const row = () => t.db.selectFrom('status_reports').select(['published_at', 'signed_by']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(await row()).toEqual({ published_at: null, signed_by: null })
    expect(statusOf(await run(reportAction, post(`/enterprise/reports/${id}`, { confirm: '1' }, head), { id }))).toBe(302)
    expect((await row()).published_at).toBeInstanceOf(Date)
  })

  it('自查: a post without confirm=1 signs nothing', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const id = await runSelfCheck(contextFor(t.db, admin, client))
    expect(statusOf(await run(selfCheckAction, post(`/enterprise/self-checks/${id}`, { confirm: '0' }, head), { id }))).toBe(400)
    const row = () => t.db.selectFrom('self_checks').select(['signed_at']).where('id', '=', id).executeTakeFirstOrThrow()
    expect((await row()).signed_at).toBeNull()
    expect(statusOf(await run(selfCheckAction, post(`/enterprise/self-checks/${id}`, { confirm: '1' }, head), { id }))).toBe(302)
    expect((await row()).signed_at).toBeInstanceOf(Date)
  })

  it('inspection record: a post without confirm=1 signs nothing', async () => {
    const id = await inspection()
    expect(statusOf(await run(inspectionAction, post(`/enterprise/supervision/inspections/${id}`, {}, head), { id }))).toBe(400)
    const row = () => t.db.selectFrom('inspections').select(['head_signed_at']).where('id', '=', id).executeTakeFirstOrThrow()
    expect((await row()).head_signed_at).toBeNull()
    expect(statusOf(await run(inspectionAction, post(`/enterprise/supervision/inspections/${id}`, { confirm: '1' }, head), { id }))).toBe(
      302,
    )
    expect((await row()).head_signed_at).toBeInstanceOf(Date)
  })

  it('a duty-list approval: a post without confirm=1 approves nothing', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const hs = (admin as { enterpriseId: string }).enterpriseId
    const postId = (
      await t.db
        .selectFrom('posts')
        .select('id')
        .where('enterprise_id', '=', hs)
        .where('name', '=', '危化品装卸工')
        .executeTakeFirstOrThrow()
    ).id
    const draft = await startDraft(contextFor(t.db, admin, client), postId)
    if (!draft.ok) throw new Error(draft.message)
    expect((await submitDraft(contextFor(t.db, admin, client), draft.versionId)).ok).toBe(true)
    const cookie = await cookieFor(t.db, await stepHolder(t.db, draft.versionId))
    const approvals = async () =>
      Number(
        (
          await t.db
            .selectFrom('duty_list_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('version_id', '=', draft.versionId)
            .where('action', '=', 'approve')
            .executeTakeFirstOrThrow()
        ).n,
      )
    const res = await run(postAction, post(`/enterprise/posts/${postId}`, { intent: 'approve', versionId: draft.versionId }, cookie), {
      postId,
    })
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).message).toBe('请先核对将要签字的内容，再点击确认签字')
    expect(await approvals()).toBe(0)
    const ok = await run(
      postAction,
      post(`/enterprise/posts/${postId}`, { intent: 'approve', versionId: draft.versionId, confirm: '1' }, cookie),
      { postId },
    )
    expect(statusOf(ok)).toBe(302)
    expect(await approvals()).toBe(1)
  })
})
