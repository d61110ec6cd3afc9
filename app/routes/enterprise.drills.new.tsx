import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { drillFileErrors, drillOverview, recordDrill } from '../modules/drills/drills.server'
import { DRILL_SLOTS, drillSchema } from '../modules/drills/schema'
import { FileField } from '../components/FileField'
import { todayInShanghai } from '../utils/dates'
import { parseForm } from '../utils/form'
import { readForm } from '../utils/upload.server'

export const meta: MetaFunction = () => [{ title: '记录演练 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.manage)
  const { plans } = await withActor(actor, request, (ctx) => drillOverview(ctx))
  return { plans, today: todayInShanghai() }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.manage)
  const upload = await readForm(
    request,
    Object.fromEntries(DRILL_SLOTS.map((s) => [s.slot, { kind: 'evidence', multiple: !s.required } as const])),
  )
  if (!upload.ok)
    return data(
      { values: {} as Record<string, string>, fieldErrors: { [upload.field]: upload.message } as Record<string, string> },
      { status: 400 },
    )
  const parsed = parseForm(drillSchema, upload.form)
  const files = upload.files
    .filter((f) => DRILL_SLOTS.some((s) => s.slot === f.field))
    .map((f) => ({ slot: f.field, name: f.name, bytes: f.bytes }))
  if (!parsed.ok)
    return data(
      { values: parsed.values, fieldErrors: { ...drillFileErrors(files), ...parsed.fieldErrors, _files: '请重新选择要上传的文件' } },
      { status: 400 },
    )
  const result = await withActor(actor, request, (ctx) => recordDrill(ctx, parsed.data, files))
  if (!result.ok)
    return data({ values: parsed.values, fieldErrors: { ...result.fieldErrors, _files: '请重新选择要上传的文件' } }, { status: 400 })
  return redirect('/enterprise/drills?drill=1')
}

export default function NewDrill() {
  const { plans, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  // with a single plan there is nothing to choose
  const values: Record<string, string> = actionData?.values ?? {
    heldOn: today,
    form: '实战',
    planId: plans.length === 1 ? plans[0]!.id : '',
  }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>记录演练</h1>
          <p>检查要看“演练方案、演练脚本、评估报告等佐证资料”，三者须一并上传。</p>
        </div>
        <Link to="/enterprise/drills" className="btn btn-secondary">
          返回
        </Link>
      </div>
      {plans.length === 0 ? (
        <FormError message="请先在“应急预案与演练”页面登记应急预案，再记录针对它的演练。" />
      ) : (
        <section className="card">
          <Form method="post" encType="multipart/form-data" className="form" noValidate key={JSON.stringify(values)}>
            <FormError
              message={errors._form ?? (Object.keys(errors).length ? `请修改标红的内容后再提交。${errors._files ?? ''}` : undefined)}
            />
            <div className="form-grid">
              <Field
                name="planId"
                label="演练的预案"
                defaultValue={values.planId}
                error={errors.planId}
                options={plans.map((p) => ({ value: p.id, label: `${p.title}（${p.kind}）` }))}
                required
              />
              <Field name="heldOn" label="演练日期" type="date" defaultValue={values.heldOn} error={errors.heldOn} required />
              <Field
                name="form"
                label="演练形式"
                defaultValue={values.form}
                error={errors.form}
                options={[
                  { value: '实战', label: '实战演练' },
                  { value: '桌面', label: '桌面推演' },
                ]}
                required
              />
              <Field
                name="participants"
                label="参演人数"
                type="number"
                inputMode="numeric"
                defaultValue={values.participants}
                error={errors.participants}
                required
              />
            </div>
            <div className={`field${errors.summary ? ' invalid' : ''}`}>
              <label htmlFor="f-summary">演练概况</label>
              <textarea
                id="f-summary"
                name="summary"
                rows={3}
                defaultValue={values.summary}
                placeholder="演练情景、过程、发现的问题和改进措施"
              />
              {errors.summary ? <span className="field-error">{errors.summary}</span> : null}
            </div>
            <div className="form-grid">
              {DRILL_SLOTS.map((s) => (
                <FileField
                  key={s.slot}
                  name={s.slot}
                  label={s.label}
                  kind="evidence"
                  multiple={!s.required}
                  required={s.required}
                  error={errors[s.slot]}
                />
              ))}
            </div>
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                {busy ? '正在上传…' : '保存演练记录'}
              </button>
            </div>
          </Form>
        </section>
      )}
    </>
  )
}
