import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { evidenceResponse, openEvidence } from '../modules/evidence/evidence.server'
import { uuidParam } from '../utils/http'

// Evidence files: images and PDFs open in the browser, everything else downloads; never sniffed.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.enterpriseHome.open)
  const id = uuidParam(params, 'id')
  const file = await withActor(actor, request, (ctx) => openEvidence(ctx, id))
  return evidenceResponse(file)
}
