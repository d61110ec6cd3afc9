import { formFailure } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormError, TextArea, useFreshFormKey } from '../components/Field'
import { OrderView } from '../components/OrderView'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { reviewSchema } from '../modules/supervision/schema'
import { orderForRegulator, reviewOrder } from '../modules/supervision/supervision.server'
import { todayInShanghai } from '../utils/dates'
import { parseForm } from '../utils/form'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '整改指令 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  return { ...(await withActor(actor, request, (ctx) => orderForRegulator(ctx, enterpriseId, id))), today: todayInShanghai() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  const parsed = parseForm(reviewSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed)
  const result = await withActor(actor, request, (ctx) => reviewOrder(ctx, enterpriseId, id, parsed.data.decision, parsed.data.note))
  if (!result.ok) return formFailure(result, parsed.values)
  return redirect(`/regulator/enterprises/${enterpriseId}/orders/${id}?reviewed=${parsed.data.decision}`)
}

export default function RegulatorOrder() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const notice = params.get('issued')
    ? '检查记录和整改指令已保存，企业可在“检查整改”中查看并报送整改情况。'
    : params.get('reviewed') === 'accept'
      ? '已复查合格，指令销号。'
      : params.get('reviewed') === 'return'
        ? '已退回企业重新整改。'
        : null
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/regulator/enterprises/${d.enterpriseId}`} className="btn btn-secondary">
          返回企业
        </Link>
        {d.inspection ? (
          <Link to={`/regulator/enterprises/${d.enterpriseId}/inspections/${d.inspection.id}`} className="btn btn-secondary">
            查看检查记录
          </Link>
        ) : null}
      </div>
      {notice ? <p className="notice no-print">{notice}</p> : null}
      <OrderView
        d={d}
        today={d.today}
        fileHref={(fileId) => `/regulator/evidence/${d.enterpriseId}/${fileId}?order=${d.order.id}`}
        hazardHref={(hazardId) => `/regulator/enterprises/${d.enterpriseId}/hazards/${hazardId}`}
        hazardFileHref={(hazardId, fileId) => `/regulator/evidence/${d.enterpriseId}/${fileId}?hazard=${hazardId}`}
      />
      {d.canReview ? (
        <section className="card no-print">
          <h2>复查</h2>
          <Form method="post" className="form" noValidate key={freshKey(values)}>
            <FormError message={errors._form} />
            <fieldset className={`field${errors.decision ? ' invalid' : ''}`}>
              <legend>复查结论</legend>
              <label>
                <input type="radio" name="decision" value="accept" defaultChecked={values.decision === 'accept'} /> 整改合格，予以销号
              </label>
              <label>
                <input type="radio" name="decision" value="return" defaultChecked={values.decision === 'return'} />{' '}
                整改不到位，退回重新整改（指令所列隐患随之重新进入整改，重大隐患重新进入治理）
              </label>
              {errors.decision ? (
                <span className="field-error" role="alert">
                  {errors.decision}
                </span>
              ) : null}
            </fieldset>
            <TextArea name="note" label="复查意见" rows={2} defaultValue={values.note} error={errors.note} required />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                提交复查结论
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
