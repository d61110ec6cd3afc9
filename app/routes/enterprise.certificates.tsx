import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { certificateSchema, resolveCertificateSchema, resolveRequirementSchema } from '../modules/training/schema'
import {
  addCertificate,
  certificateOverview,
  loadCatalogue,
  resolveCertificateKind,
  resolveRequirement,
} from '../modules/training/training.server'
import { CatalogueList, CertificateField } from '../components/CertificatePicker'
import { listEmployees } from '../modules/org/roster.server'
import { parseForm } from '../utils/form'
import { readForm } from '../utils/upload.server'
import { FileField } from '../components/FileField'

export const meta: MetaFunction = () => [{ title: '证书管理 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.open)
  return withActor(actor, request, async (ctx) => ({
    ...(await certificateOverview(ctx)),
    catalogue: (await loadCatalogue(ctx.db)).map((c) => ({ code: c.code, name: c.name, kind: c.kind })),
    employees:
      actor.role === 'enterprise_admin'
        ? (await listEmployees(ctx, { q: '', page: 1, size: 100, sort: 'employeeNo', dir: 'asc' })).rows
        : [],
    canEdit: actor.role === 'enterprise_admin',
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.manage)
  const upload = await readForm(request, { scan: { kind: 'scan' } })
  if (!upload.ok)
    return data(
      { values: {} as Record<string, string>, fieldErrors: { [upload.field]: upload.message } as Record<string, string> },
      { status: 400 },
    )
  const intent = upload.form.get('intent')
  if (intent === 'resolve-certificate' || intent === 'resolve-requirement') {
    // a name written before the catalogue, filed under a catalogue item: the message goes beside its row
    const target = `${intent}:${String(upload.form.get('certificateId') ?? upload.form.get('postId') ?? '')}:${String(upload.form.get('legacy') ?? '')}`
    const resolved =
      intent === 'resolve-certificate' ? parseForm(resolveCertificateSchema, upload.form) : parseForm(resolveRequirementSchema, upload.form)
    if (!resolved.ok)
      return data(
        {
          values: resolved.values,
          fieldErrors: {} as Record<string, string>,
          resolve: { target, message: Object.values(resolved.fieldErrors)[0] ?? '请选择证书' },
        },
        { status: 400 },
      )
    const r = resolved.data
    const result = await withActor(actor, request, (ctx) =>
      r.intent === 'resolve-certificate'
        ? resolveCertificateKind(ctx, r.certificateId, r.value)
        : resolveRequirement(ctx, r.postId, r.legacy, r.value),
    )
    if (!result.ok)
      return data(
        { values: resolved.values, fieldErrors: {} as Record<string, string>, resolve: { target, message: result.message } },
        { status: 400 },
      )
    return redirect('/enterprise/certificates?resolved=1')
  }
  upload.form.delete('intent')
  const parsed = parseForm(certificateSchema, upload.form)
  if (!parsed.ok) return data({ values: parsed.values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const scans = upload.files.filter((f) => f.field === 'scan').map((f) => ({ name: f.name, bytes: f.bytes }))
  const result = await withActor(actor, request, (ctx) => addCertificate(ctx, parsed.data, scans))
  if (!result.ok) return data({ values: parsed.values, fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect('/enterprise/certificates?saved=1')
}

const TONE = {
  valid: 'badge-green',
  expiring90: 'badge-amber',
  expiring30: 'badge-red',
  expired: 'badge-red',
  not_yet: 'badge-amber',
} as const

export default function Certificates() {
  const { certificates, missing, employees, canEdit, catalogue, unresolvedCertificates, unresolvedRequirements } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? {}
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  const resolve = (actionData as { resolve?: { target: string; message: string } } | undefined)?.resolve ?? null
  const resolveError = (target: string) => (resolve?.target === target ? resolve.message : undefined)
  const unresolved = unresolvedCertificates.length + unresolvedRequirements.length
  return (
    <>
      <div className="page-head">
        <div>
          <h1>证书管理</h1>
          <p>特种作业操作证有效期6年、每3年复审；到期前90天和30天提醒。</p>
        </div>
        <Link to="/enterprise/training" className="btn btn-secondary">
          返回教育培训
        </Link>
      </div>
      {params.get('saved') && !actionData ? <p className="notice">证书已登记。</p> : null}
      {params.get('resolved') && !actionData ? <p className="notice">已按证书目录归类。</p> : null}
      <CatalogueList catalogue={catalogue} />
      {canEdit && unresolved ? (
        <section className="card attention" aria-labelledby="unresolved-title">
          <h2 id="unresolved-title">待归类的证书名称（{unresolved}）</h2>
          <p className="muted">
            以下名称是启用证书目录前手工填写的，无法唯一对应目录中的证书。请逐一从目录中选择；目录中没有的，填写“其他：证书名称”。归类后，岗位要求与持证情况按目录比对。
          </p>
          {unresolvedCertificates.length ? (
            <>
              <h3>已登记的证书</h3>
              <ul className="plain">
                {unresolvedCertificates.map((c) => {
                  const target = `resolve-certificate:${c.id}:`
                  return (
                    <li key={c.id}>
                      <Form method="post" className="form" noValidate>
                        <input type="hidden" name="intent" value="resolve-certificate" />
                        <input type="hidden" name="certificateId" value={c.id} />
                        <CertificateField
                          name="value"
                          inputId={`f-value-${c.id}`}
                          label={`${c.holder} · 编号 ${c.number} · 原填写「${c.kind}」`}
                          error={resolveError(target)}
                          hint=""
                        />
                        <div className="actions">
                          <button type="submit" className="btn btn-secondary" disabled={busy}>
                            归类
                          </button>
                        </div>
                      </Form>
                    </li>
                  )
                })}
              </ul>
            </>
          ) : null}
          {unresolvedRequirements.length ? (
            <>
              <h3>岗位要求的证书</h3>
              <ul className="plain">
                {unresolvedRequirements.map((r) => {
                  const target = `resolve-requirement:${r.postId}:${r.kind}`
                  return (
                    <li key={target}>
                      <Form method="post" className="form" noValidate>
                        <input type="hidden" name="intent" value="resolve-requirement" />
                        <input type="hidden" name="postId" value={r.postId} />
                        <input type="hidden" name="legacy" value={r.kind} />
                        <CertificateField
                          name="value"
                          inputId={`f-value-${r.postId}-${encodeURIComponent(r.kind)}`}
                          label={`岗位「${r.postName}」· 原填写「${r.kind}」`}
                          error={resolveError(target)}
                          hint=""
                        />
                        <div className="actions">
                          <button type="submit" className="btn btn-secondary" disabled={busy}>
                            归类
                          </button>
                        </div>
                      </Form>
                    </li>
                  )
                })}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      <section className={`card${missing.length ? ' attention' : ''}`}>
        <h2>岗位要求而未持有有效证书（{missing.length}）</h2>
        {missing.length ? (
          <ul className="plain">
            {missing.map((m, i) => (
              <li key={i}>
                {m.name}（{m.employeeNo}）· {m.postName} 要求「{m.kind}」：<span className="badge badge-red">{m.problem}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">在岗人员均持有岗位要求的有效证书。</p>
        )}
      </section>
      <section className="card">
        <h2>证书台账</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>持证人</th>
                <th>证书</th>
                <th>编号</th>
                <th>发证机关</th>
                <th>发证日期</th>
                <th>有效期至</th>
                <th>复审</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.name}（{c.employee_no}）
                  </td>
                  <td>{c.kind}</td>
                  <td>
                    {c.number}
                    {c.scanIds.map((id) => (
                      <a key={id} href={`/evidence/${id}`} target="_blank" rel="noreferrer" className="muted">
                        {' '}
                        [扫描件]
                      </a>
                    ))}
                  </td>
                  <td>{c.authority}</td>
                  <td>{c.issued_on}</td>
                  <td>{c.expires_on}</td>
                  <td>{c.review_due_on ?? ''}</td>
                  <td>
                    <span className={`badge ${TONE[c.state]}`}>{c.stateLabel}</span>
                  </td>
                </tr>
              ))}
              {certificates.length === 0 ? (
                <tr>
                  <td colSpan={8} className="empty">
                    还没有登记证书。
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        {canEdit ? (
          <>
            <h3>登记证书</h3>
            <Form method="post" encType="multipart/form-data" className="form" noValidate key={JSON.stringify(values)}>
              <div className="form-grid">
                <Field
                  name="employeeId"
                  label="持证人"
                  defaultValue={values.employeeId}
                  error={errors.employeeId}
                  options={employees.map((e) => ({ value: e.id, label: `${e.name}（${e.employeeNo}）` }))}
                  required
                />
                <CertificateField name="kind" label="证书" defaultValue={values.kind} error={errors.kind} required />
                <Field name="number" label="证书编号" defaultValue={values.number} error={errors.number} required />
                <Field name="authority" label="发证机关" defaultValue={values.authority} error={errors.authority} required />
                <Field name="issuedOn" label="发证日期" type="date" defaultValue={values.issuedOn} error={errors.issuedOn} required />
                <Field name="expiresOn" label="有效期至" type="date" defaultValue={values.expiresOn} error={errors.expiresOn} required />
                <Field
                  name="reviewDueOn"
                  label="下次复审日期"
                  type="date"
                  defaultValue={values.reviewDueOn}
                  error={errors.reviewDueOn}
                  hint="不填时按证书目录推算（特种作业操作证：发证后3年）"
                />
                <FileField name="scan" label="证书扫描件" kind="scan" error={errors.scan} optional />
              </div>
              <FormError message={errors._form} />
              <div className="actions">
                <button type="submit" className="btn" disabled={busy}>
                  登记
                </button>
              </div>
            </Form>
          </>
        ) : null}
      </section>
    </>
  )
}
