import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { AssessmentSheet } from '../components/AssessmentSheet'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getAssessment } from '../modules/dutylogs/dutylogs.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.person.name ?? ''}考核表 · 安责通` }]

// The 考核表 as recorded, printable on A4: the person, the admin and their superiors only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.open)
  const id = uuidParam(params, 'id')
  return withActor(actor, request, (ctx) => getAssessment(ctx, id))
}

export default function AssessmentPage() {
  const a = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to="/enterprise/assessments" className="btn btn-secondary">
          返回
        </Link>
      </div>
      <AssessmentSheet a={a} />
    </>
  )
}
