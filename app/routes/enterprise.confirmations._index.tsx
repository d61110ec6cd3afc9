import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { DataTable, UnitFilter, FilterActions, type Column, FilterBar } from '../components/DataTable'
import { withActor } from '../db.server'
import { confirmationOverview, queueOverdueReminders, type OverviewRow } from '../modules/acknowledgements/acknowledgements.server'
import { ACK_STATE_LABELS } from '../modules/acknowledgements/rules'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { listOrgUnits } from '../modules/org/org.server'
import { formatDateTime } from '../utils/dates'
import { searchParamsObject, tableParamsSchema } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '签字确认 · 安责通' }]

const querySchema = tableParamsSchema(['state', 'deadline', 'unit', 'employee'] as const, 'state').extend({
  q: z.string().trim().max(60).catch(''),
  unit: z.string().uuid().optional().catch(undefined),
  state: z.enum(['pending', 'overdue', 'confirmed', 'reconfirm']).optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.confirmations.open)
  const query = querySchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => ({
    query,
    ...(await confirmationOverview(ctx, query)),
    units: await listOrgUnits(ctx),
    canEdit: actor.role === 'enterprise_admin',
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.confirmations.manage)
  const form = await request.formData()
  if (form.get('intent') !== 'remind') return data({ message: '无法识别的操作' }, { status: 400 })
  const queued = await withActor(actor, request, (ctx) => queueOverdueReminders(ctx))
  return redirect(`/enterprise/confirmations?state=overdue&reminded=${queued}`)
}

const STATE_CLASS = {
  confirmed: 'state-confirmed',
  pending: 'state-pending',
  overdue: 'state-overdue',
  reconfirm: 'state-reconfirm',
} as const

const columns: Column<OverviewRow>[] = [
  { id: 'employee', header: '姓名', sortKey: 'employee', cell: (r) => `${r.employeeName}（${r.employeeNo}）` },
  {
    id: 'unit',
    header: '部门·岗位',
    sortKey: 'unit',
    cell: (r) => <Link to={`/enterprise/posts/${r.postId}`}>{`${r.unitName} · ${r.postName}`}</Link>,
  },
  { id: 'version', header: '清单版本', cell: (r) => `v${r.version}` },
  {
    id: 'state',
    header: '状态',
    sortKey: 'state',
    cell: (r) => <span className={`badge ${r.lateDays > 0 ? 'state-late' : STATE_CLASS[r.state]}`}>{r.stateLabel}</span>,
  },
  { id: 'deadline', header: '确认期限', sortKey: 'deadline', cell: (r) => r.deadline },
  { id: 'confirmedAt', header: '确认时间', cell: (r) => (r.confirmedAt ? formatDateTime(r.confirmedAt) : '') },
]

export default function Confirmations() {
  const { query, page, byUnit, units, canEdit } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const reminded = params.get('reminded')
  return (
    <>
      <div className="page-head">
        <div>
          <h1>签字确认</h1>
          <p>在岗人员对本岗位现行责任清单的签字确认情况。期限自任职之日和清单发布之日中较晚者起算。</p>
        </div>
        <div className="actions">
          <Link to="/enterprise/invitations" className="btn btn-secondary">
            打印邀请单
          </Link>
          <a href="/enterprise/confirmations/export" className="btn btn-secondary" download>
            导出确认台账（.xlsx）
          </a>
          {canEdit ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <button type="submit" className="btn" disabled={busy}>
                提醒逾期人员
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {reminded !== null ? (
        <p className="notice" role="status">
          已为 {reminded} 条逾期记录生成提醒，职工登录后会在首页看到。
        </p>
      ) : null}
      <section className="card">
        <h2>按部门统计</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>部门</th>
                {(['overdue', 'reconfirm', 'pending', 'confirmed'] as const).map((s) => (
                  <th key={s} className="num">
                    {ACK_STATE_LABELS[s]}
                  </th>
                ))}
                <th className="num">其中逾期确认</th>
                <th className="num">合计</th>
              </tr>
            </thead>
            <tbody>
              {byUnit.map((u) => (
                <tr key={u.unit_id}>
                  <td>
                    <Link to={`?unit=${u.unit_id}`}>{u.unit_name}</Link>
                  </td>
                  <td className="num">
                    {u.overdue ? (
                      <Link to={`?unit=${u.unit_id}&state=overdue`} className="badge state-overdue">
                        {u.overdue}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                  <td className="num">{u.reconfirm}</td>
                  <td className="num">{u.pending}</td>
                  <td className="num">{u.confirmed}</td>
                  <td className="num">{u.late ? <span className="badge state-late">{u.late}</span> : 0}</td>
                  <td className="num">{u.total}</td>
                </tr>
              ))}
              {byUnit.length === 0 ? (
                <tr>
                  <td colSpan={7} className="empty">
                    还没有已发布的岗位清单，发布后在岗人员需签字确认。
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <FilterBar>
        <div className="field">
          <label htmlFor="q">姓名、工号或岗位</label>
          <input id="q" name="q" defaultValue={query.q} />
        </div>
        <UnitFilter units={units} value={query.unit} />
        <div className="field">
          <label htmlFor="state">状态</label>
          <select id="state" name="state" defaultValue={query.state ?? ''}>
            <option value="">全部</option>
            {(['overdue', 'reconfirm', 'pending', 'confirmed'] as const).map((s) => (
              <option key={s} value={s}>
                {ACK_STATE_LABELS[s]}
              </option>
            ))}
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
        sort={query.sort}
        dir={query.dir}
        rowKey={(r) => r.assignmentId}
        empty="没有符合条件的记录"
      />
    </>
  )
}
