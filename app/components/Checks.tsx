import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Field, FieldNotes, FormError } from './Field'
import { RiskLevelBadge } from './Hazards'

// 隐患排查's shared pieces: a period's state, and the plan form with the derived 排查清单 to choose from.

export type PeriodStateName = 'done' | 'due' | 'overdue' | 'upcoming'

const STATE_LABELS: Record<PeriodStateName, { text: string; badge: string }> = {
  done: { text: '已完成', badge: 'badge-green' },
  due: { text: '待排查', badge: 'badge-amber' },
  overdue: { text: '逾期未排查', badge: 'badge-red' },
  upcoming: { text: '未开始', badge: 'badge-grey' },
}

export function PeriodBadge({ state }: { state: PeriodStateName }) {
  const s = STATE_LABELS[state]
  return <span className={`badge ${s.badge}`}>{s.text}</span>
}

export interface CheckListItemView {
  riskId: string
  measureKind: string
  measureKindName: string
  content: string
  hazardSource: string
  levelName: string
  colour: string
  hex: string
  pointId: string
  pointName: string
  unitName: string
  postName: string
}

/** The derived list grouped by unit and risk point (the page and the plan form show it alike). */
export function groupByPoint<T extends CheckListItemView>(items: T[]) {
  const groups: { key: string; unitName: string; pointName: string; items: T[] }[] = []
  for (const i of items) {
    const last = groups.at(-1)
    if (last && last.key === i.pointId) last.items.push(i)
    else groups.push({ key: i.pointId, unitName: i.unitName, pointName: i.pointName, items: [i] })
  }
  return groups
}

export interface PlanFormData {
  posts: { id: string; name: string }[]
  list: CheckListItemView[]
  kinds: { code: string; name: string; note: string; source: string }[]
  frequencies: { code: string; name: string; period: string; source: string }[]
}

export function PlanForm({
  data,
  values,
  errors,
  message,
  chosen,
  busy,
  submitLabel,
  scheduleLocked,
  dates,
}: {
  data: PlanFormData
  values: Record<string, string>
  errors: Record<string, string>
  message?: string
  chosen: ReadonlySet<string>
  busy: boolean
  submitLabel: string
  scheduleLocked: boolean
  /** the 开始日期 and 结束日期 fields, drawn by the route (the date-field coverage test reads the routes) */
  dates: ReactNode
}) {
  const groups = groupByPoint(data.list)
  return (
    <Form method="post" className="form" noValidate>
      <FormError message={message ?? errors._form ?? (Object.keys(errors).length ? '请修改标红的内容后再提交。' : undefined)} />
      <div className="form-grid">
        <Field name="name" label="计划名称" required defaultValue={values.name} error={errors.name} placeholder="如：加氢岗位班前巡检" />
        <Field
          name="kind"
          label="排查类型"
          required
          defaultValue={values.kind}
          error={errors.kind}
          options={data.kinds.map((k) => ({ value: k.code, label: `${k.name}（${k.note}）` }))}
        />
        <Field
          name="frequency"
          label="排查频次"
          required
          defaultValue={values.frequency}
          error={errors.frequency}
          hint={scheduleLocked ? '已有排查记录，频次、岗位和开始日期不能再改' : undefined}
          options={data.frequencies.map((f) => ({ value: f.code, label: `${f.name}（${f.period}）` }))}
        />
        <Field
          name="shifts"
          label="每天班次（仅“每班”排查）"
          inputMode="numeric"
          defaultValue={values.shifts ?? '1'}
          error={errors.shifts}
          hint="如四班三倒填 3"
        />
        <Field
          name="postId"
          label="执行岗位"
          required
          defaultValue={values.postId}
          error={errors.postId}
          hint="在该岗位任职的人员在手机上完成排查并签字"
          options={data.posts.map((p) => ({ value: p.id, label: p.name }))}
        />
        {dates}
      </div>
      <fieldset
        className={`field field-wide${errors.items ? ' invalid' : ''}`}
        aria-describedby={errors.items ? 'f-items-error' : undefined}
      >
        <legend>排查项目（从风险分级管控清单的管控措施中选择）</legend>
        <FieldNotes id="f-items" error={errors.items} />
        {groups.length === 0 ? (
          <p className="muted">
            风险分级管控清单中还没有管控措施。请先到 <Link to="/enterprise/risks">风险管控</Link> 登记风险点和管控措施。
          </p>
        ) : (
          groups.map((g) => (
            <div key={g.key} className="check-group">
              <h3>
                {g.unitName} · {g.pointName}
              </h3>
              <ul className="plain">
                {g.items.map((i) => {
                  const name = `item:${i.riskId}:${i.measureKind}`
                  return (
                    <li key={name}>
                      <label>
                        <input
                          type="checkbox"
                          name={name}
                          defaultChecked={chosen.has(`${i.riskId}:${i.measureKind}`) || values[name] === 'on'}
                        />{' '}
                        <RiskLevelBadge level={i} /> {i.hazardSource}｜{i.measureKindName}：{i.content}
                        <span className="muted">（责任岗位：{i.postName}）</span>
                      </label>
                    </li>
                  )
                })}
              </ul>
            </div>
          ))
        )}
      </fieldset>
      <div className="actions">
        <button type="submit" className="btn" disabled={busy}>
          {busy ? '正在保存…' : submitLabel}
        </button>
        <Link to="/enterprise/checks" className="btn btn-secondary">
          返回
        </Link>
      </div>
      <p className="muted small">排查类型与频次的依据：{data.kinds.map((k) => `${k.name}——${k.source}`).join('；')}。</p>
    </Form>
  )
}
