import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { DataTable, FilterActions, FilterBar, type Column } from '../components/DataTable'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { dutyLogList } from '../modules/dutylogs/dutylogs.server'
import { monthLabel } from '../modules/dutylogs/rules'
import { searchParamsObject, tableParamsSchema } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '履职记录 · 安责通' }]

// one order: who has the most months unsigned first
const querySchema = tableParamsSchema(['missing'] as const, 'missing').extend({
  q: z.string().trim().max(60).catch(''),
  only: z.enum(['missing']).optional().catch(undefined),
})

// The 履职记录 of tier 1–4 post holders and safety staff: the admin sees everyone, a head those below
// them in the approval chain (and themselves); who has months unsigned comes first.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.dutyLogs.open)
  const query = querySchema.parse(searchParamsObject(new URL(request.url)))
  const list = await withActor(actor, request, (ctx) => dutyLogList(ctx, { ...query, missing: query.only === 'missing' }))
  return { query, ...list, hasEmployee: !!actor.employeeId }
}

type Person = ReturnType<typeof useLoaderData<typeof loader>>['page']['rows'][number]

const columns: Column<Person>[] = [
  { id: 'name', header: '姓名', cell: (p) => <Link to={`/enterprise/duty-logs/${p.employeeId}`}>{p.name}</Link> },
  { id: 'no', header: '工号', cell: (p) => p.employeeNo },
  { id: 'posts', header: '岗位', cell: (p) => p.posts.join('、') },
  {
    id: 'missing',
    header: '未签字月份',
    cell: (p) =>
      p.missing.length ? (
        <span className="badge badge-red" title={p.missing.map(monthLabel).join('、')}>
          {p.missing.length} 个月
        </span>
      ) : (
        <span className="badge badge-green">齐全</span>
      ),
  },
]

export default function DutyLogs() {
  const { query, page, counts, hasEmployee } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>履职记录</h1>
          <p>
            第1至4级岗位负责人和安全管理人员按月记录履职情况，本人签字存档（《安全生产法》第二十二条）。共 {counts.people} 人，
            {counts.missing} 人有未签字月份。
          </p>
        </div>
        {hasEmployee ? (
          <Link to="/me/duty-log" className="btn">
            填写我的履职记录
          </Link>
        ) : null}
      </div>
      <FilterBar>
        <div className="field">
          <label htmlFor="q">姓名、工号或岗位</label>
          <input id="q" name="q" defaultValue={query.q} />
        </div>
        <div className="field">
          <label htmlFor="only">签字情况</label>
          <select id="only" name="only" defaultValue={query.only ?? ''}>
            <option value="">全部</option>
            <option value="missing">有未签字月份</option>
          </select>
        </div>
        <FilterActions query={query} />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={page.rows}
        total={page.total}
        page={page.page}
        size={page.size}
        rowKey={(p) => p.employeeId}
        empty={counts.people ? '没有符合条件的人员' : '没有您可以查看的履职记录'}
      />
    </>
  )
}
