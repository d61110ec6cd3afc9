import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { AssessmentPeriod, Database } from '../../../db/types'
import type { RequestContext } from '../../db.server'
import { formatDateTime, todayInShanghai } from '../../utils/dates'
import { isUuid } from '../../utils/ids'
import { pageOf, textSearch } from '../../utils/table-params'
import { forbidden, notFound } from '../../utils/http'
import type { Result } from '../../utils/result'
import { recordAudit } from '../audit/audit.server'
import { enterpriseStaff } from '../auth/actor'
import { confirmationStatesOf } from '../acknowledgements/acknowledgements.server'
import { drillsAttendedBetween } from '../drills/drills.server'
import { approvalsSignedBetween, publishedVersionsQuery } from '../duties/duties.server'
import type { PostNode } from '../duties/rules'
import { hazardWorkOf } from '../hazards/hazards.server'
import { meetingsAttendedBetween } from '../committee/committee.server'
import { accountOf, currentAssignmentsQuery, currentHoldingsQuery, loadOrgGraph, postsHeldBy } from '../org/org.server'
import { supervisionActsBetween } from '../supervision/supervision.server'
import { employeeHours, sessionsLedBetween } from '../training/training.server'
import {
  assessorFor,
  canAssess,
  canKeepLog,
  canSeePerson,
  canSetAssessment,
  canSignMonth,
  canSignSeen,
  superiorPostIds,
  ASSESSOR_LABELS,
} from './policy'
import {
  dayLabel,
  dueMonths,
  isMonth,
  keepsDutyLog,
  missingMonths,
  monthOf,
  monthRange,
  parsePeriodKey,
  previousPeriod,
  REMOVED_LINE,
  weightedScore,
  type LogRow,
} from './rules'
import type { AssessmentFilter, AssessmentInput, EntryInput, SettingsInput } from './schema'
import { APPROVAL_ROLE_LABELS } from '../duties/rules'

// 履职留痕 on the enterprise side (《安全生产法》第二十二条): each tier 1–4 post holder's and safety
// officer's monthly 履职记录, proposed from the portal's records, completed by hand, signed and frozen
// (the database refuses any change to a signed month; a correction is an appended 更正, signed again);
// and 责任制考核 by the next step up the approval chain, seen and signed by the person assessed.

type DB = Kysely<Database>

const DEFAULT_SETTINGS = { period: 'quarter' as AssessmentPeriod, principalAssessor: 'board' as const }

interface Person {
  employeeId: string
  name: string
  userId: string | null
  posts: { postId: string; postName: string; tier: number; isSafetyManager: boolean; startOn: string; unitName: string }[]
  keeps: boolean
  /** the first day they held a post that keeps a 履职记录 (their first month is partial) */
  keepingSince: string | null
}

function enterpriseOf(ctx: RequestContext): string {
  if (ctx.actor.kind !== 'enterprise') throw notFound()
  return ctx.actor.enterpriseId
}

async function loadPerson(ctx: RequestContext, employeeId: string, today: string): Promise<Person> {
  const enterpriseId = enterpriseOf(ctx)
  const e = await ctx.db
    .selectFrom('employees')
    .select(['id', 'name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', employeeId)
    .executeTakeFirst()
  if (!e) throw notFound()
  const rows = await currentAssignmentsQuery(ctx.db, enterpriseId, today).where('a.employee_id', '=', employeeId).execute()
  const posts = rows.map((r) => ({
    postId: r.post_id,
    postName: r.post_name,
    tier: r.tier,
    isSafetyManager: r.is_safety_manager,
    startOn: String(r.start_on),
    unitName: r.unit_name,
  }))
  const keeping = posts.filter((p) => keepsDutyLog([p]))
  const account = await accountOf(ctx.db, enterpriseId, employeeId)
  return {
    employeeId,
    name: e.name,
    userId: account?.id ?? null,
    posts,
    keeps: keeping.length > 0,
    keepingSince: keeping.length ? keeping.map((p) => p.startOn).sort()[0]! : null,
  }
}

/** Refuses (404) anyone but the person, the admin and their superiors in the approval chain. */
async function requireVisible(ctx: RequestContext, person: Person, today: string) {
  const enterpriseId = enterpriseOf(ctx)
  const { actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const graph = await loadOrgGraph(ctx.db, enterpriseId)
  const held = actor.employeeId ? await postsHeldBy(ctx.db, enterpriseId, actor.employeeId, today) : []
  const decision = canSeePerson({
    role: actor.role,
    actorEmployeeId: actor.employeeId,
    actorHeldPostIds: held,
    subjectEmployeeId: person.employeeId,
    superiorPostIds: superiorPostIds({ postIds: person.posts.map((p) => p.postId), units: graph.units, posts: graph.posts }),
  })
  // another person's record is as absent as another tenant's: nothing says whether it exists
  if (!decision.ok) throw notFound()
  return { graph, held }
}

// ---------------------------------------------------------------------------------------------
// 履职记录

export interface Proposal extends LogRow {
  source: string
}

/** What the portal knows the person did in a month, as proposed 履职统计表 rows (source keys stable). */
export async function proposalsFor(ctx: RequestContext, person: Person, month: string): Promise<Proposal[]> {
  const { from, to } = monthRange(month)
  const out: Proposal[] = []
  if (person.userId) {
    for (const a of await approvalsSignedBetween(ctx, person.userId, from, to))
      out.push({
        source: `approval:${a.id}`,
        occurredOn: a.day,
        content: `${a.action === 'approve' ? '审批签字' : '审批退回'}「${a.postName}」安全生产责任清单（v${a.version}）`,
        participants: person.name,
        remark: a.comment ?? '',
      })
    const acts = await supervisionActsBetween(ctx, person.userId, from, to)
    for (const i of acts.inspections)
      out.push({
        source: `inspection:${i.id}`,
        occurredOn: i.day,
        content: `接受${i.department_name}安全生产监督检查（${i.place}）并签字`,
        participants: i.inspectors,
        remark: i.content.slice(0, 60),
      })
    for (const a of acts.answers)
      out.push({
        source: `answer:${a.id}`,
        occurredOn: a.day,
        content: `答复${a.department_name}整改指令 ${a.document_no}`,
        participants: person.name,
        remark: '',
      })
    const hazards = await hazardWorkOf(ctx, person.userId, from, to)
    for (const h of hazards.checks)
      out.push({
        source: `hazard:${h.id}:${h.seq}`,
        occurredOn: h.day,
        content: `到${h.place}验收隐患整改（第${h.no}号：${h.description.slice(0, 30)}）`,
        participants: person.name,
        remark: h.step === 'verify_pass' ? '验收合格，销号' : '验收不合格，重新整改',
      })
  }
  for (const s of await sessionsLedBetween(ctx, { userId: person.userId, name: person.name }, from, to))
    out.push({
      source: `training:${s.id}`,
      occurredOn: s.day,
      content: `${s.place ? `在${s.place}` : ''}${s.trainer === person.name ? '授课' : '组织'}安全培训「${s.topic}」（${s.kind}，${Number(s.hours)}学时）`,
      participants: `参训${s.attendees ?? 0}人`,
      remark: s.trainer === person.name ? '' : `授课人：${s.trainer}`,
    })
  for (const d of await drillsAttendedBetween(ctx, person.employeeId, from, to))
    out.push({
      source: `drill:${d.id}`,
      occurredOn: String(d.day),
      content: `参加「${d.planTitle}」${d.form}演练`,
      participants: `参演${d.participants}人`,
      remark: '',
    })
  for (const m of await meetingsAttendedBetween(ctx, person.name, from, to))
    out.push({
      source: `meeting:${m.id}`,
      occurredOn: String(m.day),
      content: `${m.chair === person.name ? '主持' : '参加'}安全生产委员会会议：${m.topics.slice(0, 60)}`,
      participants: m.attendees.slice(0, 200),
      remark: '',
    })
  return out.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.source.localeCompare(b.source))
}

async function monthRow(db: DB, enterpriseId: string, employeeId: string, month: string) {
  return db
    .selectFrom('duty_log_months')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('employee_id', '=', employeeId)
    .where('month', '=', month)
    .executeTakeFirst()
}

/** The month's sheet, created on first write (concurrent first writes meet the unique key). */
async function ensureMonth(ctx: RequestContext, employeeId: string, month: string): Promise<string> {
  const enterpriseId = enterpriseOf(ctx)
  await ctx.db
    .insertInto('duty_log_months')
    .values({ enterprise_id: enterpriseId, employee_id: employeeId, month, created_at: ctx.now })
    .onConflict((oc) => oc.columns(['enterprise_id', 'employee_id', 'month']).doNothing())
    .execute()
  return (await monthRow(ctx.db, enterpriseId, employeeId, month))!.id
}

/** My 履职记录 months: the current one and every month due, signed or not. */
export async function myDutyLog(ctx: RequestContext) {
  const { actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) throw notFound()
  return dutyLogOf(ctx, actor.employeeId)
}

/** A person's months (the person, the admin, their superiors). */
export async function dutyLogOf(ctx: RequestContext, employeeId: string) {
  const enterpriseId = enterpriseOf(ctx)
  const today = todayInShanghai(ctx.now)
  const person = await loadPerson(ctx, employeeId, today)
  await requireVisible(ctx, person, today)
  const rows = await ctx.db
    .selectFrom('duty_log_months as m')
    .select(['m.month', 'm.signed_at', 'm.signed_name'])
    .select((eb) =>
      eb
        .selectFrom('duty_log_entries as e')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('e.enterprise_id', '=', 'm.enterprise_id')
        .whereRef('e.month_id', '=', 'm.id')
        .as('entries'),
    )
    .select((eb) =>
      eb
        .selectFrom('duty_log_corrections as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.enterprise_id', '=', 'm.enterprise_id')
        .whereRef('c.month_id', '=', 'm.id')
        .as('corrections'),
    )
    .where('m.enterprise_id', '=', enterpriseId)
    .where('m.employee_id', '=', employeeId)
    .orderBy('m.month', 'desc')
    .limit(36)
    .execute()
  const due = person.keepingSince ? dueMonths({ keepingSince: person.keepingSince, today }) : []
  const signed = new Set(rows.filter((r) => r.signed_at).map((r) => r.month))
  const current = monthOf(today)
  const months = [...new Set([current, ...due, ...rows.map((r) => r.month)])].sort().reverse()
  return {
    person: { employeeId, name: person.name, posts: person.posts.map((p) => p.postName), keeps: person.keeps },
    mine: ctx.actor.kind === 'enterprise' && ctx.actor.employeeId === employeeId,
    missing: missingMonths(due, signed),
    months: months.map((m) => {
      const r = rows.find((x) => x.month === m)
      return {
        month: m,
        entries: r?.entries ?? 0,
        corrections: r?.corrections ?? 0,
        signedAt: r?.signed_at ? new Date(r.signed_at).toISOString() : null,
        state: r?.signed_at
          ? ('signed' as const)
          : m === current
            ? ('open' as const)
            : due.includes(m)
              ? ('missing' as const)
              : ('open' as const),
      }
    }),
  }
}

/** One month's 履职统计表: entries, corrections, signature; the proposals while the person may still add them. */
export async function dutyLogMonth(ctx: RequestContext, employeeId: string, month: string) {
  if (!isMonth(month)) throw notFound()
  const enterpriseId = enterpriseOf(ctx)
  const today = todayInShanghai(ctx.now)
  if (month > monthOf(today)) throw notFound()
  const person = await loadPerson(ctx, employeeId, today)
  await requireVisible(ctx, person, today)
  const m = await monthRow(ctx.db, enterpriseId, employeeId, month)
  const entries = m
    ? await ctx.db
        .selectFrom('duty_log_entries')
        .select(['id', 'occurred_on', 'content', 'participants', 'remark', 'source'])
        .where('enterprise_id', '=', enterpriseId)
        .where('month_id', '=', m.id)
        .orderBy('occurred_on')
        .orderBy('created_at')
        .execute()
    : []
  const corrections = m
    ? await ctx.db
        .selectFrom('duty_log_corrections')
        .select(['id', 'content', 'created_at', 'signed_name', 'signed_at'])
        .where('enterprise_id', '=', enterpriseId)
        .where('month_id', '=', m.id)
        .orderBy('created_at')
        .execute()
    : []
  const mine = ctx.actor.kind === 'enterprise' && ctx.actor.employeeId === employeeId
  const keeps = canKeepLog({ actorEmployeeId: mine ? employeeId : null, subjectEmployeeId: employeeId, keeps: person.keeps }).ok
  const signed = !!m?.signed_at
  // a proposal is shown until it is added, or removed after it was added (removing it sets it aside)
  const taken = new Set([...entries.map((e) => e.source), ...(m ? await removedSources(ctx, enterpriseId, m.id) : [])])
  const proposals = keeps ? (await proposalsFor(ctx, person, month)).filter((p) => !taken.has(p.source)) : []
  return {
    person: { employeeId, name: person.name, posts: person.posts.map((p) => p.postName).join('、') },
    month,
    entries: entries.map((e) => ({ ...e, occurred_on: String(e.occurred_on), time: dayLabel(String(e.occurred_on)) })),
    corrections: corrections.map((c) => ({
      ...c,
      created_at: new Date(c.created_at).toISOString(),
      signed_at: c.signed_at ? new Date(c.signed_at).toISOString() : null,
    })),
    signed: signed ? { name: m!.signed_name!, posts: m!.signed_posts ?? '', at: new Date(m!.signed_at!).toISOString() } : null,
    proposals: signed ? [] : proposals,
    /** proposals that came after the signature: a correction may mention them */
    lateProposals: signed ? proposals : [],
    canEdit: keeps && !signed,
    canSign: keeps && canSignMonth({ month, currentMonth: monthOf(today), signed }).ok && entries.length > 0,
    canCorrect: keeps && signed,
  }
}

const SIGNED_MONTH = '该月履职记录已签字，不能修改；如需更正请添加更正记录'

/** Refuses anyone but the person keeping their own log, and any write to a signed month. */
async function ownOpenMonth(ctx: RequestContext, month: string) {
  const own = await lockOwnMonth(ctx, month)
  if (!own.ok) return own
  if (own.signed) return { ok: false as const, message: SIGNED_MONTH }
  return own
}

/** The person's own month, created if need be and locked (the row lock orders every write to it); signed or not. */
async function lockOwnMonth(ctx: RequestContext, month: string) {
  const { actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) throw notFound()
  if (!isMonth(month)) throw notFound()
  const today = todayInShanghai(ctx.now)
  if (month > monthOf(today)) return { ok: false as const, message: '不能填写尚未开始的月份' }
  const person = await loadPerson(ctx, actor.employeeId, today)
  const decision = canKeepLog({ actorEmployeeId: actor.employeeId, subjectEmployeeId: person.employeeId, keeps: person.keeps })
  if (!decision.ok) throw forbidden(decision.message)
  // a sheet begins with the month they took the post that keeps one, not years before it
  if (person.keepingSince && month < monthOf(person.keepingSince))
    return { ok: false as const, message: '该月份您尚未在需填写履职记录的岗位任职' }
  const monthId = await ensureMonth(ctx, person.employeeId, month)
  // the row lock orders this write against a signature being made at the same moment
  const m = await ctx.db
    .selectFrom('duty_log_months')
    .select(['id', 'signed_at'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', monthId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  return { ok: true as const, person, monthId, enterpriseId: actor.enterpriseId, signed: !!m.signed_at }
}

/**
 * A line typed by hand. The form's key (one per form shown) makes it exactly once: the same form sent
 * again — a double click, a resent page, a phone's retry — is answered with the line the first sending
 * made, and writes nothing more. The month's row lock is held while the key is looked for, so twenty
 * sendings at once find one line; the unique key (enterprise, month, form_key) stands behind it.
 */
export async function addEntry(ctx: RequestContext, month: string, input: EntryInput): Promise<Result<{ entryId: string }>> {
  const own = await lockOwnMonth(ctx, month)
  if (!own.ok) return own
  // the route's schema keeps only a uuid; checked here too, so a caller's stray text is no key (as the hazards' report_key)
  const formKey = isUuid(input.formKey) ? input.formKey : null
  if (formKey) {
    // looked for before the signature is: a line sent again after its month was signed was still recorded
    const earlier = await ctx.db
      .selectFrom('duty_log_entries')
      .select('id')
      .where('enterprise_id', '=', own.enterpriseId)
      .where('month_id', '=', own.monthId)
      .where('form_key', '=', formKey)
      .executeTakeFirst()
    if (earlier) return { ok: true, entryId: earlier.id }
    // a line removed since is not written back by its form sent again
    const removed = await ctx.db
      .selectFrom('duty_log_removed_entries')
      .select('entry_id')
      .where('enterprise_id', '=', own.enterpriseId)
      .where('month_id', '=', own.monthId)
      .where('form_key', '=', formKey)
      .executeTakeFirst()
    if (removed) return { ok: false, message: REMOVED_LINE }
  }
  if (own.signed) return { ok: false, message: SIGNED_MONTH }
  if (monthOf(input.occurredOn) !== month) return { ok: false, fieldErrors: { occurredOn: '时间须在本月之内' } }
  // a 履职记录 records work already done: a day not yet come would be signed as done (as the leader ledger refuses)
  if (input.occurredOn > todayInShanghai(ctx.now))
    return { ok: false, fieldErrors: { occurredOn: '时间不能晚于今天：履职记录只记已经做过的工作' } }
  const row = await ctx.db
    .insertInto('duty_log_entries')
    .values({
      enterprise_id: own.enterpriseId,
      month_id: own.monthId,
      occurred_on: input.occurredOn,
      content: input.content,
      participants: input.participants,
      remark: input.remark,
      source: null,
      form_key: formKey,
      created_by: ctx.actor.userId,
      created_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { ok: true, entryId: row.id }
}

/** Adds the ticked proposals, as the portal's records say them: the posted keys choose, never the content. */
export async function acceptProposals(ctx: RequestContext, month: string, sources: string[]): Promise<Result<{ added: number }>> {
  const open = await ownOpenMonth(ctx, month)
  if (!open.ok) return open
  // a proposal removed after it was added is set aside: its form sent again does not add it back
  const removed = new Set(await removedSources(ctx, open.enterpriseId, open.monthId))
  const wanted = new Set(sources.filter((source) => !removed.has(source)))
  const chosen = (await proposalsFor(ctx, open.person, month)).filter((p) => wanted.has(p.source))
  if (!chosen.length) return { ok: false, message: '勾选的记录已不存在、已添加或已删除，请刷新页面' }
  const rows = await ctx.db
    .insertInto('duty_log_entries')
    .values(
      chosen.map((p) => ({
        enterprise_id: open.enterpriseId,
        month_id: open.monthId,
        occurred_on: p.occurredOn,
        content: p.content,
        participants: p.participants,
        remark: p.remark,
        source: p.source,
        created_by: ctx.actor.userId,
        created_at: ctx.now,
      })),
    )
    .onConflict((oc) => oc.columns(['enterprise_id', 'month_id', 'source']).where('source', 'is not', null).doNothing())
    .returning('id')
    .execute()
  if (!rows.length) return { ok: false, message: '勾选的记录均已添加' }
  return { ok: true, added: rows.length }
}

/** The proposals' sources of the lines removed from a month. */
async function removedSources(ctx: RequestContext, enterpriseId: string, monthId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('duty_log_removed_entries')
    .select('source')
    .where('enterprise_id', '=', enterpriseId)
    .where('month_id', '=', monthId)
    .where('source', 'is not', null)
    .execute()
  return rows.map((r) => r.source!)
}

/**
 * Takes a line off an unsigned month. The line is copied, as the database holds it, into
 * duty_log_removed_entries with who removed it and when, then removed: its form's key stays spent
 * (addEntry looks there too) and a proposal removed is not proposed again. The database checks the copy
 * and that both halves happen (migration 20261207010000). Removing a line already removed (a double
 * click, a resent page) answers as the first removal did.
 */
export async function removeEntry(ctx: RequestContext, month: string, entryId: string): Promise<Result> {
  const open = await ownOpenMonth(ctx, month)
  if (!open.ok) return open
  if (!isUuid(entryId)) throw notFound()
  const line = (eb: ExpressionBuilder<Database, 'duty_log_entries'>) =>
    eb.and([eb('enterprise_id', '=', open.enterpriseId), eb('month_id', '=', open.monthId), eb('id', '=', entryId)])
  const recorded = await ctx.db
    .insertInto('duty_log_removed_entries')
    .columns([
      'enterprise_id',
      'entry_id',
      'month_id',
      'occurred_on',
      'content',
      'participants',
      'remark',
      'source',
      'form_key',
      'created_by',
      'created_at',
      'removed_by',
      'removed_at',
    ])
    .expression(
      ctx.db
        .selectFrom('duty_log_entries')
        .select([
          'enterprise_id',
          'id',
          'month_id',
          'occurred_on',
          'content',
          'participants',
          'remark',
          'source',
          'form_key',
          'created_by',
          'created_at',
          sql<string>`${ctx.actor.userId}::uuid`.as('removed_by'),
          sql<Date>`${ctx.now}::timestamptz`.as('removed_at'),
        ])
        .where(line),
    )
    .returning('entry_id')
    .executeTakeFirst()
  if (!recorded) {
    const before = await ctx.db
      .selectFrom('duty_log_removed_entries')
      .select('entry_id')
      .where('enterprise_id', '=', open.enterpriseId)
      .where('month_id', '=', open.monthId)
      .where('entry_id', '=', entryId)
      .executeTakeFirst()
    if (before) return { ok: true }
    throw notFound()
  }
  await ctx.db.deleteFrom('duty_log_entries').where(line).execute()
  return { ok: true }
}

/** The person signs their month: once (row lock + the signed check), and the database freezes it. */
export async function signMonth(ctx: RequestContext, month: string): Promise<Result> {
  const open = await ownOpenMonth(ctx, month)
  if (!open.ok) return open
  const today = todayInShanghai(ctx.now)
  const decision = canSignMonth({ month, currentMonth: monthOf(today), signed: false })
  if (!decision.ok) return decision
  const n = await ctx.db
    .selectFrom('duty_log_entries')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('enterprise_id', '=', open.enterpriseId)
    .where('month_id', '=', open.monthId)
    .executeTakeFirstOrThrow()
  if (!n.n) return { ok: false, message: '本月还没有履职记录，请先添加后再签字（本月确无履职事项的，请如实填写说明）' }
  await ctx.db
    .updateTable('duty_log_months')
    .set({
      signed_by: ctx.actor.userId,
      signed_name: ctx.actor.displayName,
      signed_posts: open.person.posts.map((p) => p.postName).join('、'),
      signed_at: ctx.now,
    })
    .where('enterprise_id', '=', open.enterpriseId)
    .where('id', '=', open.monthId)
    .where('signed_at', 'is', null)
    .execute()
  await recordAudit(ctx.db, {
    userId: ctx.actor.userId,
    enterpriseId: open.enterpriseId,
    action: 'duty_log.sign',
    target: open.monthId,
    result: 'ok',
    ...ctx.client,
    detail: { month },
  })
  return { ok: true }
}

/**
 * 更正: appended to a signed month and signed by the person in the same step; the month itself never
 * changes. The confirm step's key makes it exactly once, as a line's (addEntry): the month's row is locked
 * for update, not only shared, so that two sendings of one 更正 look for its key one after the other.
 */
export async function addCorrection(
  ctx: RequestContext,
  month: string,
  content: string,
  formKey?: string,
): Promise<Result<{ correctionId: string }>> {
  const { actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) throw notFound()
  if (!isMonth(month)) throw notFound()
  const today = todayInShanghai(ctx.now)
  const person = await loadPerson(ctx, actor.employeeId, today)
  const decision = canKeepLog({ actorEmployeeId: actor.employeeId, subjectEmployeeId: person.employeeId, keeps: person.keeps })
  if (!decision.ok) throw forbidden(decision.message)
  const m = await ctx.db
    .selectFrom('duty_log_months')
    .select(['id', 'signed_at'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('employee_id', '=', person.employeeId)
    .where('month', '=', month)
    .forUpdate()
    .executeTakeFirst()
  if (!m?.signed_at) return { ok: false, message: '该月尚未签字，可直接修改记录，无需更正' }
  const key = isUuid(formKey) ? formKey : null
  if (key) {
    const earlier = await ctx.db
      .selectFrom('duty_log_corrections')
      .select('id')
      .where('enterprise_id', '=', actor.enterpriseId)
      .where('month_id', '=', m.id)
      .where('form_key', '=', key)
      .executeTakeFirst()
    if (earlier) return { ok: true, correctionId: earlier.id }
  }
  const row = await ctx.db
    .insertInto('duty_log_corrections')
    .values({
      enterprise_id: actor.enterpriseId,
      month_id: m.id,
      content,
      form_key: key,
      created_by: actor.userId,
      created_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await ctx.db
    .updateTable('duty_log_corrections')
    .set({ signed_by: actor.userId, signed_name: actor.displayName, signed_at: ctx.now })
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', row.id)
    .where('signed_at', 'is', null)
    .execute()
  await recordAudit(ctx.db, {
    userId: actor.userId,
    enterpriseId: actor.enterpriseId,
    action: 'duty_log.correct',
    target: row.id,
    result: 'ok',
    ...ctx.client,
    detail: { month },
  })
  return { ok: true, correctionId: row.id }
}

/** Who keeps a 履职记录: holders of a tier 1–4 post or a safety post (of the current assignments' posts `p`). */
// rules.ts keepsDutyLog, in SQL
const keepsDutyLogPost = sql<boolean>`(p.tier <= 4 or p.is_safety_manager)`

/**
 * The months each keeper has not signed, from the day each started keeping one. Only the months that
 * can be due (the last twelve) are read, one row per person, and looked up by person: a list of 10,000
 * ids as parameters and a scan of every signature per person took half a second of the largest
 * enterprise's home page. The months due depend only on the starting day, so they are computed once per day.
 */
async function unsignedMonths(ctx: RequestContext, enterpriseId: string, today: string, keepers: Map<string, string>) {
  const oldest = dueMonths({ keepingSince: '1900-01-01', today })[0]
  const signed =
    keepers.size && oldest
      ? await ctx.db
          .selectFrom('duty_log_months')
          .select(['employee_id', sql<string[]>`array_agg(month)`.as('months')])
          .where('enterprise_id', '=', enterpriseId)
          .where('month', '>=', oldest)
          .where('signed_at', 'is not', null)
          .groupBy('employee_id')
          .execute()
      : []
  const signedBy = new Map(signed.map((s) => [s.employee_id, new Set(s.months)]))
  const dueSince = new Map<string, string[]>()
  const missing = new Map<string, string[]>()
  for (const [employeeId, since] of keepers) {
    let due = dueSince.get(since)
    if (!due) dueSince.set(since, (due = dueMonths({ keepingSince: since, today })))
    missing.set(employeeId, missingMonths(due, signedBy.get(employeeId) ?? new Set()))
  }
  return missing
}

/**
 * Whose 履职记录 is missing for which months, enterprise-wide: the people who keep one (tier 1–4 and
 * safety staff, today), with the months due and not signed. For the 履职记录 list.
 */
export async function missingDutyLogs(ctx: RequestContext) {
  const enterpriseId = enterpriseOf(ctx)
  const today = todayInShanghai(ctx.now)
  const rows = await currentAssignmentsQuery(ctx.db, enterpriseId, today)
    .where(keepsDutyLogPost)
    .orderBy('u.name')
    .orderBy('e.employee_no')
    .execute()
  const people = new Map<
    string,
    { employeeId: string; name: string; employeeNo: string; posts: string[]; postIds: string[]; since: string }
  >()
  for (const r of rows) {
    const p = people.get(r.employee_id) ?? {
      employeeId: r.employee_id,
      name: r.employee_name,
      employeeNo: r.employee_no,
      posts: [],
      postIds: [],
      since: String(r.start_on),
    }
    p.posts.push(r.post_name)
    p.postIds.push(r.post_id)
    if (String(r.start_on) < p.since) p.since = String(r.start_on)
    people.set(r.employee_id, p)
  }
  const missing = await unsignedMonths(ctx, enterpriseId, today, new Map([...people.values()].map((p) => [p.employeeId, p.since])))
  return [...people.values()].map((p) => ({ ...p, missing: missing.get(p.employeeId) ?? [] }))
}

/**
 * The same as figures (the home page's 下一步 and item 22): how many people miss how many months. Read
 * as one row per keeper and the day they started, not the list's names and posts.
 */
export async function missingDutyLogFigures(ctx: RequestContext) {
  // staff only, as the other figures: the home's callers are the admin and the heads
  const enterpriseId = enterpriseStaff(ctx.actor)
  const today = todayInShanghai(ctx.now)
  const rows = await currentHoldingsQuery(ctx.db, enterpriseId, today)
    .where(keepsDutyLogPost)
    .clearSelect()
    .select(['a.employee_id', sql<string>`min(a.start_on)::text`.as('since')])
    .groupBy('a.employee_id')
    .execute()
  const missing = await unsignedMonths(ctx, enterpriseId, today, new Map(rows.map((r) => [r.employee_id, r.since])))
  let people = 0
  let months = 0
  for (const m of missing.values()) {
    if (m.length) people++
    months += m.length
  }
  return { people, months }
}

/** The people whose 履职记录 the actor may open (themselves, everyone for the admin, those below them for a head). */
export async function dutyLogPeople(ctx: RequestContext) {
  const { actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const all = await missingDutyLogs(ctx)
  const today = todayInShanghai(ctx.now)
  const graph = await loadOrgGraph(ctx.db, actor.enterpriseId)
  const held = actor.employeeId ? await postsHeldBy(ctx.db, actor.enterpriseId, actor.employeeId, today) : []
  const visible = []
  for (const p of all) {
    const ok = canSeePerson({
      role: actor.role,
      actorEmployeeId: actor.employeeId,
      actorHeldPostIds: held,
      subjectEmployeeId: p.employeeId,
      superiorPostIds: superiorPostIds({ postIds: p.postIds, units: graph.units, posts: graph.posts }),
    }).ok
    if (ok) visible.push(p)
  }
  return visible
}

export interface DutyLogListQuery {
  q: string
  /** only those with months unsigned */
  missing: boolean
  page: number
  size: number
}

/**
 * The 履职记录 list one page at a time: who has months unsigned first (most first), narrowed by a
 * name, 工号 or post. The people visible are decided per person over the org graph (policy.ts), so
 * they are computed whole and paged here; the largest enterprise's 10,000 keepers were one 3.9 MB page.
 */
export async function dutyLogList(ctx: RequestContext, query: DutyLogListQuery) {
  const people = [...(await dutyLogPeople(ctx))].sort((a, b) => b.missing.length - a.missing.length)
  const search = textSearch(query.q)
  const page = pageOf(
    people.filter((p) => (!query.missing || p.missing.length > 0) && search(p.name, p.employeeNo, ...p.posts)),
    query,
  )
  return { page, counts: { people: people.length, missing: people.filter((p) => p.missing.length).length } }
}

// ---------------------------------------------------------------------------------------------
// 责任制考核

export async function assessmentSettings(ctx: RequestContext) {
  const enterpriseId = enterpriseOf(ctx)
  const row = await ctx.db
    .selectFrom('assessment_settings')
    .select(['period', 'principal_assessor'])
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst()
  return row ? { period: row.period, principalAssessor: row.principal_assessor } : DEFAULT_SETTINGS
}

export async function saveAssessmentSettings(ctx: RequestContext, input: SettingsInput): Promise<Result> {
  const enterpriseId = enterpriseOf(ctx)
  const decision = canSetAssessment(ctx.actor.role)
  if (!decision.ok) throw forbidden(decision.message)
  const values = { period: input.period, principal_assessor: input.principalAssessor, updated_by: ctx.actor.userId, updated_at: ctx.now }
  await ctx.db
    .insertInto('assessment_settings')
    .values({ enterprise_id: enterpriseId, ...values })
    .onConflict((oc) => oc.column('enterprise_id').doUpdateSet(values))
    .execute()
  await recordAudit(ctx.db, {
    userId: ctx.actor.userId,
    enterpriseId,
    action: 'assessment.settings',
    target: enterpriseId,
    result: 'ok',
    ...ctx.client,
    detail: input,
  })
  return { ok: true }
}

function postNode(p: { id: string; name: string; unitId: string; tier: number; isUnitHead: boolean }): PostNode {
  return { id: p.id, name: p.name, unitId: p.unitId, tier: p.tier, isUnitHead: p.isUnitHead }
}

function assessorLabel(a: ReturnType<typeof assessorFor>): string {
  switch (a.kind) {
    case 'post':
      return `${a.postName}（${APPROVAL_ROLE_LABELS[a.role]}）`
    case 'board':
    case 'self':
      return ASSESSOR_LABELS[a.kind]
    case 'none':
      return '—'
  }
}

/**
 * Everyone due an assessment for the period under assessment (the one just ended): each current
 * holder of a post with a published list, with their assessor and their assessment if recorded. The
 * actor sees the people they may see, and which ones they assess.
 */
export async function assessmentOverview(ctx: RequestContext, periodKey?: string) {
  const { actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const enterpriseId = actor.enterpriseId
  const today = todayInShanghai(ctx.now)
  const settings = await assessmentSettings(ctx)
  const period = (periodKey ? parsePeriodKey(settings.period, periodKey) : null) ?? previousPeriod(settings.period, today)
  const graph = await loadOrgGraph(ctx.db, enterpriseId)
  const held = actor.employeeId ? await postsHeldBy(ctx.db, enterpriseId, actor.employeeId, today) : []
  const published = publishedVersionsQuery(ctx.db, enterpriseId).as('v')
  const rows = await ctx.db
    .selectFrom(currentAssignmentsQuery(ctx.db, enterpriseId, today).as('a'))
    .innerJoin(published, 'v.post_id', 'a.post_id')
    .select(['a.employee_id', 'a.employee_name', 'a.employee_no', 'a.post_id', 'a.post_name', 'a.unit_id', 'a.unit_name', 'a.tier'])
    .orderBy('a.tier')
    .orderBy('a.unit_name')
    .orderBy('a.employee_no')
    .execute()
  const done = await ctx.db
    .selectFrom('assessments')
    .select(['id', 'employee_id', 'post_id', 'result', 'total_score', 'seen_at', 'assessor_name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('period_key', '=', period.key)
    .execute()
  // Each person's posts, each post's assessor and each assessment looked up by key, not searched for
  // per row: a search of every row per row took 15 s for the 10,000-worker enterprise's 20,000 pairs.
  const postIdsOf = new Map<string, string[]>()
  for (const r of rows) postIdsOf.set(r.employee_id, [...(postIdsOf.get(r.employee_id) ?? []), r.post_id])
  const postById = new Map(graph.posts.map((p) => [p.id, p]))
  const assessorOf = new Map<string, ReturnType<typeof assessorFor>>()
  const visibleOf = new Map<string, boolean>()
  const doneOf = new Map(done.map((d) => [`${d.employee_id}:${d.post_id}`, d]))
  const people = []
  for (const r of rows) {
    const post = postById.get(r.post_id)
    if (!post) continue
    let assessor = assessorOf.get(r.post_id)
    if (assessor === undefined) {
      assessor = assessorFor({
        post: postNode(post),
        units: graph.units,
        posts: graph.posts,
        principalAssessor: settings.principalAssessor,
      })
      assessorOf.set(r.post_id, assessor)
    }
    let visible = visibleOf.get(r.employee_id)
    if (visible === undefined) {
      visible = canSeePerson({
        role: actor.role,
        actorEmployeeId: actor.employeeId,
        actorHeldPostIds: held,
        subjectEmployeeId: r.employee_id,
        superiorPostIds: superiorPostIds({ postIds: postIdsOf.get(r.employee_id) ?? [], units: graph.units, posts: graph.posts }),
      }).ok
      visibleOf.set(r.employee_id, visible)
    }
    if (!visible) continue
    const a = doneOf.get(`${r.employee_id}:${r.post_id}`)
    people.push({
      employeeId: r.employee_id,
      name: r.employee_name,
      employeeNo: r.employee_no,
      postId: r.post_id,
      postName: r.post_name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      assessor: assessorLabel(assessor),
      mayAssess: canAssess({
        role: actor.role,
        actorEmployeeId: actor.employeeId,
        actorHeldPostIds: held,
        subjectEmployeeId: r.employee_id,
        assessor,
      }).ok,
      assessment: a ? { id: a.id, result: a.result, score: a.total_score, seen: !!a.seen_at, assessorName: a.assessor_name } : null,
    })
  }
  return { settings, period, people, canSet: canSetAssessment(actor.role).ok }
}

export interface AssessmentListQuery {
  period?: string
  q: string
  unit?: string
  state?: AssessmentFilter
  page: number
  size: number
}

/**
 * The 考核 list one page at a time, with its counts. Who may see and who assesses each person are
 * decided per person over the org graph (policy.ts), so the period's people are computed whole
 * (linear: assessmentOverview) and narrowed and paged here; rendering the largest enterprise's
 * 20,000 pairs at once was a 5.6 MB page.
 */
export async function assessmentList(ctx: RequestContext, query: AssessmentListQuery) {
  const o = await assessmentOverview(ctx, query.period)
  const search = textSearch(query.q)
  const matches = (p: (typeof o.people)[number]) =>
    (!query.unit || p.unitId === query.unit) &&
    search(p.name, p.employeeNo, p.postName) &&
    (!query.state ||
      (query.state === 'mine' && p.mayAssess && !p.assessment) ||
      (query.state === 'todo' && !p.assessment) ||
      (query.state === 'done' && !!p.assessment) ||
      (query.state === 'failed' && p.assessment?.result === '不合格') ||
      (query.state === 'unseen' && !!p.assessment && !p.assessment.seen))
  const mine = o.people.filter((p) => p.mayAssess && !p.assessment)
  const page = pageOf(o.people.filter(matches), query)
  return {
    settings: o.settings,
    period: o.period,
    canSet: o.canSet,
    page,
    counts: { due: o.people.length, assessed: o.people.filter((p) => p.assessment).length },
    // the people waiting for the actor: how many, and the first names (the rest behind the filter)
    mine: { count: mine.length, names: mine.slice(0, 10).map((p) => p.name) },
  }
}

/** The items scored: those with a 考核标准; a list without any is scored item by item, weight 1 each. */
function scoredItems(items: { position: number; text: string; criterion: string | null; weight: number | null }[]) {
  const withCriteria = items.filter((i) => i.criterion)
  const chosen = withCriteria.length ? withCriteria : items
  return chosen.map((i) => ({ position: i.position, text: i.text, criterion: i.criterion ?? '按职责内容履职到位', weight: i.weight ?? 1 }))
}

async function assessmentSubject(ctx: RequestContext, employeeId: string, postId: string, today: string) {
  const enterpriseId = enterpriseOf(ctx)
  const person = await loadPerson(ctx, employeeId, today)
  const { graph, held } = await requireVisible(ctx, person, today)
  if (!person.posts.some((p) => p.postId === postId)) throw notFound()
  const version = await publishedVersionsQuery(ctx.db, enterpriseId).where('post_id', '=', postId).executeTakeFirst()
  const post = graph.posts.find((p) => p.id === postId)
  if (!post) throw notFound()
  const settings = await assessmentSettings(ctx)
  const assessor = assessorFor({
    post: postNode(post),
    units: graph.units,
    posts: graph.posts,
    principalAssessor: settings.principalAssessor,
  })
  const items = version
    ? await ctx.db
        .selectFrom('duty_items')
        .select(['position', 'text', 'criterion', 'weight'])
        .where('enterprise_id', '=', enterpriseId)
        .where('version_id', '=', version.version_id)
        .orderBy('position')
        .execute()
    : []
  return { person, post, version, settings, assessor, held, items: scoredItems(items) }
}

/** The evidence the portal holds for the person over the period, shown beside the assessor's form. */
async function evidenceFor(ctx: RequestContext, person: Person, period: { from: string; to: string }, today: string) {
  const facts: { label: string; value: string; bad: boolean }[] = []
  const confirmations = await confirmationStatesOf(ctx, person.employeeId, today)
  const overdue = confirmations.filter((c) => c.state === 'overdue').length
  const late = confirmations.filter((c) => c.state === 'confirmed' && c.lateDays > 0).length
  const confirmed = confirmations.filter((c) => c.state === 'confirmed').length
  facts.push({
    label: '责任清单签字确认',
    value: confirmations.length
      ? `已确认 ${confirmed} / ${confirmations.length}${late ? `，逾期确认 ${late}` : ''}${overdue ? `，逾期未确认 ${overdue}` : ''}`
      : '无需确认',
    bad: overdue > 0 || late > 0,
  })
  const year = Number(period.to.slice(0, 4))
  const hours = await employeeHours(ctx, person.employeeId, year, today)
  facts.push({
    label: `${year}年培训学时`,
    value: hours
      ? `${hours.achieved} / ${hours.required} 学时${hours.missingLevels.length ? `，缺${hours.missingLevels.join('、')}教育` : ''}`
      : '—',
    bad: !!hours && (hours.shortfall > 0 || hours.missingLevels.length > 0),
  })
  if (person.keeps && person.keepingSince) {
    const due = dueMonths({ keepingSince: person.keepingSince, today, limit: 36 }).filter(
      (m) => m >= monthOf(period.from) && m <= monthOf(period.to),
    )
    const signed = await ctx.db
      .selectFrom('duty_log_months')
      .select('month')
      .where('enterprise_id', '=', enterpriseOf(ctx))
      .where('employee_id', '=', person.employeeId)
      .where('signed_at', 'is not', null)
      .execute()
    const missing = missingMonths(due, new Set(signed.map((s) => s.month)))
    facts.push({
      label: '履职记录',
      value: due.length
        ? `已签 ${due.length - missing.length} / ${due.length} 个月${missing.length ? `，缺 ${missing.join('、')}` : ''}`
        : '本期无应签月份',
      bad: missing.length > 0,
    })
  }
  if (person.userId) {
    const h = await hazardWorkOf(ctx, person.userId, period.from, period.to)
    facts.push({
      label: '负责整改的隐患',
      value: h.responsible.total ? `已销号 ${h.responsible.closed} / ${h.responsible.total}` : '无',
      bad: h.responsible.closed < h.responsible.total,
    })
  }
  const drills = await drillsAttendedBetween(ctx, person.employeeId, period.from, period.to)
  facts.push({ label: '参加应急演练', value: `${drills.length} 次`, bad: false })
  return facts
}

/** The assessor's form for one person, post and period, or the assessment already recorded. */
export async function assessmentForm(ctx: RequestContext, employeeId: string, postId: string, periodKey?: string) {
  const today = todayInShanghai(ctx.now)
  const s = await assessmentSubject(ctx, employeeId, postId, today)
  const period = (periodKey ? parsePeriodKey(s.settings.period, periodKey) : null) ?? previousPeriod(s.settings.period, today)
  const existing = await ctx.db
    .selectFrom('assessments')
    .select('id')
    .where('enterprise_id', '=', enterpriseOf(ctx))
    .where('employee_id', '=', employeeId)
    .where('post_id', '=', postId)
    .where('period_key', '=', period.key)
    .executeTakeFirst()
  const since = s.person.posts.find((p) => p.postId === postId)?.startOn
  const beforePost = !!since && period.to < since
  const { actor } = ctx
  const decision =
    actor.kind === 'enterprise'
      ? canAssess({
          role: actor.role,
          actorEmployeeId: actor.employeeId,
          actorHeldPostIds: s.held,
          subjectEmployeeId: employeeId,
          assessor: s.assessor,
        })
      : { ok: false as const, message: '' }
  return {
    person: { employeeId, name: s.person.name },
    post: { id: s.post.id, name: s.post.name },
    period,
    periodKind: s.settings.period,
    assessor: assessorLabel(s.assessor),
    items: s.items,
    hasList: !!s.version,
    evidence: await evidenceFor(ctx, s.person, period, today),
    existingId: existing?.id ?? null,
    canAssess: decision.ok && !!s.version && !existing && period.to < today && !beforePost,
    refusal: decision.ok
      ? period.to >= today
        ? '本期尚未结束，期满后再考核'
        : beforePost
          ? `${s.person.name}于${since}起任该岗位，不能考核此前的${period.label}`
          : null
      : decision.message,
  }
}

/**
 * The assessor records the assessment, whole: a score per item of the published list, the result and
 * the comment. Authority is decided here from the actor's posts today; one per person, post and period
 * (unique key), so twenty simultaneous posts record it once.
 */
export async function recordAssessment(
  ctx: RequestContext,
  employeeId: string,
  postId: string,
  input: AssessmentInput,
): Promise<Result<{ assessmentId: string }>> {
  const { actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const today = todayInShanghai(ctx.now)
  const s = await assessmentSubject(ctx, employeeId, postId, today)
  const decision = canAssess({
    role: actor.role,
    actorEmployeeId: actor.employeeId,
    actorHeldPostIds: s.held,
    subjectEmployeeId: employeeId,
    assessor: s.assessor,
  })
  if (!decision.ok) throw forbidden(decision.message)
  const period = parsePeriodKey(s.settings.period, input.period)
  if (!period) return { ok: false, message: '考核期间无效，请刷新页面' }
  if (period.to >= today) return { ok: false, message: '本期尚未结束，期满后再考核' }
  // a period over before the person took the post is not theirs to be assessed for (no backdated 考核)
  const since = s.person.posts.find((p) => p.postId === postId)?.startOn
  if (since && period.to < since) return { ok: false, message: `${s.person.name}于${since}起任该岗位，不能考核此前的${period.label}` }
  if (!s.version) return { ok: false, message: '该岗位没有已发布的责任清单，无法考核' }
  if (input.scores.length !== s.items.length) return { ok: false, message: '责任清单已更新，请刷新页面后重新评分' }
  const total = weightedScore(s.items.map((i, n) => ({ weight: i.weight, score: input.scores[n]! })))!
  const assessorPost =
    s.assessor.kind === 'post' ? s.assessor.postName : s.assessor.kind === 'board' ? '董事会（安全管理员登记）' : `${s.post.name}（自评）`
  const inserted = await ctx.db
    .insertInto('assessments')
    .values({
      enterprise_id: actor.enterpriseId,
      employee_id: employeeId,
      post_id: postId,
      version_id: s.version.version_id,
      period_kind: s.settings.period,
      period_key: period.key,
      assessor_kind: s.assessor.kind === 'post' ? 'post' : s.assessor.kind === 'board' ? 'board' : 'self',
      assessor_user_id: actor.userId,
      assessor_name: actor.displayName,
      assessor_post: assessorPost,
      total_score: total,
      result: input.result,
      comment: input.comment,
      follow_up: input.followUp || null,
      created_at: ctx.now,
    })
    .onConflict((oc) => oc.columns(['enterprise_id', 'employee_id', 'post_id', 'period_key']).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!inserted) return { ok: false, message: `${s.person.name}的${period.label}考核已登记，不能重复考核` }
  await ctx.db
    .insertInto('assessment_scores')
    .values(
      s.items.map((i, n) => ({
        enterprise_id: actor.enterpriseId,
        assessment_id: inserted.id,
        position: i.position,
        item_text: i.text,
        criterion: i.criterion,
        weight: i.weight,
        score: input.scores[n]!,
      })),
    )
    .execute()
  await recordAudit(ctx.db, {
    userId: actor.userId,
    enterpriseId: actor.enterpriseId,
    action: 'assessment.record',
    target: inserted.id,
    result: 'ok',
    ...ctx.client,
    detail: { period: period.key, result: input.result },
  })
  return { ok: true, assessmentId: inserted.id }
}

/** One assessment as recorded (the person, the admin, the superiors), with whether the actor signs it now. */
export async function getAssessment(ctx: RequestContext, id: string) {
  const enterpriseId = enterpriseOf(ctx)
  const a = await ctx.db
    .selectFrom('assessments')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!a) throw notFound()
  const today = todayInShanghai(ctx.now)
  const person = await loadPerson(ctx, a.employee_id, today)
  await requireVisible(ctx, person, today)
  const scores = await ctx.db
    .selectFrom('assessment_scores')
    .select(['position', 'item_text', 'criterion', 'weight', 'score'])
    .where('enterprise_id', '=', enterpriseId)
    .where('assessment_id', '=', id)
    .orderBy('position')
    .execute()
  const post = await ctx.db
    .selectFrom('posts')
    .select('name')
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', a.post_id)
    .executeTakeFirstOrThrow()
  const enterprise = await ctx.db.selectFrom('enterprises').select('name').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  const settingsKind = a.period_kind
  const period = parsePeriodKey(settingsKind, a.period_key)
  const actorEmployeeId = ctx.actor.kind === 'enterprise' ? ctx.actor.employeeId : null
  return {
    id: a.id,
    enterpriseName: enterprise.name,
    person: { employeeId: a.employee_id, name: person.name },
    postName: post.name,
    periodLabel: period?.label ?? a.period_key,
    assessorName: a.assessor_name,
    assessorPost: a.assessor_post,
    totalScore: a.total_score,
    result: a.result,
    comment: a.comment,
    followUp: a.follow_up,
    createdAt: new Date(a.created_at).toISOString(),
    seenAt: a.seen_at ? new Date(a.seen_at).toISOString() : null,
    scores,
    canSignSeen: canSignSeen({ actorEmployeeId, subjectEmployeeId: a.employee_id, seen: !!a.seen_at }).ok,
  }
}

/** The assessed person signs having seen it: once (row lock), then the database freezes it. */
export async function signAssessmentSeen(ctx: RequestContext, id: string): Promise<Result> {
  const { actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const a = await ctx.db
    .selectFrom('assessments')
    .select(['employee_id', 'seen_at'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!a) throw notFound()
  const decision = canSignSeen({ actorEmployeeId: actor.employeeId, subjectEmployeeId: a.employee_id, seen: !!a.seen_at })
  if (!decision.ok) {
    if (actor.employeeId !== a.employee_id) throw notFound()
    return decision
  }
  await ctx.db
    .updateTable('assessments')
    .set({ seen_by: actor.userId, seen_at: ctx.now })
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', id)
    .where('seen_at', 'is', null)
    .execute()
  await recordAudit(ctx.db, {
    userId: actor.userId,
    enterpriseId: actor.enterpriseId,
    action: 'assessment.seen',
    target: id,
    result: 'ok',
    ...ctx.client,
  })
  return { ok: true }
}

/** My assessments (latest first), and my 履职记录 months missing: for 我的履责. */
export async function myDutyPerformance(ctx: RequestContext) {
  const { actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) return null
  const assessments = await ctx.db
    .selectFrom('assessments as a')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
    .select(['a.id', 'a.period_kind', 'a.period_key', 'a.result', 'a.total_score', 'a.seen_at', 'p.name as postName'])
    .where('a.enterprise_id', '=', actor.enterpriseId)
    .where('a.employee_id', '=', actor.employeeId)
    .orderBy('a.created_at', 'desc')
    .limit(20)
    .execute()
  const today = todayInShanghai(ctx.now)
  const person = await loadPerson(ctx, actor.employeeId, today)
  let missing: string[] = []
  if (person.keepingSince) {
    const signed = await ctx.db
      .selectFrom('duty_log_months')
      .select('month')
      .where('enterprise_id', '=', actor.enterpriseId)
      .where('employee_id', '=', actor.employeeId)
      .where('signed_at', 'is not', null)
      .execute()
    missing = missingMonths(dueMonths({ keepingSince: person.keepingSince, today }), new Set(signed.map((s) => s.month)))
  }
  return {
    keeps: person.keeps,
    missing,
    assessments: assessments.map((a) => ({
      id: a.id,
      periodLabel: parsePeriodKey(a.period_kind, a.period_key)?.label ?? a.period_key,
      postName: a.postName,
      result: a.result,
      score: a.total_score,
      seen: !!a.seen_at,
    })),
  }
}

/**
 * The enterprise's 考核 figures for the period under assessment (the one just ended): how many post
 * holders are due, how many assessed, how many 不合格 and with a follow-up. Item 1 of the 二十条 and
 * the status report read these; no individual score leaves this function.
 */
export async function assessmentFigures(ctx: RequestContext) {
  const enterpriseId = enterpriseOf(ctx)
  const today = todayInShanghai(ctx.now)
  const settings = await assessmentSettings(ctx)
  const period = previousPeriod(settings.period, today)
  const published = publishedVersionsQuery(ctx.db, enterpriseId).as('v')
  // counted in SQL: the due pairs (a post holder and a post with a published list) were 20,000 rows
  // fetched to build a set for the largest enterprise
  const due = ctx.db
    .selectFrom(currentHoldingsQuery(ctx.db, enterpriseId, today).as('a'))
    .innerJoin(published, 'v.post_id', 'a.post_id')
    .select(['a.employee_id', 'a.post_id'])
    .distinct()
  const { rows } = await sql<{ due: number; assessed: number; failed: number; failed_with_follow_up: number }>`
    with due as (${due})
    select (select count(*)::int from due) as due,
           count(x.id)::int as assessed,
           (count(x.id) filter (where x.result = '不合格'))::int as failed,
           (count(x.id) filter (where x.result = '不合格' and x.follow_up is not null and x.follow_up <> ''))::int as failed_with_follow_up
    from assessments x
    where x.enterprise_id = ${enterpriseId} and x.period_key = ${period.key}
      and (x.employee_id, x.post_id) in (select employee_id, post_id from due)`.execute(ctx.db)
  const r = rows[0]!
  return {
    periodKey: period.key,
    periodLabel: period.label,
    due: r.due,
    assessed: r.assessed,
    failed: r.failed,
    failedWithFollowUp: r.failed_with_follow_up,
  }
}

/** The 考核表 of a period as rows for the .xlsx (the people the actor may see), audited as an export. */
export async function assessmentExportRows(ctx: RequestContext, periodKey?: string) {
  const o = await assessmentOverview(ctx, periodKey)
  const ids = o.people.map((p) => p.assessment?.id).filter((id): id is string => !!id)
  const details = ids.length
    ? await ctx.db
        .selectFrom('assessments')
        .select(['id', 'comment', 'follow_up', 'assessor_post', 'seen_at'])
        .where('enterprise_id', '=', enterpriseOf(ctx))
        .where('id', 'in', ids)
        .execute()
    : []
  await recordAudit(ctx.db, {
    userId: ctx.actor.userId,
    enterpriseId: enterpriseOf(ctx),
    action: 'assessment.export',
    result: 'ok',
    ...ctx.client,
    detail: { period: o.period.key },
  })
  const detailOf = new Map(details.map((d) => [d.id, d]))
  return {
    period: o.period,
    rows: o.people.map((p) => {
      const d = p.assessment ? detailOf.get(p.assessment.id) : undefined
      return {
        name: p.name,
        employeeNo: p.employeeNo,
        post: p.postName,
        unit: p.unitName,
        assessor: p.assessment ? `${p.assessment.assessorName}（${d?.assessor_post ?? ''}）` : p.assessor,
        score: p.assessment?.score ?? '',
        result: p.assessment?.result ?? '未考核',
        comment: d?.comment ?? '',
        followUp: d?.follow_up ?? '',
        seen: d?.seen_at ? formatDateTime(d.seen_at) : p.assessment ? '待签字' : '',
      }
    }),
  }
}
