import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { assessmentOverview, saveAssessmentSettings } from '../modules/dutylogs/dutylogs.server'
import { PERIOD_LABELS } from '../modules/dutylogs/rules'
import { settingsSchema } from '../modules/dutylogs/schema'
import { parseForm } from '../utils/form'
import { formFailure, respond } from '../utils/result'

export const meta: MetaFunction = () => [{ title: '责任制考核 · 安责通' }]

const querySchema = z.object({ period: z.string().max(10).optional().catch(undefined) })

const RESULT_CLASS = { 优秀: 'badge-green', 合格: 'badge-grey', 不合格: 'badge-red' } as const

// 责任制考核 (《安全生产法》第二十二条): everyone due for the period just ended, their assessor (the next
// step up the approval chain) and their result; the admin sets the period and who assesses the 主要负责人.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.open)
  const q = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  return withActor(actor, request, (ctx) => assessmentOverview(ctx, q.period))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.manage)
  const parsed = parseForm(settingsSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed, parsed.values)
  const result = await withActor(actor, request, (ctx) => saveAssessmentSettings(ctx, parsed.data))
  return respond(result, parsed.values, '/enterprise/assessments?saved=1')
}

export default function Assessments() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const mine = d.people.filter((p) => p.mayAssess && !p.assessment)
  return (
    <>
      <div className="page-head">
        <div>
          <h1>责任制考核</h1>
          <p>
            {d.period.label}（{PERIOD_LABELS[d.settings.period]}考核）·
            由审批链上一级考核：员工由部门负责人、部门负责人由分管负责人、分管负责人由主要负责人考核
          </p>
        </div>
        <a href={`/enterprise/assessments/export?period=${d.period.key}`} className="btn btn-secondary" download>
          导出考核表（.xlsx）
        </a>
      </div>
      {mine.length ? (
        <p className="card attention">
          待您考核 {mine.length} 人：{mine.map((p) => p.name).join('、')}
        </p>
      ) : null}
      <table className="data">
        <thead>
          <tr>
            <th scope="col">姓名</th>
            <th scope="col">岗位</th>
            <th scope="col">部门</th>
            <th scope="col">考核人</th>
            <th scope="col">{d.period.label}结果</th>
            <th scope="col">本人签字</th>
          </tr>
        </thead>
        <tbody>
          {d.people.length ? (
            d.people.map((p) => (
              <tr key={`${p.employeeId}:${p.postId}`}>
                <td>{p.name}</td>
                <td>{p.postName}</td>
                <td>{p.unitName}</td>
                <td>{p.assessor}</td>
                <td>
                  {p.assessment ? (
                    <Link to={`/enterprise/assessments/${p.assessment.id}`}>
                      <span className={`badge ${RESULT_CLASS[p.assessment.result]}`}>{p.assessment.result}</span> {p.assessment.score} 分
                    </Link>
                  ) : p.mayAssess ? (
                    <Link to={`/enterprise/assessments/new/${p.employeeId}/${p.postId}?period=${d.period.key}`} className="btn btn-small">
                      考核
                    </Link>
                  ) : (
                    <span className="muted">未考核</span>
                  )}
                </td>
                <td>{p.assessment ? p.assessment.seen ? '已签字' : <span className="badge badge-amber">待签字</span> : '—'}</td>
              </tr>
            ))
          ) : (
            <tr>
              <td colSpan={6} className="muted">
                没有需要考核的人员（岗位责任清单发布后，在岗人员按期考核）
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {d.canSet ? (
        <section className="card" aria-labelledby="settings-title">
          <h2 id="settings-title">考核设置</h2>
          <Form method="post" className="form">
            <FormError message={actionData?.message} />
            <Field
              name="period"
              label="考核周期"
              required
              defaultValue={actionData?.values?.period ?? d.settings.period}
              error={actionData?.fieldErrors?.period}
              options={[
                { value: 'month', label: '每月' },
                { value: 'quarter', label: '每季度' },
                { value: 'year', label: '每年' },
              ]}
            />
            <Field
              name="principalAssessor"
              label="主要负责人的考核"
              required
              defaultValue={actionData?.values?.principalAssessor ?? d.settings.principalAssessor}
              error={actionData?.fieldErrors?.principalAssessor}
              options={[
                { value: 'board', label: '由董事会考核（安全管理员登记结果）' },
                { value: 'self', label: '由主要负责人自评' },
              ]}
            />
            <button type="submit" className="btn" disabled={busy}>
              保存设置
            </button>
          </Form>
        </section>
      ) : null}
    </>
  )
}
