import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { Field, FormError, TextArea } from '../components/Field'
import { FilePicker } from '../components/FileField'
import { RiskLevelBadge } from '../components/Hazards'
import { ImportUpload } from '../components/ImportProblems'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { acceptOf, pickerAction, uploadHint } from '../modules/evidence/uploads'
import { previewRegisterImport } from '../modules/hazards/register-import.server'
import { addRisk, addRiskPoint, attachRiskPlan, riskRegister, type RiskView } from '../modules/hazards/risks.server'
import { riskListSchema } from '../modules/hazards/schema'
import { searchParamsObject } from '../utils/table-params'
import { ChoiceFilter, DataTable, FilterActions, FilterBar, type Column } from '../components/DataTable'
import {
  CONTROL_LEVELS,
  CONTROL_MEASURE_KINDS,
  LEC_BANDS,
  LEC_FACTORS,
  LS_BANDS,
  RISK_LEVELS,
  RISK_POINT_KINDS,
} from '../../seeds/dual-prevention'
import { formValues } from '../utils/form'
import { isUuid } from '../utils/ids'
import { readForm } from '../utils/upload.server'
import riskStyles from '../styles/risks.css'

// 风险分级管控清单: risk points per unit, the 危险源 at each with LEC or LS scores; the level is
// computed by the rules from the bands in seeds/dual-prevention.ts, never typed.
export const meta: MetaFunction = () => [{ title: '风险分级管控清单 · 安责通' }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: riskStyles }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.open)
  const query = riskListSchema.parse(searchParamsObject(new URL(request.url)))
  return { query, ...(await withActor(actor, request, (ctx) => riskRegister(ctx, query))) }
}

/** The table's state (filters, sort, page) a form posted from it carries, to come back to the same rows. */
function listState(values: Record<string, string>): string {
  const query: Record<string, unknown> = riskListSchema.parse(Object.fromEntries(new URLSearchParams(values.view ?? '')))
  const defaults: Record<string, unknown> = riskListSchema.parse({})
  const out = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== defaults[k]) out.set(k, String(v))
  return out.toString()
}

type Failure = { intent: string; values: Record<string, string>; fieldErrors: Record<string, string> }
const fail = (f: Failure) => data(f, { status: 400 })

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.manage)
  const upload = await readForm(request, { file: { kind: 'import' }, plan: { kind: 'document' } })
  if (!upload.ok) {
    const intent = upload.field === 'plan' ? 'plan' : upload.field === 'file' ? 'import' : ''
    return fail({ intent, values: {}, fieldErrors: { [intent === 'import' ? '_form' : upload.field]: upload.message } })
  }
  const values = formValues(upload.form)
  if (values.intent === 'plan') {
    const riskId = isUuid(values.riskId) ? values.riskId : ''
    if (!riskId) return fail({ intent: 'plan', values, fieldErrors: { plan: '请刷新页面后重试' } })
    const files = upload.files.filter((f) => f.field === 'plan').map((f) => ({ name: f.name, bytes: f.bytes }))
    const result = await withActor(actor, request, (ctx) => attachRiskPlan(ctx, riskId, files))
    if (!result.ok) return fail({ intent: 'plan', values: { riskId }, fieldErrors: result.fieldErrors })
    const back = listState(values)
    return redirect(`/enterprise/risks?${back ? `${back}&` : ''}added=plan#risk-${riskId}`)
  }
  if (values.intent === 'import') {
    const sheet = upload.files.find((f) => f.field === 'file')
    if (!sheet) return fail({ intent: 'import', values: {}, fieldErrors: { _form: '请选择要导入的文件' } })
    const result = await withActor(actor, request, (ctx) => previewRegisterImport(ctx, sheet))
    if (!result.ok) return fail({ intent: 'import', values: {}, fieldErrors: { _form: result.message } })
    return redirect(`/enterprise/risks/import/${result.batchId}`)
  }
  const result = await withActor(actor, request, (ctx) => (values.intent === 'point' ? addRiskPoint(ctx, values) : addRisk(ctx, values)))
  if (!result.ok) return fail({ intent: values.intent ?? '', values, fieldErrors: result.fieldErrors as Record<string, string> })
  // a new risk is shown among its point's risks (the register's first page may not hold it)
  if (values.intent === 'point') return redirect('/enterprise/risks?added=point')
  return redirect(`/enterprise/risks?${new URLSearchParams({ point: values.riskPointId ?? '', added: 'risk' })}`)
}

const LEVEL_CHOICES = Object.fromEntries(RISK_LEVELS.map((l) => [l.level, `${l.name}（${l.colour}）`]))

type RiskRow = RiskView & { unitName: string }

const ADDED: Record<string, string> = {
  point: '风险点已登记。',
  risk: '危险源已登记，风险等级已按评价结果确定。',
  plan: '专项管控方案已上传。',
}

export default function RiskRegister() {
  const d = useLoaderData<typeof loader>()
  const emptyPoints = d.points.filter((p) => p.empty)
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const [params] = useSearchParams()
  const errorsFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.fieldErrors : {})
  const valuesFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.values : {})
  const [method, setMethod] = useState(valuesFor('risk').method ?? 'LEC')
  const re = errorsFor('risk')
  const rv = valuesFor('risk')
  const { query } = d
  const missingOnly = query.plan === 'missing'
  const view = params.toString()
  const columns: Column<RiskRow>[] = [
    {
      id: 'point',
      header: '风险点',
      sortKey: 'point',
      cell: (r) => (
        <>
          <span id={`risk-${r.id}`}>{r.pointName}</span>
          <div className="muted">{r.unitName}</div>
        </>
      ),
    },
    { id: 'source', header: '危险源', sortKey: 'source', cell: (r) => r.hazardSource },
    { id: 'accidents', header: '可能导致的事故', cell: (r) => r.accidentTypes },
    { id: 'formula', header: '评价', cell: (r) => `${r.method}：${r.formula}` },
    {
      id: 'level',
      header: '风险等级',
      sortKey: 'level',
      cell: (r) => (
        <>
          <RiskLevelBadge level={r} />
          {r.needsSpecialPlan ? (
            <SpecialPlan
              risk={r}
              canEdit={d.canEdit}
              busy={busy}
              view={view}
              error={actionData?.intent === 'plan' && actionData.values.riskId === r.id ? actionData.fieldErrors.plan : undefined}
            />
          ) : null}
        </>
      ),
    },
    {
      id: 'measures',
      header: '管控措施',
      cell: (r) =>
        r.measures.map((m) => (
          <div key={m.kind}>
            <b>{m.kind}</b>：{m.content}
          </div>
        )),
    },
    { id: 'control', header: '管控层级', cell: (r) => r.controlLevel },
    { id: 'post', header: '责任岗位', sortKey: 'post', cell: (r) => r.postName },
  ]
  return (
    <>
      <div className="page-head">
        <div>
          <h1>风险分级管控清单</h1>
          <p>辨识每个单元的风险点和危险源，按 LEC 或风险矩阵（LS）评价，确定管控措施、管控层级和责任岗位。</p>
        </div>
        <div className="actions">
          <Link to="/enterprise/risks/map" className="btn btn-secondary">
            风险四色图
          </Link>
          <Link to="/enterprise/risks/board" className="btn btn-secondary">
            打印风险公示栏
          </Link>
          <a href="/enterprise/risks/export" className="btn btn-secondary" download>
            导出清单
          </a>
          <Link to="/enterprise/hazards" className="btn btn-secondary">
            隐患台账
          </Link>
        </div>
      </div>
      {params.get('imported') ? (
        <p className="notice" role="status">
          已导入 {params.get('imported')} 个危险源，风险等级已按评价结果确定。
        </p>
      ) : null}
      {ADDED[params.get('added') ?? ''] ? (
        <p className="notice" role="status">
          {ADDED[params.get('added')!]}
        </p>
      ) : null}
      <div className="stats">
        {RISK_LEVELS.map((l) => (
          <Link key={l.level} to={`?level=${l.level}`} className="stat" style={{ borderTop: `4px solid ${l.hex}` }}>
            <b>{d.counts[l.level]}</b>
            <span>
              {l.name}（{l.colour}）
            </span>
          </Link>
        ))}
        <Link to={missingOnly ? '?' : '?plan=missing'} className={`stat${d.missingPlans ? ' stat-red' : ''}`}>
          <b>{d.missingPlans}</b>
          <span>{missingOnly ? '缺专项管控方案（显示全部）' : '缺专项管控方案'}</span>
        </Link>
      </div>
      {missingOnly ? (
        <p className="notice" role="status">
          仅显示尚无专项管控方案的重大、较大风险（{d.missingPlans} 项）。<Link to="?">显示全部</Link>
        </p>
      ) : null}
      {emptyPoints.length ? (
        <section className="card" id="points-without-risks">
          <h2>尚未辨识危险源的风险点（{emptyPoints.length} 个）</h2>
          <p className="muted">以下风险点已登记，但还没有危险源；在下方“登记危险源”中选择风险点即可补充。</p>
          <ul>
            {emptyPoints.map((p) => (
              <li key={p.id}>
                {p.name}
                <span className="muted">
                  （{p.kind} · {p.unitName}
                  {p.location ? ` · ${p.location}` : ''}）
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {d.points.length ? (
        <>
          <FilterBar>
            <div className="field">
              <label htmlFor="q">危险源、事故类型或风险点</label>
              <input id="q" name="q" defaultValue={query.q} />
            </div>
            <ChoiceFilter name="level" label="风险等级" value={query.level} choices={LEVEL_CHOICES} />
            <ChoiceFilter
              name="point"
              label="风险点"
              value={query.point}
              choices={Object.fromEntries(d.points.map((p) => [p.id, `${p.name}（${p.unitName}）`]))}
            />
            <ChoiceFilter
              name="post"
              label="责任岗位"
              value={query.post}
              choices={Object.fromEntries(d.posts.map((p) => [p.id, p.name]))}
            />
            {missingOnly ? <input type="hidden" name="plan" value="missing" /> : null}
            <FilterActions query={query} />
          </FilterBar>
          <DataTable
            columns={columns}
            rows={d.page.rows}
            total={d.page.total}
            page={d.page.page}
            size={d.page.size}
            sort={query.sort}
            dir={query.dir}
            rowKey={(r) => r.id}
            empty="没有符合条件的危险源"
            caption="风险分级管控清单"
          />
        </>
      ) : (
        <section className="card">
          <p className="muted">尚未登记风险点。先登记风险点（区域场所、设备设施或作业活动），再登记其危险源。</p>
        </section>
      )}

      {d.canEdit ? (
        <>
          <section className="card">
            <h2>导入风险分级管控清单</h2>
            <p className="muted">
              模板的列与导出的清单相同：可先导出、修改后再导入。同一风险点的同一危险源已登记的，导入即更新；风险等级由评价结果确定，填写不符的行将被拒绝。全部正确才写入。
            </p>
            <Form method="post" encType="multipart/form-data" action={pickerAction('file')}>
              <input type="hidden" name="intent" value="import" />
              <ImportUpload label="选择风险清单文件" template="/enterprise/risks/template" busy={busy} />
            </Form>
            <FormError message={errorsFor('import')._form} />
          </section>
          <section className="card">
            <h2>登记风险点</h2>
            <Form method="post" className="form" noValidate key={`p${JSON.stringify(valuesFor('point'))}`}>
              <input type="hidden" name="intent" value="point" />
              <FormError message={errorsFor('point')._form} />
              <Field name="name" label="风险点名称" required defaultValue={valuesFor('point').name} error={errorsFor('point').name} />
              <Field
                name="kind"
                label="类型"
                required
                options={RISK_POINT_KINDS.map((k) => ({ value: k, label: k }))}
                defaultValue={valuesFor('point').kind}
                error={errorsFor('point').kind}
              />
              <Field
                name="unitId"
                label="所属单元"
                required
                options={d.units.map((u) => ({ value: u.id, label: u.name }))}
                defaultValue={valuesFor('point').unitId}
                error={errorsFor('point').unitId}
              />
              <Field name="location" label="位置" defaultValue={valuesFor('point').location} error={errorsFor('point').location} />
              <div className="actions">
                <button type="submit" className="btn" disabled={busy}>
                  登记风险点
                </button>
              </div>
            </Form>
          </section>
          {d.points.length ? (
            <section className="card">
              <h2>登记危险源并评价</h2>
              <Form method="post" className="form" noValidate key={`r${JSON.stringify(rv)}`}>
                <input type="hidden" name="intent" value="risk" />
                <FormError message={re._form} />
                <Field
                  name="riskPointId"
                  label="风险点"
                  required
                  options={d.points.map((p) => ({ value: p.id, label: p.name }))}
                  defaultValue={rv.riskPointId}
                  error={re.riskPointId}
                />
                <Field name="hazardSource" label="危险源（危险有害因素）" required defaultValue={rv.hazardSource} error={re.hazardSource} />
                <Field
                  name="accidentTypes"
                  label="可能导致的事故类型"
                  required
                  defaultValue={rv.accidentTypes}
                  error={re.accidentTypes}
                  placeholder="如：火灾、爆炸、中毒"
                />
                <div className="field">
                  <label htmlFor="f-method">评价方法</label>
                  <select id="f-method" name="method" defaultValue={rv.method ?? 'LEC'} onChange={(e) => setMethod(e.target.value)}>
                    <option value="LEC">LEC 作业条件危险性评价法（D = L × E × C）</option>
                    <option value="LS">风险矩阵法（R = L × S）</option>
                  </select>
                </div>
                {method === 'LEC' ? (
                  <>
                    <Field
                      name="scoreL"
                      label="L 事故发生的可能性"
                      required
                      options={LEC_FACTORS.L.map((f) => ({ value: String(f.value), label: `${f.value} ${f.text}` }))}
                      defaultValue={rv.scoreL}
                      error={re.scoreL}
                    />
                    <Field
                      name="scoreE"
                      label="E 暴露于危险环境的频繁程度"
                      required
                      options={LEC_FACTORS.E.map((f) => ({ value: String(f.value), label: `${f.value} ${f.text}` }))}
                      defaultValue={rv.scoreE}
                      error={re.scoreE}
                    />
                    <Field
                      name="scoreC"
                      label="C 发生事故产生的后果"
                      required
                      options={LEC_FACTORS.C.map((f) => ({ value: String(f.value), label: `${f.value} ${f.text}` }))}
                      defaultValue={rv.scoreC}
                      error={re.scoreC}
                    />
                    <p className="field-wide hint">
                      分级：{LEC_BANDS.map((b) => `${b.label} ${RISK_LEVELS.find((l) => l.level === b.level)!.name}`).join('；')}
                    </p>
                  </>
                ) : (
                  <>
                    <Field
                      name="scoreL"
                      label="L 可能性（1～5）"
                      required
                      options={[1, 2, 3, 4, 5].map((v) => ({ value: String(v), label: String(v) }))}
                      defaultValue={rv.scoreL}
                      error={re.scoreL}
                    />
                    <Field
                      name="scoreS"
                      label="S 严重性（1～5）"
                      required
                      options={[1, 2, 3, 4, 5].map((v) => ({ value: String(v), label: String(v) }))}
                      defaultValue={rv.scoreS}
                      error={re.scoreS}
                    />
                    <p className="field-wide hint">
                      分级：{LS_BANDS.map((b) => `${b.label} ${RISK_LEVELS.find((l) => l.level === b.level)!.name}`).join('；')}
                    </p>
                  </>
                )}
                <Field
                  name="controlLevel"
                  label="管控层级"
                  required
                  options={CONTROL_LEVELS.map((c) => ({ value: c.code, label: c.name }))}
                  defaultValue={rv.controlLevel}
                  error={re.controlLevel}
                  hint="重大风险至少公司级，较大至少车间级，一般至少班组级"
                />
                <Field
                  name="postId"
                  label="责任岗位"
                  required
                  options={d.posts.map((p) => ({ value: p.id, label: p.name }))}
                  defaultValue={rv.postId}
                  error={re.postId}
                />
                {CONTROL_MEASURE_KINDS.map((k) => (
                  <TextArea
                    key={k.code}
                    name={`measure_${k.code}`}
                    label={k.name}
                    rows={2}
                    defaultValue={rv[`measure_${k.code}`]}
                    error={re[`measure_${k.code}`]}
                  />
                ))}
                <div className="actions">
                  <button type="submit" className="btn" disabled={busy}>
                    登记并评价
                  </button>
                </div>
              </Form>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  )
}

/** A 重大/较大 risk's 专项管控方案: its files, or the gap; the admin uploads one here. */
function SpecialPlan({
  risk,
  canEdit,
  busy,
  view,
  error,
}: {
  risk: { id: string; planFiles: { id: string; name: string }[]; planMissing: boolean }
  canEdit: boolean
  busy: boolean
  /** the table's query string, to come back to the same rows after the upload */
  view: string
  error?: string
}) {
  const id = `plan-${risk.id}`
  return (
    <div className="special-plan">
      {risk.planMissing ? (
        <span className="badge badge-red">缺专项管控方案</span>
      ) : (
        <div>
          专项管控方案：
          {risk.planFiles.map((f, i) => (
            <span key={f.id}>
              {i ? '、' : ''}
              <a href={`/evidence/${f.id}`} target="_blank" rel="noreferrer">
                {f.name}
              </a>
            </span>
          ))}
        </div>
      )}
      {canEdit ? (
        <Form method="post" encType="multipart/form-data" action={pickerAction('plan')} className="inline-upload">
          <input type="hidden" name="intent" value="plan" />
          <input type="hidden" name="riskId" value={risk.id} />
          <input type="hidden" name="view" value={view} />
          <FilePicker
            id={id}
            name="plan"
            accept={acceptOf('document')}
            aria-label="选择专项管控方案文件"
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            aria-invalid={error ? true : undefined}
            required
          />
          <button type="submit" className="btn btn-small" disabled={busy}>
            上传方案
          </button>
          <small id={`${id}-hint`} className="hint">
            {uploadHint('document')}
          </small>
          {error ? (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          ) : null}
        </Form>
      ) : null}
    </div>
  )
}
