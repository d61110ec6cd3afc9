import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DutyItems } from '../components/DutyItems'
import { PrintButton } from '../components/PrintButton'
import { Signatures } from '../components/Signatures'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getNotice } from '../modules/duties/duties.server'
import { TIER_LABELS } from '../modules/org/rules'
import { absoluteUrl, qrSvg } from '../modules/print/qr.server'
import { formatDate } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.post.name ?? ''}安全生产责任清单（公示）` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.open)
  const postId = uuidParam(params, 'postId')
  const notice = await withActor(actor, request, (ctx) => getNotice(ctx, postId))
  const confirmUrl = absoluteUrl(request, `/me/posts/${postId}`)
  return { ...notice, confirmUrl, qr: await qrSvg(confirmUrl) }
}

export default function Notice() {
  const n = useLoaderData<typeof loader>()
  return (
    <>
      <div className="no-print actions" style={{ marginBottom: '1rem' }}>
        <PrintButton />
        <Link to={`/enterprise/posts/${n.post.id}`} className="btn btn-secondary">
          返回岗位
        </Link>
      </div>
      <article className="a4">
        <header className="a4-head">
          <div>
            <p className="a4-org">{n.enterpriseName}</p>
            <h1>{n.version.title}</h1>
            <p>
              岗位：{n.post.name} · 部门：{n.post.unitPath} · 第{n.post.tier}级 {TIER_LABELS[n.post.tier]}
            </p>
            <p>
              版本：v{n.version.version} · 发布日期：{n.version.publishedAt ? formatDate(n.version.publishedAt) : ''}
            </p>
          </div>
          <figure className="qr">
            <div dangerouslySetInnerHTML={{ __html: n.qr }} />
            <figcaption>扫码阅读并签字确认</figcaption>
          </figure>
        </header>
        <DutyItems items={n.items} />
        <h2>审批签字</h2>
        <Signatures signatures={n.signatures} />
        <p className="a4-foot">内容摘要（SHA-256）：{n.version.contentHash}</p>
      </article>
    </>
  )
}
