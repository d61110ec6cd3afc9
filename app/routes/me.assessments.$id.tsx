import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { AssessmentSheet } from '../components/AssessmentSheet'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getAssessment, signAssessmentSeen } from '../modules/dutylogs/dutylogs.server'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { uuidParam } from '../utils/http'
import { formFailure, refuse, respond } from '../utils/result'

export const meta: MetaFunction = () => [{ title: '我的考核结果 · 我的履责' }]

// My assessment, on the phone: read it, then sign that I have seen it (then it is frozen).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const id = uuidParam(params, 'id')
  return { a: await withActor(actor, request, (ctx) => getAssessment(ctx, id)), me: actor.displayName }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const id = uuidParam(params, 'id')
  if (!isConfirmed(await request.formData())) return formFailure(refuse(NOT_CONFIRMED))
  const result = await withActor(actor, request, (ctx) => signAssessmentSeen(ctx, id))
  return respond(result, {}, `/me/assessments/${id}?signed=1`)
}

export default function MyAssessment() {
  const { a, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <div className="me">
      <div className="page-head no-print">
        <div>
          <h1>我的考核结果</h1>
          <p>{a.periodLabel}</p>
        </div>
        <Link to="/me" className="btn btn-secondary">
          返回我的履责
        </Link>
      </div>
      {a.canSignSeen ? (
        <div className="no-print actions">
          <ConfirmSignature
            trigger="签字确认已阅"
            title="确认已阅考核结果"
            confirmLabel="确认签字"
            signer={me}
            consequence="签字表示您已看到本次考核结果，签字后考核表存档，不能修改。"
            busy={busy}
            error={actionData?.message}
          >
            <p>
              {a.periodLabel}考核结果：{a.result}（{a.totalScore} 分），考核人 {a.assessorName}。
            </p>
          </ConfirmSignature>
        </div>
      ) : (
        <FormError message={actionData?.message} />
      )}
      <AssessmentSheet a={a} />
    </div>
  )
}
