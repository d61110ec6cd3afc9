import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { ReportView } from '../components/ReportView'
import { withActor } from '../db.server'
import { clientOf } from '../modules/audit/audit.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { readReportAsRegulator } from '../modules/reports/reports.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '状况报告 · 安责通' }]

// Every read is logged where the enterprise can see it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request)
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  return withActor(actor, (trx) => readReportAsRegulator(trx, actor, enterpriseId, id, clientOf(request)))
}

export default function RegulatorReport() {
  const report = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/regulator/enterprises/${report.enterpriseId}`} className="btn btn-secondary">
          返回企业
        </Link>
      </div>
      <ReportView r={report} />
    </>
  )
}
