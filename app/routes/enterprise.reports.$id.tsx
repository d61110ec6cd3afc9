import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { formFailure, refuse, respond } from '../utils/result'
import { FormError } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { ReportView } from '../components/ReportView'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getReport, signAndPublish } from '../modules/reports/reports.server'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '状况报告 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.reports.open)
  const id = uuidParam(params, 'id')
  const report = await withActor(actor, request, (ctx) => getReport(ctx, id))
  return { report, canSign: report.canSign, me: actor.displayName }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.reports.sign)
  const id = uuidParam(params, 'id')
  if (!isConfirmed(await request.formData())) return formFailure(refuse(NOT_CONFIRMED))
  const result = await withActor(actor, request, (ctx) => signAndPublish(ctx, id))
  return respond(result, {}, `/enterprise/reports/${id}`)
}

export default function Report() {
  const { report, canSign, me } = useLoaderData<typeof loader>()
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
          <ConfirmSignature
            trigger="签字并发布"
            title="确认签字并发布状况报告"
            confirmLabel="确认签字并发布"
            signer={`${me}（主要负责人）`}
            consequence="发布后本企业的监管部门即可查阅；发布后不能撤回或修改。"
            busy={busy}
            error={actionData?.message}
          >
            <p>{`${report.enterpriseName} 安全生产状况报告，数据截至 ${report.snapshot.asOf}：`}</p>
            <ul className="plain">
              {report.snapshot.areas.map((a) => (
                <li key={a.name}>
                  <b>{a.name}</b> {a.value}
                  {a.note ? <span className="muted">（{a.note}）</span> : null}
                </li>
              ))}
            </ul>
          </ConfirmSignature>
        ) : null}
      </div>
      {canSign ? null : <FormError message={actionData?.message} />}
      <ReportView r={report} />
    </>
  )
}
