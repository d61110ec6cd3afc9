import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { HazardStatsSheet } from '../components/HazardStats'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { readHazardStatsAsRegulator } from '../modules/hazard-stats/stats.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '隐患排查治理统计分析表 · 安责通' }]

// A signed table of an enterprise in scope; every read is logged where the enterprise can see it.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  return withActor(actor, request, (ctx) => readHazardStatsAsRegulator(ctx, enterpriseId, id))
}

export default function RegulatorHazardStats() {
  const t = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/regulator/enterprises/${t.enterprise.id}#hazard-stats`} className="btn btn-secondary">
          返回一企一档
        </Link>
      </div>
      <HazardStatsSheet doc={t} />
    </>
  )
}
