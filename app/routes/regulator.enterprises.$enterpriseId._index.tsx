import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { EnterpriseFacts, Supervisors } from '../components/EnterpriseFacts'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { getEnterpriseForRegulator } from '../modules/regulators/regulators.server'
import { latestPublishedFor } from '../modules/reports/reports.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.name ?? '企业'} · 安责通` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request)
  const enterpriseId = uuidParam(params, 'enterpriseId')
  return withActor(actor, async (trx) => ({ ...(await getEnterpriseForRegulator(trx, actor, enterpriseId)), report: await latestPublishedFor(trx, actor, enterpriseId) }))
}

export default function RegulatorEnterprise() {
  const { profile, workers, report } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{profile.name}</h1>
          <p>
            {profile.industryName} · {profile.regionLabel} · 从业人员 {workers} 人
          </p>
        </div>
        <Link to="/regulator/enterprises" className="btn btn-secondary">
          返回企业列表
        </Link>
      </div>
      <section className="card">
        <h2>最新安全生产状况报告</h2>
        {report ? (
          <p>
            <Link to={`/regulator/enterprises/${profile.id}/reports/${report.id}`}>查看报告</Link>（{report.signedBy} 签字发布于 {formatDateTime(report.publishedAt)}）
          </p>
        ) : (
          <p className="badge badge-red">该企业尚未发布状况报告</p>
        )}
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
