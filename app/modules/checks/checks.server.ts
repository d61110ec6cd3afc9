import { addDays, daysBetween } from '../../utils/calendar'
import { sql, type Kysely } from 'kysely'
import type { CheckDraftAnswer, CheckFrequencyCode, Database } from '../../../db/types'
import { CHECK_FREQUENCIES, CHECK_KINDS, type CheckFrequency } from '../../../seeds/hazard-checks'
import type { RequestContext } from '../../db.server'
import { todayInShanghai } from '../../utils/dates'
import { fieldErrorsOf, type FieldErrors } from '../../utils/form'
import { forbidden, notFound } from '../../utils/http'
import type { Failure } from '../../utils/result'
import { recordAudit } from '../audit/audit.server'
import type { Actor } from '../auth/actor'
import { attachEvidence, evidenceFilesOf, evidenceOf, type UploadedFile } from '../evidence/evidence.server'
import { checkHazardPhotos, recordHazardFromCheck } from '../hazards/hazards.server'
import { checkListPage, derivedCheckList, type CheckListItem } from '../hazards/risks.server'
import type { CheckItemListQuery } from '../hazards/schema'
import { postsHeldBy } from '../org/org.server'
import { canChangeSchedule, canDoCheck, canManagePlans, canReviewChecks } from './policy'
import {
  currentPeriods,
  frequencyName,
  itemKey,
  kindName,
  periodFromKey,
  periodsBetween,
  periodState,
  quarterWindow,
  type PlanSchedule,
  type Schedule,
} from './rules'
import { answersOf, checkDraftSchema, checkSignSchema, chosenItems, planSchema, type PlanListQuery } from './schema'
import { containsPattern, type Page } from '../../utils/table-params'

// 隐患排查: plans drawn from the register's 管控措施 (the derived 排查清单), assigned to a post, recurring
// by frequency; the people holding the post do each period's check on a phone, item by item 正常 /
// 隐患, and sign it. Every 隐患 becomes a hazard record (source 排查任务) through the hazards module, in
// the same transaction. A check is evidence: once per plan, period and checker (unique, under the
// plan's row lock), never changed (triggers, privileges). Periods are computed, not stored: a missed
// period is one the clock has passed with no check (rules.ts).

type DB = Kysely<Database>

/** A draft's photos, until the check is signed and they go to the hazards found. */
const CHECK_DRAFT_PHOTOS = 'check-draft' as const
/** Photos one draft may gather per item over its re-saves (three per save, saved up to three times). */
const DRAFT_PHOTOS_PER_ITEM = 9

/** A plan holds at most this many items: the check is done on a phone, one screen per item group. */
export const MAX_PLAN_ITEMS = 30
/** How many recent periods the plans page shows per plan. */
const RECENT_PERIODS = 8
/** The most days one period of each frequency spans. */
const PERIOD_DAYS: Record<CheckFrequency, number> = { shift: 1, daily: 1, weekly: 7, monthly: 31, quarterly: 92, yearly: 366 }

function enterpriseOf(actor: Actor): string {
  if (actor.kind !== 'enterprise') throw notFound()
  return actor.enterpriseId
}

function staffEnterprise(actor: Actor): string {
  const enterpriseId = enterpriseOf(actor)
  const may = canReviewChecks(actor.role)
  if (!may.ok) throw forbidden(may.message)
  return enterpriseId
}

function adminEnterprise(actor: Actor): string {
  const enterpriseId = enterpriseOf(actor)
  const may = canManagePlans(actor.role)
  if (!may.ok) throw forbidden(may.message)
  return enterpriseId
}

type PlanRow = Awaited<ReturnType<typeof planRows>>[number]

function planRows(db: DB, enterpriseId: string) {
  return db
    .selectFrom('check_plans as c')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'c.enterprise_id').onRef('p.id', '=', 'c.post_id'))
    .where('c.enterprise_id', '=', enterpriseId)
    .select(['c.id', 'c.name', 'c.kind', 'c.frequency', 'c.shifts', 'c.post_id', 'c.start_on', 'c.end_on', 'p.name as post_name'])
    .orderBy('c.name')
    .execute()
}

const scheduleOfRow = (p: PlanRow): PlanSchedule => ({
  frequency: p.frequency as CheckFrequency,
  shifts: p.shifts,
  startOn: p.start_on,
  endOn: p.end_on,
})

function planView(p: PlanRow) {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    kindName: kindName(p.kind),
    frequency: p.frequency,
    frequencyName: frequencyName(p.frequency as CheckFrequency, p.shifts),
    shifts: p.shifts,
    postId: p.post_id,
    postName: p.post_name,
    startOn: p.start_on,
    endOn: p.end_on,
  }
}

/** A plan's items as the register reads now: an item whose measure was removed from the risk is gone. */
async function planItems(db: DB, enterpriseId: string, planIds: string[], list?: CheckListItem[]) {
  if (!planIds.length) return new Map<string, CheckListItem[]>()
  const [rows, all] = await Promise.all([
    db
      .selectFrom('check_plan_items')
      .select(['plan_id', 'risk_id', 'measure_kind'])
      .where('enterprise_id', '=', enterpriseId)
      .where('plan_id', 'in', planIds)
      .execute(),
    list ? Promise.resolve(list) : derivedCheckList(db, enterpriseId),
  ])
  const byPlan = new Map<string, Set<string>>()
  for (const r of rows) {
    if (!byPlan.has(r.plan_id)) byPlan.set(r.plan_id, new Set())
    byPlan.get(r.plan_id)!.add(itemKey(r.risk_id, r.measure_kind))
  }
  return new Map(planIds.map((id) => [id, all.filter((i) => byPlan.get(id)?.has(itemKey(i.riskId, i.measureKind)))]))
}

/** What a draft's answer was given for: the item's risk, measure kind and wording as the list had them. */
function answeredItem(i: CheckListItem): string {
  return `${itemKey(i.riskId, i.measureKind)}:${i.content}`
}

/** A draft answers this list only if it answers each of its items, in order, as they read now. */
function draftAnswers(answers: CheckDraftAnswer[], items: CheckListItem[]): boolean {
  return items.length > 0 && answers.length === items.length && answers.every((a, n) => a.item === answeredItem(items[n]!))
}

/** Done period keys per plan since a day (anyone holding the post filled them). */
async function donePeriods(db: DB, enterpriseId: string, planIds: string[], since: string) {
  const done = new Map<string, Set<string>>()
  if (!planIds.length) return done
  const rows = await db
    .selectFrom('checks')
    .select(['plan_id', 'period_key'])
    .distinct()
    .where('enterprise_id', '=', enterpriseId)
    .where('plan_id', 'in', planIds)
    .where('period_end', '>=', since)
    .execute()
  for (const r of rows) {
    if (!done.has(r.plan_id)) done.set(r.plan_id, new Set())
    done.get(r.plan_id)!.add(r.period_key)
  }
  return done
}

// ---- the enterprise side -----------------------------------------------------------------------

/** The derived 排查清单, grouped by unit and risk point, for the page and the plan form. */
export async function checkList(ctx: RequestContext) {
  const enterpriseId = staffEnterprise(ctx.actor)
  return derivedCheckList(ctx.db, enterpriseId)
}

/** The derived 排查清单 as a table, paged in SQL (the page of 排查清单). */
export async function checkListTable(ctx: RequestContext, query: CheckItemListQuery) {
  const enterpriseId = staffEnterprise(ctx.actor)
  return checkListPage(ctx.db, enterpriseId, query)
}

/**
 * Each plan's figures of this quarter (item 14 and the plans page): the periods fallen due, done, missed,
 * and those open today. The done periods are counted in SQL (one aggregate over the quarter's checks, no
 * keys shipped); the periods a plan owes are counted from its schedule — by arithmetic for 每班/每日, by
 * walking the at most 14 periods of the others. Same figures as `scheduleOf(periodsBetween(…))`: a check
 * fills its plan's period (the schedule cannot change once a plan has checks), a period counts when it
 * overlaps the quarter so far and the plan's active span.
 */
async function quarterFigures(db: DB, enterpriseId: string, today: string) {
  const quarter = quarterWindow(today)
  const first = sql`greatest(${quarter.start}::date, c.start_on)`
  const last = sql`least(${today}::date, coalesce(c.end_on, ${today}::date))`
  const [plans, done] = await Promise.all([
    db
      .selectFrom('check_plans')
      .select(['id', 'frequency', 'shifts', 'start_on', 'end_on'])
      .where('enterprise_id', '=', enterpriseId)
      .execute(),
    db
      .selectFrom('checks as k')
      .innerJoin('check_plans as c', (j) => j.onRef('c.enterprise_id', '=', 'k.enterprise_id').onRef('c.id', '=', 'k.plan_id'))
      .where('k.enterprise_id', '=', enterpriseId)
      // the quarter's checks (checks_period_end_idx's range), then each plan's active span
      .where('k.period_end', '>=', quarter.start)
      .where(sql<boolean>`k.period_end >= ${first}`)
      .where(sql<boolean>`k.period_start <= ${last}`)
      .select([
        'k.plan_id',
        sql<number>`count(distinct k.period_key) filter (where k.period_end < ${today}::date)::int`.as('passed'),
        sql<number>`count(distinct k.period_key) filter (where k.period_end >= ${today}::date)::int`.as('running'),
      ])
      .groupBy('k.plan_id')
      .execute(),
  ])
  const doneOf = new Map(done.map((d) => [d.plan_id, d]))
  return new Map(
    plans.map((p) => {
      const owed = owedPeriods(
        { frequency: p.frequency as CheckFrequency, shifts: p.shifts, startOn: p.start_on, endOn: p.end_on },
        quarter.start,
        today,
      )
      const d = doneOf.get(p.id) ?? { passed: 0, running: 0 }
      const figures: Schedule = {
        due: owed.passed + d.running,
        done: d.passed + d.running,
        missed: Math.max(0, owed.passed - d.passed),
        open: Math.max(0, owed.running - d.running),
      }
      return [p.id, figures]
    }),
  )
}

/** How many of a plan's periods overlapping [from, today] have passed, and how many run today. */
function owedPeriods(schedule: PlanSchedule, from: string, today: string): { passed: number; running: number } {
  const first = from > schedule.startOn ? from : schedule.startOn
  const last = schedule.endOn && schedule.endOn < today ? schedule.endOn : today
  if (first > last) return { passed: 0, running: 0 }
  if (schedule.frequency === 'daily' || schedule.frequency === 'shift') {
    const shifts = schedule.frequency === 'shift' ? Math.max(1, schedule.shifts) : 1
    const days = daysBetween(first, last) + 1
    const running = last === today ? 1 : 0
    return { passed: (days - running) * shifts, running: running * shifts }
  }
  const periods = periodsBetween(schedule, first, last)
  const running = periods.filter((p) => p.end >= today).length
  return { passed: periods.length - running, running }
}

/**
 * The plans page: this quarter's figures over all plans (the stats), and a table of plans filtered (name,
 * kind, post, overdue / open today / ended), sorted and paged in SQL — the overdue filter and sort read
 * the quarter's figures, handed to SQL as a table — with each page row's items, quarter and recent
 * periods (done / due / overdue) computed for the page's plans only.
 */
export async function plansOverview(ctx: RequestContext, query: PlanListQuery) {
  const { db, actor, now } = ctx
  const enterpriseId = staffEnterprise(actor)
  const today = todayInShanghai(now)
  const quarter = quarterWindow(today)
  const figures = await quarterFigures(db, enterpriseId, today)
  const ids = [...figures.keys()]
  // the quarter's figures handed to SQL: a plan's missed / open periods, looked up by its id
  const figureOf = (key: 'missed' | 'open') =>
    sql<number>`(${sql.val(ids.map((id) => figures.get(id)![key]))}::int[])[array_position(${sql.val(ids)}::uuid[], c.id)]`
  let base = db
    .selectFrom('check_plans as c')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'c.enterprise_id').onRef('p.id', '=', 'c.post_id'))
    .where('c.enterprise_id', '=', enterpriseId)
  if (query.q) base = base.where('c.name', 'like', containsPattern(query.q))
  if (query.kind) base = base.where('c.kind', '=', query.kind as never)
  if (query.post) base = base.where('c.post_id', '=', query.post)
  if (query.state === 'overdue') base = base.where(sql<boolean>`${figureOf('missed')} > 0`)
  if (query.state === 'today') base = base.where(sql<boolean>`${figureOf('open')} > 0`)
  if (query.state === 'ended') base = base.where('c.end_on', '<', today)
  const flip = query.dir === 'asc' ? 'desc' : 'asc'
  const order = {
    name: [[sql.ref('c.name'), query.dir]],
    post: [[sql.ref('p.name'), query.dir]],
    frequency: [[sql`array_position(${sql.val(CHECK_FREQUENCIES.map((f) => f.code as string))}::text[], c.frequency::text)`, query.dir]],
    missed: [[figureOf('missed'), flip]],
  } as const
  let paged = base.select([
    'c.id',
    'c.name',
    'c.kind',
    'c.frequency',
    'c.shifts',
    'c.post_id',
    'c.start_on',
    'c.end_on',
    'p.name as post_name',
  ])
  for (const [column, dir] of order[query.sort]) paged = paged.orderBy(column, dir)
  const [{ total: matching }, plans, posts] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
    paged
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(query.size)
      .offset((query.page - 1) * query.size)
      .execute(),
    // the posts with a plan: the post filter's choices
    db
      .selectFrom('posts as p')
      .where('p.enterprise_id', '=', enterpriseId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('check_plans as c')
            .select(sql.lit(1).as('one'))
            .whereRef('c.enterprise_id', '=', 'p.enterprise_id')
            .whereRef('c.post_id', '=', 'p.id'),
        ),
      )
      .select(['p.id', 'p.name'])
      .orderBy('p.name')
      .execute(),
  ])
  const pageIds = plans.map((p) => p.id)
  // each page plan's recent periods, walked from a day just before them rather than from the plan's start
  // (a daily plan a year old would otherwise walk 365 periods to show 8)
  const recentPeriods = new Map(
    plans.map((p) => {
      const from = addDays(today, -(RECENT_PERIODS + 1) * PERIOD_DAYS[p.frequency as CheckFrequency])
      return [p.id, periodsBetween(scheduleOfRow(p), from, today, RECENT_PERIODS * p.shifts)]
    }),
  )
  const since = plans.reduce((min, p) => {
    const from = recentPeriods.get(p.id)![0]?.start ?? today
    return from < min ? from : min
  }, today)
  const [done, items] = await Promise.all([donePeriods(db, enterpriseId, pageIds, since), planItemCounts(db, enterpriseId, pageIds)])
  const rows = plans.map((p) => {
    const keys = done.get(p.id) ?? new Set<string>()
    return {
      ...planView(p),
      items: items.get(p.id) ?? 0,
      quarter: figures.get(p.id)!,
      recent: recentPeriods.get(p.id)!.map((period) => ({ ...period, state: periodState(period, today, keys.has(period.key)) })),
      active: !p.end_on || p.end_on >= today,
    }
  })
  const total = { due: 0, done: 0, missed: 0, open: 0 }
  for (const f of figures.values()) {
    total.due += f.due
    total.done += f.done
    total.missed += f.missed
    total.open += f.open
  }
  const page: Page<(typeof rows)[number]> = { rows, total: matching, page: query.page, size: query.size }
  return {
    page,
    plans: ids.length,
    posts,
    total,
    quarterLabel: quarter.label,
    today,
    canManage: canManagePlans(actor.role).ok,
  }
}

/** How many items each plan has as the register reads now (an item whose measure was removed is gone). */
async function planItemCounts(db: DB, enterpriseId: string, planIds: string[]) {
  if (!planIds.length) return new Map<string, number>()
  const rows = await db
    .selectFrom('check_plan_items as i')
    .innerJoin('risks as r', (j) => j.onRef('r.enterprise_id', '=', 'i.enterprise_id').onRef('r.id', '=', 'i.risk_id'))
    .where('i.enterprise_id', '=', enterpriseId)
    .where('i.plan_id', 'in', planIds)
    .where(
      sql<boolean>`exists (select 1 from jsonb_array_elements(r.measures) m
        where m->>'kind' = i.measure_kind::text and coalesce(m->>'content', '') <> '')`,
    )
    .select(['i.plan_id', sql<number>`count(*)::int`.as('n')])
    .groupBy('i.plan_id')
    .execute()
  return new Map(rows.map((r) => [r.plan_id, r.n]))
}

/** The plan form: the posts, the derived list to choose from, and the plan as it is (editing). */
export async function planForm(ctx: RequestContext, planId: string | null) {
  const { db, actor } = ctx
  const enterpriseId = adminEnterprise(actor)
  const [posts, list] = await Promise.all([
    db.selectFrom('posts').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).orderBy('name').execute(),
    derivedCheckList(db, enterpriseId),
  ])
  let plan: (ReturnType<typeof planView> & { itemKeys: string[]; checks: number }) | null = null
  if (planId) {
    const row = (await planRows(db, enterpriseId)).find((p) => p.id === planId)
    if (!row) throw notFound()
    const [items, { n }] = await Promise.all([
      planItems(db, enterpriseId, [planId], list),
      db
        .selectFrom('checks')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('enterprise_id', '=', enterpriseId)
        .where('plan_id', '=', planId)
        .executeTakeFirstOrThrow(),
    ])
    plan = { ...planView(row), itemKeys: (items.get(planId) ?? []).map((i) => itemKey(i.riskId, i.measureKind)), checks: n }
  }
  return {
    posts,
    list,
    plan,
    kinds: CHECK_KINDS.map((k) => ({ code: k.code, name: k.name, note: k.note, usualFrequency: k.usualFrequency, source: k.source })),
    frequencies: CHECK_FREQUENCIES.map((f) => ({ code: f.code, name: f.name, period: f.period, source: f.source })),
  }
}

/** Creates a plan, or edits one (its schedule only while it has no check), with its items from the derived list. */
export async function savePlan(
  ctx: RequestContext,
  planId: string | null,
  values: Record<string, string>,
): Promise<{ ok: true; planId: string } | Failure> {
  const { db, actor, client, now } = ctx
  const enterpriseId = adminEnterprise(actor)
  // another enterprise's plan (or none) is not found, before anything about the form is said
  if (planId) {
    const own = await db
      .selectFrom('check_plans')
      .select('id')
      .where('enterprise_id', '=', enterpriseId)
      .where('id', '=', planId)
      .executeTakeFirst()
    if (!own) throw notFound()
  }
  const parsed = planSchema.safeParse(values)
  const chosen = chosenItems(values)
  // every problem of the form at once: the fields and the choice of items
  const errors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error)
  if (!chosen.length) errors.items = '请从排查清单中选择至少一项'
  if (chosen.length > MAX_PLAN_ITEMS) errors.items = `一个计划最多${MAX_PLAN_ITEMS}项，请拆分为多个计划`
  if (!parsed.success || Object.keys(errors).length) return { ok: false, fieldErrors: errors }
  const v = parsed.data
  const post = await db
    .selectFrom('posts')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', v.postId)
    .executeTakeFirst()
  if (!post) return { ok: false, fieldErrors: { postId: '请选择本企业的岗位' } }
  // every chosen item is one of this enterprise's derived items (a forged risk id is refused, not stored)
  const list = new Set((await derivedCheckList(db, enterpriseId)).map((i) => itemKey(i.riskId, i.measureKind)))
  if (chosen.some((c) => !list.has(itemKey(c.riskId, c.measureKind))))
    return { ok: false, fieldErrors: { items: '所选项目不在本企业的排查清单中，请刷新页面后重新选择' } }
  const schedule = { frequency: v.frequency as CheckFrequencyCode, shifts: v.shifts, post_id: v.postId, start_on: v.startOn }

  const taken = await db
    .selectFrom('check_plans')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('name', '=', v.name)
    .executeTakeFirst()
  if (taken && taken.id !== planId) return { ok: false, fieldErrors: { name: '已有同名排查计划' } }

  let id: string
  if (planId) {
    const row = await db
      .selectFrom('check_plans')
      .selectAll()
      .where('enterprise_id', '=', enterpriseId)
      .where('id', '=', planId)
      .forUpdate()
      .executeTakeFirst()
    if (!row) throw notFound()
    const changed =
      row.frequency !== schedule.frequency ||
      row.shifts !== schedule.shifts ||
      row.post_id !== schedule.post_id ||
      row.start_on !== schedule.start_on
    if (changed) {
      const { n } = await db
        .selectFrom('checks')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('enterprise_id', '=', enterpriseId)
        .where('plan_id', '=', planId)
        .executeTakeFirstOrThrow()
      const may = canChangeSchedule(n)
      if (!may.ok) return { ok: false, message: may.message }
    }
    await db
      .updateTable('check_plans')
      .set({ ...schedule, name: v.name, kind: v.kind as PlanRow['kind'], end_on: v.endOn, updated_at: now })
      .where('enterprise_id', '=', enterpriseId)
      .where('id', '=', planId)
      .execute()
    await db.deleteFrom('check_plan_items').where('enterprise_id', '=', enterpriseId).where('plan_id', '=', planId).execute()
    id = planId
  } else {
    const row = await db
      .insertInto('check_plans')
      .values({
        enterprise_id: enterpriseId,
        ...schedule,
        name: v.name,
        kind: v.kind as PlanRow['kind'],
        end_on: v.endOn,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.constraint('check_plans_name_uq').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!row) return { ok: false, fieldErrors: { name: '已有同名排查计划' } }
    id = row.id
  }
  await db
    .insertInto('check_plan_items')
    .values(chosen.map((c) => ({ enterprise_id: enterpriseId, plan_id: id, risk_id: c.riskId, measure_kind: c.measureKind })))
    .onConflict((oc) => oc.doNothing())
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: planId ? 'check_plan.edit' : 'check_plan.add',
    target: id,
    result: 'ok',
    ...client,
  })
  return { ok: true, planId: id }
}

/** One plan: its items and every period since it began (newest first, bounded) with the checks that filled them. */
export async function planDetail(ctx: RequestContext, planId: string) {
  const { db, actor, now } = ctx
  const enterpriseId = staffEnterprise(actor)
  const today = todayInShanghai(now)
  const row = (await planRows(db, enterpriseId)).find((p) => p.id === planId)
  if (!row) throw notFound()
  const periods = periodsBetween(scheduleOfRow(row), row.start_on, today, 60).reverse()
  const [items, checks] = await Promise.all([
    planItems(db, enterpriseId, [planId]),
    db
      .selectFrom('checks')
      .select(['id', 'period_key', 'checker_name', 'submitted_at', 'hazards_found', 'items_total'])
      .where('enterprise_id', '=', enterpriseId)
      .where('plan_id', '=', planId)
      .where('period_end', '>=', periods.at(-1)?.start ?? today)
      .orderBy('submitted_at')
      .execute(),
  ])
  return {
    plan: planView(row),
    items: items.get(planId) ?? [],
    periods: periods.map((p) => {
      const filled = checks.filter((c) => c.period_key === p.key)
      return {
        ...p,
        state: periodState(p, today, filled.length > 0),
        checks: filled.map((c) => ({
          id: c.id,
          checker: c.checker_name,
          at: new Date(c.submitted_at).toISOString(),
          hazards: c.hazards_found,
          items: c.items_total,
        })),
      }
    }),
    canManage: canManagePlans(actor.role).ok,
    today,
  }
}

/** A submitted check, read-only: the admin and heads see any; a checker sees their own. */
export async function checkRecord(ctx: RequestContext, checkId: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const check = await db
    .selectFrom('checks as k')
    .innerJoin('check_plans as c', (j) => j.onRef('c.enterprise_id', '=', 'k.enterprise_id').onRef('c.id', '=', 'k.plan_id'))
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'k.enterprise_id').onRef('p.id', '=', 'k.post_id'))
    .where('k.enterprise_id', '=', enterpriseId)
    .where('k.id', '=', checkId)
    .selectAll('k')
    .select(['c.name as plan_name', 'c.kind', 'c.frequency', 'c.shifts', 'p.name as post_name'])
    .executeTakeFirst()
  if (!check) throw notFound()
  if (!canReviewChecks(actor.role).ok && check.checker_user_id !== actor.userId) throw notFound()
  const results = await db
    .selectFrom('check_results as r')
    .leftJoin('hazards as h', (j) => j.onRef('h.enterprise_id', '=', 'r.enterprise_id').onRef('h.id', '=', 'r.hazard_id'))
    .where('r.enterprise_id', '=', enterpriseId)
    .where('r.check_id', '=', checkId)
    .selectAll('r')
    .select(['h.no as hazard_no'])
    .orderBy('r.seq')
    .execute()
  const period = periodFromKey(check.frequency as CheckFrequency, check.shifts, check.period_key)
  return {
    id: check.id,
    planId: check.plan_id,
    planName: check.plan_name,
    kindName: kindName(check.kind),
    frequencyName: frequencyName(check.frequency as CheckFrequency, check.shifts),
    postName: check.post_name,
    period: period?.label ?? check.period_key,
    checker: check.checker_name,
    submittedAt: new Date(check.submitted_at).toISOString(),
    signatureKind: check.signature_kind,
    signature: check.signature,
    hazardsFound: check.hazards_found,
    results: results.map((r) => ({
      seq: r.seq,
      pointName: r.risk_point_name,
      hazardSource: r.hazard_source,
      level: r.risk_level,
      kind: r.measure_kind,
      content: r.content,
      result: r.result,
      note: r.note,
      hazardId: r.hazard_id,
      hazardNo: r.hazard_no,
    })),
  }
}

// ---- the worker's side -----------------------------------------------------------------------

async function heldPosts(ctx: RequestContext, today: string): Promise<string[]> {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) return []
  return postsHeldBy(db, actor.enterpriseId, actor.employeeId, today)
}

/** 我的履责: the checks due today on the posts I hold, and whether each period is done (by me or another holder). */
export async function myDueChecks(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  const today = todayInShanghai(now)
  const posts = await heldPosts(ctx, today)
  if (!posts.length) return []
  const plans = (await planRows(db, enterpriseId)).filter((p) => posts.includes(p.post_id))
  const ids = plans.map((p) => p.id)
  const checks = ids.length
    ? await db
        .selectFrom('checks')
        .select(['id', 'plan_id', 'period_key', 'checker_user_id', 'checker_name'])
        .where('enterprise_id', '=', enterpriseId)
        .where('plan_id', 'in', ids)
        .where('period_end', '>=', today)
        .execute()
    : []
  // my unsigned drafts: still to be signed (a draft is not a check)
  const drafts = ids.length
    ? await db
        .selectFrom('check_drafts')
        .select(['plan_id', 'period_key'])
        .where('enterprise_id', '=', enterpriseId)
        .where('plan_id', 'in', ids)
        .where('checker_user_id', '=', actor.userId)
        .execute()
    : []
  return plans.flatMap((p) =>
    currentPeriods(scheduleOfRow(p), today).map((period) => {
      const filled = checks.filter((c) => c.plan_id === p.id && c.period_key === period.key)
      const mine = filled.find((c) => c.checker_user_id === actor.userId)
      return {
        planId: p.id,
        planName: p.name,
        kindName: kindName(p.kind),
        frequencyName: frequencyName(p.frequency as CheckFrequency, p.shifts),
        postName: p.post_name,
        period,
        mine: mine ? mine.id : null,
        drafted: !mine && drafts.some((d) => d.plan_id === p.id && d.period_key === period.key),
        doneBy: filled.map((c) => c.checker_name),
        due: period.end,
      }
    }),
  )
}

async function planForChecker(ctx: RequestContext, planId: string, today: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const row = (await planRows(db, enterpriseId)).find((p) => p.id === planId)
  if (!row) throw notFound()
  const may = canDoCheck(
    { role: actor.role, employeeId: actor.kind === 'enterprise' ? actor.employeeId : null },
    await heldPosts(ctx, today),
    row.post_id,
  )
  if (!may.ok) throw forbidden(may.message)
  return { enterpriseId, row }
}

/** The check form: the plan's items for the running period (a past or future period is not offered). */
export async function checkForm(ctx: RequestContext, planId: string, periodKey: string | null) {
  const { db, actor, now } = ctx
  const today = todayInShanghai(now)
  const { enterpriseId, row } = await planForChecker(ctx, planId, today)
  const open = currentPeriods(scheduleOfRow(row), today)
  const period = open.find((p) => p.key === periodKey) ?? (periodKey ? null : (open[0] ?? null))
  const items = (await planItems(db, enterpriseId, [planId])).get(planId) ?? []
  const mine = period
    ? await db
        .selectFrom('checks')
        .select('id')
        .where('enterprise_id', '=', enterpriseId)
        .where('plan_id', '=', planId)
        .where('period_key', '=', period.key)
        .where('checker_user_id', '=', actor.userId)
        .executeTakeFirst()
    : undefined
  // the checker's own draft, if any: the form shows it again, and the signing step shows what it signs
  const draft = period && !mine ? await draftOf(db, enterpriseId, planId, period.key, actor.userId) : undefined
  const answers = draft && draftAnswers(draft.answers, items) ? draft.answers : null
  return {
    plan: planView(row),
    period,
    open,
    items: items.map((i, n) => ({ seq: n + 1, ...i })),
    done: mine?.id ?? null,
    draft: answers ? { answers, savedAt: new Date(draft!.updated_at).toISOString() } : null,
    signerName: actor.displayName,
  }
}

const MAX_SIGNATURE_BYTES = 300 * 1024

/** A drawn signature is a real PNG image of a sane size; a typed one is the signer's own name. */
function signatureProblem(kind: 'drawn' | 'typed', signature: string, name: string): FieldErrors | null {
  if (kind === 'typed')
    return signature.replace(/\s+/g, '') === name.replace(/\s+/g, '') ? null : { typedName: `请输入您的姓名“${name}”作为签名` }
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(signature)
  if (!m) return { signature: '请在签名框内手写签名' }
  const bytes = Buffer.from(m[1]!, 'base64')
  if (bytes.length > MAX_SIGNATURE_BYTES) return { signature: '签名图片过大，请清除后重签' }
  if (bytes.length < 100 || !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { signature: '签名图片无效，请清除后重签' }
  return null
}

/** How many items the check form of a plan carries (the route reads that many photo pickers), or 0. */
export async function checkFormSize(ctx: RequestContext, planId: string): Promise<number> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const { n } = await db
    .selectFrom('check_plan_items')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('enterprise_id', '=', enterpriseId)
    .where('plan_id', '=', planId)
    .executeTakeFirstOrThrow()
  return Math.min(n, MAX_PLAN_ITEMS)
}

/** The running period a form names, or why it cannot be filled now. */
function runningPeriod(row: PlanRow, periodKey: string, today: string) {
  const period = periodFromKey(row.frequency as CheckFrequency, row.shifts, periodKey)
  return period && currentPeriods(scheduleOfRow(row), today).some((p) => p.key === period.key) ? period : null
}
const PERIOD_CLOSED = '该期排查已结束或尚未开始，请返回“我的履责”查看当前的排查任务'

/** This checker's check of the period, signed, if any. */
function signedCheckOf(db: DB, enterpriseId: string, planId: string, periodKey: string, employeeId: string) {
  return db
    .selectFrom('checks')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('plan_id', '=', planId)
    .where('period_key', '=', periodKey)
    .where('checker_employee_id', '=', employeeId)
    .executeTakeFirst()
}

/** This checker's draft of the period, if any (a draft is its checker's alone). */
function draftOf(db: DB, enterpriseId: string, planId: string, periodKey: string, userId: string) {
  return db
    .selectFrom('check_drafts')
    .select(['id', 'answers', 'updated_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('plan_id', '=', planId)
    .where('period_key', '=', periodKey)
    .where('checker_user_id', '=', userId)
    .executeTakeFirst()
}

/** Why the draft's answers cannot be signed: every item answered, each 隐患 described with a photo. */
function answerProblems(answers: { result: 'ok' | 'hazard' | null; note: string; photoCount: number }[]): FieldErrors {
  const errors: FieldErrors = {}
  answers.forEach((a, i) => {
    const n = i + 1
    if (!a.result) errors[`result_${n}`] = '请选择“正常”或“隐患”'
    else if (a.result === 'hazard') {
      if (a.note.length < 4) errors[`note_${n}`] = '请描述发现的隐患（至少4个字）'
      else if (a.note.length > 500) errors[`note_${n}`] = '隐患描述不能超过500字'
      if (!a.photoCount) errors[`photo_${n}`] = '请拍摄或选择至少一张隐患照片'
    } else if (a.note.length > 500) errors[`note_${n}`] = '备注不能超过500字'
  })
  return errors
}

/**
 * Saves the check form as the checker's draft (the first of the two steps): every item answered, each
 * 隐患 with a description and a photo — a photo saved with the draft before counts, a new one replaces
 * it. A draft is not a check: nobody else sees it, the period is not done, no hazard is recorded; the
 * checker may save it again until they sign it (signCheck). Refused once the period's check is signed.
 */
export async function saveCheckDraft(
  ctx: RequestContext,
  planId: string,
  values: Record<string, string>,
  photos: Map<number, UploadedFile[]>,
): Promise<{ ok: true; periodKey: string } | Failure> {
  const { db, actor, client, now } = ctx
  const today = todayInShanghai(now)
  const { enterpriseId, row } = await planForChecker(ctx, planId, today)
  const parsed = checkDraftSchema.safeParse(values)
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) }
  const period = runningPeriod(row, parsed.data.periodKey, today)
  if (!period) return { ok: false, message: PERIOD_CLOSED }
  const items = (await planItems(db, enterpriseId, [planId])).get(planId) ?? []
  if (!items.length) return { ok: false, message: '该计划没有排查项目，请联系安全管理员' }

  // one at a time per plan: the signed check and the draft are looked up under the lock
  await db.selectFrom('check_plans').select('id').where('enterprise_id', '=', enterpriseId).where('id', '=', planId).forUpdate().execute()
  const employeeId = actor.kind === 'enterprise' ? actor.employeeId! : ''
  if (await signedCheckOf(db, enterpriseId, planId, period.key, employeeId))
    return { ok: false, message: '您已签字提交本期排查，记录已存档，不能再修改' }
  const draft = await draftOf(db, enterpriseId, planId, period.key, actor.userId)
  const earlier = draft?.answers ?? []

  const answers = answersOf(parsed.data as Record<string, string>, items.length)
  const errors: FieldErrors = {}
  for (const n of photos.keys()) if (n < 1 || n > items.length) errors._form = '表单包含无法识别的字段，请刷新页面后重试'
  answers.forEach((a, i) => {
    const files = photos.get(i + 1) ?? []
    if (!files.length) return
    if (a.result !== 'hazard') errors[`photo_${i + 1}`] = '“正常”的项目不需要照片；发现问题请选择“隐患”'
    else {
      const problem = checkHazardPhotos(files)
      if (problem) errors[`photo_${i + 1}`] = problem
    }
  })
  // a photo saved before is kept for the same item only (the list may have changed since)
  const kept = (i: number) =>
    answers[i]!.result === 'hazard' && !(photos.get(i + 1) ?? []).length && earlier[i]?.item === answeredItem(items[i]!)
      ? earlier[i]!.photos
      : []
  for (const [k, m] of Object.entries(
    answerProblems(answers.map((a, i) => ({ ...a, photoCount: (photos.get(i + 1) ?? []).length + kept(i).length }))),
  ))
    errors[k] ??= m
  if (Object.keys(errors).length) return { ok: false, fieldErrors: errors }
  // a draft's photos are evidence and never deleted: re-saving with new photos is bounded per period
  const sent = [...photos.values()].reduce((n, files) => n + files.length, 0)
  if (
    sent &&
    draft &&
    (await evidenceOf(ctx, { kind: CHECK_DRAFT_PHOTOS, id: draft.id })).length + sent > items.length * DRAFT_PHOTOS_PER_ITEM
  )
    return { ok: false, message: '本期草稿已保存的照片过多，请保留现有照片签字提交，或联系安全管理员' }

  const draftId =
    draft?.id ??
    (
      await db
        .insertInto('check_drafts')
        .values({ enterprise_id: enterpriseId, plan_id: planId, period_key: period.key, answers: '[]', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const owner = { kind: CHECK_DRAFT_PHOTOS, id: draftId }
  const saved: CheckDraftAnswer[] = []
  for (const [i, a] of answers.entries()) {
    const files = a.result === 'hazard' ? (photos.get(i + 1) ?? []) : []
    let itemPhotos = kept(i)
    if (files.length) {
      const before = new Set((await evidenceOf(ctx, owner)).map((f) => f.id))
      const attached = await attachEvidence(
        ctx,
        owner,
        files.map((f) => ({ ...f, slot: 'photo' })),
        'photo',
      )
      if (!attached.ok) throw new Error(attached.message)
      itemPhotos = (await evidenceOf(ctx, owner)).filter((f) => !before.has(f.id)).map((f) => ({ id: f.id, name: f.file_name }))
    }
    saved.push({ item: answeredItem(items[i]!), result: a.result!, note: a.note, photos: itemPhotos })
  }
  await db
    .updateTable('check_drafts')
    .set({ answers: JSON.stringify(saved), updated_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', draftId)
    .execute()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'check.draft', target: draftId, result: 'ok', ...client })
  return { ok: true, periodKey: period.key }
}

/**
 * Signs the checker's draft (the second step, ConfirmSignature's confirm=1): the check and its results
 * are written, signed by the acting user — the database (checks_signer) holds the signer to them and to
 * the plan's post held that day — every 隐患 becomes a hazard record (排查任务) with its photos, and
 * the draft is dropped, all in this transaction. Once per plan, period and checker: the plan's row is
 * locked and the signed check looked up under the lock, so twenty signatures at once record one (the
 * later ones are answered with it); the unique key is the backstop.
 */
export async function signCheck(
  ctx: RequestContext,
  planId: string,
  values: Record<string, string>,
): Promise<{ ok: true; checkId: string; hazards: number; already: boolean } | Failure> {
  const { db, actor, client, now } = ctx
  const today = todayInShanghai(now)
  const { enterpriseId, row } = await planForChecker(ctx, planId, today)
  const parsed = checkSignSchema.safeParse(values)
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) }
  const period = runningPeriod(row, parsed.data.periodKey, today)
  if (!period) return { ok: false, message: PERIOD_CLOSED }
  const signature = parsed.data.signature
    ? { kind: 'drawn' as const, value: parsed.data.signature }
    : { kind: 'typed' as const, value: parsed.data.typedName.trim() }
  if (!signature.value) return { ok: false, fieldErrors: { signature: '请手写签名，或输入您的姓名' } }
  const bad = signatureProblem(signature.kind, signature.value, actor.displayName)
  if (bad) return { ok: false, fieldErrors: bad }

  await db.selectFrom('check_plans').select('id').where('enterprise_id', '=', enterpriseId).where('id', '=', planId).forUpdate().execute()
  const employeeId = actor.kind === 'enterprise' ? actor.employeeId! : ''
  const existing = await signedCheckOf(db, enterpriseId, planId, period.key, employeeId)
  if (existing) return { ok: true, checkId: existing.id, hazards: 0, already: true }
  const draft = await draftOf(db, enterpriseId, planId, period.key, actor.userId)
  if (!draft) return { ok: false, message: '请先填写并保存排查结果，再签字' }
  const items = (await planItems(db, enterpriseId, [planId])).get(planId) ?? []
  const answers = draft.answers
  // the plan's items may have changed since the draft was saved: it is filled again, not signed blind
  if (!draftAnswers(answers, items) || Object.keys(answerProblems(answers.map((a) => ({ ...a, photoCount: a.photos.length })))).length)
    return { ok: false, message: '排查项目已变化或草稿不完整，请重新填写并保存排查结果后再签字' }

  const hazards = answers.filter((a) => a.result === 'hazard').length
  const check = await db
    .insertInto('checks')
    .values({
      enterprise_id: enterpriseId,
      plan_id: planId,
      period_key: period.key,
      period_start: period.start,
      period_end: period.end,
      post_id: row.post_id,
      checker_employee_id: employeeId,
      signature_kind: signature.kind,
      signature: signature.value,
      items_total: items.length,
      hazards_found: hazards,
      submitted_at: now,
    })
    .onConflict((oc) => oc.constraint('checks_once_uq').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!check) {
    const first = await signedCheckOf(db, enterpriseId, planId, period.key, employeeId)
    return { ok: true, checkId: first!.id, hazards: 0, already: true }
  }
  const draftOwner = { kind: CHECK_DRAFT_PHOTOS, id: draft.id }
  for (const [i, item] of items.entries()) {
    const a = answers[i]!
    const hazard =
      a.result === 'hazard'
        ? await recordHazardFromCheck(
            ctx,
            {
              place: (item.location ? `${item.pointName}（${item.location}）` : item.pointName).slice(0, 100),
              description: `${a.note}（排查项：${item.measureKindName}——${item.content}）`.slice(0, 1000),
              checkId: check.id,
              planName: row.name,
              period: period.label,
            },
            await evidenceFilesOf(
              ctx,
              draftOwner,
              a.photos.map((p) => p.id),
            ),
          )
        : null
    await db
      .insertInto('check_results')
      .values({
        enterprise_id: enterpriseId,
        check_id: check.id,
        seq: i + 1,
        risk_id: item.riskId,
        risk_point_name: item.pointName,
        hazard_source: item.hazardSource,
        risk_level: item.level,
        measure_kind: item.measureKind,
        content: item.content,
        result: a.result,
        note: a.note,
        hazard_id: hazard?.hazardId ?? null,
      })
      .execute()
  }
  await db.deleteFrom('check_drafts').where('enterprise_id', '=', enterpriseId).where('id', '=', draft.id).execute()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'check.submit', target: check.id, result: 'ok', ...client })
  return { ok: true, checkId: check.id, hazards, already: false }
}

// ---- figures: item 14 and the home's 下一步 ----------------------------------------------------

/** This quarter's checks: periods fallen due, done on schedule, missed; and those open today. */
export async function checkFigures(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseOf(actor)
  const today = todayInShanghai(now)
  const figures = await quarterFigures(db, enterpriseId, today)
  const total = { plans: figures.size, due: 0, done: 0, missed: 0, open: 0 }
  for (const s of figures.values()) {
    total.due += s.due
    total.done += s.done
    total.missed += s.missed
    total.open += s.open
  }
  return { ...total, quarterLabel: quarterWindow(today).label }
}
