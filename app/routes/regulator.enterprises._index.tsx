import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { BarChart, ShareBar } from '../components/Charts'
import { ChoiceFilter, DataTable, FilterActions, type Column, FilterBar } from '../components/DataTable'
import { RegionPicker } from '../components/RegionPicker'
import { concurrentReads, withActor } from '../db.server'
import { majorHazardCounts, majorHazardTotal } from '../modules/hazards/hazards.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { listIndustries, listRegionsUnder } from '../modules/reference/reference.server'
import { SCOPE_LABELS } from '../modules/reference/rules'
import {
  dashboardFigures,
  listEnterprisesInScope,
  regulatorScope,
  type EnterpriseRow,
  type RegionShareRow,
} from '../modules/regulators/regulators.server'
import { ENTERPRISE_STATES, enterpriseListSchema, RED_FLAGS, REPORT_AGES, type RedFlag } from '../modules/regulators/schema'
import { reportAgeDays } from '../modules/supervision/rules'
import { formatDate } from '../utils/dates'
import { searchParamsObject } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '监管企业 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const query = enterpriseListSchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => {
    const scope = await regulatorScope(ctx)
    // the charts and the per-region shares follow the same filters as the list
    // independent reads: concurrently on PostgreSQL, in one snapshot (the heaviest first)
    // (the list's total is the summary's: the same filters, counted once)
    // (the 重大隐患 badges are the page's rows' own, read after them in the same lane)
    const [{ summary, shares }, [list, majorByEnterprise], majorTotal, industries, regions] = await concurrentReads(
      ctx,
      (c) => dashboardFigures(c, query),
      async (c) => {
        const list = await listEnterprisesInScope(c, query, { count: false })
        return [
          list,
          await majorHazardCounts(
            c,
            list.rows.map((r) => r.id),
          ),
        ] as const
      },
      (c) => majorHazardTotal(c),
      (c) => listIndustries(c.db),
      (c) => listRegionsUnder(c.db, scope.regionCode),
    )
    const page = { ...list, total: summary.total }
    const root = regions.find((r) => r.code === scope.regionCode)
    return {
      query,
      scope: { departmentName: scope.departmentName, regionName: scope.regionName, types: scope.types.map((t) => SCOPE_LABELS[t]) },
      page,
      summary,
      shares,
      majorHazards: { total: majorTotal, byEnterprise: majorByEnterprise },
      industries,
      root: root ? { code: root.code, name: root.name, level: root.level } : null,
      regions,
      now: new Date().toISOString(),
    }
  })
}

function ageText(iso: string | null, now: string) {
  const days = reportAgeDays(iso, new Date(now))
  return days === null ? '从未报告' : days <= 0 ? '今天' : `${days} 天前`
}

function columns(now: string, majorHazards: Record<string, number>): Column<EnterpriseRow>[] {
  return [
    { id: 'name', header: '企业名称', sortKey: 'name', cell: (r) => <Link to={`/regulator/enterprises/${r.id}`}>{r.name}</Link> },
    { id: 'industry', header: '行业', sortKey: 'industry', cell: (r) => r.industryName },
    { id: 'region', header: '所在地区', sortKey: 'region', cell: (r) => r.regionName },
    {
      id: 'reportedAt',
      header: '最近报告',
      sortKey: 'reportedAt',
      cell: (r) =>
        r.reportId ? (
          <Link to={`/regulator/enterprises/${r.id}/reports/${r.reportId}`} className={r.flags.includes('stale') ? 'text-red' : undefined}>
            {formatDate(r.reportedAt!)}（{ageText(r.reportedAt, now)}）
          </Link>
        ) : (
          <span className="badge badge-red">从未报告</span>
        ),
    },
    {
      id: 'flags',
      header: '红旗',
      sortKey: 'flags',
      cell: (r) =>
        r.flags.length || majorHazards[r.id] ? (
          <span className="flags">
            {r.flags.map((f) => (
              <span key={f} className="badge badge-red">
                {RED_FLAGS[f]}
              </span>
            ))}
            {/* live, like the orders' flag: 重大事故隐患 not yet 核销 */}
            {majorHazards[r.id] ? <span className="badge badge-red">重大隐患 {majorHazards[r.id]} 项</span> : null}
          </span>
        ) : (
          <span className="badge badge-green">无</span>
        ),
    },
    { id: 'workers', header: '从业人员', sortKey: 'workers', numeric: true, cell: (r) => r.workers ?? '—' },
    { id: 'principal', header: '主要负责人', cell: (r) => `${r.principalName} ${r.phone}` },
  ]
}

function shareColumns(filterHref: (changes: Record<string, string>) => string): Column<RegionShareRow>[] {
  return [
    { id: 'name', header: '地区', cell: (r) => <Link to={filterHref({ region: r.code })}>{r.name}</Link> },
    { id: 'total', header: '企业数', numeric: true, cell: (r) => r.total },
    ...(Object.keys(RED_FLAGS) as RedFlag[]).map((f) => ({
      id: f,
      header: RED_FLAGS[f],
      cell: (r: RegionShareRow) => (
        <span className="share-cell" title={`${r.counts[f]} / ${r.total} 家`}>
          <span className="share-track" aria-hidden>
            <span className="share-fill" style={{ width: `${Math.round(r.shares[f] * 100)}%` }} />
          </span>
          {Math.round(r.shares[f] * 100)}%
        </span>
      ),
    })),
  ]
}

export default function RegulatorEnterprises() {
  const { query, scope, page, summary, shares, industries, root, regions, now, majorHazards } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  // a chart's link narrows the current filters (region, industry…) by what was clicked
  const filterHref = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params)
    for (const k of ['page', 'rpage', 'state', 'age', 'flag', 'sort', 'dir']) next.delete(k)
    for (const [k, v] of Object.entries(changes)) next.set(k, v)
    return `?${next.toString()}`
  }
  const exportParams = new URLSearchParams(params)
  exportParams.delete('page')
  exportParams.delete('size')
  return (
    <>
      <div className="page-head">
        <div>
          <h1>监管企业</h1>
          <p>
            {scope.departmentName} · {scope.types.join('、')}范围：{scope.regionName}
          </p>
        </div>
        <a className="btn btn-secondary" href={`/regulator/enterprises/export?${exportParams.toString()}`} download>
          导出当前筛选结果（.xlsx）
        </a>
      </div>
      <div className="stats">
        <Link className="stat" to="?">
          <b>{summary.total}</b>
          <span>监管范围内企业</span>
        </Link>
        <Link className={`stat${summary.flagged ? ' stat-red' : ''}`} to={filterHref({ state: 'flagged', sort: 'flags', dir: 'desc' })}>
          <b>{summary.flagged}</b>
          <span>有红旗的企业</span>
        </Link>
        <Link className={`stat${majorHazards.total ? ' stat-red' : ''}`} to="/regulator/hazards">
          <b>{majorHazards.total}</b>
          <span>重大隐患未销号</span>
        </Link>
        <Link className="stat" to={filterHref({ age: 'month' })}>
          <b>{summary.ages.month}</b>
          <span>一个月内报告</span>
        </Link>
        <Link className={`stat${summary.ages.never ? ' stat-red' : ''}`} to={filterHref({ state: 'never' })}>
          <b>{summary.ages.never}</b>
          <span>从未报告</span>
        </Link>
      </div>
      <section className="card charts" aria-label="监管概况">
        <BarChart
          title="红旗分布（企业数）"
          bars={(Object.keys(RED_FLAGS) as RedFlag[]).map((f) => ({
            label: RED_FLAGS[f],
            value: summary.flags[f],
            tone: 'red' as const,
            href: filterHref({ flag: f }),
          }))}
        />
        <div>
          <ShareBar
            title="最近一次报告距今"
            parts={[
              { label: REPORT_AGES.month, value: summary.ages.month, tone: 'green', href: filterHref({ age: 'month' }) },
              { label: REPORT_AGES.quarter, value: summary.ages.quarter, tone: 'amber', href: filterHref({ age: 'quarter' }) },
              { label: REPORT_AGES.older, value: summary.ages.older, tone: 'red', href: filterHref({ age: 'older' }) },
              { label: REPORT_AGES.never, value: summary.ages.never, tone: 'grey', href: filterHref({ age: 'never' }) },
            ]}
          />
          {summary.byRegion.length ? (
            <BarChart
              title="各地区企业与红旗"
              partLabel="有红旗"
              bars={summary.byRegion.map((r) => ({ label: r.name, value: r.total, part: r.flagged, href: filterHref({ region: r.code }) }))}
            />
          ) : null}
        </div>
      </section>
      <FilterBar>
        <div className="field">
          <label htmlFor="q">企业名称或信用代码</label>
          <input id="q" name="q" defaultValue={query.q} placeholder="输入关键字" />
        </div>
        <div className="field">
          <label htmlFor="industry">行业</label>
          <select id="industry" name="industry" defaultValue={query.industry}>
            <option value="">全部行业</option>
            {industries.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        {root ? <RegionPicker root={root} regions={regions} value={query.region} /> : null}
        <ChoiceFilter name="state" label="状态" value={query.state} choices={ENTERPRISE_STATES} />
        <ChoiceFilter name="age" label="报告时效" value={query.age} choices={REPORT_AGES} />
        <ChoiceFilter name="flag" label="红旗" value={query.flag} choices={RED_FLAGS} />
        <FilterActions query={query} />
      </FilterBar>
      <DataTable
        columns={columns(now, majorHazards.byEnterprise)}
        rows={page.rows}
        total={page.total}
        page={page.page}
        size={page.size}
        sort={query.sort}
        dir={query.dir}
        rowKey={(r) => r.id}
        empty="监管范围内没有符合条件的企业"
        caption="监管范围内的企业"
      />
      {shares.total ? (
        <section className="card" aria-label="各地区红旗企业占比">
          <h2>各地区红旗企业占比</h2>
          <p className="hint">
            按当前筛选，{query.region ? '所选地区' : scope.regionName}的下一级地区中，有各项红旗的企业占该地区企业数的比例。
          </p>
          <DataTable
            columns={shareColumns(filterHref)}
            rows={shares.rows}
            total={shares.total}
            page={shares.page}
            size={shares.size}
            rowKey={(r) => r.code}
            paramPrefix="r"
            empty="没有符合条件的企业"
            caption="各地区红旗企业占比"
          />
        </section>
      ) : null}
    </>
  )
}
