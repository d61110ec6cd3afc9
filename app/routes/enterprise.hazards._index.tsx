import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ChoiceFilter, DataTable, FilterActions, FilterBar, type Column } from '../components/DataTable'
import { GRADE_LABELS, HazardBadge } from '../components/Hazards'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { listHazards, type HazardView } from '../modules/hazards/hazards.server'
import { hazardListSchema } from '../modules/hazards/schema'
import { HAZARD_SOURCES } from '../../seeds/dual-prevention'
import { formatDate } from '../utils/dates'
import { searchParamsObject } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '隐患台账 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazards.open)
  const query = hazardListSchema.parse(searchParamsObject(new URL(request.url)))
  return { query, ...(await withActor(actor, request, (ctx) => listHazards(ctx, query))) }
}

const STATES = { open: '未销号', overdue: '逾期', major: '重大隐患', closed: '已销号' }

export default function HazardRegister() {
  const { query, page, counts } = useLoaderData<typeof loader>()
  const columns: Column<HazardView>[] = [
    { id: 'no', header: '编号', sortKey: 'no', cell: (r) => <Link to={`/enterprise/hazards/${r.id}`}>第{r.no}号</Link> },
    { id: 'place', header: '部位', cell: (r) => r.place },
    { id: 'description', header: '隐患描述', cell: (r) => (r.description.length > 40 ? `${r.description.slice(0, 40)}…` : r.description) },
    { id: 'source', header: '来源', cell: (r) => HAZARD_SOURCES.find((s) => s.code === r.source)?.name ?? r.source },
    { id: 'foundAt', header: '发现时间', sortKey: 'foundAt', cell: (r) => `${formatDate(r.foundAt)} ${r.foundBy}` },
    { id: 'grade', header: '等级', cell: (r) => (r.grade ? GRADE_LABELS[r.grade] : '待定级') },
    { id: 'responsible', header: '整改责任人', cell: (r) => r.responsibleName ?? '—' },
    { id: 'deadline', header: '整改期限', sortKey: 'deadline', cell: (r) => r.deadline ?? '—' },
    { id: 'status', header: '状态', sortKey: 'urgency', cell: (r) => <HazardBadge h={r} /> },
  ]
  const stat = (state: string, label: string, n: number, red = false) => (
    <Link className={`stat${red && n ? ' stat-red' : ''}`} to={`?state=${state}`}>
      <b>{n}</b>
      <span>{label}</span>
    </Link>
  )
  return (
    <>
      <div className="page-head">
        <div>
          <h1>隐患排查治理台账</h1>
          <p>员工报告和自查发现的隐患：定级、整改、验收、销号；重大隐患报告监管部门并由其核销。</p>
        </div>
        <div className="actions">
          <Link to="/me/hazards/new" className="btn">
            登记隐患
          </Link>
          <Link to="/enterprise/risks" className="btn btn-secondary">
            风险分级管控清单
          </Link>
          <a href="/enterprise/hazards/export" className="btn btn-secondary" download>
            导出台账（.xlsx）
          </a>
          <Link to="/enterprise/hazards/ledger" className="btn btn-secondary">
            打印台账
          </Link>
          <Link to="/enterprise/hazard-stats" className="btn btn-secondary">
            统计分析表
          </Link>
        </div>
      </div>
      <div className="stats">
        {stat('', '待定级', counts.reported, true)}
        {stat('open', '未销号', counts.open)}
        {stat('overdue', '逾期未整改', counts.overdue, true)}
        {stat('major', '重大隐患（未销号）', counts.major, true)}
      </div>
      <FilterBar>
        <div className="field">
          <label htmlFor="q">部位、描述或责任人</label>
          <input id="q" name="q" defaultValue={query.q} />
        </div>
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
        rowKey={(r) => r.id}
        empty="没有符合条件的隐患"
        caption="隐患台账"
      />
    </>
  )
}
