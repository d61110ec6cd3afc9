import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DutyItems } from '../components/DutyItems'
import { Signatures } from '../components/Signatures'
import { withActor } from '../db.server'
import { requireRegulator } from '../modules/auth/auth.server'
import { TIER_LABELS } from '../modules/org/rules'
import { readDutyListAsRegulator } from '../modules/regulators/regulators.server'
import { formatDate } from '../utils/dates'
import { uuidParam } from '../utils/http'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.post.name ?? ''}安全生产责任清单 · 一企一档` }]

// One published (or superseded) list of an enterprise in scope, read-only; the read is logged for the enterprise.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRegulator(request, 'regulatorEnterprises')
  const enterpriseId = uuidParam(params, 'enterpriseId')
  const versionId = uuidParam(params, 'versionId')
  const list = await withActor(actor, request, (ctx) => readDutyListAsRegulator(ctx, enterpriseId, versionId))
  return { ...list, enterpriseId }
}

export default function RegulatorDutyList() {
  const l = useLoaderData<typeof loader>()
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{l.version.title}</h1>
          <p>
            岗位：{l.post.name} · {l.post.unitPath} · 第{l.post.tier}级 {TIER_LABELS[l.post.tier]} · v{l.version.version}
            {l.version.publishedAt ? ` · ${formatDate(l.version.publishedAt)} 发布` : ''}
            {l.version.status === 'superseded' ? ' · 已被新版本替代' : ' · 现行'}
          </p>
        </div>
        <Link to={`/regulator/enterprises/${l.enterpriseId}#lists`} className="btn btn-secondary">
          返回一企一档
        </Link>
      </div>
      <section className="card">
        <DutyItems items={l.items} />
        <h2>审批签字</h2>
        <Signatures signatures={l.signatures} />
        <p className="hint">内容摘要（SHA-256）：{l.version.contentHash}</p>
      </section>
    </>
  )
}
