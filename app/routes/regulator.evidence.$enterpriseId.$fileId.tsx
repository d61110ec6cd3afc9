import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { clientOf } from '../modules/audit/audit.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { evidenceResponse } from '../modules/evidence/evidence.server'
import { openReportEvidence } from '../modules/reports/reports.server'
import { uuidParam } from '../utils/http'

// A file behind a report or an order, for a regulator whose scope holds the enterprise; anyone else
// gets 404. Images and PDFs open in the browser, sandboxed; everything else downloads.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request)
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const fileId = uuidParam(params, 'fileId')
  const report = new URL(request.url).searchParams.get('report')
  const reportId = report && /^[0-9a-f-]{36}$/i.test(report) ? report : null
  const file = await withActor(actor, (trx) => openReportEvidence(trx, actor, enterpriseId, reportId, fileId, clientOf(request)))
  return evidenceResponse(file)
}
