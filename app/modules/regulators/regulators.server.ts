import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely'
import type { Database } from '../../../db/types'
import { formatDateTime, monthsBefore, todayInShanghai } from '../../utils/dates'
import { notFound } from '../../utils/http'
import { containsPattern, type Page } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import { loadProfile } from '../enterprises/enterprises.server'
import { regionPrefix } from '../reference/rules'
import { overdueOrderFlag, supervisionForRegulator } from '../supervision/supervision.server'
import { drillsForRegulator } from '../drills/drills.server'
import { hazardStatsFlagSql } from '../hazard-stats/stats.server'
import { dutyListsForRegulator, dutyListVersionForRegulator } from '../duties/duties.server'
import { openEvidenceAsRegulator } from '../evidence/evidence.server'
import { reportTrendFor } from '../reports/reports.server'
import { logRegulatorRead } from '../audit/regulator-reads.server'
import { trainingForRegulator } from '../training/training.server'
import { RED_FLAGS, type EnterpriseListQuery, type EnterpriseSort, type RedFlag, RED_FLAG_KEYS } from './schema'
import { inScope, isInScope, regulatorScope, scopeCondition, type RegulatorScope } from '../reference/scope.server'
import type { RequestContext } from '../../db.server'

// The regulator's dashboard: every enterprise in scope with its latest report and red flags,
// filtered, sorted, paginated and summed in SQL. The flags are the figures the enterprise signed in
// its latest report, plus three the regulator's side knows: the report's age, rectification orders
// past their deadline and the 隐患统计分析表 not signed in time. Each is decided from the enterprise's
// one row of enterprise_flag_state (`s`, kept by trigger from its sources: migration
// 20261206020000) and the request's clock, so counting them over a city reads one narrow row per
// enterprise (issue 17).

type DB = Kysely<Database>

export interface EnterpriseRow {
  id: string
  name: string
  creditCode: string
  industryName: string
  regionName: string
  principalName: string
  phone: string
  workers: number | null
  reportId: string | null
  reportedAt: string | null
  flags: RedFlag[]
}

/** A report published before the same moment a calendar month ago is stale (as isReportStale says). */
const staleCutoff = (now: Date) => monthsBefore(now, 1)
const quarterCutoff = (now: Date) => monthsBefore(now, 3)

/**
 * Each flag as a SQL boolean over `s` (an enterprise's enterprise_flag_state row) at `now`; false,
 * not null, where the list's left join finds no row (see countingBase).
 */
function flagSql(now: Date): Record<RedFlag, RawBuilder<boolean>> {
  return {
    stale: sql<boolean>`(s.published_at is null or s.published_at < ${staleCutoff(now)})`,
    confirmations: sql<boolean>`coalesce(s.confirmations, false)`,
    certificates: sql<boolean>`coalesce(s.certificates, false)`,
    drills: sql<boolean>`coalesce(s.drills, false)`,
    items: sql<boolean>`coalesce(s.items, false)`,
    orders: overdueOrderFlag(todayInShanghai(now)),
    hazardStats: hazardStatsFlagSql(now),
  }
}

function flagCountSql(flags: Record<RedFlag, RawBuilder<boolean>>) {
  return sql<number>`(${sql.join(
    Object.values(flags).map((f) => sql`${f}::int`),
    sql` + `,
  )})`
}

function scopedBase(db: DB, scope: RegulatorScope) {
  return db
    .selectFrom('enterprises as e')
    .innerJoin('industries as i', 'i.code', 'e.industry_code')
    .innerJoin('regions as r', 'r.code', 'e.region_code')
    .leftJoin('enterprise_flag_state as s', 's.enterprise_id', 'e.id')
    .where(inScope(scope))
}
type Base = ReturnType<typeof scopedBase>

/**
 * The same enterprises without the joins to industries and regions (their names; every enterprise has
 * both, by foreign key): what the filters and the list's sort by id need. The filters (applyFilters)
 * and flags refer to `e` and `s` only, so it is typed as the full base. Every enterprise has its
 * enterprise_flag_state row from its registration (by trigger); the join is a left join all the same,
 * so that a query which refers to nothing of `s` (the ids in name or region order, a deep page) does
 * not join at all: Postgres removes a left join to a unique key it does not use (an inner join made
 * page 500 read 10,000 kept rows: 16 → 68 ms as SQL).
 */
function countingBase(db: DB, scope: RegulatorScope): Base {
  return db
    .selectFrom('enterprises as e')
    .leftJoin('enterprise_flag_state as s', 's.enterprise_id', 'e.id')
    .where(inScope(scope)) as unknown as Base
}

/**
 * The enterprises in scope as their enterprise_flag_state rows alone (which keep each enterprise's
 * 行业, 所在地区 and registration): what the figures count, one narrow row per enterprise without the
 * join to enterprises (issue 17). Only `s` may be referred to: applyFilters is told so.
 */
function stateBase(db: DB, scope: RegulatorScope): Base {
  return db.selectFrom('enterprise_flag_state as s').where(scopeCondition(scope, 's')) as unknown as Base
}
// the joined tables of the base, whatever a query selects from them
type BaseFrom = Base extends SelectQueryBuilder<infer D, infer T, infer _O> ? { db: D; tables: T } : never

function regionLevel(code: string) {
  return code.length === 9 ? 4 : code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3
}

/** `keys`: the alias whose `region_code` and `industry_code` the filters use (`s` when the base is stateBase). */
function applyFilters(
  base: Base,
  query: Omit<EnterpriseListQuery, 'page' | 'size' | 'sort' | 'dir' | 'rpage' | 'rsize'>,
  now: Date,
  keys: 'e' | 's' = 'e',
): Base {
  const flags = flagSql(now)
  if (query.q) {
    const like = containsPattern(query.q)
    base =
      keys === 'e'
        ? base.where((eb) => eb.or([eb('e.name', 'like', like), eb('e.credit_code', 'like', like.toUpperCase())]))
        : base.where(
            sql<boolean>`s.enterprise_id in (select q.id from enterprises q where q.name like ${like} or q.credit_code like ${like.toUpperCase()})`,
          )
  }
  if (query.industry) base = base.where(sql<boolean>`${sql.ref(`${keys}.industry_code`)} = ${query.industry}`)
  if (query.region)
    base = base.where(sql<boolean>`${sql.ref(`${keys}.region_code`)} like ${`${regionPrefix(query.region, regionLevel(query.region))}%`}`)
  if (query.flag) base = base.where(flags[query.flag])
  // never reported: no report (the state row exists from the enterprise's registration)
  if (query.state === 'never') base = base.where('s.published_at', 'is', null)
  else if (query.state === 'flagged') base = base.where(sql<boolean>`${flagCountSql(flags)} > 0`)
  else if (query.state === 'ok') base = base.where(sql<boolean>`${flagCountSql(flags)} = 0`)
  if (query.age === 'never') base = base.where('s.published_at', 'is', null)
  else if (query.age === 'month') base = base.where('s.published_at', '>=', staleCutoff(now))
  else if (query.age === 'quarter')
    base = base.where('s.published_at', '<', staleCutoff(now)).where('s.published_at', '>=', quarterCutoff(now))
  else if (query.age === 'older') base = base.where('s.published_at', '<', quarterCutoff(now))
  return base
}

function orderBy<O>(q: SelectQueryBuilder<BaseFrom['db'], BaseFrom['tables'], O>, sort: EnterpriseSort, dir: 'asc' | 'desc', now: Date) {
  switch (sort) {
    case 'name':
      return q.orderBy('e.name', dir)
    case 'creditCode':
      return q.orderBy('e.credit_code', dir)
    case 'industry':
      return q.orderBy('i.sort', dir)
    case 'region':
      return q.orderBy('e.region_code', dir)
    case 'workers':
      return q.orderBy(sql`s.workers ${sql.raw(dir)} nulls last`)
    // oldest first reads "who has not reported for longest": never-reported come first
    case 'reportedAt':
      return q.orderBy(sql`s.published_at ${sql.raw(dir)} ${sql.raw(dir === 'asc' ? 'nulls first' : 'nulls last')}`)
    case 'flags':
      return q.orderBy(flagCountSql(flagSql(now)), dir)
  }
}

function rowSelect(base: Base, now: Date) {
  const flags = flagSql(now)
  return base.select([
    'e.id',
    'e.name',
    'e.credit_code as creditCode',
    'i.name as industryName',
    'r.name as regionName',
    'e.principal_name as principalName',
    'e.phone',
    's.workers',
    's.report_id as reportId',
    's.published_at as reportedAt',
    ...(Object.entries(flags) as [RedFlag, RawBuilder<boolean>][]).map(([k, f]) => f.as(`flag_${k}`)),
  ])
}

type RawRow = Awaited<ReturnType<ReturnType<typeof rowSelect>['execute']>>[number]
function toRow(r: RawRow): EnterpriseRow {
  const rec = r as unknown as Record<string, unknown>
  return {
    id: r.id,
    name: r.name,
    creditCode: r.creditCode,
    industryName: r.industryName,
    regionName: r.regionName,
    principalName: r.principalName,
    phone: r.phone,
    workers: r.workers ?? null,
    reportId: r.reportId ?? null,
    reportedAt: r.reportedAt ? new Date(r.reportedAt).toISOString() : null,
    flags: (Object.keys(RED_FLAGS) as RedFlag[]).filter((k) => rec[`flag_${k}`] === true),
  }
}

/** The enterprises a regulator supervises: filtered, sorted and paginated in SQL. */
export async function listEnterprisesInScope(
  ctx: RequestContext,
  query: EnterpriseListQuery,
  options: { count?: boolean } = {},
): Promise<Page<EnterpriseRow>> {
  const { db, now } = ctx
  const scope = await regulatorScope(ctx)
  const base = applyFilters(query.sort === 'industry' ? scopedBase(db, scope) : countingBase(db, scope), query, now)
  // The page's ids first, sorted as narrow rows (the sort key and id: a deep page's sort stays in
  // memory, where the whole rows spilled to disk), then the page's 20 rows with their flags.
  const ids = orderBy(base.select('e.id'), query.sort, query.dir, now)
    .orderBy('e.id')
    .limit(query.size)
    .offset((query.page - 1) * query.size)
  const rows = await orderBy(rowSelect(scopedBase(db, scope), now).where('e.id', 'in', ids), query.sort, query.dir, now)
    .orderBy('e.id')
    .execute()
  // the dashboard takes the total from its summary (same filters), which counts anyway: count: false
  const total = options.count === false ? -1 : (await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()).total
  return { rows: rows.map(toRow), total, page: query.page, size: query.size }
}

/**
 * The level below a region, as the length of its code's prefix: the cities of a province (4), the
 * counties of a city (6), the 乡镇/街道 of a county (9); a 街道 has none (0).
 */
export function childPrefixLength(code: string): number {
  if (code.length === 9) return 0
  return code.endsWith('0000') ? 4 : code.endsWith('00') ? 6 : 9
}
const regionCodeOfChild = (child: string) => (child.length === 4 ? `${child}00` : child)

/** The region the dashboard looks at: the region filter, else the department's own region. */
const focusOf = (scope: RegulatorScope, query: Pick<EnterpriseListQuery, 'region'>) => query.region || scope.regionCode

type Filters = Omit<EnterpriseListQuery, 'page' | 'size' | 'sort' | 'dir' | 'rpage' | 'rsize'>

/**
 * Each enterprise in scope that passes the current filters, with the child region (of the filtered
 * region) it lies in and each flag computed once, for the figures and charts below. The flag and
 * state filters apply to the computed flags, outside a fence (`offset 0`: Postgres does not flatten
 * the subquery into the filter), so each flag's subplan runs once: with the filter's own copy of the
 * flags, the 隐患统计 flag's hash of hazard_stat_reports (99 MB on the city) was built twice.
 */
function perEnterprise(db: DB, scope: RegulatorScope, query: Filters, now: Date) {
  const flags = flagSql(now)
  const childLength = childPrefixLength(focusOf(scope, query))
  const { flag, state } = query
  const computed = applyFilters(stateBase(db, scope), { ...query, flag: '', state: state === 'never' ? 'never' : '' }, now, 's')
    .select([
      sql<string>`${childLength ? sql`left(s.region_code, ${sql.lit(childLength)})` : sql`s.region_code`}`.as('child'),
      sql<Date | null>`s.published_at`.as('published_at'),
      ...RED_FLAG_KEYS.map((k) => flags[k].as(`f_${k}`)),
    ])
    .offset(0)
  let rows = db.selectFrom(computed.as('y')).selectAll('y')
  if (flag) rows = rows.where(sql<boolean>`${sql.ref(`y.f_${flag}`)}`)
  if (state === 'flagged') rows = rows.where(anyFlagOf('y'))
  else if (state === 'ok') rows = rows.where(sql<boolean>`not (${anyFlagOf('y')})`)
  return rows
}

const countWhere = (cond: RawBuilder<unknown>) => sql<number>`(count(*) filter (where ${cond}))::int`
const anyFlagOf = (table = 'x') =>
  sql<boolean>`(${sql.join(
    RED_FLAG_KEYS.map((k) => sql.ref(`${table}.f_${k}`)),
    sql` or `,
  )})`

export interface RegionShareRow {
  code: string
  name: string
  total: number
  /** enterprises with the flag, per flag */
  counts: Record<RedFlag, number>
  /** their share of the region's enterprises, 0–1 */
  shares: Record<RedFlag, number>
}

/**
 * Figures over the enterprises the current filters select, for the summary, the charts and the
 * per-region shares (各地区红旗占比), in one pass (issue 17: one scan of the scope per page view, not
 * two): grouping sets give the totals and, per child region of the filtered region (cities of a
 * province, counties of a city, streets of a county; a street's own code for a street), the
 * enterprises and each flag's count together. The children are few (a province's cities, a county's
 * streets), so the shares' page is cut from them here; the region filter is a prefix on the indexed
 * region code (enterprises_region_prefix_idx).
 */
export async function dashboardFigures(ctx: RequestContext, query: Filters & { rpage: number; rsize: number }) {
  const { db, now } = ctx
  const scope = await regulatorScope(ctx)
  const childLength = childPrefixLength(focusOf(scope, query))
  const rows = await db
    .selectFrom(perEnterprise(db, scope, query, now).as('x'))
    .select([
      sql<number>`grouping(x.child)`.as('whole'),
      'x.child',
      sql<number>`count(*)::int`.as('total'),
      countWhere(sql`x.published_at is null`).as('never'),
      countWhere(sql`x.published_at >= ${staleCutoff(now)}`).as('month'),
      countWhere(sql`x.published_at < ${staleCutoff(now)} and x.published_at >= ${quarterCutoff(now)}`).as('quarter'),
      countWhere(sql`x.published_at < ${quarterCutoff(now)}`).as('older'),
      countWhere(anyFlagOf()).as('flagged'),
      ...RED_FLAG_KEYS.map((k) => countWhere(sql.ref(`x.f_${k}`)).as(`flag_${k}`)),
    ])
    .groupBy(sql`grouping sets ((), (x.child))`)
    .execute()
  const rec = (rows.find((r) => r.whole === 1) ?? { total: 0 }) as unknown as Record<string, number>
  const groups = rows.filter((r) => r.whole === 0).sort((a, b) => (a.child < b.child ? -1 : a.child > b.child ? 1 : 0))
  const shown = groups.slice((query.rpage - 1) * query.rsize, query.rpage * query.rsize)
  const names = await regionNames(db, [...new Set([...(childLength ? groups : []), ...shown].map((g) => regionCodeOfChild(g.child)))])
  const nameOf = (child: string) => names.get(regionCodeOfChild(child)) ?? '其他'
  const summary = {
    total: rec.total ?? 0,
    flagged: rec.flagged ?? 0,
    ages: { month: rec.month ?? 0, quarter: rec.quarter ?? 0, older: rec.older ?? 0, never: rec.never ?? 0 },
    flags: Object.fromEntries(RED_FLAG_KEYS.map((k) => [k, rec[`flag_${k}`] ?? 0])) as Record<RedFlag, number>,
    byRegion: (childLength ? groups : []).map((g) => ({
      code: regionCodeOfChild(g.child),
      name: nameOf(g.child),
      total: g.total,
      flagged: g.flagged,
    })),
  }
  const shares: Page<RegionShareRow> = {
    rows: shown.map((r) => {
      const rec = r as unknown as Record<string, number>
      const counts = Object.fromEntries(RED_FLAG_KEYS.map((k) => [k, rec[`flag_${k}`] ?? 0])) as Record<RedFlag, number>
      return {
        code: regionCodeOfChild(r.child),
        name: nameOf(r.child),
        total: r.total,
        counts,
        shares: Object.fromEntries(RED_FLAG_KEYS.map((k) => [k, r.total ? counts[k] / r.total : 0])) as Record<RedFlag, number>,
      }
    }),
    total: groups.length,
    page: query.rpage,
    size: query.rsize,
  }
  return { summary, shares }
}

/** The summary and charts alone (dashboardFigures). */
export async function dashboardSummary(ctx: RequestContext, query: Filters) {
  return (await dashboardFigures(ctx, { ...query, rpage: 1, rsize: 1 })).summary
}

/** The per-region shares alone (dashboardFigures): a page of the child regions, in code order. */
export async function regionFlagShares(
  ctx: RequestContext,
  query: Filters & { rpage: number; rsize: number },
): Promise<Page<RegionShareRow>> {
  return (await dashboardFigures(ctx, query)).shares
}

async function regionNames(db: DB, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map()
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()
  return new Map(rows.map((r) => [r.code, r.name]))
}

export const DASHBOARD_EXPORT_COLUMNS = [
  { header: '企业名称', key: 'name', width: 32 },
  { header: '统一社会信用代码', key: 'creditCode', width: 22 },
  { header: '行业', key: 'industryName', width: 14 },
  { header: '所在地区', key: 'regionName', width: 14 },
  { header: '主要负责人', key: 'principalName', width: 10 },
  { header: '联系电话', key: 'phone', width: 14 },
  { header: '从业人员（最近报告）', key: 'workers', width: 12 },
  { header: '最近报告发布时间', key: 'reportedAt', width: 18 },
  { header: '红旗', key: 'flags', width: 48 },
]

/** The filtered list, in the list's order, for the .xlsx export; the export itself is audited. */
export async function* dashboardExportRows(ctx: RequestContext, query: EnterpriseListQuery): AsyncGenerator<Record<string, unknown>> {
  const { db, actor, client, now } = ctx
  const scope = await regulatorScope(ctx)
  await recordAudit(db, {
    userId: actor.userId,
    action: 'regulator.export',
    result: 'ok',
    ...client,
    detail: { department: scope.departmentName, filters: { ...query, page: undefined, size: undefined } },
  })
  // The whole list's order once, as narrow rows (the sort key and id, as the dashboard's page sorts
  // them), then the rows 2,000 at a time by id, each batch its own short query. Paging the full rows
  // by offset sorted the whole filtered scope again for every batch and read every row before it: ten
  // sorts of the city, each longer than the last (2.7 s of SQL for azt_scale's 20,000 rows; on a
  // province's 100,000, fifty). An enterprise gone from the scope since the first query is left out.
  const base = applyFilters(query.sort === 'industry' ? scopedBase(db, scope) : countingBase(db, scope), query, now)
  const order = (await orderBy(base.select('e.id'), query.sort, query.dir, now).orderBy('e.id').execute()).map((r) => r.id)
  const pageSize = 2000
  for (let from = 0; from < order.length; from += pageSize) {
    const ids = order.slice(from, from + pageSize)
    const rows = new Map((await rowSelect(scopedBase(db, scope), now).where('e.id', 'in', ids).execute()).map((raw) => [raw.id, raw]))
    for (const id of ids) {
      const raw = rows.get(id)
      if (!raw) continue
      const r = toRow(raw)
      yield {
        ...r,
        workers: r.workers ?? '',
        reportedAt: r.reportedAt ? formatDateTime(r.reportedAt) : '从未报告',
        flags: r.flags.map((f) => RED_FLAGS[f]).join('、'),
      }
    }
  }
}

/** One enterprise's profile, if and only if it is within the regulator's scope. */
export async function getEnterpriseForRegulator(ctx: RequestContext, enterpriseId: string) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const profile = await loadProfile(db, enterpriseId)
  const counts = await db
    .selectFrom('employees')
    .select(sql<number>`count(*)::int`.as('workers'))
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  return { profile, workers: counts.workers }
}

export { regulatorScope }

/**
 * 一企一档: everything a regulator in scope may read of one enterprise on one page — profile and
 * supervising departments, the published lists (current and history), the last twelve signed reports
 * (figures, ledger anchors, the six areas' trend), training, certificates, plans and drills with their
 * files, inspections and orders. Each module checks scope itself; the read is logged once for the
 * enterprise (查阅记录) and in the audit trail. Out of scope is 404, and nothing is logged.
 */
export async function enterpriseDossier(ctx: RequestContext, enterpriseId: string, today = todayInShanghai(ctx.now)) {
  const { db, actor, client } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const [enterprise, lists, reports, training, drills, supervision] = [
    await getEnterpriseForRegulator(ctx, enterpriseId),
    await dutyListsForRegulator(ctx, enterpriseId),
    await reportTrendFor(ctx, enterpriseId),
    await trainingForRegulator(ctx, enterpriseId, Number(today.slice(0, 4)), today),
    await drillsForRegulator(ctx, enterpriseId, today),
    await supervisionForRegulator(ctx, enterpriseId, today),
  ]
  await logRegulatorRead(ctx, { enterpriseId, reportId: null, departmentName: scope.departmentName, subject: '一企一档' })
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'dossier.view', target: enterpriseId, result: 'ok', ...client })
  return { ...enterprise, lists, reports, training, drills, supervision }
}

/** The evidence kinds of the records 一企一档 lists, and what the file names in 查阅记录 are called. */
export const DOSSIER_RECORD_KINDS = { training: '培训记录', certificate: '证书', plan: '应急预案', drill: '演练记录' } as const
export type DossierRecordKind = keyof typeof DOSSIER_RECORD_KINDS

/**
 * A regulator opens a file of one record listed in 一企一档 (a session's sign-in sheet, a certificate
 * scan, a plan, a drill's 方案/脚本/评估报告): only a file hanging on that record of that enterprise,
 * which must be in scope; anything else is 404. The read goes into the enterprise's 查阅记录.
 */
export async function openDossierEvidence(
  ctx: RequestContext,
  enterpriseId: string,
  record: { kind: DossierRecordKind; id: string },
  fileId: string,
) {
  const file = await openEvidenceAsRegulator(ctx, enterpriseId, fileId, { owners: [record] })
  await logRegulatorRead(ctx, {
    enterpriseId,
    reportId: null,
    departmentName: file.departmentName,
    subject: `${DOSSIER_RECORD_KINDS[record.kind]}附件：${file.fileName}`,
  })
  return file
}

/** One published or superseded duty list of an enterprise in scope; the read is logged for the enterprise. */
export async function readDutyListAsRegulator(ctx: RequestContext, enterpriseId: string, versionId: string) {
  const { db, actor, client } = ctx
  const scope = await regulatorScope(ctx)
  const list = await dutyListVersionForRegulator(ctx, enterpriseId, versionId)
  await logRegulatorRead(ctx, {
    enterpriseId,
    reportId: null,
    departmentName: scope.departmentName,
    subject: `责任清单：${list.post.name} v${list.version.version}`,
  })
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'dossier.list_view', target: versionId, result: 'ok', ...client })
  return list
}
