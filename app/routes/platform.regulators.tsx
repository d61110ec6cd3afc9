import { formFailure, invalid } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormError, useFreshFormKey } from '../components/Field'
import { withActor } from '../db.server'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { appointLeader, appointments } from '../modules/leaderledger/leaderledger.server'
import { POSITION_LABELS } from '../modules/leaderledger/rules'
import { appointSchema } from '../modules/leaderledger/schema'
import { createRegulatorAccount, listRegulatorAccounts } from '../modules/platform/platform.server'
import { createRegulatorSchema } from '../modules/platform/schema'
import { listDepartments } from '../modules/reference/reference.server'
import { formatDate } from '../utils/dates'
import { parseForm } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '监管账号 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformRegulators')
  return withActor(actor, request, async (ctx) => ({
    departments: await listDepartments(ctx.db),
    accounts: await listRegulatorAccounts(ctx),
    ledger: await appointments(ctx),
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformRegulators')
  const form = await request.formData()
  if (form.get('intent') === 'appoint') {
    const parsed = parseForm(appointSchema, form)
    const fail = (r: Parameters<typeof formFailure>[0], values: Record<string, string>) => formFailure(r, { ...values, intent: 'appoint' })
    if (!parsed.ok) return fail(invalid(parsed.fieldErrors), parsed.values)
    const result = await withActor(actor, request, (ctx) => appointLeader(ctx, parsed.data))
    if (!result.ok) return fail(result, parsed.values)
    return redirect('/platform/regulators?appointed=1')
  }
  form.delete('intent')
  const parsed = parseForm(createRegulatorSchema, form)
  const keep = (values: Record<string, string>) => ({ ...values, password: '', intent: 'create' })
  if (!parsed.ok) return formFailure(invalid(parsed.fieldErrors), keep(parsed.values))
  const result = await withActor(actor, request, (ctx) => createRegulatorAccount(ctx, parsed.data))
  if (!result.ok) return formFailure({ ...result, values: keep(parsed.values) })
  return redirect('/platform/regulators?created=1')
}

const ROLE_LABELS: Record<string, string> = { regulator: '监管人员', safety_office: '安委办' }

export default function PlatformRegulators() {
  const { departments, accounts, ledger } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const forAppoint = actionData?.values?.intent === 'appoint'
  const values: Record<string, string> = !forAppoint ? (actionData?.values ?? {}) : {}
  const errors: Record<string, string> = !forAppoint ? (actionData?.fieldErrors ?? {}) : {}
  const aValues: Record<string, string> = forAppoint ? (actionData?.values ?? {}) : {}
  const aErrors: Record<string, string> = forAppoint ? (actionData?.fieldErrors ?? {}) : {}
  const accountOptions = ledger.accounts.map((a) => ({ value: a.id, label: `${a.name}（${a.regionName}${a.departmentName}）` }))
  return (
    <>
      <div className="page-head">
        <div>
          <h1>监管账号</h1>
          <p>为负有安全生产监督管理职责的部门开通账号，为各级安委会办公室开通安委办账号；任命需建立一岗双责台账的领导及其记录人员。</p>
        </div>
      </div>
      {params.get('created') && !actionData ? (
        <p className="notice" role="status">
          账号已创建。
        </p>
      ) : null}
      {params.get('appointed') && !actionData ? (
        <p className="notice" role="status">
          任命已保存，已记入审计日志。
        </p>
      ) : null}
      <section className="card">
        <h2>新建账号</h2>
        <Form method="post" className="form" noValidate key={freshKey(values)}>
          <FormError message={errors._form} />
          <input type="hidden" name="intent" value="create" />
          <div className="form-grid">
            <Field
              name="accountKind"
              label="账号类型"
              defaultValue={values.accountKind ?? 'regulator'}
              error={errors.accountKind}
              options={[
                { value: 'regulator', label: '监管人员（部门账号）' },
                { value: 'safety_office', label: '安委办（本级安委会办公室）' },
              ]}
              required
            />
            <Field
              name="departmentId"
              label="所属部门"
              defaultValue={values.departmentId}
              error={errors.departmentId}
              options={departments.map((d) => ({ value: d.id, label: `${d.name}（${d.regionName}）` }))}
              required
            />
            <Field name="displayName" label="姓名" defaultValue={values.displayName} error={errors.displayName} required />
            <Field name="username" label="用户名" defaultValue={values.username} error={errors.username} required />
            <Field name="phone" label="手机号" defaultValue={values.phone} error={errors.phone} inputMode="tel" required />
            <Field
              name="password"
              label="初始密码"
              type="password"
              autoComplete="new-password"
              error={errors.password}
              hint="至少10位，含字母和数字"
              required
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在创建…' : '创建账号'}
            </button>
          </div>
        </Form>
      </section>
      <section className="card">
        <h2>一岗双责台账：任命领导和记录人员</h2>
        <p className="muted">
          部门主要领导及班子成员每月记录履职情况，由指定的记录人员整理（一人一本，一名记录人员可负责多本），领导本人签字后报送同级安委办。再次任命同一领导即修改其职务、分管领域或记录人员。
        </p>
        <Form method="post" className="form" noValidate key={freshKey(aValues)}>
          <FormError message={aErrors._form} />
          <input type="hidden" name="intent" value="appoint" />
          <div className="form-grid">
            <Field name="userId" label="领导账号" defaultValue={aValues.userId} error={aErrors.userId} options={accountOptions} required />
            <Field
              name="position"
              label="领导类别"
              defaultValue={aValues.position}
              error={aErrors.position}
              options={Object.entries(POSITION_LABELS).map(([value, label]) => ({ value, label }))}
              required
            />
            <Field name="title" label="领导职务" defaultValue={aValues.title} error={aErrors.title} hint="如：副局长" required />
            <Field
              name="chargeAreas"
              label="分管行业领域（部门）"
              defaultValue={aValues.chargeAreas}
              error={aErrors.chargeAreas}
              hint="班子成员填写，多个用顿号分隔；主要领导不填"
            />
            <Field
              name="recorderUserId"
              label="记录人员"
              defaultValue={aValues.recorderUserId}
              error={aErrors.recorderUserId}
              options={accountOptions}
              hint="本部门人员，不能是领导本人"
              required
            />
          </div>
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              保存任命
            </button>
          </div>
        </Form>
        <div className="table-wrap">
          <table className="data">
            <caption>已任命的领导</caption>
            <thead>
              <tr>
                <th scope="col">部门</th>
                <th scope="col">领导</th>
                <th scope="col">类别</th>
                <th scope="col">职务</th>
                <th scope="col">分管行业领域</th>
                <th scope="col">记录人员</th>
              </tr>
            </thead>
            <tbody>
              {ledger.books.map((b) => (
                <tr key={b.leaderId}>
                  <td>{b.departmentName}</td>
                  <td>{b.leaderName}</td>
                  <td>{POSITION_LABELS[b.position]}</td>
                  <td>{b.title}</td>
                  <td>{b.chargeAreas.join('、') || '—'}</td>
                  <td>{b.recorderName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {ledger.books.length === 0 ? <p className="muted">尚未任命。</p> : null}
      </section>
      <section className="card">
        <h2>已开通的账号</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>姓名</th>
                <th>用户名</th>
                <th>手机号</th>
                <th>类型</th>
                <th>所属部门</th>
                <th>开通日期</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <td>{a.displayName}</td>
                  <td>{a.username}</td>
                  <td>{a.phone}</td>
                  <td>{ROLE_LABELS[a.role] ?? a.role}</td>
                  <td>{a.departmentName}</td>
                  <td>{formatDate(a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  )
}
