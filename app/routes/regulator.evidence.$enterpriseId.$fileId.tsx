import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { evidenceResponse } from '../modules/evidence/evidence.server'
import { openReportEvidence } from '../modules/reports/reports.server'
import { openOrderEvidence } from '../modules/supervision/supervision.server'
import { openDossierEvidence, type DossierRecordKind } from '../modules/regulators/regulators.server'
import { openHazardPhoto } from '../modules/hazards/hazards.server'
import { notFound, uuidParam } from '../utils/http'
import { searchParamsObject } from '../utils/table-params'

// A file behind a report (?report=), behind an order's answer (?order=), or of a record listed in
// 一企一档 (?training=, ?certificate=, ?plan=, ?drill=), a 重大 hazard's photo (?hazard=), for a regulator whose scope holds the
// enterprise; the file must belong to that record, and every read is logged for the enterprise.
// Anything else is 404.
const contextSchema = z.union([
  z.object({ report: z.uuid() }).strict(),
  z.object({ order: z.uuid() }).strict(),
  z.object({ training: z.uuid() }).strict(),
  z.object({ certificate: z.uuid() }).strict(),
  z.object({ plan: z.uuid() }).strict(),
  z.object({ drill: z.uuid() }).strict(),
  z.object({ hazard: z.uuid() }).strict(),
])

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const fileId = uuidParam(params, 'fileId')
  const context = contextSchema.safeParse(searchParamsObject(new URL(request.url)))
  if (!context.success) throw notFound()
  const c = context.data
  const file = await withActor(actor, request, (ctx) => {
    if ('report' in c) return openReportEvidence(ctx, enterpriseId, c.report, fileId)
    if ('order' in c) return openOrderEvidence(ctx, enterpriseId, c.order, fileId)
    if ('hazard' in c) return openHazardPhoto(ctx, enterpriseId, c.hazard, fileId)
    const [kind, id] = Object.entries(c)[0] as [DossierRecordKind, string]
    return openDossierEvidence(ctx, enterpriseId, { kind, id }, fileId)
  })
  return evidenceResponse(file)
}
