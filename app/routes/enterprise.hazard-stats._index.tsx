import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError } from '../components/Field'
import { DueBadge } from '../components/HazardStats'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { generateSchema } from '../modules/hazard-stats/schema'
import { generateHazardStats, hazardStatsOverview } from '../modules/hazard-stats/stats.server'
import { formatDateTime } from '../utils/dates'
import { parseForm } from '../utils/form'
import { formFailure, respond } from '../utils/result'
import { HAZARD_STATS_SOURCE } from '../../seeds/hazard-stats'

export const meta: MetaFunction = () => [{ title: '隐患排查治理统计分析表 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazardStats.open)
  return withActor(actor, request, (ctx) => hazardStatsOverview(ctx))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.hazardStats.manage)
  const parsed = parseForm(generateSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed, parsed.values)
  const result = await withActor(actor, request, (ctx) => generateHazardStats(ctx, parsed.data.period))
  return respond(result, parsed.values, (ok) => `/enterprise/hazard-stats/${ok.id}`)
}

export default function HazardStatsIndex() {
  const { periods, canGenerate, canSign } = useLoaderData<typeof loader>()
  const failed = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <>
      <div className="page-head">
        <div>
          <h1>隐患排查治理统计分析表</h1>
          <p>每季度、每年从隐患台账生成，由主要负责人签字后报送监管部门：季度表于下一季度15日前（第四季度与年度表一并于次年1月31日前）。</p>
        </div>
        <div className="actions">
          <Link to="/enterprise/hazards" className="btn btn-secondary">
            隐患台账
          </Link>
          <Link to="/enterprise/hazards/ledger" className="btn btn-secondary">
            打印隐患台账
          </Link>
        </div>
      </div>
      <FormError message={failed?.message ?? failed?.fieldErrors?.period} />
      <section className="card">
        <table className="data">
          <caption className="sr-only">各期统计分析表</caption>
          <thead>
            <tr>
              <th scope="col">统计期间</th>
              <th scope="col">报送期限</th>
              <th scope="col">状态</th>
              <th scope="col">签字</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.period.key}>
                <td>
                  {p.period.label}
                  <div className="muted">
                    {p.period.start} 至 {p.period.end}
                  </div>
                </td>
                <td className="day">{p.period.dueOn}</td>
                <td>
                  {p.id && !p.signedAt && p.state === 'pending' ? (
                    <span className="badge badge-amber">待签字</span>
                  ) : (
                    <DueBadge state={p.state} />
                  )}
                </td>
                <td>{p.signedAt ? `${p.signedBy} ${formatDateTime(p.signedAt)}` : '—'}</td>
                <td>
                  {p.id ? (
                    <Link to={`/enterprise/hazard-stats/${p.id}`}>{!p.signedAt && canSign ? '查看并签字' : '查看'}</Link>
                  ) : canGenerate ? (
                    <Form method="post">
                      <input type="hidden" name="period" value={p.period.key} />
                      <button type="submit" className="btn btn-small" disabled={busy}>
                        生成统计分析表
                      </button>
                    </Form>
                  ) : (
                    <span className="muted">待安全管理员生成</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">依据：{HAZARD_STATS_SOURCE}。</p>
      </section>
    </>
  )
}
