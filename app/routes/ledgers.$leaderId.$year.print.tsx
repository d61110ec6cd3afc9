import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireUser } from '../modules/auth/auth.server'
import { printVolume } from '../modules/leaderledger/leaderledger.server'
import { chineseDay, POSITION_LABELS } from '../modules/leaderledger/rules'
import { shanghaiDay } from '../utils/calendar'
import { notFound, uuidParam } from '../utils/http'

// The A4 print of a leader's 一岗双责台账 (seed 001, 填表说明 3): a year's volume — cover, 总目录, each
// month's 履职统计表 with the leader's signature — with page numbers (the print CSS numbers each `.a4`
// page; the 总目录 names the same numbers, laid out by rules.ts volumeOf). ?month=N prints one month.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cover.leaderName ?? ''} ${data?.year ?? ''}年度一岗双责台账 · 安责通` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request, [...ACCESS.leaderLedger.open, ...ACCESS.officeLedgers.open])
  const leaderId = uuidParam(params, 'leaderId')
  const year = Number(params.year)
  if (!/^\d{4}$/.test(params.year ?? '') || year < 2000 || year > 2100) throw notFound()
  const raw = new URL(request.url).searchParams.get('month')
  const month = raw === null ? null : Number(raw)
  if (month !== null && !(Number.isInteger(month) && month >= 1 && month <= 12)) throw notFound()
  return withActor(actor, request, (ctx) => printVolume(ctx, leaderId, year, month))
}

export default function LedgerPrint() {
  const d = useLoaderData<typeof loader>()
  const byMonth = new Map(d.months.map((m) => [m.month, m]))
  const recorded = d.months.map((m) => m.month)
  const span = d.onlyMonth
    ? `${d.year}年${d.onlyMonth}月`
    : recorded.length
      ? `${d.year}年${Math.min(...recorded)}月至${d.year}年${Math.max(...recorded)}月`
      : `${d.year}年`
  // one month alone: its cover and its pages, no 总目录
  const pages = d.onlyMonth ? d.volume.pages.filter((p) => p.kind !== 'contents') : d.volume.pages
  return (
    <div className="ledger-volume">
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
      </div>
      {pages.map((p) => {
        if (p.kind === 'cover')
          return (
            <section className="a4 ledger-cover" key="cover">
              <h1>
                党政领导履行安全生产
                <br />
                党政同责一岗双责台账
              </h1>
              <dl className="ledger-cover-fields">
                <dt>领导姓名：</dt>
                <dd>{d.cover.leaderName}</dd>
                <dt>领导职务：</dt>
                <dd>{d.cover.title}</dd>
                <dt>分管行业领域（部门）：</dt>
                {/* 填表说明 1: 主要负责人不需填写 */}
                <dd>{d.position === 'member' ? d.cover.chargeAreas.join('、') : ''}</dd>
                <dt>记录时间：</dt>
                <dd>{span}</dd>
                <dt>记录单位（盖章）：</dt>
                <dd>{d.cover.departmentName}</dd>
                <dt>记录人员：</dt>
                <dd>{d.cover.recorderName}</dd>
              </dl>
              <p className="muted no-print">{POSITION_LABELS[d.position]}</p>
            </section>
          )
        if (p.kind === 'contents')
          return (
            <section className="a4 ledger-contents" key="contents">
              <h1>总目录</h1>
              <table className="ledger-toc">
                <tbody>
                  <tr>
                    <td>封面</td>
                    <td className="toc-page">1</td>
                  </tr>
                  <tr>
                    <td>总目录</td>
                    <td className="toc-page">2</td>
                  </tr>
                  {d.volume.contents.map((c) => (
                    <tr key={c.month}>
                      <td>
                        {`${d.year}年${c.month}月安全生产党政同责一岗双责履职统计表`}
                        {c.page ? `（${c.entries}项）` : ''}
                      </td>
                      <td className="toc-page">{c.page ?? '未建立'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )
        const m = byMonth.get(p.month!)!
        const first = m.signatures[0]
        return (
          <section className="a4 ledger-sheet" key={`m${p.month}-${p.number}`}>
            <h2>
              安全生产党政同责一岗双责履职统计表
              <span className="ledger-month">
                （{d.year}年{p.month}月{p.continued ? '，续' : ''}）
              </span>
            </h2>
            <table className="ledger-print-table">
              <colgroup>
                <col style={{ width: '8%' }} />
                <col style={{ width: '19%' }} />
                <col style={{ width: '45%' }} />
                <col style={{ width: '16%' }} />
                <col style={{ width: '12%' }} />
              </colgroup>
              <thead>
                <tr>
                  <th>序号</th>
                  <th>时间</th>
                  <th>工作内容</th>
                  <th>参加人员</th>
                  <th>备注</th>
                </tr>
              </thead>
              <tbody>
                {p.entries!.length === 0 ? (
                  <tr>
                    <td colSpan={5}>本月无记录</td>
                  </tr>
                ) : (
                  p.entries!.map((e) => (
                    <tr key={e.seq}>
                      <td>{e.seq}</td>
                      <td>{chineseDay(e.occurredOn)}</td>
                      <td>{e.work}</td>
                      <td>{e.participants}</td>
                      <td>{e.remark}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
            {p.last ? (
              <div className="sign-block ledger-sign">
                {first ? (
                  m.signatures.map((s) => (
                    <p key={s.seq}>
                      本人签字：<b>{s.signerName}</b>
                      <span className="ledger-sign-date">{chineseDay(shanghaiDay(new Date(s.signedAt)))}</span>
                      {s.seq > 1 ? '（更正）' : ''}
                    </p>
                  ))
                ) : (
                  <p>
                    本人签字：<span className="muted">（未签字）</span>
                  </p>
                )}
              </div>
            ) : null}
          </section>
        )
      })}
    </div>
  )
}
