import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { DateField, describedByOf, Field, FieldLabel, FieldNotes, FormError, TextArea } from '../components/Field'
import { FileField } from '../components/FileField'
import { HazardBadge, HazardFacts, HazardHistory } from '../components/Hazards'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import {
  assignHazard,
  hazardForEnterprise,
  planHazard,
  rectifyHazard,
  requestResume,
  verifyHazard,
} from '../modules/hazards/hazards.server'
import { PLAN_PARTS } from '../modules/hazards/rules'
import { formatDateTime } from '../utils/dates'
import { formValues } from '../utils/form'
import { uuidParam } from '../utils/http'
import { readForm } from '../utils/upload.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `隐患第${data?.hazard.no ?? ''}号 · 安责通` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazards.open)
  const id = uuidParam(params, 'id')
  return withActor(actor, request, (ctx) => hazardForEnterprise(ctx, id))
}

const INTENTS = ['assign', 'rectify', 'verify', 'plan', 'resume'] as const

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazards.open)
  const id = uuidParam(params, 'id')
  const upload = await readForm(request, { photos: { kind: 'photo', multiple: true } })
  if (!upload.ok)
    return data(
      {
        intent: 'rectify',
        values: {} as Record<string, string>,
        fieldErrors: { [upload.field]: upload.message } as Record<string, string>,
      },
      { status: 400 },
    )
  const { intent = '', ...values } = formValues(upload.form)
  if (!(INTENTS as readonly string[]).includes(intent))
    return data({ intent, values, fieldErrors: { _form: '请刷新页面后重试' } }, { status: 400 })
  const photos = upload.files.filter((f) => f.field === 'photos').map((f) => ({ name: f.name, bytes: f.bytes }))
  const result = await withActor(actor, request, (ctx) => {
    switch (intent as (typeof INTENTS)[number]) {
      case 'assign':
        return assignHazard(ctx, id, values)
      case 'rectify':
        return rectifyHazard(ctx, id, values, photos)
      case 'verify':
        return verifyHazard(ctx, id, values)
      case 'plan':
        return planHazard(ctx, id, values)
      case 'resume':
        return requestResume(ctx, id, values)
    }
  })
  if (!result.ok) return data({ intent, values, fieldErrors: result.fieldErrors as Record<string, string> }, { status: 400 })
  return redirect(`/enterprise/hazards/${id}?done=${intent}`)
}

const DONE: Record<string, string> = {
  assign: '已定级并指派整改责任人。',
  rectify: '已登记整改完成，等待验收。',
  verify: '验收结论已记录。',
  plan: '治理方案已记录。',
  resume: '已提交恢复生产申请，等待监管部门核销。',
}

export default function HazardPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const h = d.hazard
  const errorsFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.fieldErrors : {})
  const valuesFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.values : {})
  const [params] = useSearchParams()
  const done = params.get('done')
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            隐患第{h.no}号 <HazardBadge h={h} />
          </h1>
          <p>
            {h.place} · {h.foundBy} 于 {formatDateTime(h.foundAt)} 报告
          </p>
        </div>
        <div className="actions no-print">
          <Link to="/enterprise/hazards" className="btn btn-secondary">
            返回台账
          </Link>
        </div>
      </div>
      {done && DONE[done] ? (
        <p className="notice" role="status">
          {DONE[done]}
        </p>
      ) : null}
      {d.orderItem ? (
        <section className="card attention">
          <h2>监管部门检查发现</h2>
          <p>
            {d.orderItem.departmentName} <Link to={`/enterprise/supervision/orders/${d.orderItem.orderId}`}>{d.orderItem.documentNo}</Link>{' '}
            第{d.orderItem.itemNo}
            项，整改要求：{d.orderItem.requirement}；整改期限 <b>{d.orderItem.dueDate}</b>。销号后，指令书上该项即显示已销号。
          </p>
        </section>
      ) : null}
      {h.supervision ? (
        <section className="card attention">
          <h2>挂牌督办</h2>
          <p>
            {h.supervision.departmentName} {h.supervision.no}，督办期限 <b>{h.supervision.deadline}</b>
          </p>
        </section>
      ) : null}
      <HazardFacts h={h}>
        {d.photos.length ? (
          <div className="photos">
            {d.photos.map((p) => (
              <a key={p.id} href={`/evidence/${p.id}`} target="_blank" rel="noreferrer">
                <img
                  src={`/evidence/${p.id}`}
                  alt={p.name}
                  width={160}
                  height={120}
                  style={{ objectFit: 'cover', marginRight: 8, border: '1px solid #ddd', background: '#f5f5f5' }}
                />
              </a>
            ))}
          </div>
        ) : null}
      </HazardFacts>

      {d.can.assign ? <AssignForm d={d} errors={errorsFor('assign')} values={valuesFor('assign')} busy={busy} /> : null}

      {d.can.rectify ? (
        <section className="card">
          <h2>登记整改完成</h2>
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <input type="hidden" name="intent" value="rectify" />
            <FormError message={errorsFor('rectify')._form} />
            <TextArea
              name="note"
              label="整改情况"
              required
              rows={3}
              defaultValue={valuesFor('rectify').note}
              error={errorsFor('rectify').note}
            />
            <FileField name="photos" label="整改后照片" kind="photo" multiple optional error={errorsFor('rectify').photos} wide />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                整改完成，提交验收
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {h.status === 'verifying' ? (
        d.can.verify ? (
          <section className="card">
            <h2>验收</h2>
            <Form method="post" encType="multipart/form-data" className="form" noValidate>
              <input type="hidden" name="intent" value="verify" />
              <FormError message={errorsFor('verify')._form} />
              <Field
                name="decision"
                label="验收结论"
                required
                options={[
                  { value: 'pass', label: '验收合格，销号' },
                  { value: 'fail', label: '验收不合格，退回整改' },
                ]}
                defaultValue={valuesFor('verify').decision}
                error={errorsFor('verify').decision}
              />
              <TextArea
                name="note"
                label="验收意见"
                required
                rows={2}
                defaultValue={valuesFor('verify').note}
                error={errorsFor('verify').note}
              />
              <div className="actions">
                <button type="submit" className="btn" disabled={busy}>
                  提交验收结论
                </button>
              </div>
            </Form>
          </section>
        ) : (
          <p className="notice">{d.verifyRefusal ?? '等待其他负责人验收。'}</p>
        )
      ) : null}

      {d.can.plan ? (
        <section className="card">
          <h2>制定治理方案（《安全生产事故隐患排查治理暂行规定》第十五条）</h2>
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <input type="hidden" name="intent" value="plan" />
            <FormError message={errorsFor('plan')._form} />
            {PLAN_PARTS.map((p) => (
              <TextArea
                key={p.key}
                name={p.key}
                label={p.label}
                required
                rows={2}
                defaultValue={valuesFor('plan')[p.key]}
                error={errorsFor('plan')[p.key]}
              />
            ))}
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                保存治理方案
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {d.can.resume ? (
        <section className="card">
          <h2>治理完成：评估并申请恢复生产</h2>
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <input type="hidden" name="intent" value="resume" />
            <FormError message={errorsFor('resume')._form} />
            <TextArea
              name="note"
              label="治理完成情况"
              required
              rows={3}
              defaultValue={valuesFor('resume').note}
              error={errorsFor('resume').note}
            />
            <TextArea
              name="assessment"
              label="评估结论"
              hint="由本单位技术人员和专家或委托的安全评价机构对治理情况进行评估（第十八条）"
              required
              rows={3}
              defaultValue={valuesFor('resume').assessment}
              error={errorsFor('resume').assessment}
            />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                提交恢复生产申请
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {h.status === 'resume_requested' ? <p className="notice">已申请恢复生产，等待监管部门审查核销。</p> : null}

      <HazardHistory history={d.history} />
    </>
  )
}

function AssignForm({
  d,
  errors,
  values,
  busy,
}: {
  d: ReturnType<typeof useLoaderData<typeof loader>>
  errors: Record<string, string>
  values: Record<string, string>
  busy: boolean
}) {
  const [grade, setGrade] = useState(values.grade ?? '')
  return (
    <section className="card">
      <h2>定级并指派</h2>
      <Form method="post" encType="multipart/form-data" className="form" noValidate key={JSON.stringify(values)}>
        <input type="hidden" name="intent" value="assign" />
        <FormError message={errors._form} />
        <div className={`field${errors.grade ? ' invalid' : ''}`}>
          <label htmlFor="f-grade">隐患等级</label>
          <select
            id="f-grade"
            name="grade"
            defaultValue={values.grade ?? ''}
            onChange={(e) => setGrade(e.target.value)}
            aria-invalid={errors.grade ? true : undefined}
          >
            <option value="">请选择</option>
            <option value="general">一般隐患</option>
            <option value="major">重大隐患</option>
          </select>
          <FieldNotes id="f-grade" error={errors.grade} />
        </div>
        <Field
          name="responsibleUserId"
          label="整改责任人"
          required
          options={d.candidates.map((c) => ({ value: c.id, label: c.name }))}
          defaultValue={values.responsibleUserId}
          error={errors.responsibleUserId}
        />
        <DateField
          name="deadline"
          label="整改期限"
          required
          defaultValue={values.deadline ?? d.orderItem?.dueDate}
          error={errors.deadline}
          hint={d.orderItem ? `不晚于监管部门责令的期限 ${d.orderItem.dueDate}` : undefined}
        />
        <Field name="funds" label="治理资金（元）" inputMode="numeric" defaultValue={values.funds} error={errors.funds} />
        <TextArea
          name="measures"
          label="整改措施"
          required
          rows={3}
          defaultValue={values.measures ?? d.orderItem?.requirement}
          error={errors.measures}
        />
        {grade === 'major' || values.grade === 'major' ? (
          <>
            <p className="field-wide muted">
              重大事故隐患须立即报告负有安全生产监督管理职责的部门（第十四条），提交后监管部门即可看到；无法保证安全的，须停产停业或停止使用（第十六条）。
            </p>
            <div className={`field field-wide${errors.criterionCode ? ' invalid' : ''}`}>
              <FieldLabel id="f-criterionCode" label="判定依据（重大事故隐患判定标准）" />
              <select
                id="f-criterionCode"
                name="criterionCode"
                defaultValue={values.criterionCode ?? ''}
                aria-invalid={errors.criterionCode ? true : undefined}
                aria-describedby={describedByOf('f-criterionCode', undefined, errors.criterionCode)}
              >
                <option value="">请选择</option>
                {d.standards.map((s) => (
                  <optgroup key={s.code} label={`${s.name}（${s.source}）`}>
                    {s.sections.flatMap((sec) =>
                      sec.items.map((i) => (
                        <option key={i.code} value={i.code}>
                          {`${sec.title.slice(0, 12)}｜${i.text.slice(0, 60)}`}
                        </option>
                      )),
                    )}
                  </optgroup>
                ))}
              </select>
              <FieldNotes id="f-criterionCode" error={errors.criterionCode} />
            </div>
            <TextArea
              name="situation"
              label="隐患的现状及其产生原因"
              required
              rows={2}
              defaultValue={values.situation}
              error={errors.situation}
            />
            <TextArea
              name="severity"
              label="隐患的危害程度和整改难易程度分析"
              required
              rows={2}
              defaultValue={values.severity}
              error={errors.severity}
            />
            <div className="field">
              <label>
                <input type="checkbox" name="stopWork" value="on" defaultChecked={values.stopWork === 'on'} /> 局部或全部停产停业、停止使用
              </label>
            </div>
            <Field name="stopWorkNote" label="停产停业或停止使用的范围" defaultValue={values.stopWorkNote} error={errors.stopWorkNote} />
            <DateField
              name="workersCongressOn"
              label="向职工代表大会报告的日期"
              defaultValue={values.workersCongressOn}
              error={errors.workersCongressOn}
            />
          </>
        ) : null}
        <div className="actions">
          <button type="submit" className="btn" disabled={busy}>
            {grade === 'major' ? '定级并报告监管部门' : '定级并指派'}
          </button>
        </div>
      </Form>
    </section>
  )
}
