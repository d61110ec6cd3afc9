import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { draftReport, listReports } from '../modules/reports/reports.server'
import { formatDateTime } from '../utils/dates'

export const meta: MetaFunction = () => [{ title: '状况报告 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.reports.open)
  return { ...(await withActor(actor, request, (ctx) => listReports(ctx))), canDraft: actor.role === 'enterprise_admin' }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.reports.manage)
  const id = await withActor(actor, request, (ctx) => draftReport(ctx))
  return redirect(`/enterprise/reports/${id}`)
}

export default function Reports() {
  const { reports, views, canDraft } = useLoaderData<typeof loader>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>安全生产状况报告</h1>
          <p>每月至少发布一次：冻结当时各项数据，由主要负责人签字后报送监管部门。监管部门每次查阅都记录在下方。</p>
        </div>
        {canDraft ? (
          <Form method="post">
            <button type="submit" className="btn" disabled={busy}>
              编制本期报告
            </button>
          </Form>
        ) : null}
      </div>
      <section className="card">
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>编制时间</th>
                <th>编制人</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/enterprise/reports/${r.id}`}>{formatDateTime(r.created_at)}</Link>
                  </td>
                  <td>{r.created_by_name}</td>
                  <td>
                    {r.published_at ? (
                      <span className="badge badge-green">{`${r.signed_by_name} 签字发布于 ${formatDateTime(r.published_at)}`}</span>
                    ) : (
                      <span className="badge badge-amber">待主要负责人签字</span>
                    )}
                  </td>
                </tr>
              ))}
              {reports.length === 0 ? (
                <tr>
                  <td colSpan={3} className="empty">
                    还没有状况报告。
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>监管部门查阅记录</h2>
        {views.length ? (
          <ul className="plain">
            {views.map((v, i) => (
              <li key={i}>
                {formatDateTime(v.viewed_at)} {v.department_name} {v.viewer_name} 查阅了{v.subject}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">暂无查阅记录。</p>
        )}
      </section>
    </>
  )
}
