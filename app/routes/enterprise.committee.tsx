import { formFailure, invalid } from '../utils/result'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormError, useFreshFormKey, DateField } from '../components/Field'
import { withActor } from '../db.server'
import { ACCESS, mayManage } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { committeeSummary, issueTargetAgreements, recordMeeting, targetAgreementStats } from '../modules/committee/committee.server'
import { dayField } from '../utils/calendar'
import { todayInShanghai } from '../utils/dates'
import { parseForm, toHalfWidth } from '../utils/form'
import { readForm } from '../utils/upload.server'
import { FileField } from '../components/FileField'

export const meta: MetaFunction = () => [{ title: '安委会与目标责任书 · 安责通' }]

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .transform((v) => toHalfWidth(v))
    .pipe(
      z
        .string()
        .min(2, { error: `请填写${label}` })
        .max(max, { error: `${label}不能超过${max}字` }),
    )

const meetingSchema = z
  .object({
    intent: z.literal('meeting'),
    heldOn: dayField('会议日期'),
    chair: text('主持人', 30),
    attendees: text('参会人员', 500),
    topics: text('议题', 2000),
  })
  .strict()
const targetSchema = z.object({ intent: z.literal('targets'), content: text('目标责任书内容', 5000) }).strict()

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.open)
  return withActor(actor, request, async (ctx) => {
    const today = todayInShanghai(ctx.now)
    const year = Number(today.slice(0, 4))
    return {
      committee: await committeeSummary(ctx),
      targets: await targetAgreementStats(ctx, year),
      year,
      today,
      canEdit: mayManage(actor.role, 'obligations'),
    }
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.manage)
  const upload = await readForm(request, { minutes: { kind: 'document' } })
  if (!upload.ok) return formFailure(invalid({ [upload.field]: upload.message }), {}, { intent: 'meeting' })
  if (upload.form.get('intent') === 'targets') {
    const parsed = parseForm(targetSchema, upload.form)
    if (!parsed.ok) return formFailure(parsed, undefined, { intent: 'targets' })
    const n = await withActor(actor, request, (ctx) =>
      issueTargetAgreements(ctx, Number(todayInShanghai(ctx.now).slice(0, 4)), parsed.data.content),
    )
    return redirect(`/enterprise/committee?issued=${n}`)
  }
  const parsed = parseForm(meetingSchema, upload.form)
  if (!parsed.ok) return formFailure(parsed, undefined, { intent: 'meeting' })
  const result = await withActor(actor, request, (ctx) =>
    recordMeeting(
      ctx,
      parsed.data,
      upload.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    ),
  )
  if (!result.ok) return formFailure(result, parsed.values, { intent: 'meeting' })
  return redirect('/enterprise/committee?meeting=1')
}

const DEFAULT_TARGET =
  '严格落实本岗位安全生产责任清单；全年不发生生产安全责任事故；所辖范围内隐患按期整改率100%；从业人员安全培训学时全部达标；按要求组织或参加应急演练。'

export default function Committee() {
  const { committee, targets, year, today, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  const mv: Record<string, string> = actionData?.intent === 'meeting' ? actionData.values : { heldOn: today }
  const me: Record<string, string> = actionData?.intent === 'meeting' ? actionData.fieldErrors : {}
  const te: Record<string, string> = actionData?.intent === 'targets' ? actionData.fieldErrors : {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>安委会与目标责任书</h1>
          <p>
            {committee.quarter.label}已召开安委会 {committee.meetingsThisQuarter} 次（每季度至少一次）；在岗安全管理人员{' '}
            {committee.safetyStaff} 人；{year} 年目标责任书已签 {targets.signed} / {targets.issued}。
          </p>
        </div>
      </div>
      {params.get('issued') ? (
        <p className="notice">已向 {params.get('issued')} 名在岗人员下发目标责任书，他们登录后即可在线签署。</p>
      ) : null}
      {params.get('meeting') ? <p className="notice">会议已登记。</p> : null}
      <section className="card">
        <h2>安委会会议</h2>
        <ul className="plain">
          {committee.meetings.map((m) => (
            <li key={m.id}>
              <b>{m.held_on}</b> 主持：{m.chair} · 议题：{m.topics}
            </li>
          ))}
          {committee.meetings.length === 0 ? <li className="muted">尚无会议记录。</li> : null}
        </ul>
        {canEdit ? (
          <Form method="post" encType="multipart/form-data" className="form" noValidate style={{ marginTop: '0.75rem' }} key={freshKey(mv)}>
            <input type="hidden" name="intent" value="meeting" />
            <div className="form-grid">
              <DateField name="heldOn" label="会议日期" defaultValue={mv.heldOn} error={me.heldOn} required />
              <Field name="chair" label="主持人" defaultValue={mv.chair} error={me.chair} required />
              <Field name="attendees" label="参会人员" defaultValue={mv.attendees} error={me.attendees} required />
              <Field name="topics" label="议题" defaultValue={mv.topics} error={me.topics} required />
              <FileField name="minutes" label="会议纪要" kind="document" error={me.minutes} optional />
            </div>
            <FormError message={me._form} />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                登记会议
              </button>
            </div>
          </Form>
        ) : null}
      </section>
      {canEdit ? (
        <section className="card">
          <h2>{year} 年安全生产目标责任书</h2>
          <Form method="post" encType="multipart/form-data" className="form" noValidate>
            <input type="hidden" name="intent" value="targets" />
            <div className={`field${te.content ? ' invalid' : ''}`}>
              <label htmlFor="f-content">目标与责任</label>
              <textarea id="f-content" name="content" rows={4} defaultValue={DEFAULT_TARGET} />
              {te.content ? <span className="field-error">{te.content}</span> : null}
            </div>
            <FormError message={undefined} />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                向所有在岗人员下发
              </button>
              <span className="muted">已下发给同一岗位的人员不会重复下发。</span>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}
