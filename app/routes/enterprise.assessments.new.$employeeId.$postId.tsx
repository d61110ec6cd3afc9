import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, TextArea } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { assessmentForm, recordAssessment } from '../modules/dutylogs/dutylogs.server'
import { RESULTS } from '../modules/dutylogs/rules'
import { assessmentFromForm, assessmentSchema } from '../modules/dutylogs/schema'
import { fieldErrorsOf, formValues } from '../utils/form'
import { uuidParam } from '../utils/http'
import { formFailure, respond } from '../utils/result'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `考核 ${data?.person.name ?? ''} · 安责通` }]

const querySchema = z.object({ period: z.string().max(10).optional().catch(undefined) })

// The assessor scores each duty against its 考核标准, with the evidence the portal holds beside the form.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.open)
  const employeeId = uuidParam(params, 'employeeId')
  const postId = uuidParam(params, 'postId')
  const q = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return withActor(actor, request, (ctx) => assessmentForm(ctx, employeeId, postId, q.period))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.manage)
  const employeeId = uuidParam(params, 'employeeId')
  const postId = uuidParam(params, 'postId')
  const form = await request.formData()
  // each score kept under its own key, so a refused form shows every score typed
  const values = { ...formValues(form), ...Object.fromEntries(form.getAll('score').map((v, i) => [`score.${i}`, String(v)])) }
  const parsed = assessmentSchema.safeParse(assessmentFromForm(form))
  if (!parsed.success) return formFailure({ ok: false, fieldErrors: fieldErrorsOf(parsed.error) }, values)
  const result = await withActor(actor, request, (ctx) => recordAssessment(ctx, employeeId, postId, parsed.data))
  return respond(result, values, (ok) => `/enterprise/assessments/${ok.assessmentId}?recorded=1`)
}

export default function NewAssessment() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const e = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            {d.period.label}责任制考核：{d.person.name}（{d.post.name}）
          </h1>
          <p>考核人：{d.assessor}</p>
        </div>
        <Link to={`/enterprise/assessments?period=${d.period.key}`} className="btn btn-secondary">
          返回
        </Link>
      </div>
      <div className="assessment-layout">
        <section className="card evidence-panel" aria-labelledby="evidence-title">
          <h2 id="evidence-title">平台记录（{d.period.label}）</h2>
          <dl className="facts">
            {d.evidence.map((f) => (
              <div key={f.label}>
                <dt>{f.label}</dt>
                <dd className={f.bad ? 'field-error' : undefined}>{f.value}</dd>
              </div>
            ))}
          </dl>
        </section>
        {d.existingId ? (
          <p className="card">
            本期已考核。<Link to={`/enterprise/assessments/${d.existingId}`}>查看考核表</Link>
          </p>
        ) : !d.hasList ? (
          <p className="card">该岗位没有已发布的责任清单，无法考核。</p>
        ) : !d.canAssess ? (
          <p className="form-error">{d.refusal}</p>
        ) : (
          <Form method="post" className="form assessment-form">
            <input type="hidden" name="period" value={d.period.key} />
            <FormError message={actionData?.message ?? e._form ?? e.scores} />
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">职责</th>
                  <th scope="col">考核标准</th>
                  <th scope="col">权重</th>
                  <th scope="col">得分（0–100）</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((i, n) => (
                  <tr key={i.position}>
                    <td>{i.text}</td>
                    <td>{i.criterion}</td>
                    <td>{i.weight}</td>
                    <td className={e[`scores.${n}`] ? 'invalid' : undefined}>
                      <label className="sr-only" htmlFor={`score-${n}`}>
                        第{n + 1}条得分
                      </label>
                      <input
                        id={`score-${n}`}
                        name="score"
                        inputMode="numeric"
                        size={4}
                        defaultValue={actionData?.values?.[`score.${n}`] ?? ''}
                        aria-invalid={e[`scores.${n}`] ? true : undefined}
                      />
                      {e[`scores.${n}`] ? <span className="field-error">{e[`scores.${n}`]}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Field
              name="result"
              label="考核结果"
              required
              defaultValue={actionData?.values?.result}
              error={e.result}
              hint="参考：加权得分90分及以上为优秀，60分及以上为合格"
              options={RESULTS.map((r) => ({ value: r, label: r }))}
            />
            <TextArea name="comment" label="考核意见" required defaultValue={actionData?.values?.comment} error={e.comment} />
            <TextArea
              name="followUp"
              label="整改跟进措施"
              defaultValue={actionData?.values?.followUp}
              error={e.followUp}
              hint="考核不合格时必填"
            />
            <button type="submit" className="btn" disabled={busy}>
              提交考核结果
            </button>
            <p className="muted">提交后由被考核人本人签字确认已阅，签字后不能修改。</p>
          </Form>
        )}
      </div>
    </>
  )
}
