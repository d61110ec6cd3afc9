import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { NONE_FILL, riskMapLayout } from '../modules/hazards/map'
import { riskMapData } from '../modules/hazards/risks.server'
import { RISK_LEVELS } from '../../seeds/dual-prevention'
import riskStyles from '../styles/risks.css'
import { todayInShanghai } from '../utils/dates'

// 风险四色图 (issue 15 §1): the enterprise's units as blocks, each in the colour of its highest risk,
// with the legend and counts; drawn as SVG from the register (layout: modules/hazards/map.ts).
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.enterpriseName ?? ''}安全风险四色分布图 · 安责通` }]
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: riskStyles }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.risks.open)
  const data = await withActor(actor, request, (ctx) => riskMapData(ctx))
  return { enterpriseName: data.enterpriseName, map: riskMapLayout(data.units, 960, 4), drawnOn: todayInShanghai() }
}

export default function RiskMap() {
  const { enterpriseName, map, drawnOn } = useLoaderData<typeof loader>()
  const unitsTotal = map.blocks.length
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to="/enterprise/risks" className="btn btn-secondary">
          返回风险清单
        </Link>
      </div>
      <article className="a4 risk-map">
        <header className="a4-head">
          <div>
            <p className="a4-org">{enterpriseName}</p>
            <h1>安全风险四色分布图</h1>
            <p>
              按单元的最高风险等级着色 · {unitsTotal} 个单元 · 绘制日期 {drawnOn}
            </p>
          </div>
        </header>
        <ul className="risk-legend plain" aria-label="图例">
          {RISK_LEVELS.map((l) => (
            <li key={l.level}>
              <i className="risk-colour" style={{ background: l.hex }} />
              {l.name}（{l.colour}）：单元 {map.unitCounts[l.level]} 个，风险 {map.riskCounts[l.level]} 项
            </li>
          ))}
          <li>
            <i className="risk-colour" style={{ background: NONE_FILL }} />
            未辨识风险点：单元 {map.unitCounts.none} 个
          </li>
        </ul>
        <svg
          viewBox={`0 0 ${map.width} ${map.height}`}
          role="img"
          aria-labelledby="risk-map-title"
          xmlns="http://www.w3.org/2000/svg"
          fontFamily="'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
        >
          <title id="risk-map-title">{`${enterpriseName}安全风险四色分布图`}</title>
          {map.blocks.map((b) => (
            <g key={b.id} data-level={b.top ?? 'none'}>
              <title>{b.label}</title>
              <rect x={b.x} y={b.y} width={b.width} height={b.height} rx={6} fill={b.fill} stroke="#595959" strokeWidth={1} />
              <text x={b.x + 8} y={b.y + 24} fill={b.ink} fontSize={16} fontWeight={700}>
                {b.title}
              </text>
              {b.parent ? (
                <text x={b.x + 8} y={b.y + 44} fill={b.ink} fontSize={12}>
                  {b.parent}
                </text>
              ) : null}
              <text x={b.x + 8} y={b.y + 66} fill={b.ink} fontSize={12}>
                {b.counts}
              </text>
              <text x={b.x + 8} y={b.y + 88} fill={b.ink} fontSize={12}>
                {b.points}
              </text>
            </g>
          ))}
        </svg>
      </article>
    </>
  )
}
