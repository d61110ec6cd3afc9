import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormError, TextArea } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { InspectionRecord, OrdersTable } from '../components/Supervision'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { refusalSchema } from '../modules/supervision/schema'
import { inspectionForRegulator, recordRefusal } from '../modules/supervision/supervision.server'
import { todayInShanghai } from '../utils/dates'
import { parseForm } from '../utils/form'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '监督检查记录 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  return { ...(await withActor(actor, request, (ctx) => inspectionForRegulator(ctx, enterpriseId, id))), today: todayInShanghai() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  const parsed = parseForm(refusalSchema, await request.formData())
  if (!parsed.ok) return data({ values: parsed.values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => recordRefusal(ctx, enterpriseId, id, parsed.data.note))
  if (!result.ok) return data({ values: parsed.values, fieldErrors: { _form: result.message } as Record<string, string> }, { status: 400 })
  return redirect(`/regulator/enterprises/${enterpriseId}/inspections/${id}`)
}

export default function RegulatorInspection() {
  const { enterpriseId, enterpriseName, inspection, orders, canRecordRefusal, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/regulator/enterprises/${enterpriseId}`} className="btn btn-secondary">
          返回企业
        </Link>
      </div>
      {params.get('recorded') ? <p className="notice no-print">检查记录已保存，企业负责人可在“检查整改”中签字。</p> : null}
      <InspectionRecord enterpriseName={enterpriseName} i={inspection} />
      {orders.length ? (
        <section className="card">
          <h2>据此下达的整改指令</h2>
          <OrdersTable orders={orders} today={today} hrefOf={(id) => `/regulator/enterprises/${enterpriseId}/orders/${id}`} />
        </section>
      ) : null}
      {canRecordRefusal ? (
        <section className="card no-print">
          <h2>被检查单位负责人拒绝签字</h2>
          <p className="hint">
            按第六十五条，负责人拒绝签字的，检查人员应当将情况记录在案，并向负有安全生产监督管理职责的部门报告。记录后不能再签字。
          </p>
          <Form method="post" className="form" noValidate>
            <FormError message={errors._form} />
            <TextArea
              name="note"
              label="拒签情况"
              rows={2}
              defaultValue={actionData?.values.note}
              error={errors.note}
              placeholder="如：某年某月某日，负责人张某拒绝在检查记录上签字，理由为……"
              required
            />
            <div className="actions">
              <button type="submit" className="btn btn-danger" disabled={busy}>
                记录拒签情况
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
