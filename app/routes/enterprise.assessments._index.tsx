import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { DataTable, FilterActions, FilterBar, UnitFilter, type Column } from '../components/DataTable'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { assessmentList, saveAssessmentSettings } from '../modules/dutylogs/dutylogs.server'
import { listOrgUnits } from '../modules/org/org.server'
import { idFilter, searchParamsObject, tableParamsSchema } from '../utils/table-params'
import { PERIOD_LABELS } from '../modules/dutylogs/rules'
import { ASSESSMENT_FILTERS, settingsSchema } from '../modules/dutylogs/schema'
import { parseForm } from '../utils/form'
import { formFailure, respond } from '../utils/result'

export const meta: MetaFunction = () => [{ title: '责任制考核 · 安责通' }]

// one order (tier, unit, 工号): the list is the assessors' work queue, narrowed by the filters
const querySchema = tableParamsSchema(['unit'] as const, 'unit').extend({
  period: z.string().max(10).optional().catch(undefined),
  q: z.string().trim().max(60).catch(''),
  unit: idFilter,
  state: z.enum(ASSESSMENT_FILTERS).optional().catch(undefined),
})

const FILTER_LABELS = { mine: '待我考核', todo: '未考核', done: '已考核', failed: '不合格', unseen: '待本人签字' } as const

const RESULT_CLASS = { 优秀: 'badge-green', 合格: 'badge-grey', 不合格: 'badge-red' } as const

// 责任制考核 (《安全生产法》第二十二条): everyone due for the period just ended, their assessor (the next
// step up the approval chain) and their result; the admin sets the period and who assesses the 主要负责人.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.open)
  const query = querySchema.parse(searchParamsObject(new URL(request.url)))
  return withActor(actor, request, async (ctx) => ({
    query,
    ...(await assessmentList(ctx, { ...query, unit: query.unit || undefined })),
    units: await listOrgUnits(ctx),
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.manage)
  const parsed = parseForm(settingsSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed, parsed.values)
  const result = await withActor(actor, request, (ctx) => saveAssessmentSettings(ctx, parsed.data))
  return respond(result, parsed.values, '/enterprise/assessments?saved=1')
}

type Person = ReturnType<typeof useLoaderData<typeof loader>>['page']['rows'][number]

export default function Assessments() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const columns: Column<Person>[] = [
    { id: 'name', header: '姓名', cell: (p) => p.name },
    { id: 'post', header: '岗位', cell: (p) => p.postName },
    { id: 'unit', header: '部门', cell: (p) => p.unitName },
    { id: 'assessor', header: '考核人', cell: (p) => p.assessor },
    {
      id: 'result',
      header: `${d.period.label}结果`,
      cell: (p) =>
        p.assessment ? (
          <Link to={`/enterprise/assessments/${p.assessment.id}`}>
            <span className={`badge ${RESULT_CLASS[p.assessment.result]}`}>{p.assessment.result}</span> {p.assessment.score} 分
          </Link>
        ) : p.mayAssess ? (
          <Link to={`/enterprise/assessments/new/${p.employeeId}/${p.postId}?period=${d.period.key}`} className="btn btn-small">
            考核
          </Link>
        ) : (
          <span className="muted">未考核</span>
        ),
    },
    {
      id: 'seen',
      header: '本人签字',
      cell: (p) => (p.assessment ? p.assessment.seen ? '已签字' : <span className="badge badge-amber">待签字</span> : '—'),
    },
  ]
  return (
    <>
      <div className="page-head">
        <div>
          <h1>责任制考核</h1>
          <p>
            {d.period.label}（{PERIOD_LABELS[d.settings.period]}考核）·
            由审批链上一级考核：员工由部门负责人、部门负责人由分管负责人、分管负责人由主要负责人考核 · 已考核 {d.counts.assessed} /{' '}
            {d.counts.due} 人次
          </p>
        </div>
        <a href={`/enterprise/assessments/export?period=${d.period.key}`} className="btn btn-secondary" download>
          导出考核表（.xlsx）
        </a>
      </div>
      {d.mine.count ? (
        <p className="card attention">
          待您考核 {d.mine.count} 人：{d.mine.names.join('、')}
          {d.mine.count > d.mine.names.length ? ' 等' : ''}
          {d.query.state !== 'mine' ? (
            <>
              {' '}
              <Link to={`?period=${d.period.key}&state=mine`}>只看待我考核</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <FilterBar>
        <input type="hidden" name="period" value={d.period.key} />
        <div className="field">
          <label htmlFor="q">姓名、工号或岗位</label>
          <input id="q" name="q" defaultValue={d.query.q} />
        </div>
        <UnitFilter units={d.units} value={d.query.unit} />
        <div className="field">
          <label htmlFor="state">考核情况</label>
          <select id="state" name="state" defaultValue={d.query.state ?? ''}>
            <option value="">全部</option>
            {ASSESSMENT_FILTERS.map((f) => (
              <option key={f} value={f}>
                {FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <FilterActions query={d.query} keep={d.query.period ? { period: d.period.key } : {}} />
      </FilterBar>
      <DataTable
        columns={columns}
        rows={d.page.rows}
        total={d.page.total}
        page={d.page.page}
        size={d.page.size}
        rowKey={(p) => `${p.employeeId}:${p.postId}`}
        empty={d.counts.due ? '没有符合条件的人员' : '没有需要考核的人员（岗位责任清单发布后，在岗人员按期考核）'}
      />
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
