import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, type RequestContext } from '../../app/db.server'
import {
  acceptProposals,
  addCorrection,
  addEntry,
  assessmentOverview,
  dutyLogMonth,
  dutyLogOf,
  getAssessment,
  recordAssessment,
  removeEntry,
  signAssessmentSeen,
  signMonth,
} from '../../app/modules/dutylogs/dutylogs.server'
import { monthOf, previousPeriod } from '../../app/modules/dutylogs/rules'
import { homeOverview, obligationItem } from '../../app/modules/obligations/obligations.server'
import { draftReport } from '../../app/modules/reports/reports.server'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'

// 履职记录 and 责任制考核 (《安全生产法》第二十二条) against a real database: a signed month is frozen for
// the app and for SQL as the app's role, a correction appends, the assessor is the next step up the
// approval chain, nobody outside the chain sees or assesses, and item 1 of the 二十条 counts the 考核.

let t: TestDatabase
const client = { ip: '127.0.0.1', userAgent: 'vitest' }

async function as<T>(who: string, work: (ctx: RequestContext) => Promise<T>, now?: Date): Promise<T> {
  const actor = await actorOf(t.db, who)
  // as withActor runs a request: one transaction, tagged with the acting user (the signer triggers read it)
  return t.db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${actor.userId}, true)`.execute(trx)
    return work(contextFor(trx, actor, client, now))
  })
}

const today = () => todayInShanghai()
const LOADER = '19834561277' // 韩小军, 危化品装卸工 in 储运车间
const OTHER_WORKER = '17735418902' // 孙鹏, 化工操作工（加氢）

async function employeeIdOf(who: string): Promise<string> {
  const actor = await actorOf(t.db, who)
  if (actor.kind !== 'enterprise' || !actor.employeeId) throw new Error(who)
  return actor.employeeId
}

async function postIdOf(name: string): Promise<string> {
  return (await t.db.selectFrom('posts').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id
}

beforeAll(async () => {
  t = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  await t?.destroy()
})

describe('履职记录: proposed, completed by hand, signed and frozen', () => {
  const month = () => monthOf(today())
  it('proposes the approvals the person signed this month, adds them and a hand-typed entry', async () => {
    // 安全环保部部长 (张丽萍) approves the 专职安全员's list first: that is her approval this month
    await publishList(t.db, '专职安全员')
    const me = await employeeIdOf('hs_safety_head')
    const sheet = await as('hs_safety_head', (ctx) => dutyLogMonth(ctx, me, month()))
    expect(sheet.canEdit).toBe(true)
    const approval = sheet.proposals.find((p) => p.source.startsWith('approval:'))
    expect(approval?.content).toMatch(/审批签字「专职安全员」安全生产责任清单/)
    // the posted keys choose; a forged key is ignored, the content comes from the records
    const added = await as('hs_safety_head', (ctx) => acceptProposals(ctx, month(), [approval!.source, 'approval:forged']))
    expect(added).toEqual({ ok: true, added: 1 })
    const again = await as('hs_safety_head', (ctx) => acceptProposals(ctx, month(), [approval!.source]))
    expect(again.ok).toBe(false)
    const typed = await as('hs_safety_head', (ctx) =>
      addEntry(ctx, month(), { occurredOn: `${month()}-02`, content: '到储运车间检查甲醇装卸作业', participants: '刘晓东', remark: '' }),
    )
    expect(typed.ok).toBe(true)
    const outside = await as('hs_safety_head', (ctx) =>
      addEntry(ctx, month(), { occurredOn: '2020-01-02', content: '不属于本月的记录', participants: '', remark: '' }),
    )
    expect(outside).toMatchObject({ ok: false, fieldErrors: { occurredOn: expect.stringMatching(/本月/) } })
  })

  it('only the person keeps their own log: another head cannot write or sign it', async () => {
    const me = await employeeIdOf('hs_safety_head')
    const seen = await as('hs_vp_safety', (ctx) => dutyLogMonth(ctx, me, month()))
    expect(seen.entries.length).toBe(2)
    expect(seen.canEdit).toBe(false)
    expect(seen.canSign).toBe(false)
  })

  it('a worker without a tier 1–4 or safety post keeps none', async () => {
    await expect(
      as(LOADER, (ctx) =>
        addEntry(ctx, month(), { occurredOn: `${month()}-02`, content: '到仓库检查消防器材', participants: '', remark: '' }),
      ),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('once signed, the app refuses every change and the database refuses it to the app’s role', async () => {
    const me = await employeeIdOf('hs_safety_head')
    expect((await as('hs_safety_head', (ctx) => signMonth(ctx, month()))).ok).toBe(true)
    expect((await as('hs_safety_head', (ctx) => signMonth(ctx, month()))).ok).toBe(false)
    const sheet = await as('hs_safety_head', (ctx) => dutyLogMonth(ctx, me, month()))
    expect(sheet.signed?.name).toBeTruthy()
    expect(sheet.canEdit).toBe(false)
    const refused = await as('hs_safety_head', (ctx) =>
      addEntry(ctx, month(), { occurredOn: `${month()}-03`, content: '签字后补记的一条', participants: '', remark: '' }),
    )
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/已签字/) })
    expect((await as('hs_safety_head', (ctx) => removeEntry(ctx, month(), sheet.entries[0]!.id))).ok).toBe(false)

    // SQL as the app's role (on PostgreSQL anzetong_app; on PGlite the triggers alone): nothing moves
    const entryId = sheet.entries[0]!.id
    await expect(sql`update duty_log_entries set content = '改写' where id = ${entryId}`.execute(t.db)).rejects.toThrow()
    await expect(sql`delete from duty_log_entries where id = ${entryId}`.execute(t.db)).rejects.toThrow()
    await expect(sql`update duty_log_months set signed_at = null where employee_id = ${me}`.execute(t.db)).rejects.toThrow()
    await expect(sql`delete from duty_log_months where employee_id = ${me}`.execute(t.db)).rejects.toThrow()
    const m = await t.db
      .selectFrom('duty_log_months')
      .select(['id', 'enterprise_id'])
      .where('employee_id', '=', me)
      .executeTakeFirstOrThrow()
    await expect(
      sql`insert into duty_log_entries (enterprise_id, month_id, occurred_on, content, created_by, created_at)
          values (${m.enterprise_id}, ${m.id}, ${`${month()}-04`}, '偷偷加的', ${me}, now())`.execute(t.db),
    ).rejects.toThrow()
    const after = await as('hs_safety_head', (ctx) => dutyLogMonth(ctx, me, month()))
    expect(after.entries.map((e) => e.content)).toEqual(sheet.entries.map((e) => e.content))
  })

  it('a correction is appended and signed again; the month itself is unchanged, and the correction then frozen', async () => {
    const me = await employeeIdOf('hs_safety_head')
    const before = await as('hs_safety_head', (ctx) => dutyLogMonth(ctx, me, month()))
    const r = await as('hs_safety_head', (ctx) => addCorrection(ctx, month(), '补记：本月20日参加公司安委会会议'))
    expect(r.ok).toBe(true)
    const after = await as('hs_safety_head', (ctx) => dutyLogMonth(ctx, me, month()))
    expect(after.entries).toEqual(before.entries)
    expect(after.signed).toEqual(before.signed)
    expect(after.corrections).toHaveLength(1)
    expect(after.corrections[0]).toMatchObject({ content: '补记：本月20日参加公司安委会会议', signed_name: expect.any(String) })
    expect(after.corrections[0]!.signed_at).toBeTruthy()
    const id = after.corrections[0]!.id
    await expect(sql`update duty_log_corrections set content = '改写' where id = ${id}`.execute(t.db)).rejects.toThrow()
    await expect(sql`delete from duty_log_corrections where id = ${id}`.execute(t.db)).rejects.toThrow()
  })

  it('twenty simultaneous signatures of one month sign it once', async () => {
    const m = month()
    const r = await as('hs_vp_safety', (ctx) =>
      addEntry(ctx, m, { occurredOn: `${m}-05`, content: '到加氢工段检查动火作业票证', participants: '杨国庆', remark: '' }),
    )
    expect(r.ok).toBe(true)
    const results = await Promise.all(Array.from({ length: 20 }, () => as('hs_vp_safety', (ctx) => signMonth(ctx, m))))
    expect(results.filter((x) => x.ok)).toHaveLength(1)
  })

  it('months due and unsigned are on the enterprise home’s 下一步', async () => {
    const o = await as('hs_admin', (ctx) => homeOverview(ctx))
    const action = o.actions.find((a) => /个月的履职记录未签字/.test(a.text))
    expect(action?.href).toBe('/enterprise/duty-logs')
  })

  it('is seen by the person, the admin and superiors in the chain; anyone else gets a 404', async () => {
    const zhang = await employeeIdOf('hs_safety_head')
    for (const who of ['hs_safety_head', 'hs_admin', 'hs_vp_safety', 'hs_head']) {
      const d = await as(who, (ctx) => dutyLogOf(ctx, zhang))
      expect(d.person.name).toBe('张丽萍')
      expect(d.months.some((m) => m.state === 'signed')).toBe(true)
    }
    for (const who of ['hs_hydro', 'hs_vp_prod', 'hs_storage', OTHER_WORKER]) {
      await expect(as(who, (ctx) => dutyLogOf(ctx, zhang))).rejects.toMatchObject({ status: 404 })
      await expect(as(who, (ctx) => dutyLogMonth(ctx, zhang, month()))).rejects.toMatchObject({ status: 404 })
    }
    // another enterprise's admin: the person does not exist for them
    await expect(as('jj_admin', (ctx) => dutyLogOf(ctx, zhang))).rejects.toMatchObject({ status: 404 })
  })
})

describe('责任制考核', () => {
  // a clock of its own: the demo has assessed 2026 Q3 already, so the quarter under assessment is one it has not
  const NOW = new Date('2027-04-10T10:00:00+08:00')
  it('the assessor is the next step up the approval chain, for each tier', async () => {
    for (const name of ['危化品装卸工', '储运车间主任', '分管生产技术副总经理', '总经理']) await publishList(t.db, name)
    const o = await as('hs_admin', (ctx) => assessmentOverview(ctx))
    const assessorOf = (post: string) => o.people.find((p) => p.postName === post)?.assessor
    expect(assessorOf('危化品装卸工')).toBe('储运车间主任（部门负责人）')
    expect(assessorOf('储运车间主任')).toBe('分管生产技术副总经理（分管负责人）')
    expect(assessorOf('分管生产技术副总经理')).toBe('总经理（主要负责人）')
    expect(assessorOf('总经理')).toBe('董事会')
    // the worker's own list: only their superiors and the admin list them
    const hydro = await as('hs_hydro', (ctx) => assessmentOverview(ctx))
    expect(hydro.people.some((p) => p.postName === '危化品装卸工')).toBe(false)
    const storage = await as('hs_storage', (ctx) => assessmentOverview(ctx))
    expect(storage.people.find((p) => p.postName === '危化品装卸工')?.mayAssess).toBe(true)
  })

  it('someone outside the chain is refused; the 部门负责人 records it once; item 1 changes', async () => {
    const worker = await employeeIdOf(LOADER)
    const post = await postIdOf('危化品装卸工')
    const period = previousPeriod('quarter', '2027-04-10')
    const figureOf = async () =>
      (await as('hs_admin', (ctx) => obligationItem(ctx, 1), NOW)).derived!.figures.find((f) => f.label.endsWith('责任制考核'))!
    const before = await figureOf()
    // the demo assessed its managers; the front-line posts are still due
    expect(before.value).toMatch(/^\d+ \/ \d+/)
    const input = { period: period.key, scores: [] as number[], result: '合格' as const, comment: '履职基本到位', followUp: '' }
    const items = await t.db
      .selectFrom('duty_items as i')
      .innerJoin('duty_list_versions as v', 'v.id', 'i.version_id')
      .select('i.id')
      .where('v.post_id', '=', post)
      .where('v.status', '=', 'published')
      .execute()
    input.scores = items.map(() => 80)
    // another unit's head, the admin, the worker themself: refused (403), nothing written
    for (const who of ['hs_hydro', 'hs_admin']) {
      await expect(as(who, (ctx) => recordAssessment(ctx, worker, post, input), NOW)).rejects.toMatchObject({
        status: who === 'hs_hydro' ? 404 : 403,
      })
    }
    await expect(as(LOADER, (ctx) => recordAssessment(ctx, worker, post, input), NOW)).rejects.toMatchObject({ status: 403 })
    // 不合格 needs a follow-up; the current, unfinished period is refused
    const current = await as('hs_storage', (ctx) => recordAssessment(ctx, worker, post, { ...input, period: '2027-Q2' }), NOW)
    expect(current.ok).toBe(false)
    const r = await as('hs_storage', (ctx) => recordAssessment(ctx, worker, post, input), NOW)
    expect(r.ok).toBe(true)
    const twice = await as('hs_storage', (ctx) => recordAssessment(ctx, worker, post, input), NOW)
    expect(twice).toMatchObject({ ok: false, message: expect.stringMatching(/已登记/) })
    const after = await figureOf()
    expect(Number(after.value.split(' / ')[0])).toBe(Number(before.value.split(' / ')[0]) + 1)
  })

  it('the 主要负责人 is assessed as the enterprise names it: the 董事会 (entered by the admin) or a self-assessment', async () => {
    const scoresOf = async (enterpriseAdmin: string, postId: string) => {
      const actor = await actorOf(t.db, enterpriseAdmin)
      if (actor.kind !== 'enterprise') throw new Error(enterpriseAdmin)
      const items = await t.db
        .selectFrom('duty_items as i')
        .innerJoin('duty_list_versions as v', (j) => j.onRef('v.enterprise_id', '=', 'i.enterprise_id').onRef('v.id', '=', 'i.version_id'))
        .select('i.id')
        .where('v.enterprise_id', '=', actor.enterpriseId)
        .where('v.post_id', '=', postId)
        .where('v.status', '=', 'published')
        .execute()
      return items.map(() => 85)
    }
    for (const [admin, head, label, recorder, refused] of [
      ['hs_admin', 'hs_head', '董事会', 'hs_admin', 'hs_head'],
      ['td_admin', 'td_head', '本人自评', 'td_head', 'td_admin'],
    ] as const) {
      const me = await employeeIdOf(head)
      const row = (await as(admin, (ctx) => assessmentOverview(ctx), NOW)).people.find(
        (p) => p.employeeId === me && p.postName === '总经理',
      )!
      expect(row.assessor, head).toBe(label)
      const period = row.assessment ? null : previousPeriod(head === 'td_head' ? 'month' : 'quarter', '2027-04-10')
      const input = {
        period: period!.key,
        scores: await scoresOf(admin, row.postId),
        result: '合格' as const,
        comment: '年度目标完成',
        followUp: '',
      }
      await expect(as(refused, (ctx) => recordAssessment(ctx, me, row.postId, input), NOW)).rejects.toMatchObject({ status: 403 })
      const r = await as(recorder, (ctx) => recordAssessment(ctx, me, row.postId, input), NOW)
      expect(r.ok, head).toBe(true)
      const a = await t.db
        .selectFrom('assessments')
        .select(['assessor_kind', 'assessor_name'])
        .where('employee_id', '=', me)
        .where('period_key', '=', period!.key)
        .executeTakeFirstOrThrow()
      expect(a.assessor_kind).toBe(head === 'td_head' ? 'self' : 'board')
    }
  })

  it('the worker signs having seen it, once under twenty simultaneous posts; then it is frozen', async () => {
    const worker = await employeeIdOf(LOADER)
    // the one just recorded (the demo's earlier quarters are already signed as seen)
    const a = await t.db
      .selectFrom('assessments')
      .select('id')
      .where('employee_id', '=', worker)
      .where('period_key', '=', previousPeriod('quarter', '2027-04-10').key)
      .executeTakeFirstOrThrow()
    // a colleague neither reads nor signs it
    await expect(as(OTHER_WORKER, (ctx) => getAssessment(ctx, a.id))).rejects.toMatchObject({ status: 404 })
    await expect(as(OTHER_WORKER, (ctx) => signAssessmentSeen(ctx, a.id))).rejects.toMatchObject({ status: 404 })
    const mine = await as(LOADER, (ctx) => getAssessment(ctx, a.id))
    expect(mine.canSignSeen).toBe(true)
    expect(mine.scores.length).toBeGreaterThan(0)
    const results = await Promise.all(Array.from({ length: 20 }, () => as(LOADER, (ctx) => signAssessmentSeen(ctx, a.id))))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const seen = await as(LOADER, (ctx) => getAssessment(ctx, a.id))
    expect(seen.seenAt).toBeTruthy()
    expect(seen.canSignSeen).toBe(false)
    await expect(sql`update assessments set result = '优秀' where id = ${a.id}`.execute(t.db)).rejects.toThrow()
    await expect(sql`update assessments set seen_at = null where id = ${a.id}`.execute(t.db)).rejects.toThrow()
    await expect(sql`update assessment_scores set score = 100 where assessment_id = ${a.id}`.execute(t.db)).rejects.toThrow()
  })

  it('the status report carries the 考核 figures, never a person or a score', async () => {
    const id = await as('hs_admin', (ctx) => draftReport(ctx), NOW)
    const r = await t.db.selectFrom('status_reports').select('snapshot').where('id', '=', id).executeTakeFirstOrThrow()
    expect(r.snapshot.figures?.assessmentsDone).toBeGreaterThanOrEqual(1)
    expect(r.snapshot.figures?.assessmentsDue).toBeGreaterThanOrEqual(r.snapshot.figures!.assessmentsDone!)
    expect(r.snapshot.areas.find((a) => a.name === '责任制')?.note).toMatch(/考核 \d+ \/ \d+/)
    const text = JSON.stringify(r.snapshot)
    expect(text).not.toMatch(/韩小军|履职基本到位/)
  })
})
