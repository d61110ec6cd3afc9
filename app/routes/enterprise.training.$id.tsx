import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { FormError } from '../components/Field'
import { ImportUpload } from '../components/ImportProblems'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import {
  addAttendees,
  markHeld,
  attachSessionEvidence,
  getSession,
  previewAttendanceImport,
  sessionEvidence,
} from '../modules/training/training.server'
import { SESSION_EVIDENCE_SLOTS } from '../modules/training/schema'
import { listEmployees } from '../modules/org/roster.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'
import { readForm } from '../utils/upload.server'
import { FileField } from '../components/FileField'

export const meta: MetaFunction = () => [{ title: '培训记录 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.open)
  const id = uuidParam(params, 'id')
  return withActor(actor, request, async (ctx) => ({
    session: await getSession(ctx, id),
    evidence: await sessionEvidence(ctx, id),
    employees:
      actor.role === 'enterprise_admin'
        ? (await listEmployees(ctx, { q: '', page: 1, size: 100, sort: 'employeeNo', dir: 'asc' })).rows
        : [],
    canEdit: actor.role === 'enterprise_admin',
  }))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.manage)
  const id = uuidParam(params, 'id')
  const upload = await readForm(request, { file: { kind: 'import' }, files: { kind: 'evidence', multiple: true } })
  if (!upload.ok) return data({ intent: upload.field === 'files' ? 'evidence' : 'import', message: upload.message }, { status: 400 })
  const intent = upload.form.get('intent')
  if (intent === 'held') {
    const result = await withActor(actor, request, (ctx) => markHeld(ctx, id, String(upload.form.get('heldOn') ?? '')))
    if (!result.ok)
      return data(
        { message: result.message, heldOnError: result.message, heldOnValue: String(upload.form.get('heldOn') ?? '') },
        { status: 400 },
      )
    return redirect(`/enterprise/training/${id}`)
  }
  if (intent === 'attendees') {
    const ids = upload.form.getAll('employeeId').map(String)
    const result = await withActor(actor, request, (ctx) => addAttendees(ctx, id, ids))
    if (!result.ok) return data({ message: result.message }, { status: 400 })
    return redirect(`/enterprise/training/${id}`)
  }
  if (intent === 'evidence') {
    const slot = String(upload.form.get('slot') ?? '')
    if (!SESSION_EVIDENCE_SLOTS.some((s) => s.slot === slot))
      return data({ intent: 'evidence', message: '请选择资料类别' }, { status: 400 })
    const files = upload.files.filter((f) => f.field === 'files').map((f) => ({ slot, name: f.name, bytes: f.bytes }))
    const result = await withActor(actor, request, (ctx) => attachSessionEvidence(ctx, id, files))
    if (!result.ok) return data({ intent: 'evidence', message: result.message }, { status: 400 })
    return redirect(`/enterprise/training/${id}`)
  }
  const sheet = upload.files.find((f) => f.field === 'file')
  if (!sheet) return data({ message: '请选择要导入的文件' }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => previewAttendanceImport(ctx, id, sheet))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/training/import/${result.batchId}`)
}

export default function SessionPage() {
  const { session: s, canEdit, evidence, employees } = useLoaderData<typeof loader>()
  const attending = new Set(s.attendees.map((a) => a.id))
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{s.topic}</h1>
          <p>
            {s.held_on} · {s.kind}
            {s.level ? `（${s.level}）` : ''} · {s.hours} 学时 · {s.trainer} · {s.place}
            {s.status === 'planned' ? ' · 计划' : ''}
          </p>
        </div>
        <Link to="/enterprise/training" className="btn btn-secondary">
          返回教育培训
        </Link>
      </div>
      {params.get('created') ? (
        <p className="notice" role="status">
          培训已登记。请导入签到表登记参训人员。
        </p>
      ) : null}
      {canEdit && s.status === 'planned' ? (
        <section className="card attention">
          <h2>计划中的培训</h2>
          <Form method="post" encType="multipart/form-data" className="actions">
            <input type="hidden" name="intent" value="held" />
            <label>
              实际举办日期{' '}
              <input
                type="date"
                name="heldOn"
                defaultValue={actionData && 'heldOnValue' in actionData ? String(actionData.heldOnValue) : s.held_on}
                required
                aria-invalid={actionData && 'heldOnError' in actionData ? true : undefined}
                aria-describedby={actionData && 'heldOnError' in actionData ? 'heldOn-error' : undefined}
              />
            </label>
            {actionData && 'heldOnError' in actionData ? (
              <span id="heldOn-error" className="field-error" role="alert">
                {String(actionData.heldOnError)}
              </span>
            ) : null}
            <button type="submit" className="btn" disabled={busy}>
              标记为已举办
            </button>
          </Form>
          {actionData && 'heldOnError' in actionData ? null : <FormError message={actionData?.message} />}
        </section>
      ) : null}
      {canEdit && s.status === 'held' ? (
        <section className="card">
          <h2>导入签到表</h2>
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="import" />
            <ImportUpload label="选择签到表文件" template="/enterprise/training/template" busy={busy} />
          </Form>
          <FormError message={actionData && 'intent' in actionData && actionData.intent === 'evidence' ? undefined : actionData?.message} />
          <details style={{ marginTop: '0.75rem' }}>
            <summary>或从花名册勾选参训人员</summary>
            <Form method="post" encType="multipart/form-data" className="form" style={{ marginTop: '0.5rem' }}>
              <input type="hidden" name="intent" value="attendees" />
              <div className="pick-list">
                {employees
                  .filter((e) => !attending.has(e.id))
                  .map((e) => (
                    <label key={e.id}>
                      <input type="checkbox" name="employeeId" value={e.id} /> {e.name}（{e.employeeNo}）
                    </label>
                  ))}
              </div>
              <div className="actions">
                <button type="submit" className="btn btn-secondary" disabled={busy}>
                  添加所选人员
                </button>
              </div>
            </Form>
          </details>
        </section>
      ) : null}
      <section className="card">
        <h2>佐证资料</h2>
        {evidence.length ? (
          <ul className="plain">
            {evidence.map((f) => (
              <li key={f.id}>
                <span className="badge">{f.slotLabel}</span>{' '}
                <a href={`/evidence/${f.id}`} target="_blank" rel="noreferrer">
                  {f.file_name}
                </a>{' '}
                <span className="muted">{formatDateTime(f.uploaded_at)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">尚未上传签到表扫描件、照片或试卷。</p>
        )}
        {canEdit ? (
          <Form method="post" encType="multipart/form-data" className="actions" style={{ marginTop: '0.75rem' }}>
            <input type="hidden" name="intent" value="evidence" />
            <select name="slot" aria-label="资料类别" defaultValue="signin">
              {SESSION_EVIDENCE_SLOTS.map((s) => (
                <option key={s.slot} value={s.slot}>
                  {s.label}
                </option>
              ))}
            </select>
            <FileField
              name="files"
              label="资料文件"
              kind="evidence"
              multiple
              error={actionData && 'intent' in actionData && actionData.intent === 'evidence' ? actionData.message : undefined}
            />
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              上传
            </button>
          </Form>
        ) : null}
      </section>
      <section className="card">
        <h2>参训人员（{s.attendees.length}）</h2>
        {s.attendees.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>工号</th>
                  <th>姓名</th>
                  <th>考核结果</th>
                  <th className="num">计入学时</th>
                </tr>
              </thead>
              <tbody>
                {s.attendees.map((a) => (
                  <tr key={a.id}>
                    <td>{a.employee_no}</td>
                    <td>{a.name}</td>
                    <td>{a.result ?? '—'}</td>
                    <td className="num">{a.result === '不合格' ? 0 : s.hours}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">尚未登记参训人员。</p>
        )}
      </section>
    </>
  )
}
