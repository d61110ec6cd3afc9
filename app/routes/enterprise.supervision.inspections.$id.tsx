import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { InspectionRecord, OrdersTable } from '../components/Supervision'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { inspectionForEnterprise, signInspection } from '../modules/supervision/supervision.server'
import { todayInShanghai } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '监督检查记录 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.supervision.open)
  const id = uuidParam(params, 'id')
  return {
    ...(await withActor(actor, request, (ctx) => inspectionForEnterprise(ctx, id))),
    today: todayInShanghai(),
    me: actor.displayName,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.supervision.sign)
  const id = uuidParam(params, 'id')
  const result = await withActor(actor, request, (ctx) => signInspection(ctx, id))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/supervision/inspections/${id}`)
}

export default function EnterpriseInspection() {
  const { enterpriseName, inspection, orders, canSign, today, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to="/enterprise/supervision" className="btn btn-secondary">
          返回检查整改
        </Link>
      </div>
      <InspectionRecord enterpriseName={enterpriseName} i={inspection} />
      {orders.length ? (
        <section className="card">
          <h2>据此下达的整改指令</h2>
          <OrdersTable orders={orders} today={today} hrefOf={(id) => `/enterprise/supervision/orders/${id}`} />
        </section>
      ) : null}
      {canSign ? (
        <section className="card no-print">
          <h2>企业负责人签字</h2>
          <p>我已阅读上述检查记录。签字表示确认检查的时间、地点、内容和发现的问题，并不影响依法陈述、申辩的权利。</p>
          <Form method="post">
            <FormError message={actionData?.message} />
            <button type="submit" className="btn" disabled={busy}>
              {`以 ${me} 的名义签字`}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}
