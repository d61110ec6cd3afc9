import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { MeasureList, RiskLevelCell, RiskPrintFrame } from '../components/RiskPrint'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { postRiskCard } from '../modules/hazards/risks.server'
import { absoluteUrl, qrSvg } from '../modules/print/qr.server'
import { NOTICE_BASIS } from '../../seeds/risk-notice'
import riskStyles from '../styles/risks.css'
import { todayInShanghai } from '../utils/dates'
import { uuidParam } from '../utils/http'

// 岗位风险告知卡 (issue 15 §1, item 7): one post's risks, their measures and 应急处置 on A4, the
// emergency phones, and a QR code to the post's page on the phone (its list, its risks).
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.post.name ?? ''}岗位风险告知卡 · 安责通` }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: riskStyles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.open)
  const postId = uuidParam(params, 'postId')
  const card = await withActor(actor, request, (ctx) => postRiskCard(ctx, postId))
  const postUrl = absoluteUrl(`/me/posts/${postId}`)
  return { ...card, qr: await qrSvg(postUrl), printedOn: todayInShanghai() }
}

export default function RiskCard() {
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/enterprise/posts/${d.post.id}`} className="btn btn-secondary">
          返回岗位
        </Link>
      </div>
      <RiskPrintFrame
        kind="risk-card"
        enterpriseName={d.enterpriseName}
        title="岗位风险告知卡"
        lines={
          <>
            <p>
              岗位：<b>{d.post.name}</b> · 部门：{d.post.unitName} · 告知日期 {d.printedOn}
            </p>
            <p className="muted">{NOTICE_BASIS}</p>
          </>
        }
        qr={d.qr}
        qrCaption="扫码阅读本岗位责任清单和风险"
        closing={{
          className: 'emergency sign-block',
          heading: '发生事故或险情时',
          note: <p>立即停止作业、撤离到安全地点，按上表应急处置措施处置，并报告班组长和安全管理人员。</p>,
        }}
        phone={d.phone}
      >
        {d.risks.length ? (
          <table>
            <thead>
              <tr>
                <th>危险源（风险点）</th>
                <th>可能导致的事故</th>
                <th>风险等级</th>
                <th>防范措施</th>
                <th>应急处置</th>
              </tr>
            </thead>
            <tbody>
              {d.risks.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.hazardSource}
                    <div className="muted">{r.pointName}</div>
                  </td>
                  <td>{r.accidentTypes}</td>
                  <RiskLevelCell risk={r} />
                  <td>
                    <MeasureList measures={r.prevention} />
                  </td>
                  <td>{r.emergency.length ? r.emergency.join('；') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>本岗位尚未登记风险。</p>
        )}
      </RiskPrintFrame>
    </>
  )
}
