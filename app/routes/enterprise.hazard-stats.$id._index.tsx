import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { FormError } from '../components/Field'
import { HazardStatsSheet } from '../components/HazardStats'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getHazardStats, signHazardStats } from '../modules/hazard-stats/stats.server'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { uuidParam } from '../utils/http'
import { formFailure, refuse, respond } from '../utils/result'

export const meta: MetaFunction = () => [{ title: '隐患排查治理统计分析表 · 安责通' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazardStats.open)
  const id = uuidParam(params, 'id')
  const table = await withActor(actor, request, (ctx) => getHazardStats(ctx, id))
  return { table, me: actor.displayName }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazardStats.sign)
  const id = uuidParam(params, 'id')
  if (!isConfirmed(await request.formData())) return formFailure(refuse(NOT_CONFIRMED))
  const result = await withActor(actor, request, (ctx) => signHazardStats(ctx, id))
  return respond(result, {}, `/enterprise/hazard-stats/${id}?signed=1`)
}

export default function HazardStatsPage() {
  const { table: t, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const s = t.snapshot
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <a href={`/enterprise/hazard-stats/${t.id}/export`} className="btn btn-secondary" download>
          下载统计分析表（.xlsx）
        </a>
        <Link to="/enterprise/hazard-stats" className="btn btn-secondary">
          返回各期统计
        </Link>
        {t.canSign ? (
          <ConfirmSignature
            trigger="主要负责人签字报送"
            title="确认签署并报送隐患排查治理统计分析表"
            confirmLabel="确认签字并报送"
            signer={`${me}（主要负责人）`}
            consequence="签字后统计分析表即报送监管部门，数字不能修改，签字不能撤回。"
            busy={busy}
            error={actionData?.message}
          >
            <p>{`${t.enterprise.name} ${t.period.label}隐患排查治理统计分析表（报送期限 ${t.period.dueOn}）：`}</p>
            <p>
              本期发现隐患 {s.total.found} 项（一般 {s.general.found}、重大 {s.major.found}），期末已整改 {s.total.rectified} 项，期末未销号{' '}
              {s.total.openAtEnd} 项，其中逾期 {s.total.overdueAtEnd} 项。
            </p>
          </ConfirmSignature>
        ) : null}
      </div>
      {t.canSign ? null : <FormError message={actionData?.message} />}
      {t.signedAt ? (
        <p className="no-print notice">已由主要负责人签字报送监管部门，监管部门可在“一企一档”中查阅。</p>
      ) : (
        <p className="no-print notice">待主要负责人签字：签字后报送监管部门。</p>
      )}
      <HazardStatsSheet doc={t} />
    </>
  )
}
