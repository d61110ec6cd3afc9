import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { DutyLogSheet } from '../components/DutyLogSheet'
import { DateField, Field, FormError, TextArea, useFreshFormKey } from '../components/Field'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { acceptProposals, addCorrection, addEntry, dutyLogMonth, removeEntry, signMonth } from '../modules/dutylogs/dutylogs.server'
import { dayLabel, isMonth, monthLabel, REMOVED_LINE } from '../modules/dutylogs/rules'
import { acceptSchema, correctionSchema, entrySchema, removeSchema } from '../modules/dutylogs/schema'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { fieldErrorsOf, formValues, parseForm } from '../utils/form'
import { notFound } from '../utils/http'
import { formFailure, refuse, respond } from '../utils/result'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? monthLabel(data.month) : ''}履职记录 · 我的履责` }]

function monthParam(params: Record<string, string | undefined>): string {
  const m = params.month ?? ''
  if (!isMonth(m)) throw notFound()
  return m
}

// My 履职记录 for a month: what the portal proposes from my records, what I add by hand, my signature
// (then the month is frozen: a correction is an appended 更正, signed again).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  if (!actor.employeeId) throw notFound()
  const month = monthParam(params)
  return withActor(actor, request, async (ctx) => ({
    ...(await dutyLogMonth(ctx, actor.employeeId!, month)),
    me: actor.displayName,
    // one key per page shown, carried by the add form and the 更正's confirm step: the same form sent
    // twice adds one line (a line added brings the page back with a new key, so the next is a new line)
    formKey: globalThis.crypto.randomUUID(),
  }))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const month = monthParam(params)
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  const back = `/me/duty-log/${month}`
  if (intent === 'add') {
    const parsed = parseForm(entrySchema, form)
    if (!parsed.ok) return formFailure(parsed, parsed.values, { intent })
    const result = await withActor(actor, request, (ctx) => addEntry(ctx, month, parsed.data))
    if (result.ok) return respond(result, parsed.values, `${back}?added=1`)
    // a refused form keeps its key (sent again once put right, it is still one line), except the key of a removed line
    const values = result.message === REMOVED_LINE ? { ...parsed.values, formKey: globalThis.crypto.randomUUID() } : parsed.values
    return formFailure(result, values, { intent })
  }
  if (intent === 'accept') {
    const parsed = acceptSchema.safeParse({ intent, source: form.getAll('source').map(String) })
    if (!parsed.success) return formFailure({ ok: false, fieldErrors: fieldErrorsOf(parsed.error) }, {}, { intent })
    const result = await withActor(actor, request, (ctx) => acceptProposals(ctx, month, parsed.data.source))
    return result.ok ? respond(result, {}, `${back}?added=${result.added}`) : formFailure(result, {}, { intent })
  }
  if (intent === 'remove') {
    const parsed = parseForm(removeSchema, form)
    if (!parsed.ok) return formFailure(refuse('请刷新页面后重试'), {}, { intent })
    const result = await withActor(actor, request, (ctx) => removeEntry(ctx, month, parsed.data.entryId))
    return result.ok ? respond(result, {}, back) : formFailure(result, {}, { intent })
  }
  if (intent === 'sign') {
    if (!isConfirmed(form)) return formFailure(refuse(NOT_CONFIRMED), {}, { intent })
    const result = await withActor(actor, request, (ctx) => signMonth(ctx, month))
    return result.ok ? respond(result, {}, `${back}?signed=1`) : formFailure(result, {}, { intent })
  }
  if (intent === 'correct') {
    const parsed = parseForm(correctionSchema, form)
    if (!parsed.ok) return formFailure(parsed, parsed.values, { intent })
    if (!isConfirmed(form)) return formFailure(refuse(NOT_CONFIRMED), parsed.values, { intent })
    const result = await withActor(actor, request, (ctx) => addCorrection(ctx, month, parsed.data.content, parsed.data.formKey))
    return result.ok ? respond(result, {}, `${back}?corrected=1`) : formFailure(result, parsed.values, { intent })
  }
  return formFailure(refuse('请刷新页面后重试'), formValues(form))
}

export default function MyDutyLogMonth() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const freshKey = useFreshFormKey()
  const errorsFor = (intent: string) => (actionData && 'intent' in actionData && actionData.intent === intent ? actionData : undefined)
  const add = errorsFor('add')
  const correct = errorsFor('correct')
  const [params] = useSearchParams()
  const correcting = params.get('confirm') === '1' ? (params.get('content') ?? '').trim().slice(0, 500) : ''
  return (
    <div className="me">
      <div className="page-head no-print">
        <div>
          <h1>{monthLabel(d.month)}履职记录</h1>
          <p>按月记录本人履行安全生产职责的情况，签字后存档，不得修改（《安全生产法》第二十二条）。</p>
        </div>
        <div className="actions">
          <PrintButton />
          <Link to="/me/duty-log" className="btn btn-secondary">
            全部月份
          </Link>
        </div>
      </div>

      {d.proposals.length ? (
        <section className="card no-print" aria-labelledby="proposals-title">
          <h2 id="proposals-title">平台记录中的本月履职事项（{d.proposals.length}）</h2>
          <p className="muted">以下事项取自审批、培训、演练、安委会、监督检查和隐患验收记录。勾选后添加到履职记录。</p>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="accept" />
            <ul className="plain proposals">
              {d.proposals.map((p) => (
                <li key={p.source}>
                  <label>
                    <input type="checkbox" name="source" value={p.source} defaultChecked /> {dayLabel(p.occurredOn)} {p.content}
                    {p.participants ? <span className="muted"> · {p.participants}</span> : null}
                  </label>
                </li>
              ))}
            </ul>
            <FormError message={errorsFor('accept')?.message ?? errorsFor('accept')?.fieldErrors?.source} />
            <button type="submit" name="intent" value="accept" className="btn" disabled={busy}>
              添加所选事项
            </button>
          </Form>
        </section>
      ) : null}

      <DutyLogSheet
        person={d.person}
        month={d.month}
        entries={d.entries}
        corrections={d.corrections}
        signed={d.signed}
        removable={
          d.canEdit
            ? (id) => (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="entryId" value={id} />
                  <button type="submit" className="btn btn-danger btn-small" aria-label="删除此条">
                    删除
                  </button>
                </Form>
              )
            : undefined
        }
      />
      <FormError message={errorsFor('remove')?.message} />

      {d.canEdit ? (
        <section className="card no-print" aria-labelledby="add-title">
          <h2 id="add-title">手工添加</h2>
          <p className="muted">会议、调研、现场检查等平台没有记录的工作，请填写地点和内容，如“到合成车间检查动火作业安全措施落实情况”。</p>
          <Form method="post" className="form" key={freshKey(add?.values)}>
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="formKey" value={add?.values?.formKey ?? d.formKey} />
            <FormError message={add?.message} />
            <DateField
              name="occurredOn"
              label="时间"
              required
              defaultValue={add?.values?.occurredOn}
              error={add?.fieldErrors?.occurredOn}
            />
            <TextArea
              name="content"
              label="工作内容"
              required
              rows={2}
              defaultValue={add?.values?.content}
              error={add?.fieldErrors?.content}
            />
            <Field name="participants" label="参加人员" defaultValue={add?.values?.participants} error={add?.fieldErrors?.participants} />
            <Field name="remark" label="备注" defaultValue={add?.values?.remark} error={add?.fieldErrors?.remark} />
            <button type="submit" className="btn btn-secondary" disabled={busy}>
              添加
            </button>
          </Form>
        </section>
      ) : null}

      {d.canSign ? (
        <div className="no-print actions">
          <ConfirmSignature
            trigger="本人签字存档"
            title={`确认签署${monthLabel(d.month)}履职记录`}
            confirmLabel="确认签字"
            signer={d.me}
            consequence="签字后本月记录存档，不能修改；如有错漏只能添加更正记录并再次签字。"
            busy={busy}
            error={errorsFor('sign')?.message}
            fields={{ intent: 'sign' }}
          >
            <p>
              {monthLabel(d.month)}共 {d.entries.length} 条履职记录。
            </p>
          </ConfirmSignature>
        </div>
      ) : d.canEdit && !d.entries.length ? (
        <p className="muted no-print">添加至少一条记录后即可签字。</p>
      ) : null}

      {d.canCorrect ? (
        <section className="card no-print" aria-labelledby="correct-title">
          <h2 id="correct-title">添加更正记录</h2>
          <p className="muted">已签字的月份不能修改。如有错漏，请写明更正内容，核对后由本人再次签字，附在本月记录之后。</p>
          {d.lateProposals.length ? (
            <p className="muted">
              签字后平台新增的本月事项：{d.lateProposals.map((p) => `${dayLabel(p.occurredOn)} ${p.content}`).join('；')}
            </p>
          ) : null}
          {correcting ? (
            <ConfirmSignature
              trigger={null}
              title="确认签署更正记录"
              confirmLabel="确认签字"
              signer={d.me}
              consequence="更正记录签字后附在本月记录之后，不能修改或删除。"
              busy={busy}
              error={correct?.message ?? correct?.fieldErrors?.content}
              fields={{ intent: 'correct', content: correcting, formKey: correct?.values?.formKey ?? d.formKey }}
            >
              <p>{correcting}</p>
            </ConfirmSignature>
          ) : (
            // the first step is a GET: the text to be signed is shown in the confirm step, then posted with confirm=1
            <Form method="get" className="form" key={freshKey(correct?.values)}>
              <input type="hidden" name="confirm" value="1" />
              <TextArea
                name="content"
                label="更正内容"
                required
                rows={3}
                defaultValue={correct?.values?.content}
                error={correct?.fieldErrors?.content}
                hint="如：补记11月20日到储运车间检查装卸作业。"
              />
              <button type="submit" className="btn">
                签字并添加更正
              </button>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  )
}
