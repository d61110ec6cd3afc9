import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { DutyItems } from '../components/DutyItems'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { getAcknowledgement } from '../modules/acknowledgements/acknowledgements.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { TIER_LABELS } from '../modules/org/rules'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

// 安全生产责任确认书: the printable record of one confirmation, in the spirit of the 责任明白书.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `安全生产责任确认书 · ${data?.employeeName ?? ''}` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.me.open)
  const id = uuidParam(params, 'id')
  return withActor(actor, request, (ctx) => getAcknowledgement(ctx, id))
}

export default function AcknowledgementPrint() {
  const k = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
      </div>
      <article className="a4">
        <header className="a4-head">
          <div>
            <p className="a4-org">{k.enterpriseName}</p>
            <h1>安全生产责任确认书</h1>
            <p>
              岗位：{k.postName}（第{k.tier}级 {TIER_LABELS[k.tier]}） · 清单：{k.title} v{k.version}
            </p>
          </div>
        </header>
        <DutyItems items={k.items} />
        <p style={{ marginTop: '1rem' }}>本人已认真阅读上述岗位安全生产责任，熟知本岗位安全生产职责，承诺严格履行，并接受考核。</p>
        <table className="signatures">
          <tbody>
            <tr>
              <th>确认人</th>
              <td>
                {k.employeeName}（工号 {k.employeeNo}）
              </td>
            </tr>
            <tr>
              <th>签名</th>
              <td className="sign">
                {k.signatureKind === 'drawn' ? (
                  <img className="sig-img" src={k.signature} alt={`${k.employeeName}的手写签名`} />
                ) : (
                  k.signature
                )}
              </td>
            </tr>
            <tr>
              <th>确认时间</th>
              <td>
                {formatDateTime(k.confirmedAt)}
                {k.deadline ? (
                  <>
                    {' '}
                    （确认期限 {k.deadline} 24:00，
                    {k.lateDays > 0 ? <strong className="badge state-late">{k.timeliness}</strong> : k.timeliness}）
                  </>
                ) : null}
              </td>
            </tr>
            <tr>
              <th>确认方式</th>
              <td>本人登录后在线签字{k.clientIp ? `，客户端地址 ${k.clientIp}` : ''}</td>
            </tr>
          </tbody>
        </table>
        <p className="a4-foot">
          台账序号 {k.seq} · 清单内容摘要 {k.contentHash} · 记录哈希 {k.rowHash}
        </p>
      </article>
    </>
  )
}
