import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database, HazardStatsSnapshot } from '../../../db/types'
import type { RequestContext } from '../../db.server'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import type { Result } from '../../utils/result'
import { recordAudit } from '../audit/audit.server'
import { enterpriseStaff } from '../auth/actor'
import { hazardsForPeriod } from '../hazards/period.server'
import { myCurrentPosts } from '../org/org.server'
import { isInScope, regulatorScope } from '../reference/scope.server'
import { logRegulatorRead } from '../audit/regulator-reads.server'
import { canGenerateHazardStats, canReadHazardStats, canSignHazardStats } from './policy'
import {
  dueState,
  hasEnded,
  hazardStatsSnapshot,
  latestDuePeriods,
  openPeriods,
  parsePeriod,
  periodEndsAt,
  recentPeriods,
  shanghaiMidnight,
  type DueState,
  type Period,
} from './rules'
import { addDays } from '../../utils/calendar'

// 隐患排查治理统计分析表 (原国家安全监管总局令第16号 §14): each quarter and each year the safety
// administrator draws the table up from the hazard records, the 主要负责人 signs it, and the signature
// publishes it to the supervising departments, who read it on the enterprise's 一企一档 (every read in
// its 查阅记录). The figures are frozen at generation (they are "as at the end of the period", read
// from the append-only history, so they could not differ later anyway); one table per enterprise and
// period (unique), signed once under the row's lock; the database refuses any change after that.

type DB = Kysely<Database>

function periodView(p: Period) {
  return { key: p.key, label: p.label, start: p.start, end: p.end, dueOn: p.dueOn, kind: p.kind }
}

type Row = {
  id: string
  period: string
  created_at: Date
  created_by_name: string
  signed_at: Date | null
  signed_by_name: string | null
  signed_post: string | null
}

async function rowsFor(db: DB, enterpriseId: string, keys: string[]): Promise<Map<string, Row>> {
  if (!keys.length) return new Map()
  const rows = await db
    .selectFrom('hazard_stat_reports')
    .select(['id', 'period', 'created_at', 'created_by_name', 'signed_at', 'signed_by_name', 'signed_post'])
    .where('enterprise_id', '=', enterpriseId)
    .where('period', 'in', keys)
    .execute()
  return new Map(rows.map((r) => [r.period, r]))
}

function tableState(p: Period, row: Row | undefined, now: Date) {
  const signedAt = row?.signed_at ? new Date(row.signed_at) : null
  return {
    period: periodView(p),
    id: row?.id ?? null,
    signedAt: signedAt ? signedAt.toISOString() : null,
    signedBy: row?.signed_by_name ?? null,
    state: dueState(p, signedAt, now),
  }
}

/** The enterprise's page: the recent ended periods, each with its table (if drawn up) and whether it came in on time. */
export async function hazardStatsOverview(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const today = todayInShanghai(now)
  const periods = recentPeriods(today)
  const rows = await rowsFor(
    db,
    enterpriseId,
    periods.map((p) => p.key),
  )
  return {
    periods: periods.map((p) => tableState(p, rows.get(p.key), now)),
    canGenerate: canGenerateHazardStats(actor.role).ok,
    canSign: canSignHazardStats({ role: actor.role, posts: await myCurrentPosts(ctx, today) }).ok,
  }
}

/**
 * Draws up a period's table from the records, once: a second call (or twenty at once) answers with
 * the same table. Only an ended period; only the safety administrator.
 */
export async function generateHazardStats(ctx: RequestContext, periodKey: string): Promise<Result<{ id: string }>> {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const may = canGenerateHazardStats(actor.role)
  if (!may.ok) throw forbidden(may.message)
  const period = parsePeriod(periodKey)
  if (!period) return { ok: false, fieldErrors: { period: '请选择统计期间' } }
  if (!hasEnded(period, todayInShanghai(now))) return { ok: false, fieldErrors: { period: `${period.label}尚未结束，结束后才能统计` } }
  const existing = await db
    .selectFrom('hazard_stat_reports')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('period', '=', period.key)
    .executeTakeFirst()
  if (existing) return { ok: true, id: existing.id }
  const from = shanghaiMidnight(period.start)
  const to = shanghaiMidnight(addDays(period.end, 1))
  const snapshot = hazardStatsSnapshot(await hazardsForPeriod(db, enterpriseId, from, to), period)
  const inserted = await db
    .insertInto('hazard_stat_reports')
    .values({
      enterprise_id: enterpriseId,
      period: period.key,
      period_start: period.start,
      period_end: period.end,
      due_on: period.dueOn,
      snapshot: JSON.stringify(snapshot),
      created_by: actor.userId,
      created_by_name: actor.displayName,
      created_at: now,
    })
    // the same period drawn up at the same moment by another request: theirs stands
    .onConflict((oc) => oc.columns(['enterprise_id', 'period']).doNothing())
    .returning('id')
    .executeTakeFirst()
  const id =
    inserted?.id ??
    (
      await db
        .selectFrom('hazard_stat_reports')
        .select('id')
        .where('enterprise_id', '=', enterpriseId)
        .where('period', '=', period.key)
        .executeTakeFirstOrThrow()
    ).id
  if (inserted)
    await recordAudit(db, {
      userId: actor.userId,
      enterpriseId,
      action: 'hazard_stats.generate',
      target: id,
      result: 'ok',
      ...client,
      detail: { period: period.key },
    })
  return { ok: true, id }
}

async function loadTable(db: DB, enterpriseId: string, id: string) {
  const r = await db
    .selectFrom('hazard_stat_reports')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!r) throw notFound()
  const period = parsePeriod(r.period)
  if (!period) throw notFound()
  const enterprise = await db
    .selectFrom('enterprises')
    .select(['name', 'credit_code', 'principal_name'])
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  return {
    id: r.id,
    period: periodView(period),
    periodObj: period,
    enterprise: { id: enterpriseId, name: enterprise.name, creditCode: enterprise.credit_code },
    snapshot: r.snapshot as HazardStatsSnapshot,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by_name,
    signedBy: r.signed_by_name,
    signedPost: r.signed_post,
    signedAt: r.signed_at ? new Date(r.signed_at).toISOString() : null,
  }
}

function withState<T extends Awaited<ReturnType<typeof loadTable>>>(t: T, now: Date) {
  const { periodObj, ...rest } = t
  const state: DueState = dueState(periodObj, t.signedAt ? new Date(t.signedAt) : null, now)
  return { ...rest, state }
}

/** A table as the enterprise sees it, and whether this person may sign it now (the same rule as signHazardStats). */
export async function getHazardStats(ctx: RequestContext, id: string) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const may = canReadHazardStats(actor.role)
  if (!may.ok) throw forbidden(may.message)
  const t = await loadTable(db, enterpriseId, id)
  const canSign = !t.signedAt && canSignHazardStats({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) }).ok
  return { ...withState(t, now), canSign }
}

/**
 * The 主要负责人 signs, which publishes the table to the supervising departments — once. Authority
 * comes from the signer's posts in the database today (policy.ts); the row is locked before the
 * already-signed check, so twenty signatures at once sign it once, and the freeze trigger refuses a
 * second signature whatever the app does.
 */
export async function signHazardStats(ctx: RequestContext, id: string): Promise<Result> {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const decision = canSignHazardStats({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) })
  if (!decision.ok) throw forbidden(decision.message)
  const r = await db
    .selectFrom('hazard_stat_reports')
    .select(['id', 'period', 'due_on', 'signed_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!r) throw notFound()
  if (r.signed_at) return { ok: false, message: '该统计分析表已签字报送' }
  await db
    .updateTable('hazard_stat_reports')
    .set({ signed_by: actor.userId, signed_by_name: actor.displayName, signed_post: decision.post.postName, signed_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'hazard_stats.sign',
    target: id,
    result: 'ok',
    ...client,
    detail: { period: r.period, post: decision.post.postName, state: dueState({ dueOn: r.due_on }, now, now) },
  })
  return { ok: true }
}

/**
 * For the enterprise home's 下一步 and item 14: the periods whose due day passed most recently (late or
 * missing is red), and the ended periods still within their due day (to draw up and sign now).
 */
export async function hazardStatsDue(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const today = todayInShanghai(now)
  const latest = latestDuePeriods(today)
  const open = openPeriods(today)
  const rows = await rowsFor(
    db,
    enterpriseId,
    [...latest, ...open].map((p) => p.key),
  )
  return {
    latest: latest.map((p) => tableState(p, rows.get(p.key), now)),
    open: open.map((p) => ({ ...tableState(p, rows.get(p.key), now), drafted: rows.has(p.key) })),
  }
}

/**
 * The regulator dashboard's red flag (隐患统计逾期): a table of the periods that fell due most recently
 * is not signed by the end of its due day — missing, or signed late. Only a period that ended after the
 * enterprise was registered (`created_at`) is owed: an enterprise registered in December owes no
 * table for the third quarter. A SQL boolean over the dashboard's `s` (enterprise_flag_state, which
 * keeps the registration instant, and whose `stats_on_time` lists the periods each enterprise signed before the
 * end of the due day, kept by trigger from hazard_stat_reports: migration 20261206020000), so the
 * flag of every enterprise in a city is a comparison on its own row (issue 17), not a probe of its
 * tables; the clock only chooses which periods are due.
 */
export function hazardStatsFlagSql(now: Date): RawBuilder<boolean> {
  const due = latestDuePeriods(todayInShanghai(now))
  if (!due.length) return sql<boolean>`false`
  const owed = due.map(
    (p) =>
      sql`coalesce(s.created_at < ${periodEndsAt(p).toISOString()}::timestamptz and not (${p.key}::text = any(s.stats_on_time)), false)`,
  )
  return sql<boolean>`(${sql.join(owed, sql` or `)})`
}

// ---- the regulator's side ----------------------------------------------------------------------

async function inScopeOr404(ctx: RequestContext, enterpriseId: string) {
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(ctx.db, scope, enterpriseId))) throw notFound()
  return scope
}

/** 一企一档: the signed tables of an enterprise in scope, newest period first, and the latest due ones' state. */
export async function hazardStatsForRegulator(ctx: RequestContext, enterpriseId: string) {
  const { db, now } = ctx
  await inScopeOr404(ctx, enterpriseId)
  const rows = await db
    .selectFrom('hazard_stat_reports')
    .select(['id', 'period', 'due_on', 'signed_at', 'signed_by_name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('signed_at', 'is not', null)
    .orderBy('period_end', 'desc')
    .orderBy('period', 'desc')
    .limit(20)
    .execute()
  const latest = latestDuePeriods(todayInShanghai(now))
  const signed = new Map(rows.map((r) => [r.period, r]))
  return {
    tables: rows.map((r) => ({
      id: r.id,
      label: parsePeriod(r.period)?.label ?? r.period,
      dueOn: r.due_on,
      signedAt: new Date(r.signed_at!).toISOString(),
      signedBy: r.signed_by_name,
      state: dueState({ dueOn: r.due_on }, new Date(r.signed_at!), now),
    })),
    latest: latest.map((p) => {
      const r = signed.get(p.key)
      return { label: p.label, dueOn: p.dueOn, state: dueState(p, r?.signed_at ? new Date(r.signed_at) : null, now) }
    }),
  }
}

/** A department in scope reads one signed table; the read goes into the enterprise's 查阅记录. Unsigned or out of scope: 404. */
export async function readHazardStatsAsRegulator(ctx: RequestContext, enterpriseId: string, id: string) {
  const { db, actor, client, now } = ctx
  const scope = await inScopeOr404(ctx, enterpriseId)
  const t = await loadTable(db, enterpriseId, id)
  if (!t.signedAt) throw notFound()
  await logRegulatorRead(ctx, {
    enterpriseId,
    reportId: null,
    departmentName: scope.departmentName,
    subject: `隐患排查治理统计分析表：${t.period.label}`,
  })
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'hazard_stats.view', target: id, result: 'ok', ...client })
  return withState(t, now)
}
