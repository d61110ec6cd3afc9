import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { withActor } from '../db.server'
import { clientOf } from '../modules/audit/audit.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { evidenceResponse } from '../modules/evidence/evidence.server'
import { openReportEvidence } from '../modules/reports/reports.server'
import { openOrderEvidence } from '../modules/supervision/supervision.server'
import { openDossierEvidence, type DossierRecordKind } from '../modules/regulators/regulators.server'
import { notFound, uuidParam } from '../utils/http'
import { searchParamsObject } from '../utils/table-params'

// A file behind a report (?report=), behind an order's answer (?order=), or of a record listed in
// 一企一档 (?training=, ?certificate=, ?plan=, ?drill=), for a regulator whose scope holds the
// enterprise; the file must belong to that record, and every read is logged for the enterprise.
// Anything else is 404.
const contextSchema = z.union([
  z.object({ report: z.uuid() }).strict(),
  z.object({ order: z.uuid() }).strict(),
  z.object({ training: z.uuid() }).strict(),
  z.object({ certificate: z.uuid() }).strict(),
  z.object({ plan: z.uuid() }).strict(),
  z.object({ drill: z.uuid() }).strict(),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request)
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const fileId = uuidParam(params, 'fileId')
  const context = contextSchema.safeParse(searchParamsObject(new URL(request.url)))
  if (!context.success) throw notFound()
  const c = context.data
  const file = await withActor(actor, (trx) => {
    if ('report' in c) return openReportEvidence(trx, actor, enterpriseId, c.report, fileId, clientOf(request))
    if ('order' in c) return openOrderEvidence(trx, actor, enterpriseId, c.order, fileId, clientOf(request))
    const [kind, id] = Object.entries(c)[0] as [DossierRecordKind, string]
    return openDossierEvidence(trx, actor, enterpriseId, { kind, id }, fileId, clientOf(request))
  })
  return evidenceResponse(file)
}
