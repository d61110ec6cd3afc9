import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireUser } from '../modules/auth/auth.server'
import { evidenceResponse } from '../modules/evidence/evidence.server'
import { openLedgerFile } from '../modules/leaderledger/leaderledger.server'
import { uuidParam } from '../utils/http'

// The evidence of a leader's ledger entry: to the leader, their recorder and the 安委办 of the same level.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, [...ACCESS.leaderLedger.open, ...ACCESS.officeLedgers.open])
  const id = uuidParam(params, 'fileId')
  return evidenceResponse(await withActor(actor, request, (ctx) => openLedgerFile(ctx, id)))
}
