import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { ReportView } from '../components/ReportView'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getReport, signAndPublish } from '../modules/reports/reports.server'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '状况报告 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.reports.open)
  const id = uuidParam(params, 'id')
  const report = await withActor(actor, request, (ctx) => getReport(ctx, id))
  return { report, canSign: report.canSign }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.reports.sign)
  const id = uuidParam(params, 'id')
  const result = await withActor(actor, request, (ctx) => signAndPublish(ctx, id))
  if (!result.ok) return data({ message: result.message }, { status: 400 })
  return redirect(`/enterprise/reports/${id}`)
}

export default function Report() {
  const { report, canSign } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to="/enterprise/reports" className="btn btn-secondary">
          返回状况报告
        </Link>
        {canSign ? (
          <Form method="post">
            <button type="submit" className="btn" disabled={busy}>
              签字并发布
            </button>
          </Form>
        ) : null}
      </div>
      <FormError message={actionData?.message} />
      <ReportView r={report} />
    </>
  )
}
