import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ConfirmSignature } from '../components/ConfirmSignature'
import { DateField, Field, FormError, TextArea, useFreshFormKey } from '../components/Field'
import { FileField } from '../components/FileField'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import {
  acceptProposals,
  addEntry,
  appendCorrection,
  monthView,
  signMonth,
  withdrawEntry,
} from '../modules/leaderledger/leaderledger.server'
import {
  chineseDay,
  chineseMonth,
  MANUAL_KINDS,
  parseMonthKey,
  POSITION_LABELS,
  SOURCE_LABELS,
  SUBMISSION_LABELS,
  type LedgerMonth,
} from '../modules/leaderledger/rules'
import { withdrawSchema } from '../modules/leaderledger/schema'
import { isConfirmed, NOT_CONFIRMED } from '../utils/confirm'
import { formatDateTime } from '../utils/dates'
import { formValues } from '../utils/form'
import { notFound, uuidParam } from '../utils/http'
import { readForm } from '../utils/upload.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `履职统计表 ${data ? chineseMonth(data.month) : ''} · ${data?.book.leaderName ?? ''} · 安责通` },
]

function monthParam(params: Record<string, string | undefined>): LedgerMonth {
  const m = parseMonthKey(params.month ?? '')
  if (!m) throw notFound()
  return m
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'leaderLedger')
  const leaderId = uuidParam(params, 'leaderId')
  const m = monthParam(params)
  return withActor(actor, request, async (ctx) => ({
    ...(await monthView(ctx, leaderId, m)),
    // one key per form shown (the add form's, the 更正 form's): the same form sent twice makes one line
    // (a line added brings the page back with new keys, so the next is a new line)
    formKeys: { add: globalThis.crypto.randomUUID(), correct: globalThis.crypto.randomUUID() },
  }))
}

type Intent = 'accept' | 'add' | 'withdraw' | 'correct' | 'sign'

function failure(intent: string, values: Record<string, string>, fieldErrors: Record<string, string>) {
  return data({ intent, values, fieldErrors }, { status: 400 })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRegulator(request, 'leaderLedger')
  const leaderId = uuidParam(params, 'leaderId')
  const m = monthParam(params)
  const here = new URL(request.url).pathname
  const read = await readForm(request, { files: { kind: 'evidence', multiple: true } })
  if (!read.ok) return failure('add', {}, { [read.field === '_form' ? '_form' : 'files']: read.message })
  const values = formValues(read.form)
  const intent = values.intent as Intent
  const files = read.files.filter((f) => f.field === 'files').map((f) => ({ name: f.name, bytes: f.bytes }))
  switch (intent) {
    case 'accept': {
      const keys = read.form.getAll('proposal').filter((v): v is string => typeof v === 'string')
      const r = await withActor(actor, request, (ctx) => acceptProposals(ctx, leaderId, m, keys))
      if (!r.ok) return failure(intent, {}, { _form: r.message ?? '请重试' })
      return redirect(`${here}?accepted=${r.added}`)
    }
    case 'add': {
      const r = await withActor(actor, request, (ctx) => addEntry(ctx, leaderId, m, values, files))
      if (!r.ok)
        return failure(intent, values, {
          ...(r.message ? { _form: r.message } : {}),
          ...r.fieldErrors,
          ...(files.length ? { files: r.fieldErrors?.files ?? '请重新选择要上传的文件' } : {}),
        })
      return redirect(`${here}?added=1`)
    }
    case 'withdraw': {
      const parsed = withdrawSchema.safeParse(values)
      if (!parsed.success) return failure(intent, {}, { _form: '请刷新页面后重试' })
      const r = await withActor(actor, request, (ctx) => withdrawEntry(ctx, leaderId, m, parsed.data.entryId))
      if (!r.ok) return failure(intent, {}, { _form: r.message ?? '请重试' })
      return redirect(here)
    }
    case 'correct': {
      const r = await withActor(actor, request, (ctx) => appendCorrection(ctx, leaderId, m, values))
      if (!r.ok) return failure(intent, values, { ...(r.message ? { _form: r.message } : {}), ...r.fieldErrors })
      return redirect(`${here}?corrected=1`)
    }
    case 'sign': {
      if (!isConfirmed(read.form)) return failure(intent, {}, { _form: NOT_CONFIRMED })
      const r = await withActor(actor, request, (ctx) => signMonth(ctx, leaderId, m))
      if (!r.ok) return failure(intent, {}, { _form: r.message ?? '请重试' })
      return redirect(`${here}?signed=${r.seq}`)
    }
    default:
      return failure('', {}, { _form: '请刷新页面后重试' })
  }
}

export default function LedgerMonthPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const freshKey = useFreshFormKey()
  const [params] = useSearchParams()
  const errorsFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.fieldErrors : {})
  const valuesFor = (intent: string): Record<string, string> => (actionData?.intent === intent ? actionData.values : {})
  const monthLabel = chineseMonth(d.month)
  const live = d.entries.filter((e) => !e.withdrawnAt)
  const unsigned = live.filter((e) => !e.signed)
  const add = errorsFor('add')
  const correct = errorsFor('correct')
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            {d.cover.leaderName} · {monthLabel}履职统计表{' '}
            <span
              className={`badge${d.state === 'late' ? ' badge-red' : d.state === 'submitted' ? ' badge-green' : d.state === 'submitted_late' ? ' badge-amber' : ''}`}
            >
              {SUBMISSION_LABELS[d.state]}
            </span>
          </h1>
          <p>
            {d.cover.departmentName} · {d.cover.title}（{POSITION_LABELS[d.book.position]}）
            {d.cover.chargeAreas.length ? ` · 分管${d.cover.chargeAreas.join('、')}` : ''} · 记录人员 {d.cover.recorderName}
          </p>
          <p className="muted">
            记录 {chineseDay(d.period.from)} 至 {chineseDay(d.period.to)} 的工作；{chineseDay(d.dueDay)}前由本人签字报送同级安委办
            {d.submittedAt ? `；已于 ${formatDateTime(d.submittedAt)} 签字报送` : ''}。
          </p>
        </div>
        <div className="actions">
          {d.readable ? (
            <Link className="btn btn-secondary" to={`/ledgers/${d.book.leaderId}/${d.month.year}/print?month=${d.month.month}`}>
              打印本月
            </Link>
          ) : null}
          <Link className="btn btn-secondary" to="/regulator/ledger">
            返回台账
          </Link>
        </div>
      </div>
      {params.get('signed') ? (
        <p className="notice">{params.get('signed') === '1' ? '已签字，本月台账已报送安委办。' : '更正已签字。'}</p>
      ) : null}
      {params.get('accepted') ? <p className="notice">{`已记入 ${params.get('accepted')} 项工作。`}</p> : null}

      <section className="card">
        <h2>安全生产党政同责一岗双责履职统计表</h2>
        <FormError message={errorsFor('withdraw')._form} />
        {!d.readable ? (
          <p className="muted">该月台账尚未由领导本人签字报送，内容由记录人员整理中；报送后安委办方可查阅和打印。</p>
        ) : live.length === 0 ? (
          <p className="muted">本月尚无记录。</p>
        ) : (
          <div className="table-wrap">
            <table className="data ledger-table">
              <thead>
                <tr>
                  <th scope="col">序号</th>
                  <th scope="col">时间</th>
                  <th scope="col">工作内容</th>
                  <th scope="col">参加人员</th>
                  <th scope="col">备注</th>
                  <th scope="col">来源</th>
                  {d.can.keep ? <th scope="col">操作</th> : null}
                </tr>
              </thead>
              <tbody>
                {live.map((e, i) => (
                  <tr key={e.id}>
                    <td>{i + 1}</td>
                    <td>{chineseDay(e.occurredOn)}</td>
                    <td>
                      {e.work}
                      {e.files.length ? (
                        <div className="muted">
                          佐证材料：
                          {e.files.map((f) => (
                            <a key={f.id} href={`/ledgers/files/${f.id}`} style={{ marginRight: '0.5rem' }}>
                              {f.name}
                            </a>
                          ))}
                        </div>
                      ) : null}
                    </td>
                    <td>{e.participants}</td>
                    <td>{e.remark}</td>
                    <td>
                      {SOURCE_LABELS[e.sourceKind]}
                      {e.signed ? '' : d.submittedAt ? '（待签字）' : ''}
                    </td>
                    {d.can.keep ? (
                      <td>
                        <Form method="post">
                          <input type="hidden" name="intent" value="withdraw" />
                          <input type="hidden" name="entryId" value={e.id} />
                          <button type="submit" className="btn btn-secondary btn-small" disabled={busy}>
                            移出
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {d.signatures.length ? (
          <p className="sign-line">
            {d.signatures.map((s) => (
              <span key={s.seq} style={{ marginRight: '1.5rem' }}>
                本人签字：<b>{s.signerName}</b> {formatDateTime(s.signedAt)}
                {s.seq > 1 ? `（更正第${s.seq - 1}次）` : ''}
              </span>
            ))}
          </p>
        ) : null}
      </section>

      {d.can.keep && d.proposals.length ? (
        <section className="card">
          <h2>平台记录的履职活动（建议记入）</h2>
          <p className="muted">以下是平台记录的本月监督检查、整改指令、复查和重大隐患督办、核销。勾选后记入台账。</p>
          <Form method="post" className="form">
            <FormError message={errorsFor('accept')._form} />
            <input type="hidden" name="intent" value="accept" />
            <ul className="proposals" style={{ listStyle: 'none', padding: 0 }}>
              {d.proposals.map((p) => (
                <li key={p.key} style={{ marginBottom: '0.4rem' }}>
                  <label>
                    <input type="checkbox" name="proposal" value={p.key} defaultChecked /> {chineseDay(p.day)} · {p.work}
                    <span className="muted"> · 参加人员：{p.participants}</span>
                  </label>
                </li>
              ))}
            </ul>
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                记入台账
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {d.can.keep ? (
        <section className="card">
          <h2>补充记录（会议、研究解决重点难点问题、现场检查等）</h2>
          <Form method="post" encType="multipart/form-data" className="form" noValidate key={freshKey(valuesFor('add'))}>
            <FormError message={add._form} />
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="formKey" value={valuesFor('add').formKey ?? d.formKeys.add} />
            <DateField
              name="occurredOn"
              label="时间"
              required
              defaultValue={valuesFor('add').occurredOn}
              error={add.occurredOn}
              hint={`${d.period.from} 至 ${d.period.to}`}
            />
            <Field
              name="kind"
              label="工作类别"
              required
              defaultValue={valuesFor('add').kind}
              error={add.kind}
              options={Object.entries(MANUAL_KINDS).map(([value, label]) => ({ value, label }))}
            />
            <TextArea
              name="work"
              label="工作内容（地点 + 内容）"
              required
              rows={2}
              defaultValue={valuesFor('add').work}
              error={add.work}
              placeholder="如：在局三楼会议室召开全市危化品安全生产专题会议"
            />
            <Field name="participants" label="参加人员" defaultValue={valuesFor('add').participants} error={add.participants} />
            <Field name="remark" label="备注" defaultValue={valuesFor('add').remark} error={add.remark} />
            <FileField name="files" label="佐证材料（会议记录、照片等）" kind="evidence" multiple optional error={add.files} wide />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                添加记录
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {d.can.correct ? (
        <section className="card">
          <h2>追加更正</h2>
          <p className="muted">已报送的台账不能修改。如有错漏，追加一条更正（或补记），由领导本人再次签字。</p>
          <Form method="post" className="form" noValidate key={freshKey(valuesFor('correct'))}>
            <FormError message={correct._form} />
            <input type="hidden" name="intent" value="correct" />
            <input type="hidden" name="formKey" value={valuesFor('correct').formKey ?? d.formKeys.correct} />
            <Field
              name="correctionOf"
              label="更正的条目"
              defaultValue={valuesFor('correct').correctionOf}
              error={correct.correctionOf}
              hint="不选则为补记"
              options={live
                .filter((e) => e.sourceKind !== 'correction')
                .map((e, i) => ({ value: e.id, label: `第${i + 1}项 ${e.work.slice(0, 24)}` }))}
            />
            <DateField name="occurredOn" label="时间" required defaultValue={valuesFor('correct').occurredOn} error={correct.occurredOn} />
            <TextArea
              name="work"
              label="更正后的工作内容"
              required
              rows={2}
              defaultValue={valuesFor('correct').work}
              error={correct.work}
            />
            <Field name="participants" label="参加人员" defaultValue={valuesFor('correct').participants} error={correct.participants} />
            <Field name="remark" label="备注" defaultValue={valuesFor('correct').remark} error={correct.remark} />
            <div className="actions">
              <button type="submit" className="btn" disabled={busy}>
                追加更正
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {d.can.sign ? (
        <section className="card">
          <h2>本人签字</h2>
          <p>
            {d.submittedAt
              ? `记录人员追加了 ${unsigned.length} 项更正，签字后一并存档。`
              : `请核对本月 ${live.length} 项记录。签字后本月台账报送同级安委办，不能再修改。`}
          </p>
          <ConfirmSignature
            trigger={d.submittedAt ? '签字确认更正' : '签字并报送安委办'}
            title={d.submittedAt ? '确认在更正上签字' : `确认签字报送${monthLabel}履职统计表`}
            confirmLabel="确认签字"
            signer={d.cover.leaderName}
            consequence="签字后即存档，不能撤回或修改。"
            busy={busy}
            error={errorsFor('sign')._form}
            fields={{ intent: 'sign' }}
          >
            <p>{`${monthLabel}履职统计表，共 ${live.length} 项记录${d.submittedAt ? `，其中待签字更正 ${unsigned.length} 项` : ''}。`}</p>
          </ConfirmSignature>
        </section>
      ) : null}
    </>
  )
}
