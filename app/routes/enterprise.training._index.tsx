import { formFailure, respond } from '../utils/result'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormError, useFreshFormKey, DateField } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS, mayManage } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { sessionSchema } from '../modules/training/schema'
import { createSession, hoursList, listSessions } from '../modules/training/training.server'
import { todayInShanghai } from '../utils/dates'
import { parseForm } from '../utils/form'
import { z } from 'zod'
import { DataTable, FilterActions, FilterBar, type Column } from '../components/DataTable'
import { searchParamsObject, tableParamsSchema } from '../utils/table-params'

export const meta: MetaFunction = () => [{ title: '教育培训 · 安责通' }]

// one order: the shortfall first
const querySchema = tableParamsSchema(['shortfall'] as const, 'shortfall').extend({
  q: z.string().trim().max(60).catch(''),
  only: z.enum(['short']).optional().catch(undefined),
})

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.open)
  const url = new URL(request.url)
  const yearParam = Number(url.searchParams.get('year'))
  const query = querySchema.parse(searchParamsObject(url))
  return withActor(actor, request, async (ctx) => {
    // this year by the request's clock, unless another is asked for
    const today = todayInShanghai(ctx.now)
    const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : Number(today.slice(0, 4))
    return {
      sessions: (await listSessions(ctx)).map((s) => ({ ...s, hours: Number(s.hours) })),
      query,
      hours: await hoursList(ctx, year, { ...query, short: query.only === 'short' }),
      canEdit: mayManage(actor.role, 'training'),
      today,
    }
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.manage)
  const parsed = parseForm(sessionSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed)
  const result = await withActor(actor, request, (ctx) => createSession(ctx, parsed.data, []))
  return respond(result, parsed.values, (ok) => `/enterprise/training/${ok.sessionId}?created=1`)
}

type HoursRow = ReturnType<typeof useLoaderData<typeof loader>>['hours']['page']['rows'][number]

const hourColumns: Column<HoursRow>[] = [
  {
    id: 'name',
    header: '姓名',
    cell: (r) => (
      <Link to={`/enterprise/training/card/${r.employeeId}`}>
        {r.name}（{r.employeeNo}）
      </Link>
    ),
  },
  { id: 'post', header: '部门·岗位', cell: (r) => `${r.unitName} · ${r.posts}` },
  { id: 'basis', header: '要求', cell: (r) => <span className="muted">{r.basis}</span> },
  { id: 'required', header: '应修', numeric: true, cell: (r) => r.required },
  { id: 'achieved', header: '已修', numeric: true, cell: (r) => r.achieved },
  {
    id: 'shortfall',
    header: '差额',
    numeric: true,
    cell: (r) => (r.shortfall ? <span className="badge badge-red">{r.shortfall}</span> : <span className="badge badge-green">达标</span>),
  },
  {
    id: 'levels',
    header: '三级教育',
    cell: (r) => (r.missingLevels.length ? <span className="badge badge-red">缺 {r.missingLevels.join('、')}</span> : ''),
  },
]

export default function Training() {
  const { sessions, hours, query, canEdit, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? { status: 'held', heldOn: today }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>教育培训</h1>
          <p>
            {hours.industry.name}
            {hours.industry.highRisk ? '（高危行业：学时要求较高）' : ''}。{hours.year} 年有 {hours.short} 人学时不足或缺少三级教育。
          </p>
        </div>
        <div className="actions">
          <a href="/enterprise/training/export" className="btn btn-secondary" download>
            导出培训与证书台账（.xlsx）
          </a>
          <Link to="/enterprise/certificates" className="btn btn-secondary">
            证书管理
          </Link>
        </div>
      </div>
      <section className="card">
        <h2>按部门汇总（{hours.year} 年）</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>部门</th>
                <th className="num">人数</th>
                <th className="num">未达标</th>
                <th className="num">应修学时</th>
                <th className="num">已修学时</th>
              </tr>
            </thead>
            <tbody>
              {hours.byUnit.map((u) => (
                <tr key={u.unit}>
                  <td>{u.unit}</td>
                  <td className="num">{u.people}</td>
                  <td className="num">{u.short ? <span className="badge badge-red">{u.short}</span> : 0}</td>
                  <td className="num">{u.required}</td>
                  <td className="num">{u.achieved}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <div className="section-head">
          <h2>{hours.year} 年学时（不足的在前）</h2>
          <span className="actions">
            <Link to={`?year=${hours.year - 1}`}>上一年</Link>
            {params.get('year') ? <Link to="?">今年</Link> : null}
          </span>
        </div>
        <FilterBar>
          {params.get('year') ? <input type="hidden" name="year" value={hours.year} /> : null}
          <div className="field">
            <label htmlFor="q">姓名、工号或岗位</label>
            <input id="q" name="q" defaultValue={query.q} />
          </div>
          <div className="field">
            <label htmlFor="only">达标情况</label>
            <select id="only" name="only" defaultValue={query.only ?? ''}>
              <option value="">全部（{hours.people} 人）</option>
              <option value="short">学时不足或缺三级教育（{hours.short} 人）</option>
            </select>
          </div>
          <FilterActions query={query} keep={params.get('year') ? { year: String(hours.year) } : {}} />
        </FilterBar>
        <DataTable
          columns={hourColumns}
          rows={hours.page.rows}
          total={hours.page.total}
          page={hours.page.page}
          size={hours.page.size}
          rowKey={(r) => r.employeeId}
          empty={hours.people ? '没有符合条件的人员' : '还没有在岗人员'}
        />
      </section>
      <section className="card">
        <h2>培训记录与计划</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>日期</th>
                <th>主题</th>
                <th>类别</th>
                <th className="num">学时</th>
                <th>授课人</th>
                <th className="num">参训人数</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>
                    {s.held_on} {s.status === 'planned' ? <span className="badge badge-amber">计划</span> : null}
                  </td>
                  <td>
                    <Link to={`/enterprise/training/${s.id}`}>{s.topic}</Link>
                  </td>
                  <td>
                    {s.kind}
                    {s.level ? `（${s.level}）` : ''}
                  </td>
                  <td className="num">{s.hours}</td>
                  <td>{s.trainer}</td>
                  <td className="num">{s.attendees}</td>
                </tr>
              ))}
              {sessions.length === 0 ? (
                <tr>
                  <td colSpan={6} className="empty">
                    还没有培训记录。
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        {canEdit ? (
          <>
            <h3>登记培训</h3>
            <Form method="post" className="form" noValidate key={freshKey(values)}>
              <FormError message={errors._form} />
              <div className="form-grid">
                <Field name="topic" label="培训主题" defaultValue={values.topic} error={errors.topic} required />
                <Field
                  name="kind"
                  label="类别"
                  defaultValue={values.kind}
                  error={errors.kind}
                  options={['岗前三级教育', '年度再培训', '转岗复岗', '特种作业', '负责人及安全管理人员'].map((k) => ({
                    value: k,
                    label: k,
                  }))}
                  required
                />
                <Field
                  name="level"
                  label="级别（三级教育、转岗复岗）"
                  defaultValue={values.level}
                  error={errors.level}
                  options={['厂级', '车间级', '班组级'].map((k) => ({ value: k, label: k }))}
                />
                <Field
                  name="status"
                  label="状态"
                  defaultValue={values.status}
                  error={errors.status}
                  options={[
                    { value: 'held', label: '已举办' },
                    { value: 'planned', label: '计划' },
                  ]}
                  required
                />
                <DateField name="heldOn" label="日期" defaultValue={values.heldOn} error={errors.heldOn} required />
                <Field
                  name="hours"
                  label="学时"
                  type="number"
                  inputMode="numeric"
                  defaultValue={values.hours}
                  error={errors.hours}
                  required
                />
                <Field name="trainer" label="授课人" defaultValue={values.trainer} error={errors.trainer} required />
                <Field name="place" label="地点" defaultValue={values.place} error={errors.place} required />
                <Field
                  name="assessment"
                  label="考核方式"
                  defaultValue={values.assessment}
                  error={errors.assessment}
                  placeholder="如：闭卷考试"
                />
              </div>
              <div className="actions">
                <button type="submit" className="btn" disabled={busy}>
                  保存，下一步登记参训人员
                </button>
              </div>
            </Form>
          </>
        ) : null}
      </section>
    </>
  )
}
