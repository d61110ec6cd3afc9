import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormError } from '../components/Field'
import { FileField } from '../components/FileField'
import { RiskLevelBadge } from '../components/Hazards'
import { SignaturePad } from '../components/SignaturePad'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { checkForm, checkFormSize, saveCheckDraft, signCheck } from '../modules/checks/checks.server'
import type { UploadedFile } from '../modules/evidence/evidence.server'
import { formValues } from '../utils/form'
import { uuidParam } from '../utils/http'
import { formFailure, invalid, refuse } from '../utils/result'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { readForm } from '../utils/upload.server'

// The check on a phone, in the two steps of every signature: the form saves each item's 正常 or 隐患
// (a 隐患 with what was seen and a photo) as the checker's draft — editable by them only, not yet a
// check — and opens the signing step (?confirm=1, ConfirmSignature), which shows what will be signed and
// takes the handwritten signature; only that post, carrying confirm=1, signs. The signature is the
// checker's own: the module decides from the posts the database holds for them, and the database signs
// with the acting user and the post held that day. The hazards are recorded when it is signed.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.plan.name ?? '排查'} · 安责通` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.myChecks.open)
  const planId = uuidParam(params, 'planId')
  const period = new URL(request.url).searchParams.get('period')
  return withActor(actor, request, (ctx) => checkForm(ctx, planId, period && period.length <= 20 ? period : null))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.myChecks.open)
  const planId = uuidParam(params, 'planId')
  // the signing step posts a plain form with confirm=1; the check form posts its photos
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    const form = await request.formData()
    const values = formValues(form)
    if (!isConfirmed(form)) return formFailure(refuse(NOT_CONFIRMED), values)
    const result = await withActor(actor, request, (ctx) => signCheck(ctx, planId, values))
    if (!result.ok) return formFailure(result, values)
    return redirect(`/me/checks?done=1&hazards=${result.hazards}`)
  }
  // the form has one photo picker per item: as many as the plan has items, no more
  const size = await withActor(actor, request, (ctx) => checkFormSize(ctx, planId))
  const upload = await readForm(
    request,
    Object.fromEntries(Array.from({ length: Math.max(size, 1) }, (_, i) => [`photo_${i + 1}`, { kind: 'photo', multiple: true } as const])),
  )
  if (!upload.ok) return formFailure(invalid({ [upload.field]: upload.message }))
  const values = formValues(upload.form)
  const photos = new Map<number, UploadedFile[]>()
  for (const f of upload.files) {
    const n = Number(f.field.slice('photo_'.length))
    photos.set(n, [...(photos.get(n) ?? []), { name: f.name, bytes: f.bytes }])
  }
  const result = await withActor(actor, request, (ctx) => saveCheckDraft(ctx, planId, values, photos))
  if (!result.ok) {
    // photos are not sent back to the browser: say so beside the pickers that had some
    const fieldErrors = { ...(result.fieldErrors ?? {}) }
    for (const n of photos.keys()) fieldErrors[`photo_${n}`] ??= '请重新选择照片'
    return formFailure({ ...result, fieldErrors }, values)
  }
  return redirect(`/me/checks/${planId}?period=${encodeURIComponent(result.periodKey)}&confirm=1`)
}

export default function DoCheck() {
  const { plan, period, open, items, done, draft, signerName } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  // the form shows what was just sent back, else the saved draft
  const values: Record<string, string> =
    actionData?.values && !('confirm' in actionData.values)
      ? actionData.values
      : Object.fromEntries(
          (draft?.answers ?? []).flatMap((a, i) => [
            [`result_${i + 1}`, a.result],
            [`note_${i + 1}`, a.note],
          ]),
        )
  const signing = !!draft && params.get('confirm') === '1'
  const head = (
    <div className="page-head">
      <div>
        <h1>{plan.name}</h1>
        <p>
          {plan.kindName} · {plan.postName}
          {period ? ` · ${period.label}` : ''}
        </p>
      </div>
    </div>
  )
  if (!period || done)
    return (
      <div className="me">
        {head}
        <section className="card">
          <p>{done ? '您已完成本期排查，记录已存档。' : open.length ? '该期排查已结束或尚未开始。' : '该计划今天没有排查任务。'}</p>
          <Link to="/me/checks" className="btn btn-secondary">
            返回我的排查任务
          </Link>
        </section>
      </div>
    )
  if (signing)
    return (
      <div className="me">
        {head}
        <ConfirmSignature
          trigger={null}
          title="确认签字提交本期排查"
          confirmLabel="确认签字"
          signer={signerName}
          consequence="签字后记录存档，不能修改；发现的隐患自动进入隐患台账。"
          busy={busy}
          error={actionData?.message ?? errors.confirm ?? errors._form}
          fields={{ periodKey: period.key }}
          signing={
            <div className="check-signing">
              <SignaturePad name="signature" error={errors.signature} />
              <div className={`field${errors.typedName ? ' invalid' : ''}`}>
                <label htmlFor="f-typedName">无法手写时，请输入您的姓名代替签名</label>
                <input id="f-typedName" name="typedName" autoComplete="name" placeholder={signerName} />
                {errors.typedName ? <span className="field-error">{errors.typedName}</span> : null}
              </div>
            </div>
          }
        >
          <p>
            {`共 ${items.length} 项：正常 ${draft.answers.filter((a) => a.result === 'ok').length} 项，隐患 ${draft.answers.filter((a) => a.result === 'hazard').length} 项。`}
          </p>
          <ol className="check-summary">
            {items.map((i, n) => {
              const a = draft.answers[n]!
              return (
                <li key={i.seq} className={a.result === 'hazard' ? 'hazard' : undefined}>
                  <b>{a.result === 'hazard' ? '隐患' : '正常'}</b> {i.pointName}：{i.content}
                  {a.result === 'hazard' ? `——${a.note}（照片 ${a.photos.length} 张）` : a.note ? `（${a.note}）` : ''}
                </li>
              )
            })}
          </ol>
          <p>
            <Link to={`/me/checks/${plan.id}?period=${encodeURIComponent(period.key)}`}>返回修改排查结果</Link>
          </p>
        </ConfirmSignature>
      </div>
    )
  return (
    <div className="me">
      {head}
      {draft ? (
        <p className="notice">
          {`已保存草稿，尚未签字。修改后再次保存，或直接`}
          <Link to={`/me/checks/${plan.id}?period=${encodeURIComponent(period.key)}&confirm=1`}>去签字</Link>。
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="form check-form" noValidate key={JSON.stringify(values)}>
        <input type="hidden" name="periodKey" value={period.key} />
        <FormError message={actionData?.message ?? (Object.keys(errors).length ? '请修改标红的内容后再提交。' : undefined)} />
        {items.map((i) => {
          const n = i.seq
          const result = values[`result_${n}`]
          return (
            <fieldset key={n} className={`card check-item${errors[`result_${n}`] ? ' invalid' : ''}`}>
              <legend>
                {n}. {i.pointName}
              </legend>
              <p>
                <RiskLevelBadge level={i} /> {i.hazardSource}
              </p>
              <p className="check-content">
                <span className="muted">{i.measureKindName}：</span>
                {i.content}
              </p>
              <div className="check-choice" role="radiogroup" aria-label={`第${n}项排查结果`}>
                <label className="choice-ok">
                  <input type="radio" name={`result_${n}`} value="ok" defaultChecked={result === 'ok'} /> 正常
                </label>
                <label className="choice-hazard">
                  <input type="radio" name={`result_${n}`} value="hazard" defaultChecked={result === 'hazard'} /> 隐患
                </label>
              </div>
              {errors[`result_${n}`] ? (
                <span className="field-error" role="alert">
                  {errors[`result_${n}`]}
                </span>
              ) : null}
              <div className="hazard-only">
                <div className={`field${errors[`note_${n}`] ? ' invalid' : ''}`}>
                  <label htmlFor={`f-note_${n}`}>隐患描述（选“隐患”时必填）</label>
                  <textarea
                    id={`f-note_${n}`}
                    name={`note_${n}`}
                    rows={2}
                    defaultValue={values[`note_${n}`]}
                    aria-invalid={errors[`note_${n}`] ? true : undefined}
                    placeholder="看到了什么、在哪里"
                  />
                  {errors[`note_${n}`] ? (
                    <span className="field-error" role="alert">
                      {errors[`note_${n}`]}
                    </span>
                  ) : null}
                </div>
                <FileField name={`photo_${n}`} label="隐患照片（选“隐患”时必拍）" kind="photo" multiple error={errors[`photo_${n}`]} />
                {draft?.answers[n - 1]?.photos.length ? (
                  <p className="muted">{`草稿已存照片 ${draft.answers[n - 1]!.photos.length} 张；重新选择将替换。`}</p>
                ) : null}
              </div>
            </fieldset>
          )
        })}
        <section className="card confirm-box">
          <p className="muted">保存后进入签字确认步骤；签字前仍可返回修改。签字后记录存档，不能修改，发现的隐患自动进入隐患台账。</p>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在保存…' : '保存并签字'}
            </button>
            <Link to="/me/checks" className="btn btn-secondary">
              返回
            </Link>
          </div>
        </section>
      </Form>
    </div>
  )
}
