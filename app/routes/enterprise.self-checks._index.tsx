import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { listSelfChecks, runSelfCheck } from '../modules/obligations/obligations.server'
import { formatDateTime } from '../utils/dates'

export const meta: MetaFunction = () => [{ title: '自查 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.open)
  return { runs: await withActor(actor, request, (ctx) => listSelfChecks(ctx)), canRun: actor.role === 'enterprise_admin' }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.manage)
  const id = await withActor(actor, request, (ctx) => runSelfCheck(ctx))
  return redirect(`/enterprise/self-checks/${id}`)
}

export default function SelfChecks() {
  const { runs, canRun } = useLoaderData<typeof loader>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>主体责任二十条自查</h1>
          <p>每次自查冻结当时各条的落实情况和依据，由主要负责人签字；之后记录再变化，已完成的自查表也不会改变。</p>
        </div>
        <div className="actions">
          <Link to="/enterprise/obligations" className="btn btn-secondary">
            返回二十条
          </Link>
          {canRun ? (
            <Form method="post">
              <button type="submit" className="btn" disabled={busy}>
                开始自查
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      <section className="card">
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>自查时间</th>
                <th>发起人</th>
                <th className="num">已落实</th>
                <th className="num">部分落实</th>
                <th className="num">未落实</th>
                <th className="num">不适用</th>
                <th className="num">未评估</th>
                <th>主要负责人签字</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/enterprise/self-checks/${r.id}`}>{formatDateTime(r.createdAt)}</Link>
                  </td>
                  <td>{r.createdBy}</td>
                  <td className="num">{r.counts.done}</td>
                  <td className="num">{r.counts.partial}</td>
                  <td className="num">{r.counts.missing}</td>
                  <td className="num">{r.counts.na}</td>
                  <td className="num">{r.counts.unassessed}</td>
                  <td>
                    {r.signedBy ? `${r.signedBy}（${formatDateTime(r.signedAt!)}）` : <span className="badge badge-amber">待签字</span>}
                  </td>
                </tr>
              ))}
              {runs.length === 0 ? (
                <tr>
                  <td colSpan={8} className="empty">
                    还没有自查记录。
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
