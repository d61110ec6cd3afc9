import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { declareItem, obligationItem } from '../modules/obligations/obligations.server'
import { declareSchema, OBLIGATION_STATUS_CLASS } from '../modules/obligations/schema'
import { formatDateTime, todayInShanghai } from '../utils/dates'
import { parseForm } from '../utils/form'
import { notFound } from '../utils/http'
import { readForm } from '../utils/upload.server'
import { FileField } from '../components/FileField'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `第${data?.item.no ?? ''}条 · 主体责任二十条 · 安责通` }]

function noOf(params: Record<string, string | undefined>): number {
  const no = Number(params.no)
  if (!Number.isInteger(no) || no < 1 || no > 20) throw notFound()
  return no
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.open)
  const no = noOf(params)
  return {
    ...(await withActor(actor, request, (ctx) => obligationItem(ctx, no))),
    canEdit: actor.role === 'enterprise_admin',
    today: todayInShanghai(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.manage)
  const no = noOf(params)
  const upload = await readForm(request, { files: { kind: 'evidence', multiple: true } })
  if (!upload.ok)
    return data(
      { values: {} as Record<string, string>, fieldErrors: { [upload.field]: upload.message } as Record<string, string> },
      { status: 400 },
    )
  const parsed = parseForm(declareSchema, upload.form)
  if (!parsed.ok) return data({ values: parsed.values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) =>
    declareItem(
      ctx,
      no,
      parsed.data,
      upload.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    ),
  )
  if (!result.ok) return data({ values: parsed.values, fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect(`/enterprise/obligations/${no}?saved=1`)
}

export default function ObligationItem() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? {
    status: d.current?.status ?? '',
    responsible: d.current?.responsible ?? '',
    reason: d.current?.reason ?? '',
    reviewedOn: d.today,
    nextReviewOn: d.current?.next_review_on ?? '',
  }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            第 {d.item.no} 条：{d.item.title}
          </h1>
        </div>
        <Link to="/enterprise/obligations" className="btn btn-secondary">
          返回二十条
        </Link>
      </div>
      {params.get('saved') && !actionData ? <p className="notice">已记录。</p> : null}
      {d.warning ? <p className="form-error">{d.warning}</p> : null}
      <section className="card">
        <p>{d.item.text}</p>
        <p className="muted">{d.item.guidance}</p>
        <h3>检查时可提供的佐证</h3>
        <ul>
          {d.item.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      </section>
      {d.derived ? (
        <section className="card">
          <h2>
            平台记录判定：<span className={`badge ${OBLIGATION_STATUS_CLASS[d.derived.status]}`}>{d.derived.status}</span>
          </h2>
          <p className="muted">{d.derived.explanation}</p>
          <table className="data">
            <tbody>
              {d.derived.figures.map((f) => (
                <tr key={f.label}>
                  <td>{f.label}</td>
                  <td className="num">{f.bad ? <span className="badge badge-red">{f.value}</span> : f.value}</td>
                  <td>
                    <Link to={f.href}>查看记录</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="card">
        <h2>佐证资料（{d.evidence.length}）</h2>
        <ul className="plain">
          {d.evidence.map((f) => (
            <li key={f.id}>
              <a href={`/evidence/${f.id}`} target="_blank" rel="noreferrer">
                {f.file_name}
              </a>{' '}
              <span className="muted">{formatDateTime(f.uploaded_at)}</span>
            </li>
          ))}
        </ul>
        {d.canEdit ? (
          <>
            <h3>更新落实情况</h3>
            <Form method="post" encType="multipart/form-data" className="form" noValidate key={JSON.stringify(values)}>
              <div className="form-grid">
                <Field
                  name="status"
                  label="落实情况"
                  defaultValue={values.status}
                  error={errors.status}
                  options={['已落实', '部分落实', '未落实', '不适用'].map((s) => ({ value: s, label: s }))}
                  required
                />
                <Field name="responsible" label="责任人" defaultValue={values.responsible} error={errors.responsible} required />
                <Field name="reason" label="不适用的理由" defaultValue={values.reason} error={errors.reason} />
                <Field
                  name="reviewedOn"
                  label="本次评审日期"
                  type="date"
                  defaultValue={values.reviewedOn}
                  error={errors.reviewedOn}
                  required
                />
                <Field
                  name="nextReviewOn"
                  label="下次评审日期"
                  type="date"
                  defaultValue={values.nextReviewOn}
                  error={errors.nextReviewOn}
                />
                <FileField name="files" label="上传佐证资料" kind="evidence" multiple error={errors.files} />
              </div>
              <div className={`field${errors.note ? ' invalid' : ''}`}>
                <label htmlFor="f-note">说明</label>
                <textarea id="f-note" name="note" rows={2} defaultValue={values.note} />
              </div>
              <FormError message={errors._form} />
              <div className="actions">
                <button type="submit" className="btn" disabled={busy}>
                  记录
                </button>
                <span className="muted">每次记录都保留在历史中，不可修改。</span>
              </div>
            </Form>
          </>
        ) : null}
      </section>
      <section className="card">
        <h2>历史</h2>
        {d.history.length ? (
          <ul className="plain">
            {d.history.map((h) => (
              <li key={h.id}>
                <span className="muted">{formatDateTime(h.set_at)}</span> {h.set_by_name}：
                <span className={`badge ${OBLIGATION_STATUS_CLASS[h.status]}`}>{h.status}</span> 责任人 {h.responsible}
                {h.reason ? `，理由：${h.reason}` : ''}
                {h.note ? `，${h.note}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">尚无记录。</p>
        )}
      </section>
    </>
  )
}
