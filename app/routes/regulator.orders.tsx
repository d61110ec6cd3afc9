import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ChoiceFilter, DataTable, FilterActions, type Column, FilterBar } from '../components/DataTable'
import { OrderBadge } from '../components/Supervision'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { ORDER_STATES, orderListSchema } from '../modules/supervision/schema'
import { listDepartmentOrders } from '../modules/supervision/supervision.server'
import { formatDate } from '../utils/dates'
import { searchParamsObject } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '整改跟踪 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorOrders')
  const query = orderListSchema.parse(searchParamsObject(new URL(request.url)))
  return { query, ...(await withActor(actor, request, (ctx) => listDepartmentOrders(ctx, query))) }
}

type Row = Awaited<ReturnType<typeof listDepartmentOrders>>['page']['rows'][number]

export default function RegulatorOrders() {
  const { query, page, counts, departmentName, today } = useLoaderData<typeof loader>()
  const columns: Column<Row>[] = [
    {
      id: 'documentNo',
      header: '文书编号',
      cell: (r) => <Link to={`/regulator/enterprises/${r.enterpriseId}/orders/${r.id}`}>{r.documentNo}</Link>,
    },
    {
      id: 'enterprise',
      header: '企业',
      sortKey: 'enterprise',
      cell: (r) => <Link to={`/regulator/enterprises/${r.enterpriseId}`}>{r.enterpriseName}</Link>,
    },
    { id: 'issuedAt', header: '下达日期', sortKey: 'issuedAt', cell: (r) => formatDate(r.issuedAt) },
    { id: 'dueDate', header: '整改期限', sortKey: 'dueDate', cell: (r) => r.dueDate },
    { id: 'issuedBy', header: '下达人', cell: (r) => r.issuedBy },
    { id: 'status', header: '状态', sortKey: 'urgency', cell: (r) => <OrderBadge order={r} today={today} /> },
  ]
  const tab = (state: string, label: string, n: number, red = false) => (
    <Link className={`stat${red && n ? ' stat-red' : ''}`} to={`?state=${state}`}>
      <b>{n}</b>
      <span>{label}</span>
    </Link>
  )
  return (
    <>
      <div className="page-head">
        <div>
          <h1>整改跟踪</h1>
          <p>{departmentName}下达的责令限期整改指令。企业报送后在此复查；逾期未整改的标红。</p>
        </div>
      </div>
      <div className="stats">
        {tab('overdue', ORDER_STATES.overdue, counts.overdue, true)}
        {tab('pending', ORDER_STATES.pending, counts.pending)}
        {tab('answered', ORDER_STATES.answered, counts.answered)}
        {tab('accepted', ORDER_STATES.accepted, counts.accepted)}
      </div>
      <FilterBar>
        <div className="field">
          <label htmlFor="q">企业名称或文书编号</label>
          <input id="q" name="q" defaultValue={query.q} />
        </div>
        <ChoiceFilter name="state" label="状态" value={query.state} choices={ORDER_STATES} />
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
        empty="没有符合条件的整改指令"
        caption="整改指令"
      />
    </>
  )
}
