import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getVersionDiff } from '../modules/duties/duties.server'
import { notFound } from '../utils/http'

export const meta: MetaFunction = () => [{ title: '版本比较 · 安责通' }]

const schema = z.object({ postId: z.string().uuid(), from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.open)
  const url = new URL(request.url)
  const parsed = schema.safeParse({ postId: params.postId, from: url.searchParams.get('from'), to: url.searchParams.get('to') })
  if (!parsed.success) throw notFound()
  return withActor(actor, request, (ctx) => getVersionDiff(ctx, parsed.data.postId, parsed.data.from, parsed.data.to))
}

const LABEL = { same: '', added: '新增', removed: '删除', changed: '修改' } as const

export default function Diff() {
  const d = useLoaderData<typeof loader>()
  const counts = { added: 0, removed: 0, changed: 0 }
  for (const op of d.ops) if (op.type !== 'same') counts[op.type]++
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            {d.post.name}：v{d.from.version} → v{d.to.version}
          </h1>
          <p>
            新增 {counts.added} 条 · 删除 {counts.removed} 条 · 修改 {counts.changed} 条
          </p>
        </div>
        <Link to={`/enterprise/posts/${d.post.id}`} className="btn btn-secondary">
          返回岗位
        </Link>
      </div>
      <ol className="diff">
        {d.ops.map((op, i) => (
          <li key={i} className={`diff-${op.type}`}>
            {op.type !== 'same' ? <span className="diff-tag">{LABEL[op.type]}</span> : null}
            {op.type === 'removed' ? <del>{op.item.text}</del> : op.item.text}
            <span className="muted">
              {' '}
              〔{op.item.category}
              {op.type === 'changed' && op.before.category !== op.item.category ? `，原为${op.before.category}` : ''}
              {op.item.legalBasis ? `；${op.item.legalBasis}` : ''}
              {op.type === 'changed' && (op.before.legalBasis ?? '') !== (op.item.legalBasis ?? '')
                ? `；原依据：${op.before.legalBasis ?? '无'}`
                : ''}
              〕
            </span>
          </li>
        ))}
      </ol>
    </>
  )
}
