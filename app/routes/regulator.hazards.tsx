import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { DataTable, FilterBar, type Column } from '../components/DataTable'
import { HazardBadge } from '../components/Hazards'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { majorHazardsInScope } from '../modules/hazards/hazards.server'
import { formatDateTime } from '../utils/dates'
import { searchParamsObject, tableParamsSchema } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '重大隐患 · 安责通' }]

// one fixed order (待核销 first, then open, then closed; newest first): the table's page and size only
const querySchema = tableParamsSchema(['urgency'], 'urgency').extend({ state: z.enum(['open', 'closed', 'all']).catch('open') })

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorHazards')
  const query = querySchema.parse(searchParamsObject(new URL(request.url)))
  return { query, ...(await withActor(actor, request, (ctx) => majorHazardsInScope(ctx, query))) }
}

type Row = Awaited<ReturnType<typeof majorHazardsInScope>>['rows'][number]

export default function RegulatorMajorHazards() {
  const { query, rows, total, page, size, departmentName } = useLoaderData<typeof loader>()
  const columns: Column<Row>[] = [
    { id: 'enterprise', header: '企业', cell: (r) => <Link to={`/regulator/enterprises/${r.enterpriseId}`}>{r.enterpriseName}</Link> },
    { id: 'no', header: '编号', cell: (r) => <Link to={`/regulator/enterprises/${r.enterpriseId}/hazards/${r.id}`}>第{r.no}号</Link> },
    { id: 'place', header: '部位', cell: (r) => r.place },
    { id: 'reportedAt', header: '报告时间', cell: (r) => (r.reportedAt ? formatDateTime(r.reportedAt) : '—') },
    { id: 'deadline', header: '整改期限', cell: (r) => r.deadline },
    { id: 'supervision', header: '挂牌督办', cell: (r) => (r.supervision ? `${r.supervision.no}（期限 ${r.supervision.deadline}）` : '—') },
    { id: 'status', header: '状态', cell: (r) => <HazardBadge h={r} /> },
  ]
  return (
    <>
      <div className="page-head">
        <div>
          <h1>重大事故隐患</h1>
          <p>{departmentName}监管范围内企业报告的重大事故隐患（《安全生产法》第四十一条、16号令第十四条）。待核销的排在最前。</p>
        </div>
      </div>
      <FilterBar search={false}>
        <input type="hidden" name="size" value={query.size} />
        <div className="field">
          <label htmlFor="state">状态</label>
          <select id="state" name="state" defaultValue={query.state}>
            <option value="open">未销号</option>
            <option value="closed">已核销</option>
            <option value="all">全部</option>
          </select>
        </div>
        <button type="submit" className="btn">
          筛选
        </button>
      </FilterBar>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        page={page}
        size={size}
        rowKey={(r) => r.id}
        empty="没有符合条件的重大事故隐患"
        caption="重大事故隐患"
      />
    </>
  )
}
