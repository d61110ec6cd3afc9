import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormError, TextArea } from '../components/Field'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { getEnterpriseForRegulator } from '../modules/regulators/regulators.server'
import { parseInspectionForm } from '../modules/supervision/forms'
import { MAX_ORDER_ITEMS } from '../modules/supervision/schema'
import { recordInspection } from '../modules/supervision/supervision.server'
import { todayInShanghai } from '../utils/dates'
import { formValues } from '../utils/form'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '记录监督检查 · 安责通' }]

const ROWS = 5

function nowLocal() {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date())
  return parts.replace(' ', 'T')
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const { profile } = await withActor(actor, request, (ctx) => getEnterpriseForRegulator(ctx, enterpriseId))
  return {
    enterprise: { id: profile.id, name: profile.name, address: profile.address },
    inspector: actor.displayName,
    now: nowLocal(),
    today: todayInShanghai(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const values = formValues(await request.formData())
  const parsed = parseInspectionForm(values)
  if (!parsed.ok) return data({ values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => recordInspection(ctx, enterpriseId, parsed.inspection, parsed.items))
  if (!result.ok) return data({ values, fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect(
    result.orderId
      ? `/regulator/enterprises/${enterpriseId}/orders/${result.orderId}?issued=1`
      : `/regulator/enterprises/${enterpriseId}/inspections/${result.inspectionId}?recorded=1`,
  )
}

export default function NewInspection() {
  const { enterprise, inspector, now, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? { inspectedAt: now, place: enterprise.address, inspectors: `${inspector}、` }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const rows = Math.min(
    MAX_ORDER_ITEMS,
    Math.max(
      ROWS,
      ...Object.keys(values)
        .filter((k) => k.startsWith('items.'))
        .map((k) => Number(k.split('.')[1]) + 1),
    ),
  )
  return (
    <>
      <div className="page-head">
        <div>
          <h1>记录监督检查</h1>
          <p>
            {enterprise.name} ·
            按《安全生产法》第六十五条记录检查的时间、地点、内容、发现的问题及其处理情况；记录后由企业负责人在本系统签字，拒绝签字的由检查人员记录在案。
          </p>
        </div>
        <Link to={`/regulator/enterprises/${enterprise.id}`} className="btn btn-secondary">
          返回
        </Link>
      </div>
      <section className="card">
        <Form method="post" className="form" noValidate key={JSON.stringify(values)}>
          <FormError message={errors._form ?? (Object.keys(errors).length ? '请修改标红的内容后再提交。' : undefined)} />
          <div className="form-grid">
            <Field
              name="inspectedAt"
              label="检查时间"
              type="datetime-local"
              defaultValue={values.inspectedAt}
              error={errors.inspectedAt}
              required
            />
            <Field name="place" label="检查地点" defaultValue={values.place} error={errors.place} required />
            <Field
              name="inspectors"
              label="检查人员"
              defaultValue={values.inspectors}
              error={errors.inspectors}
              hint="不少于两人，姓名之间用顿号分隔"
              required
            />
            <TextArea
              name="content"
              label="检查内容"
              defaultValue={values.content}
              error={errors.content}
              placeholder="如：全员安全生产责任制落实、危险化学品储存、特种作业人员持证等"
              required
            />
            <TextArea
              name="problems"
              label="发现的问题"
              rows={4}
              defaultValue={values.problems}
              error={errors.problems}
              placeholder="逐条写明；未发现问题的写“未发现问题”"
              required
            />
            <TextArea
              name="handling"
              label="处理情况"
              defaultValue={values.handling}
              error={errors.handling}
              placeholder="如：现场责令改正；下达责令限期整改指令书"
              required
            />
          </div>
          <fieldset className="card" style={{ marginTop: '1rem' }}>
            <legend>
              <label>
                <input type="checkbox" name="issueOrder" defaultChecked={values.issueOrder === 'on'} /> 同时下达责令限期整改指令
              </label>
            </legend>
            <p className="hint">逐项写明问题、整改要求和期限（须晚于今天 {today}）；空行不计入。</p>
            <div className="table-wrap">
              <table className="data order-items">
                <thead>
                  <tr>
                    <th>序号</th>
                    <th>存在问题</th>
                    <th>整改要求</th>
                    <th>整改期限</th>
                  </tr>
                </thead>
                <tbody>
                  {Array.from({ length: rows }, (_, i) => (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      {(['problem', 'requirement', 'dueDate'] as const).map((k) => {
                        const name = `items.${i}.${k}`
                        const label = { problem: '存在问题', requirement: '整改要求', dueDate: '整改期限' }[k]
                        return (
                          <td key={k} className={errors[name] ? 'invalid' : undefined}>
                            <input
                              name={name}
                              type={k === 'dueDate' ? 'date' : 'text'}
                              min={k === 'dueDate' ? today : undefined}
                              defaultValue={values[name]}
                              aria-label={`第${i + 1}项${label}`}
                              aria-invalid={errors[name] ? true : undefined}
                            />
                            {errors[name] ? (
                              <span className="field-error" role="alert">
                                {errors[name]}
                              </span>
                            ) : null}
                          </td>
                        )
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </fieldset>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在保存…' : '签字并保存检查记录'}
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
