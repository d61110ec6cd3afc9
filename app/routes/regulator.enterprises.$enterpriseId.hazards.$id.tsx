import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { DateField, Field, FormError, TextArea } from '../components/Field'
import { HazardBadge, HazardFacts, HazardHistory } from '../components/Hazards'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { hazardForRegulator, reviewResume, superviseHazard } from '../modules/hazards/hazards.server'
import { formatDateTime } from '../utils/dates'
import { formValues } from '../utils/form'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.hazard.grade === 'major' ? '重大隐患' : '隐患'} · ${data?.enterpriseName ?? ''} · 安责通` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorHazards')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  return { enterpriseId, ...(await withActor(actor, request, (ctx) => hazardForRegulator(ctx, enterpriseId, id))) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorHazards')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const id = uuidParam(params, 'id')
  const { intent = '', ...values } = formValues(await request.formData())
  if (intent !== 'supervise' && intent !== 'review')
    return data({ intent, values, fieldErrors: { _form: '请刷新页面后重试' } as Record<string, string> }, { status: 400 })
  const result = await withActor(actor, request, (ctx) =>
    intent === 'supervise' ? superviseHazard(ctx, enterpriseId, id, values) : reviewResume(ctx, enterpriseId, id, values),
  )
  if (!result.ok) return data({ intent, values, fieldErrors: result.fieldErrors as Record<string, string> }, { status: 400 })
  return redirect(`/regulator/enterprises/${enterpriseId}/hazards/${id}?done=${intent}`)
}

export default function RegulatorHazard() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [params] = useSearchParams()
  const h = d.hazard
  const errorsFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.fieldErrors : {})
  const valuesFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.values : {})
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            {h.grade === 'major' ? '重大事故隐患' : '隐患'} 第{h.no}号 <HazardBadge h={h} />
          </h1>
          <p>
            <Link to={`/regulator/enterprises/${d.enterpriseId}`}>{d.enterpriseName}</Link> · {h.place} · 报告于{' '}
            {h.reportedAt ? formatDateTime(h.reportedAt) : '—'}
          </p>
        </div>
        <div className="actions">
          {d.orderItem ? (
            <Link to={`/regulator/enterprises/${d.enterpriseId}/orders/${d.orderItem.orderId}`} className="btn btn-secondary">
              {`返回整改指令 ${d.orderItem.documentNo}`}
            </Link>
          ) : null}
          <Link to="/regulator/hazards" className="btn btn-secondary">
            返回重大隐患
          </Link>
        </div>
      </div>
      {params.get('done') === 'supervise' ? (
        <p className="notice" role="status">
          已挂牌督办。
        </p>
      ) : null}
      {params.get('done') === 'review' ? (
        <p className="notice" role="status">
          审查结论已记录。
        </p>
      ) : null}
      {h.supervision ? (
        <section className="card attention">
          <h2>挂牌督办</h2>
          <p>
            {h.supervision.departmentName} <b>{h.supervision.no}</b>，督办期限 <b>{h.supervision.deadline}</b>（
            {formatDateTime(h.supervision.at)} 挂牌）
          </p>
        </section>
      ) : null}
      <HazardFacts h={h}>
        {d.photos.length ? (
          <p>
            {d.photos.map((p) => (
              <a
                key={p.id}
                href={`/regulator/evidence/${d.enterpriseId}/${p.id}?hazard=${h.id}`}
                target="_blank"
                rel="noreferrer"
                style={{ marginRight: 8 }}
              >
                {p.name}
              </a>
            ))}
          </p>
        ) : null}
      </HazardFacts>
      {d.can.review ? (
        <section className="card attention">
          <h2>审查恢复生产申请</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="review" />
            <FormError message={errorsFor('review')._form} />
            <Field
              name="decision"
              label="审查结论"
              required
              options={[
                { value: 'write_off', label: '同意恢复生产，予以核销' },
                { value: 'return', label: '退回，继续治理' },
              ]}
              defaultValue={valuesFor('review').decision}
              error={errorsFor('review').decision}
            />
            <TextArea
              name="note"
              label="审查意见"
              required
              rows={2}
              defaultValue={valuesFor('review').note}
              error={errorsFor('review').note}
            />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                提交审查结论
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {d.can.supervise ? (
        <section className="card">
          <h2>挂牌督办</h2>
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="supervise" />
            <FormError message={errorsFor('supervise')._form} />
            <DateField
              name="deadline"
              label="督办期限"
              required
              defaultValue={valuesFor('supervise').deadline}
              error={errorsFor('supervise').deadline}
            />
            <TextArea
              name="note"
              label="督办要求"
              required
              rows={2}
              defaultValue={valuesFor('supervise').note}
              error={errorsFor('supervise').note}
            />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                挂牌督办
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      <HazardHistory history={d.history} />
    </>
  )
}
