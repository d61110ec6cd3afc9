import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { InspectionsTable, OrdersTable } from '../components/Supervision'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { mySupervision } from '../modules/supervision/supervision.server'

export const meta: MetaFunction = () => [{ title: '检查整改 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.supervision.open)
  return withActor(actor, request, (ctx) => mySupervision(ctx))
}

export default function Supervision() {
  const { inspections, orders, today, canSign } = useLoaderData<typeof loader>()
  const overdue = orders.filter((o) => o.overdue).length
  const unsigned = inspections.filter((i) => !i.headSignedAt && !i.refusalRecordedAt).length
  return (
    <>
      <div className="page-head">
        <div>
          <h1>监督检查与整改</h1>
          <p>监管部门的检查记录和责令限期整改指令。逐项整改后上传佐证材料报送复查，复查合格即销号；逾期未整改的在双方页面都标红。</p>
        </div>
      </div>
      {overdue ? <p className="form-error">{`${overdue} 份整改指令已逾期，请尽快整改并报送。`}</p> : null}
      {unsigned && canSign ? <p className="form-error">{`${unsigned} 份检查记录待您签字。`}</p> : null}
      <section className="card">
        <h2>整改指令</h2>
        <OrdersTable orders={orders} today={today} hrefOf={(id) => `/enterprise/supervision/orders/${id}`} />
      </section>
      <section className="card">
        <h2>监督检查记录</h2>
        <InspectionsTable inspections={inspections} hrefOf={(id) => `/enterprise/supervision/inspections/${id}`} />
      </section>
    </>
  )
}
