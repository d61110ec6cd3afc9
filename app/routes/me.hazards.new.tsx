import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FileField } from '../components/FileField'
import { Field, FormError, TextArea } from '../components/Field'
import { HazardBadge } from '../components/Hazards'
import { withActor } from '../db.server'
import { ACCESS, mayOpen } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { myReportedHazards, reportHazard } from '../modules/hazards/hazards.server'
import { formValues } from '../utils/form'
import { readForm } from '../utils/upload.server'
import { formatDateTime } from '../utils/dates'

// 报告隐患: any person of the enterprise reports a hazard from the phone with photos
// (《安全生产法》第五十九条). Phone-first: one column, the camera picker, the number to quote.
export const meta: MetaFunction = () => [{ title: '报告隐患 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazardReport.open)
  const reported = new URL(request.url).searchParams.get('reported')
  return {
    mine: await withActor(actor, request, (ctx) => myReportedHazards(ctx)),
    reported: reported && /^\d{1,7}$/.test(reported) ? reported : null,
    // one key per form shown: the same form sent twice records one hazard
    reportKey: globalThis.crypto.randomUUID(),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazardReport.open)
  const upload = await readForm(request, { photos: { kind: 'photo', multiple: true } })
  if (!upload.ok)
    return data(
      { values: {} as Record<string, string>, fieldErrors: { [upload.field]: upload.message } as Record<string, string> },
      { status: 400 },
    )
  const values = formValues(upload.form)
  const photos = upload.files.filter((f) => f.field === 'photos').map((f) => ({ name: f.name, bytes: f.bytes }))
  const result = await withActor(actor, request, (ctx) =>
    reportHazard(ctx, { place: values.place ?? '', description: values.description ?? '', reportKey: values.reportKey }, photos),
  )
  if (!result.ok) {
    const fieldErrors: Record<string, string> = { ...result.fieldErrors }
    if (photos.length && !fieldErrors.photos) fieldErrors.photos = '请重新选择照片'
    return data({ values, fieldErrors }, { status: 400 })
  }
  // a worker cannot open the register: back to the report form, with its number
  if (!mayOpen(actor.role, 'hazards')) return redirect(`/me/hazards/new?reported=${result.no}`)
  return redirect(`/enterprise/hazards/${result.hazardId}`)
}

export default function ReportHazard() {
  const { mine, reported, reportKey } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>报告隐患</h1>
          <p>发现事故隐患或不安全因素，拍照报告，安全管理人员会及时处理。</p>
        </div>
      </div>
      {reported ? (
        <p className="notice" role="status">
          隐患已报告，编号 第{reported}号。感谢您的报告！
        </p>
      ) : null}
      <section className="card">
        <Form method="post" encType="multipart/form-data" className="form" noValidate key={JSON.stringify(values)}>
          <input type="hidden" name="reportKey" value={values.reportKey ?? reportKey} />
          <FormError message={errors._form} />
          <Field
            name="place"
            label="隐患部位"
            required
            defaultValue={values.place}
            error={errors.place}
            placeholder="如：加氢车间二层平台东侧"
          />
          <TextArea
            name="description"
            label="隐患描述"
            required
            rows={4}
            defaultValue={values.description}
            error={errors.description}
            placeholder="看到了什么、可能造成什么后果"
          />
          <FileField name="photos" label="现场照片" kind="photo" multiple required error={errors.photos} wide />
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在提交…' : '提交报告'}
            </button>
            <Link to="/me" className="btn btn-secondary">
              返回
            </Link>
          </div>
        </Form>
      </section>
      {mine.length ? (
        <section className="card">
          <h2>我报告的隐患</h2>
          <ul className="plain">
            {mine.map((h) => (
              <li key={h.id} style={{ marginBottom: '0.5rem' }}>
                第{h.no}号 · {h.place} <HazardBadge h={h} />
                <div className="muted">{formatDateTime(h.foundAt)}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  )
}
