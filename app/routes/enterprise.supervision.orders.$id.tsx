import { formFailure, invalid } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormError, TextArea, useFreshFormKey } from '../components/Field'
import { OrderView } from '../components/OrderView'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { answerSchema } from '../modules/supervision/schema'
import { answerOrder, orderForEnterprise } from '../modules/supervision/supervision.server'
import { awaitsEnterprise } from '../modules/supervision/rules'
import { todayInShanghai } from '../utils/dates'
import { parseForm } from '../utils/form'
import { uuidParam } from '../utils/http'
import { readForm } from '../utils/upload.server'
import { FileField } from '../components/FileField'

export const meta: MetaFunction = () => [{ title: '整改指令 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.supervision.open)
  const id = uuidParam(params, 'id')
  return { ...(await withActor(actor, request, (ctx) => orderForEnterprise(ctx, id))), today: todayInShanghai() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.supervision.open)
  const id = uuidParam(params, 'id')
  const upload = await readForm(request, { files: { kind: 'evidence', multiple: true } })
  if (!upload.ok) return formFailure(invalid({ [upload.field]: upload.message }))
  const parsed = parseForm(answerSchema, upload.form)
  if (!parsed.ok) return formFailure(invalid({ ...parsed.fieldErrors, files: '请重新选择要上传的文件' }), parsed.values)
  const files = upload.files.filter((f) => f.field === 'files').map((f) => ({ name: f.name, bytes: f.bytes }))
  const result = await withActor(actor, request, (ctx) => answerOrder(ctx, id, parsed.data.note, files))
  if (!result.ok) return formFailure(invalid({ files: '请重新选择要上传的文件', ...result.fieldErrors }), parsed.values)
  return redirect(`/enterprise/supervision/orders/${id}?answered=1`)
}

export default function EnterpriseOrder() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const values: Record<string, string> = actionData?.values ?? {}
  const lastReturn = [...d.events].reverse().find((e) => e.kind === 'return')
  // each item's hazard, with why it holds the answer back (one closed loop)
  const linked = d.items.filter((i) => i.hazard)
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to="/enterprise/supervision" className="btn btn-secondary">
          返回检查整改
        </Link>
        {d.inspection ? (
          <Link to={`/enterprise/supervision/inspections/${d.inspection.id}`} className="btn btn-secondary">
            查看检查记录
          </Link>
        ) : null}
      </div>
      {params.get('answered') ? <p className="notice no-print">整改情况已报送，等待监管部门复查。</p> : null}
      <OrderView
        d={d}
        today={d.today}
        fileHref={(fileId) => `/evidence/${fileId}`}
        hazardHref={(hazardId) => `/enterprise/hazards/${hazardId}`}
        hazardFileHref={(_hazardId, fileId) => `/evidence/${fileId}`}
      />
      {awaitsEnterprise(d.order.status) ? (
        <section className="card no-print">
          <h2>报送整改情况</h2>
          {lastReturn ? <p className="form-error">{`监管部门退回意见：${lastReturn.note}`}</p> : null}
          <Form method="post" encType="multipart/form-data" className="form" noValidate key={freshKey(values)}>
            <FormError message={errors._form} />
            {linked.length ? (
              <fieldset className="field order-answer-hazards">
                <legend>各项隐患治理情况（须全部销号后报送；重大隐患须经监管部门核销）</legend>
                <ul>
                  {linked.map((i) => {
                    const refusal = errors[`items.${i.no}`] ?? i.refusal
                    return (
                      <li key={i.no} className={refusal ? 'invalid' : undefined}>
                        {`第${i.no}项 `}
                        <Link to={`/enterprise/hazards/${i.hazard!.id}`}>{i.hazard!.label}</Link>{' '}
                        {i.hazard!.closed ? (
                          <span className="badge badge-green">已闭环</span>
                        ) : (
                          <span className="field-error" role={errors[`items.${i.no}`] ? 'alert' : undefined}>
                            {refusal}
                          </span>
                        )}
                      </li>
                    )
                  })}
                </ul>
              </fieldset>
            ) : null}
            <TextArea
              name="note"
              label="整改情况说明"
              rows={4}
              defaultValue={values.note}
              error={errors.note}
              placeholder="逐项说明采取的措施、完成时间和责任人"
              required
            />
            <FileField
              name="files"
              label="佐证材料（整改后的现场照片、验收记录、制度文件等）"
              kind="evidence"
              multiple
              required
              error={errors.files}
              wide
            />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                {busy ? '正在报送…' : '报送复查'}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
