import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DutyItems } from '../components/DutyItems'
import { PrintButton } from '../components/PrintButton'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getEnterpriseDocument } from '../modules/duties/duties.server'
import { TIER_LABELS } from '../modules/org/rules'
import { formatDate, todayInShanghai } from '../utils/dates'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.enterpriseName ?? ''}全员安全生产责任制` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.open)
  return { ...(await withActor(actor, request, (ctx) => getEnterpriseDocument(ctx))), printedOn: todayInShanghai() }
}

export default function DutyDocument() {
  const d = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to="/enterprise/posts" className="btn btn-secondary">
          返回岗位列表
        </Link>
        <span className="muted">
          已发布 {d.sections.length} / {d.postsTotal} 个岗位的清单；未发布的岗位不在本文件中。
        </span>
      </div>
      <article className="a4">
        <div className="doc-cover">
          <p className="a4-org">{d.enterpriseName}</p>
          <h1>全员安全生产责任制</h1>
          <p>（一岗一清单）</p>
          <p style={{ marginTop: '30mm' }}>主要负责人：{d.principalName}</p>
          <p>印制日期：{d.printedOn}</p>
        </div>
      </article>
      <article className="a4 doc-toc">
        <h2>目录</h2>
        <ol>
          {d.sections.map((s) => (
            <li key={s.id}>
              <a href={`#post-${s.postId}`}>
                {s.postName}（{s.unitPath}）
              </a>
            </li>
          ))}
        </ol>
      </article>
      {d.sections.map((s, i) => (
        <article className="a4" key={s.id} id={`post-${s.postId}`}>
          <header className="a4-head">
            <div>
              <p className="a4-org">
                {i + 1}. 第{s.tier}级 {TIER_LABELS[s.tier]}
              </p>
              <h1>{s.title}</h1>
              <p>
                部门：{s.unitPath} · 版本 v{s.version} · 发布日期：{s.publishedAt ? formatDate(s.publishedAt) : ''}
              </p>
            </div>
          </header>
          <DutyItems items={s.items} />
          <p className="muted" style={{ fontSize: '0.85rem' }}>
            审批签字：
            {s.signatures.map((g) => `${g.postName ?? ''} ${g.actorName.replace(/（.*）$/, '')}（${formatDate(g.at)}）`).join('；')}
          </p>
        </article>
      ))}
      {d.sections.length === 0 ? <p className="muted">还没有已发布的责任清单。</p> : null}
    </>
  )
}
