import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS, mayManage } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { addDrillParticipants, drillParticipants, getDrill } from '../modules/drills/drills.server'
import { listEmployees } from '../modules/org/roster.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '演练记录 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.open)
  const id = uuidParam(params, 'id')
  return withActor(actor, request, async (ctx) => ({
    ...(await getDrill(ctx, id)),
    named: await drillParticipants(ctx, id),
    employees: mayManage(actor.role, 'drills')
      ? (await listEmployees(ctx, { q: '', page: 1, size: 100, sort: 'employeeNo', dir: 'asc' })).rows
      : [],
    canEdit: mayManage(actor.role, 'drills'),
  }))
}

// 参演人员: the admin names who took part, so each of them sees the drill on their phone.
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.manage)
  const id = uuidParam(params, 'id')
  const ids = (await request.formData()).getAll('employeeId').map(String)
  const result = await withActor(actor, request, (ctx) => addDrillParticipants(ctx, id, ids))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/drills/${id}`)
}

export default function DrillPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const named = new Set(d.named.map((n) => n.id))
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            {d.held_on} {d.planTitle}
          </h1>
          <p>
            {d.planKind} · {d.form}演练 · 参演 {d.participants} 人
          </p>
        </div>
        <Link to="/enterprise/drills" className="btn btn-secondary">
          返回
        </Link>
      </div>
      <section className="card">
        <h2>演练概况</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{d.summary}</p>
      </section>
      <section className="card">
        <h2>
          参演人员（已登记 {d.named.length} / {d.participants} 人）
        </h2>
        {d.named.length ? (
          <p>{d.named.map((n) => `${n.name}（${n.employeeNo}）`).join('、')}</p>
        ) : (
          <p className="muted">尚未登记参演人员名单。登记后，参演职工可在手机上看到本次演练。</p>
        )}
        {d.canEdit ? (
          <details>
            <summary>从花名册勾选参演人员</summary>
            <Form method="post" className="form" style={{ marginTop: '0.5rem' }}>
              <div className="pick-list">
                {d.employees
                  .filter((e) => !named.has(e.id))
                  .map((e) => (
                    <label key={e.id}>
                      <input type="checkbox" name="employeeId" value={e.id} /> {e.name}（{e.employeeNo}）
                    </label>
                  ))}
              </div>
              <FormError message={actionData?.message} />
              <div className="actions">
                <button type="submit" className="btn btn-secondary" disabled={busy}>
                  添加所选人员
                </button>
              </div>
            </Form>
          </details>
        ) : null}
      </section>
      <section className="card">
        <h2>佐证资料</h2>
        <ul className="plain">
          {d.files.map((f) => (
            <li key={f.id}>
              <span className="badge">{f.slotLabel}</span>{' '}
              <a href={`/evidence/${f.id}`} target="_blank" rel="noreferrer">
                {f.file_name}
              </a>{' '}
              <span className="muted">
                {(f.size / 1024).toFixed(0)} KB · {formatDateTime(f.uploaded_at)} 上传
              </span>
              {f.media_type.startsWith('image/') ? (
                <div>
                  <img src={`/evidence/${f.id}`} alt={f.file_name} style={{ maxWidth: '320px', maxHeight: '220px', marginTop: '0.4rem' }} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
