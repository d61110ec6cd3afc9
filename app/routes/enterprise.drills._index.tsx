import { formFailure, respond, invalid } from '../utils/result'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Field, FormError, useFreshFormKey, DateField } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS, mayManage } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { createPlan, drillOverview } from '../modules/drills/drills.server'
import { planSchema } from '../modules/drills/schema'
import { parseForm } from '../utils/form'
import { readForm } from '../utils/upload.server'
import { FileField } from '../components/FileField'
import { PlanTable } from '../components/PlanTable'

export const meta: MetaFunction = () => [{ title: '应急预案与演练 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.open)
  return { ...(await withActor(actor, request, (ctx) => drillOverview(ctx))), canEdit: mayManage(actor.role, 'drills') }
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.drills.manage)
  const upload = await readForm(request, { file: { kind: 'document' } })
  if (!upload.ok) return formFailure(invalid({ [upload.field]: upload.message }))
  const parsed = parseForm(planSchema, upload.form)
  if (!parsed.ok) return formFailure(parsed)
  const files = upload.files.filter((f) => f.field === 'file').map((f) => ({ name: f.name, bytes: f.bytes }))
  const result = await withActor(actor, request, (ctx) => createPlan(ctx, parsed.data, files))
  return respond(result, parsed.values, '/enterprise/drills?plan=1')
}

export default function Drills() {
  const { industry, requirements, plans, drills, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? {}
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>应急预案与演练</h1>
          <p>
            {industry.name}：
            {industry.halfYearlyDrills
              ? '属《生产安全事故应急条例》第八条所列单位，综合或专项预案演练每半年至少一次'
              : '综合或专项预案演练每年至少一次'}
            ，现场处置方案演练每半年至少一次。
          </p>
        </div>
        <div className="actions">
          <a href="/enterprise/drills/export" className="btn btn-secondary" download>
            导出演练台账（.xlsx）
          </a>
          {canEdit ? (
            <Link to="/enterprise/drills/new" className="btn">
              记录演练
            </Link>
          ) : null}
        </div>
      </div>
      {params.get('plan') && !actionData ? (
        <p className="notice" role="status">
          预案已登记。
        </p>
      ) : null}
      {params.get('drill') ? (
        <p className="notice" role="status">
          演练已记录。
        </p>
      ) : null}
      <div className="stats">
        {requirements.map((r) => (
          <div key={r.requirement} className={`stat${r.overdue ? ' stat-red' : ''}`}>
            <span>
              {r.label}（{r.period === 'year' ? '每年' : '每半年'}）
            </span>
            <b className="due">下次截止 {r.nextDue}</b>
            <span>
              {r.never ? '从未演练' : `最近一次 ${r.lastHeldOn}`}
              {r.doneThisPeriod ? ' · 本期已完成' : r.overdue ? ' · 上期未完成，已逾期' : ' · 本期尚未演练'}
            </span>
          </div>
        ))}
      </div>
      <section className="card" style={{ marginTop: '1rem' }}>
        <h2>演练记录</h2>
        {drills.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>日期</th>
                  <th>预案</th>
                  <th>形式</th>
                  <th className="num">参演人数</th>
                  <th>佐证资料</th>
                </tr>
              </thead>
              <tbody>
                {drills.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/enterprise/drills/${d.id}`}>{d.held_on}</Link>
                    </td>
                    <td>
                      {d.planTitle} <span className="muted">（{d.planKind}）</span>
                    </td>
                    <td>{d.form}</td>
                    <td className="num">{d.participants}</td>
                    <td>
                      {d.evidence.map((e) => (
                        <span key={e.label} className={`badge ${e.present ? 'badge-green' : 'badge-red'}`}>
                          {e.label}
                          {e.present ? '' : '缺'}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">还没有演练记录。</p>
        )}
      </section>
      <section className="card">
        <h2>应急预案</h2>
        {plans.length ? (
          <PlanTable
            plans={plans}
            files={(p) =>
              p.files.length ? (
                <ul className="plain files">
                  {p.files.map((f) => (
                    <li key={f.id}>
                      <a href={`/evidence/${f.id}`} target="_blank" rel="noreferrer">
                        {f.name}
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="muted">无</span>
              )
            }
          />
        ) : (
          <p className="muted">还没有登记应急预案。</p>
        )}
        {canEdit ? (
          <>
            <h3>登记预案</h3>
            <Form method="post" encType="multipart/form-data" className="form" noValidate key={freshKey(values)}>
              <FormError message={errors._form} />
              <div className="form-grid">
                <Field
                  name="kind"
                  label="类别"
                  defaultValue={values.kind}
                  error={errors.kind}
                  options={['综合预案', '专项预案', '现场处置方案'].map((k) => ({ value: k, label: k }))}
                  required
                />
                <Field name="title" label="预案名称" defaultValue={values.title} error={errors.title} required />
                <Field name="version" label="版本" defaultValue={values.version} error={errors.version} placeholder="如：2026版" required />
                <DateField name="issuedOn" label="发布日期" defaultValue={values.issuedOn} error={errors.issuedOn} required />
                <DateField
                  name="filedOn"
                  label="备案日期"
                  defaultValue={values.filedOn}
                  error={errors.filedOn}
                  hint="发布后20个工作日内备案（按国家法定节假日和调休计算）"
                />
                <DateField
                  name="reviewedOn"
                  label="最近评估日期"
                  defaultValue={values.reviewedOn}
                  error={errors.reviewedOn}
                  hint="每3年至少评估一次"
                />
                <FileField name="file" label="预案文本" kind="document" error={errors.file} optional />
              </div>
              <div className="actions">
                <button type="submit" className="btn" disabled={busy}>
                  登记
                </button>
              </div>
            </Form>
          </>
        ) : null}
      </section>
    </>
  )
}
