import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { EnterpriseFacts, Supervisors } from '../components/EnterpriseFacts'
import { withActor } from '../db.server'
import { ACCESS, mayManage } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getOwnEnterpriseProfile } from '../modules/enterprises/enterprises.server'
import { TIER_LABELS } from '../modules/org/rules'
import { getOrgSummary } from '../modules/org/org.server'
import { pendingApprovals, returnedLists } from '../modules/duties/duties.server'
import { homeOverview } from '../modules/obligations/obligations.server'
import { reportDue } from '../modules/reports/reports.server'
import { OBLIGATION_STATUS_CLASS } from '../modules/obligations/schema'
import { StatusBar } from '../components/StatusBar'
import { formatDateTime } from '../utils/dates'
import { hazardsOnHome } from '../modules/hazards/hazards.server'

export const meta: MetaFunction = () => [{ title: '企业首页 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.enterpriseHome.open)
  return withActor(actor, request, async (ctx) => ({
    canEdit: mayManage(actor.role, 'profile'),
    profile: await getOwnEnterpriseProfile(ctx),
    summary: await getOrgSummary(ctx),
    approvals: await pendingApprovals(ctx),
    // lists sent back to the admin come before everything else they have to do
    returned: await returnedLists(ctx),
    overview: await homeOverview(ctx),
    report: await reportDue(ctx),
    hazards: await hazardsOnHome(ctx),
  }))
}

export default function EnterpriseHome() {
  const { profile, summary, canEdit, approvals, returned, overview, report, hazards } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{profile.name}</h1>
          <p>
            {profile.industryName} · {profile.regionLabel}
          </p>
        </div>
        {canEdit ? (
          <Link to="/enterprise/profile" className="btn btn-secondary">
            编辑企业信息
          </Link>
        ) : null}
      </div>
      {hazards.supervised.map((h) => (
        <section key={h.id} className="card attention supervised-hazard">
          <h2>重大事故隐患挂牌督办：{h.supervision!.no}</h2>
          <p>
            {h.supervision!.departmentName}对本企业隐患第{h.no}号（{h.place}）挂牌督办，督办期限 <b>{h.supervision!.deadline}</b>。
            <Link to={`/enterprise/hazards/${h.id}`}>查看并办理</Link>
          </p>
        </section>
      ))}
      {hazards.counts.reported || hazards.counts.overdue || hazards.counts.verifying ? (
        <section className="card attention">
          <h2>隐患排查治理</h2>
          <p>
            {hazards.counts.reported ? `${hazards.counts.reported} 项隐患待定级；` : ''}
            {hazards.counts.verifying ? `${hazards.counts.verifying} 项待验收；` : ''}
            {hazards.counts.overdue ? `${hazards.counts.overdue} 项逾期未整改；` : ''}
            <Link to="/enterprise/hazards">去隐患台账办理</Link>
          </p>
        </section>
      ) : null}
      {report.due ? (
        <section className="card attention">
          <h2>本月安全生产状况报告</h2>
          <p>
            {report.lastPublishedAt
              ? `上次报告发布于 ${formatDateTime(report.lastPublishedAt)}，已超过一个月。`
              : '本企业还没有发布过状况报告。'}
            监管部门的企业列表中，超过一个月未报告的企业会标红。
            {report.draftId ? (
              <Link to={`/enterprise/reports/${report.draftId}`}>{report.canSign ? '审阅并签字发布' : '已编制，待主要负责人签字发布'}</Link>
            ) : canEdit ? (
              <Link to="/enterprise/reports">去编制本期报告</Link>
            ) : null}
          </p>
        </section>
      ) : null}
      {approvals.length ? (
        <section className="card attention">
          <h2>待我审批的责任清单（{approvals.length}）</h2>
          <ul className="plain">
            {approvals.map((a) => (
              <li key={a.id}>
                <Link to={`/enterprise/posts/${a.postId}`}>
                  {a.unitName} · {a.postName} · v{a.version}
                </Link>{' '}
                <span className="muted">
                  {a.submitted_at ? `${formatDateTime(a.submitted_at)} 提交` : ''}，需以「{a.stepName}」身份审批
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="grid-2">
        <section className="card">
          <h2>下一步要做的事</h2>
          {overview.actions.length || returned.length ? (
            <ol className="next-actions">
              {returned.map((r) => (
                <li key={r.id} className="urgency-0 returned">
                  <Link to={`/enterprise/posts/${r.postId}`}>{`「${r.postName}」责任清单 v${r.version} 被退回，请修改后重新提交`}</Link>
                  <span className="muted">{`${r.post_name ?? r.actor_name}（${formatDateTime(r.at)}）：${r.comment ?? ''}`}</span>
                </li>
              ))}
              {overview.actions.slice(0, 8).map((a) => (
                <li key={a.text} className={`urgency-${a.urgency}`}>
                  <Link to={a.href}>{a.text}</Link>
                </li>
              ))}
            </ol>
          ) : (
            <p className="notice">各项工作均已落实。</p>
          )}
        </section>
        <section className="card">
          <h2>
            <Link to="/enterprise/obligations">主体责任二十条</Link>
          </h2>
          <StatusBar items={overview.items} />
          <div className="obligation-grid small">
            {overview.items.map((i) => (
              <Link
                key={i.no}
                to={`/enterprise/obligations/${i.no}`}
                className={`obligation-cell ${i.shown ? OBLIGATION_STATUS_CLASS[i.shown] : 'badge-grey'}`}
                title={`${i.no}. ${i.title}：${i.shown ?? '未评估'}`}
              >
                <b>{i.no}</b>
              </Link>
            ))}
          </div>
        </section>
      </div>
      <div className="stats areas">
        {overview.areas.map((a) => (
          <Link key={a.name} to={a.href} className={`stat${a.bad ? ' stat-red' : ''}`}>
            <span>{a.name}</span>
            <b>{a.value}</b>
            <span>{a.note}</span>
          </Link>
        ))}
      </div>
      <div className="stats" style={{ marginTop: '1rem' }}>
        <div className="stat">
          <b>{summary.units}</b>
          <span>组织机构</span>
        </div>
        <div className="stat">
          <b>{summary.posts}</b>
          <span>岗位</span>
        </div>
        <div className="stat">
          <b>{summary.employees}</b>
          <span>从业人员</span>
        </div>
      </div>
      <div className="grid-2" style={{ marginTop: '1rem' }}>
        <section className="card">
          <h2>企业基本信息</h2>
          <EnterpriseFacts profile={profile} />
        </section>
        <div>
          <section className="card">
            <h2>监管部门</h2>
            <p className="muted" style={{ marginTop: 0 }}>
              按“管行业必须管安全”，根据行业和所在地区确定。企业发布的安全生产状况将报送以下部门。
            </p>
            <Supervisors supervisors={profile.supervisors} />
          </section>
          <section className="card">
            <h2>岗位分布（五级责任）</h2>
            <table className="data">
              <thead>
                <tr>
                  <th>责任层级</th>
                  <th className="num">岗位数</th>
                </tr>
              </thead>
              <tbody>
                {[1, 2, 3, 4, 5].map((tier) => (
                  <tr key={tier}>
                    <td>
                      第{tier}级 · {TIER_LABELS[tier]}
                    </td>
                    <td className="num">{summary.postsByTier.find((t) => t.tier === tier)?.n ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      </div>
    </>
  )
}
