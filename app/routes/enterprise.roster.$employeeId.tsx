import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { EmployeeFields } from '../components/EmployeeFields'
import { Field, FormError } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { assignPost, endAssignment, getEmployee, listPostOptions, updateEmployee } from '../modules/org/org.server'
import { acknowledgementsOf } from '../modules/acknowledgements/acknowledgements.server'
import { TIER_LABELS } from '../modules/org/rules'
import { assignmentSchema, employeeSchema, endAssignmentSchema } from '../modules/org/schema'
import { formatDateTime, todayInShanghai } from '../utils/dates'
import { formValues, parseForm } from '../utils/form'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.employee.name ?? '人员'} · 花名册 · 安责通` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const employeeId = uuidParam(params, 'employeeId')
  return withActor(actor, request, async (ctx) => {
    const employee = await getEmployee(ctx, employeeId)
    // the full ID number never leaves the server: the form shows it masked, a new one replaces it
    const { idCard: _full, ...masked } = employee
    const confirmations = (await acknowledgementsOf(ctx, employeeId)).map((k) => ({
      ...k,
      confirmed_at: new Date(k.confirmed_at).toISOString(),
    }))
    return { employee: masked, posts: await listPostOptions(ctx), today: todayInShanghai(), confirmations }
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.roster.open)
  const employeeId = uuidParam(params, 'employeeId')
  const form = await request.formData()
  const intent = form.get('intent')
  const fail = (fieldErrors: Record<string, string>) =>
    data({ intent: String(intent), values: formValues(form), fieldErrors }, { status: 400 })
  if (intent === 'assign' || intent === 'end') {
    const parsed = parseForm(intent === 'assign' ? assignmentSchema : endAssignmentSchema, form)
    if (!parsed.ok) return fail(parsed.fieldErrors)
    const result = await withActor(actor, request, (ctx) =>
      parsed.data.intent === 'assign'
        ? assignPost(ctx, employeeId, parsed.data.postId, parsed.data.startOn)
        : endAssignment(ctx, employeeId, parsed.data.assignmentId, parsed.data.endOn),
    )
    if (!result.ok) return fail(result.fieldErrors)
    return redirect(`/enterprise/roster/${employeeId}?saved=1`)
  }
  form.delete('intent')
  const parsed = parseForm(employeeSchema, form)
  if (!parsed.ok) return data({ intent: 'update', values: parsed.values, fieldErrors: parsed.fieldErrors }, { status: 400 })
  const result = await withActor(actor, request, (ctx) => updateEmployee(ctx, employeeId, parsed.data))
  if (!result.ok) return data({ intent: 'update', values: parsed.values, fieldErrors: result.fieldErrors }, { status: 400 })
  return redirect(`/enterprise/roster/${employeeId}?saved=1`)
}

export default function EmployeePage() {
  const { employee, posts, today, confirmations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const errorsFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.fieldErrors : {})
  const valuesFor = (intent: string) => (actionData?.intent === intent ? actionData.values : null)
  const current = employee.assignments.filter((a) => !a.end_on || a.end_on >= today)
  const past = employee.assignments.filter((a) => a.end_on && a.end_on < today)
  const updateValues = valuesFor('update') ?? {
    name: employee.name,
    employeeNo: employee.employeeNo,
    phone: employee.phone,
    employmentType: employee.employmentType,
    hiredOn: employee.hiredOn,
    idCard: '',
  }
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{employee.name}</h1>
          <p>
            工号 {employee.employeeNo} · {employee.employmentType} · {employee.hiredOn} 入职
          </p>
        </div>
        <div className="actions">
          <Link to={`/enterprise/roster/${employee.id}/password`} className="btn btn-secondary">
            重置密码
          </Link>
          <Link to="/enterprise/roster" className="btn btn-secondary">
            返回花名册
          </Link>
        </div>
      </div>
      {(params.get('saved') || params.get('created')) && !actionData ? (
        <p className="notice" role="status">
          {params.get('created') ? '已新增，请为其安排岗位。' : '已保存。'}
        </p>
      ) : null}
      <section className="card">
        <h2>岗位</h2>
        {current.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>部门·岗位</th>
                  <th>责任层级</th>
                  <th>任职日期</th>
                  <th>离岗</th>
                </tr>
              </thead>
              <tbody>
                {current.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/enterprise/posts/${a.postId}`}>
                        {a.unitName} · {a.postName}
                      </Link>
                    </td>
                    <td>
                      第{a.tier}级 {TIER_LABELS[a.tier]}
                    </td>
                    <td>
                      {a.start_on}
                      {a.end_on ? ` 至 ${a.end_on}` : ''}
                    </td>
                    <td>
                      {a.end_on ? null : (
                        <Form method="post" className="actions">
                          <input type="hidden" name="intent" value="end" />
                          <input type="hidden" name="assignmentId" value={a.id} />
                          <input type="date" name="endOn" defaultValue={today} aria-label="离岗日期" required />
                          <button type="submit" className="btn btn-danger btn-small" disabled={busy}>
                            结束任职
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">目前没有在岗的岗位。</p>
        )}
        <FormError message={errorsFor('end').endOn} />
        <h3>安排岗位</h3>
        <Form method="post" className="form" noValidate key={JSON.stringify(valuesFor('assign'))}>
          <input type="hidden" name="intent" value="assign" />
          <div className="form-grid">
            <Field
              name="postId"
              label="岗位"
              defaultValue={valuesFor('assign')?.postId}
              error={errorsFor('assign').postId}
              options={posts.map((p) => ({ value: p.id, label: p.label }))}
              required
            />
            <Field
              name="startOn"
              label="任职日期"
              type="date"
              defaultValue={valuesFor('assign')?.startOn ?? today}
              error={errorsFor('assign').startOn}
              required
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              安排
            </button>
          </div>
        </Form>
        {past.length ? (
          <>
            <h3>任职记录</h3>
            <ul className="plain">
              {past.map((a) => (
                <li key={a.id} className="muted">
                  {a.unitName} · {a.postName}：{a.start_on} 至 {a.end_on}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="card">
        <h2>签字确认记录</h2>
        {confirmations.length ? (
          <ul className="plain">
            {confirmations.map((k) => (
              <li key={k.id}>
                {formatDateTime(k.confirmed_at)} 确认「{k.postName}」清单 v{k.version} ·{' '}
                <Link to={`/acknowledgements/${k.id}`}>确认书</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">暂无签字确认记录。</p>
        )}
      </section>
      <section className="card">
        <h2>基本信息</h2>
        <Form method="post" className="form" noValidate key={JSON.stringify(updateValues)}>
          <input type="hidden" name="intent" value="update" />
          <EmployeeFields
            values={updateValues}
            errors={errorsFor('update')}
            idCardHint={employee.idCardMasked ? `已登记：${employee.idCardMasked}；留空则不修改` : undefined}
          />
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              保存
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
