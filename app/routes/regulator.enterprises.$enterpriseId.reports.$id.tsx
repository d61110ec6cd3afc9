import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { ReportView } from '../components/ReportView'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { readReportAsRegulator } from '../modules/reports/reports.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '状况报告 · 安责通' }]

// Every read is logged where the enterprise can see it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  return withActor(actor, request, (ctx) => readReportAsRegulator(ctx, enterpriseId, id))
}

export default function RegulatorReport() {
  const report = useLoaderData<typeof loader>()
  const kb = (n: number) => (n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`)
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/regulator/enterprises/${report.enterpriseId}`} className="btn btn-secondary">
          返回企业
        </Link>
      </div>
      <ReportView r={report} />
      <section className="card no-print">
        <h2>佐证材料（截至报告发布时）</h2>
        {report.evidence.length ? (
          <ul className="plain">
            {report.evidence.map((e) => (
              <li key={e.no}>
                第{e.no}条：
                {e.files.map((f, i) => (
                  <span key={f.id}>
                    {i ? '、' : ''}
                    <a href={`/regulator/evidence/${report.enterpriseId}/${f.id}?report=${report.id}`} target="_blank" rel="noreferrer">
                      {f.name}
                    </a>
                    （{kb(f.size)}）
                  </span>
                ))}
              </li>
            ))}
          </ul>
        ) : (
          <p>报告发布时该企业未上传主体责任佐证材料。</p>
        )}
        <p className="hint">打开材料会记入企业可见的查阅记录。</p>
      </section>
      {report.history.length > 1 ? (
        <section className="card no-print">
          <h2>历次报告</h2>
          <ul className="plain">
            {report.history.map((h) => (
              <li key={h.id}>
                {h.id === report.id ? (
                  <b>{formatDateTime(h.publishedAt)}（当前）</b>
                ) : (
                  <Link to={`/regulator/enterprises/${report.enterpriseId}/reports/${h.id}`}>{formatDateTime(h.publishedAt)}</Link>
                )}{' '}
                {h.signedBy} 签字
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}
