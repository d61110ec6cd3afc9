import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PeriodBadge } from '../components/Checks'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { plansOverview } from '../modules/checks/checks.server'
import { planListSchema } from '../modules/checks/schema'
import { ChoiceFilter, DataTable, FilterActions, FilterBar, type Column } from '../components/DataTable'
import { CHECK_KINDS } from '../../seeds/hazard-checks'
import { searchParamsObject } from '../utils/table-params'

// 隐患排查: the plans, each with this quarter's periods done / missed and its recent periods, so the
// safety officer sees at a glance which checks were not done.
export const meta: MetaFunction = () => [{ title: '隐患排查 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.checks.open)
  const url = new URL(request.url)
  const saved = url.searchParams.get('saved') === '1'
  const query = planListSchema.parse(searchParamsObject(url))
  return { saved, query, ...(await withActor(actor, request, (ctx) => plansOverview(ctx, query))) }
}

type PlanRow = Awaited<ReturnType<typeof plansOverview>>['page']['rows'][number]

const KINDS = Object.fromEntries(CHECK_KINDS.map((k) => [k.code, k.name]))
const STATES = { overdue: '本季度有逾期', today: '今日待排查', ended: '已停用' }

export default function ChecksPage() {
  const { page, plans, posts, total, quarterLabel, canManage, saved, query } = useLoaderData<typeof loader>()
  const columns: Column<PlanRow>[] = [
    {
      id: 'name',
      header: '计划',
      sortKey: 'name',
      cell: (p) => (
        <>
          <Link to={`/enterprise/checks/plans/${p.id}`}>{p.name}</Link>
          {p.active ? null : <div className="muted">已停用（{p.endOn} 结束）</div>}
        </>
      ),
    },
    { id: 'frequency', header: '类型 / 频次', sortKey: 'frequency', cell: (p) => `${p.kindName} · ${p.frequencyName}` },
    { id: 'post', header: '执行岗位', sortKey: 'post', cell: (p) => p.postName },
    { id: 'items', header: '项目', numeric: true, cell: (p) => p.items },
    {
      id: 'quarter',
      header: quarterLabel,
      sortKey: 'missed',
      cell: (p) => (
        <>
          完成 {p.quarter.done} / {p.quarter.due}
          {p.quarter.missed ? <div className="field-error">逾期 {p.quarter.missed} 期</div> : null}
        </>
      ),
    },
    {
      id: 'recent',
      header: '最近各期',
      cell: (p) => (
        <ul className="plain period-strip">
          {p.recent
            .slice()
            .reverse()
            .slice(0, 4)
            .map((r) => (
              <li key={r.key}>
                <span className="muted">{r.label}</span> <PeriodBadge state={r.state} />
              </li>
            ))}
        </ul>
      ),
    },
  ]
  return (
    <>
      <div className="page-head">
        <div>
          <h1>隐患排查</h1>
          <p>排查计划由风险分级管控清单的管控措施生成，按频次由岗位人员在手机上逐项排查、签字；发现的隐患自动进入隐患台账。</p>
        </div>
        <div className="actions">
          {canManage ? (
            <Link to="/enterprise/checks/plans/new" className="btn">
              新建排查计划
            </Link>
          ) : null}
          <Link to="/enterprise/checks/list" className="btn btn-secondary">
            排查清单
          </Link>
        </div>
      </div>
      {saved ? (
        <p className="notice" role="status">
          排查计划已保存。
        </p>
      ) : null}
      <div className="stats">
        <Link className="stat" to="?">
          <b>{plans}</b>
          <span>排查计划</span>
        </Link>
        <div className="stat">
          <b>
            {total.done} / {total.due}
          </b>
          <span>{quarterLabel}按期完成</span>
        </div>
        <Link className={`stat${total.missed ? ' stat-red' : ''}`} to="?state=overdue&sort=missed">
          <b>{total.missed}</b>
          <span>逾期未排查</span>
        </Link>
        <Link className="stat" to="?state=today">
          <b>{total.open}</b>
          <span>今日待排查</span>
        </Link>
      </div>
      {plans === 0 ? (
        <section className="card">
          <p>还没有排查计划。{canManage ? '点击“新建排查计划”，从排查清单中选择项目，指定执行岗位和频次。' : ''}</p>
        </section>
      ) : (
        <>
          <FilterBar>
            <div className="field">
              <label htmlFor="q">计划名称</label>
              <input id="q" name="q" defaultValue={query.q} />
            </div>
            <ChoiceFilter name="kind" label="排查类型" value={query.kind} choices={KINDS} />
            <ChoiceFilter name="post" label="执行岗位" value={query.post} choices={Object.fromEntries(posts.map((p) => [p.id, p.name]))} />
            <ChoiceFilter name="state" label="状态" value={query.state} choices={STATES} />
            <FilterActions query={query} />
          </FilterBar>
          <DataTable
            columns={columns}
            rows={page.rows}
            total={page.total}
            page={page.page}
            size={page.size}
            sort={query.sort}
            dir={query.dir}
            rowKey={(p) => p.id}
            empty="没有符合条件的排查计划"
            caption="排查计划"
          />
        </>
      )}
    </>
  )
}
