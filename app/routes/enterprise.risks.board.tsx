import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { MeasureList, RiskLevelCell, RiskPrintFrame } from '../components/RiskPrint'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { riskNotice } from '../modules/hazards/risks.server'
import { absoluteUrl, qrSvg } from '../modules/print/qr.server'
import { RISK_LEVELS } from '../../seeds/dual-prevention'
import riskStyles from '../styles/risks.css'
import { todayInShanghai } from '../utils/dates'
import { isUuid } from '../utils/ids'

// 风险公示栏 (issue 15 §1): the enterprise's — or one unit's — risks on A4, most serious first, each
// level in its colour, with the legend and counts, and a QR code to the worker's own 岗位风险告知.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.unit?.name ?? data?.enterpriseName ?? ''}安全风险公示栏 · 安责通` },
]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: riskStyles }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.open)
  const raw = new URL(request.url).searchParams.get('unit') ?? ''
  const unitId = isUuid(raw) ? raw : null
  const notice = await withActor(actor, request, (ctx) => riskNotice(ctx, unitId))
  // the phone opens 我的履责, where each worker reads the risks of their own posts
  const meUrl = absoluteUrl('/me')
  return { ...notice, qr: await qrSvg(meUrl), meUrl, printedOn: todayInShanghai() }
}

export default function RiskBoard() {
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to="/enterprise/risks" className="btn btn-secondary">
          返回风险清单
        </Link>
        <Form method="get" className="actions">
          <label htmlFor="board-unit">公示范围</label>
          <select id="board-unit" name="unit" defaultValue={d.unit?.id ?? ''}>
            <option value="">全企业</option>
            {d.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn-secondary">
            切换
          </button>
        </Form>
      </div>
      <RiskPrintFrame
        kind="risk-board"
        enterpriseName={d.enterpriseName}
        title={d.unit ? `${d.unit.name}安全风险公示栏` : '安全风险公示栏'}
        lines={
          <>
            <p>
              共 {d.risks.length} 项风险 · 公示日期 {d.printedOn}
            </p>
            <p className="risk-legend" aria-label="图例">
              {RISK_LEVELS.map((l) => (
                <span key={l.level}>
                  <i className="risk-colour" style={{ background: l.hex }} />
                  {l.name}（{l.colour}）{d.counts[l.level]} 项
                </span>
              ))}
            </p>
          </>
        }
        qr={d.qr}
        qrCaption="扫码查看本岗位风险告知"
        closing={{ className: 'sign-block', heading: '应急电话' }}
        phone={d.phone}
      >
        {d.risks.length ? (
          <table>
            <thead>
              <tr>
                <th>风险点</th>
                <th>危险源</th>
                <th>可能导致的事故</th>
                <th>风险等级</th>
                <th>主要管控措施</th>
                <th>管控层级 / 责任岗位</th>
              </tr>
            </thead>
            <tbody>
              {d.risks.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.pointName}
                    {d.unit ? null : <div className="muted">{r.unitName}</div>}
                  </td>
                  <td>{r.hazardSource}</td>
                  <td>{r.accidentTypes}</td>
                  <RiskLevelCell risk={r} />
                  <td>
                    <MeasureList measures={r.measures} />
                  </td>
                  <td>
                    {r.controlLevel}
                    <br />
                    {r.postName}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>尚未登记风险。</p>
        )}
      </RiskPrintFrame>
    </>
  )
}
