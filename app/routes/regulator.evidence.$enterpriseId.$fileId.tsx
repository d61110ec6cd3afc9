import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { withActor } from '../db.server'
import { clientOf } from '../modules/audit/audit.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { evidenceResponse } from '../modules/evidence/evidence.server'
import { openReportEvidence } from '../modules/reports/reports.server'
import { openOrderEvidence } from '../modules/supervision/supervision.server'
import { openHazardPhoto } from '../modules/hazards/hazards.server'
import { notFound, uuidParam } from '../utils/http'
import { searchParamsObject } from '../utils/table-params'

// A file behind a report (?report=), behind an order's answer (?order=) or a 重大 hazard's photo (?hazard=), for a regulator whose scope
// holds the enterprise; the file must belong to that record, and every read is logged for the
// enterprise. Anything else is 404.
const contextSchema = z.union([
  z.object({ report: z.uuid() }).strict(),
  z.object({ order: z.uuid() }).strict(),
  z.object({ hazard: z.uuid() }).strict(),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request)
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const fileId = uuidParam(params, 'fileId')
  const context = contextSchema.safeParse(searchParamsObject(new URL(request.url)))
  if (!context.success) throw notFound()
  const c = context.data
  const file = await withActor(actor, (trx) =>
    'report' in c
      ? openReportEvidence(trx, actor, enterpriseId, c.report, fileId, clientOf(request))
      : 'order' in c
        ? openOrderEvidence(trx, actor, enterpriseId, c.order, fileId, clientOf(request))
        : openHazardPhoto(trx, actor, enterpriseId, c.hazard, fileId, clientOf(request)),
  )
  return evidenceResponse(file)
}
