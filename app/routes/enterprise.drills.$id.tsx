import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getDrill } from '../modules/drills/drills.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '演练记录 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.open)
  const id = uuidParam(params, 'id')
  return withActor(actor, request, (ctx) => getDrill(ctx, id))
}

export default function DrillPage() {
  const d = useLoaderData<typeof loader>()
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
