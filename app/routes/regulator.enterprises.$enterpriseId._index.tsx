import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { EnterpriseFacts, Supervisors } from '../components/EnterpriseFacts'
import { InspectionsTable, OrdersTable } from '../components/Supervision'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { getEnterpriseForRegulator } from '../modules/regulators/regulators.server'
import { publishedReportsFor } from '../modules/reports/reports.server'
import { isReportStale } from '../modules/supervision/rules'
import { supervisionForRegulator } from '../modules/supervision/supervision.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.name ?? '企业'} · 安责通` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  return withActor(actor, request, async (ctx) => ({
    ...(await getEnterpriseForRegulator(ctx, enterpriseId)),
    reports: await publishedReportsFor(ctx, enterpriseId),
    now: new Date().toISOString(),
    supervision: await supervisionForRegulator(ctx, enterpriseId),
  }))
}

export default function RegulatorEnterprise() {
  const { profile, workers, reports, supervision, now } = useLoaderData<typeof loader>()
  const latest = reports[0]
  const base = `/regulator/enterprises/${profile.id}`
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{profile.name}</h1>
          <p>
            {profile.industryName} · {profile.regionLabel} · 在册从业人员 {workers} 人
          </p>
        </div>
        <div className="actions">
          <Link to={`${base}/inspections/new`} className="btn">
            记录监督检查
          </Link>
          <Link to="/regulator/enterprises" className="btn btn-secondary">
            返回企业列表
          </Link>
        </div>
      </div>
      <section className="card">
        <h2>安全生产状况报告</h2>
        {latest ? (
          <>
            <p>
              最新：<Link to={`${base}/reports/${latest.id}`}>查看报告</Link>（{latest.signedBy} 签字发布于{' '}
              {formatDateTime(latest.publishedAt)}）
              {isReportStale(latest.publishedAt, new Date(now)) ? <span className="badge badge-red">超过一个月未报告</span> : null}
            </p>
            {reports.length > 1 ? (
              <details>
                <summary>历次报告（{reports.length}）</summary>
                <ul className="plain">
                  {reports.map((r) => (
                    <li key={r.id}>
                      <Link to={`${base}/reports/${r.id}`}>{formatDateTime(r.publishedAt)}</Link> {r.signedBy} 签字
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </>
        ) : (
          <p className="badge badge-red">该企业尚未发布状况报告</p>
        )}
      </section>
      <section className="card">
        <h2>整改指令</h2>
        <OrdersTable orders={supervision.orders} today={supervision.today} hrefOf={(id) => `${base}/orders/${id}`} />
      </section>
      <section className="card">
        <h2>监督检查记录</h2>
        <InspectionsTable inspections={supervision.inspections} hrefOf={(id) => `${base}/inspections/${id}`} />
      </section>
      <div className="grid-2">
        <section className="card">
          <h2>企业基本信息</h2>
          <EnterpriseFacts profile={profile} />
        </section>
        <section className="card">
          <h2>监管部门</h2>
          <Supervisors supervisors={profile.supervisors} />
        </section>
      </div>
    </>
  )
}
