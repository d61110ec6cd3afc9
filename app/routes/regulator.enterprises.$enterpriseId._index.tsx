import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { CertificateBadge } from '../components/CertificateBadge'
import { TrendChart } from '../components/Charts'
import { EnterpriseFacts, Supervisors } from '../components/EnterpriseFacts'
import { InspectionsTable, OrdersTable } from '../components/Supervision'
import { HazardStatsDossier } from '../components/HazardStats'
import { PlanTable } from '../components/PlanTable'
import { withActor } from '../db.server'
import { hazardStatsForRegulator } from '../modules/hazard-stats/stats.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { TIER_LABELS } from '../modules/org/rules'
import { enterpriseDossier, type DossierRecordKind } from '../modules/regulators/regulators.server'
import { isReportStale } from '../modules/reports/rules'
import { formatDate, formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.profile.name ?? '企业'} · 一企一档 · 安责通` }]

// 一企一档: the enterprise's whole file for a regulator in scope, read-only; the read is logged for
// the enterprise (查阅记录), and so is every file opened from here.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  return withActor(actor, request, async (ctx) => ({
    ...(await enterpriseDossier(ctx, enterpriseId)),
    // 隐患排查治理统计分析表 signed by the 主要负责人 (16号令 §14); opening one is logged on its page
    hazardStats: await hazardStatsForRegulator(ctx, enterpriseId),
    now: new Date().toISOString(),
  }))
}

const kb = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.ceil(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`)

function Files({
  enterpriseId,
  kind,
  recordId,
  files,
}: {
  enterpriseId: string
  kind: DossierRecordKind
  recordId: string
  files: { id: string; name: string; size: number; slotLabel: string }[]
}) {
  if (!files.length) return <span className="muted">无</span>
  return (
    <ul className="plain files">
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/regulator/evidence/${enterpriseId}/${f.id}?${kind}=${recordId}`} target="_blank" rel="noreferrer">
            {f.slotLabel}：{f.name}
          </a>{' '}
          <span className="muted">（{kb(f.size)}）</span>
        </li>
      ))}
    </ul>
  )
}

export default function RegulatorEnterprise() {
  const { profile, workers, lists, reports, training, drills, supervision, hazardStats, now } = useLoaderData<typeof loader>()
  const base = `/regulator/enterprises/${profile.id}`
  const latest = reports.reports.at(-1)
  const published = lists.posts.filter((p) => p.current).length
  return (
    <div className="dossier">
      <div className="page-head">
        <div>
          <h1>{profile.name}</h1>
          <p>
            一企一档 · {profile.industryName} · {profile.regionLabel} · 在册从业人员 {workers} 人
          </p>
        </div>
        <div className="actions">
          <Link to={`${base}/inspections/new`} className="btn">
            记录监督检查
          </Link>
          <Link to="/regulator/enterprises" className="btn btn-secondary">
            返回企业列表
          </Link>
        </div>
      </div>
      <p className="hint">查阅本档案和打开其中的材料，均记入企业可见的查阅记录。个人信息已脱敏：不显示手机号，证件号码隐去中间位。</p>
      <nav className="card toc" aria-label="档案目录">
        <a href="#reports">状况报告</a> · <a href="#hazard-stats">隐患统计分析表</a> · <a href="#lists">责任清单</a> ·{' '}
        <a href="#training">教育培训与持证</a> · <a href="#drills">预案与演练</a> · <a href="#supervision">检查与整改</a> ·{' '}
        <a href="#profile">基本信息</a>
      </nav>

      <section className="card" id="reports">
        <h2>安全生产状况报告</h2>
        {latest ? (
          <>
            <p>
              最新：<Link to={`${base}/reports/${latest.id}`}>查看报告</Link>（{latest.signedBy} 签字发布于{' '}
              {formatDateTime(latest.publishedAt)}）
              {isReportStale(latest.publishedAt, new Date(now)) ? <span className="badge badge-red">超过一个月未报告</span> : null}
            </p>
            <TrendChart title={`六个方面近 ${reports.reports.length} 期趋势`} series={reports.series} />
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th>报告</th>
                    <th>签字人</th>
                    <th className="num">应确认</th>
                    <th className="num">已确认</th>
                    <th className="num">逾期确认</th>
                    <th className="num">逾期未确认</th>
                    <th>台账锚点（序号 · 哈希）</th>
                  </tr>
                </thead>
                <tbody>
                  {[...reports.reports].reverse().map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`${base}/reports/${r.id}`}>{formatDateTime(r.publishedAt)}</Link>
                      </td>
                      <td>{r.signedBy}</td>
                      <td className="num">{r.confirmations.required ?? '—'}</td>
                      <td className="num">{r.confirmations.done ?? '—'}</td>
                      <td className="num">{r.confirmations.late ?? '—'}</td>
                      <td className={`num${r.confirmations.overdue ? ' bad' : ''}`}>{r.confirmations.overdue ?? '—'}</td>
                      <td className="hash">
                        {r.ledgerAnchor ? (
                          <>
                            {r.ledgerAnchor.seq} · <code title={r.ledgerAnchor.hash}>{r.ledgerAnchor.hash.slice(0, 16)}…</code>
                          </>
                        ) : (
                          <span className="muted">发布时未锚定</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p className="badge badge-red">该企业尚未发布状况报告</p>
        )}
      </section>

      <HazardStatsDossier base={base} stats={hazardStats} />

      <section className="card" id="lists">
        <h2>
          全员安全生产责任清单（已发布 {published} / 岗位 {lists.postsTotal}）
        </h2>
        {lists.posts.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>岗位</th>
                  <th>层级</th>
                  <th>所在单位</th>
                  <th>现行清单</th>
                  <th>历史版本</th>
                </tr>
              </thead>
              <tbody>
                {lists.posts.map((p) => (
                  <tr key={p.postId}>
                    <td>{p.postName}</td>
                    <td>
                      第{p.tier}级 {TIER_LABELS[p.tier]}
                    </td>
                    <td>{p.unitPath}</td>
                    <td>
                      {p.current ? (
                        <Link to={`${base}/lists/${p.current.id}`}>
                          v{p.current.version}（{formatDate(p.current.publishedAt)} 发布）
                        </Link>
                      ) : (
                        <span className="badge badge-red">未发布</span>
                      )}
                    </td>
                    <td>
                      {p.history.length
                        ? p.history.map((h, i) => (
                            <span key={h.id}>
                              {i ? '、' : ''}
                              <Link to={`${base}/lists/${h.id}`}>v{h.version}</Link>
                            </span>
                          ))
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="card" id="training">
        <h2>教育培训与持证上岗</h2>
        <p>
          {training.year} 年在岗从业人员 {training.workers} 人，学时不足或缺三级教育{' '}
          <b className={training.short ? 'bad' : undefined}>{training.short}</b> 人。
        </p>
        <h3>培训记录（{training.sessions.length}）</h3>
        {training.sessions.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>日期</th>
                  <th>主题</th>
                  <th>类别</th>
                  <th className="num">学时</th>
                  <th className="num">参训人数</th>
                  <th>签到表、照片等</th>
                </tr>
              </thead>
              <tbody>
                {training.sessions.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.held_on}
                      {s.status === 'planned' ? <span className="badge badge-grey">计划</span> : null}
                    </td>
                    <td>{s.topic}</td>
                    <td>
                      {s.kind}
                      {s.level ? `（${s.level}）` : ''}
                    </td>
                    <td className="num">{s.hours}</td>
                    <td className="num">{s.attendees}</td>
                    <td>
                      <Files enterpriseId={profile.id} kind="training" recordId={s.id} files={s.files} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">没有培训记录。</p>
        )}
        <h3>证书（{training.certificates.length}）</h3>
        {training.certificates.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>持证人</th>
                  <th>证书</th>
                  <th>编号</th>
                  <th>有效期至</th>
                  <th>复审日期</th>
                  <th>状态</th>
                  <th>扫描件</th>
                </tr>
              </thead>
              <tbody>
                {training.certificates.map((c) => (
                  <tr key={c.id} className={c.state === 'expired' ? 'row-red' : undefined}>
                    <td>{c.name}</td>
                    <td>{c.kind}</td>
                    <td>{c.number}</td>
                    <td>{c.expires_on}</td>
                    <td>{c.review_due_on ?? '—'}</td>
                    <td>
                      <CertificateBadge state={c.state} label={c.stateLabel} />
                    </td>
                    <td>
                      <Files enterpriseId={profile.id} kind="certificate" recordId={c.id} files={c.files} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">没有登记证书。</p>
        )}
      </section>

      <section className="card" id="drills">
        <h2>应急预案与演练</h2>
        <ul className="plain">
          {drills.requirements.map((r) => (
            <li key={r.requirement}>
              {r.label}：最近一次 {r.lastHeldOn ?? '无'}，下次应在 {r.nextDue} 前{' '}
              {r.overdue ? <span className="badge badge-red">逾期</span> : <span className="badge badge-green">按期</span>}
            </li>
          ))}
        </ul>
        <h3>预案（{drills.plans.length}）</h3>
        {drills.plans.length ? (
          <PlanTable plans={drills.plans} files={(p) => <Files enterpriseId={profile.id} kind="plan" recordId={p.id} files={p.files} />} />
        ) : (
          <p className="badge badge-red">尚未登记应急预案</p>
        )}
        <h3>演练（{drills.drills.length}）</h3>
        {drills.drills.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>日期</th>
                  <th>预案</th>
                  <th>形式</th>
                  <th className="num">参演人数</th>
                  <th>演练方案、脚本、评估报告</th>
                </tr>
              </thead>
              <tbody>
                {drills.drills.map((d) => (
                  <tr key={d.id}>
                    <td>{d.held_on}</td>
                    <td>{d.planTitle}</td>
                    <td>{d.form}</td>
                    <td className="num">{d.participants}</td>
                    <td>
                      <Files enterpriseId={profile.id} kind="drill" recordId={d.id} files={d.files} />
                      {d.evidence
                        .filter((e) => !e.present)
                        .map((e) => (
                          <span key={e.label} className="badge badge-amber">
                            缺{e.label}
                          </span>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">没有演练记录。</p>
        )}
      </section>

      <section className="card" id="supervision">
        <h2>整改指令</h2>
        <OrdersTable orders={supervision.orders} today={supervision.today} hrefOf={(id) => `${base}/orders/${id}`} />
        <h2>监督检查记录</h2>
        <InspectionsTable inspections={supervision.inspections} hrefOf={(id) => `${base}/inspections/${id}`} />
      </section>
      <div className="grid-2" id="profile">
        <section className="card">
          <h2>企业基本信息</h2>
          <EnterpriseFacts profile={profile} />
        </section>
        <section className="card">
          <h2>监管部门</h2>
          <Supervisors supervisors={profile.supervisors} />
        </section>
      </div>
    </div>
  )
}
