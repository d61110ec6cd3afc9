import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { DueChecks } from '../components/DueChecks'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { myDueChecks } from '../modules/checks/checks.server'

// 我的排查任务: the checks due today on the posts I hold; after a check, what it recorded.
export const meta: MetaFunction = () => [{ title: '我的排查任务 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.myChecks.open)
  const url = new URL(request.url)
  const hazards = url.searchParams.get('hazards')
  return {
    checks: await withActor(actor, request, (ctx) => myDueChecks(ctx)),
    done: url.searchParams.get('done') === '1',
    hazards: hazards && /^\d{1,2}$/.test(hazards) ? Number(hazards) : 0,
  }
}

export default function MyChecks() {
  const { checks, done, hazards } = useLoaderData<typeof loader>()
  return (
    <div className="me">
      <div className="page-head">
        <div>
          <h1>我的排查任务</h1>
          <p>按排查计划逐项检查管控措施是否落实，发现隐患拍照记录。</p>
        </div>
      </div>
      {done ? (
        <p className="notice" role="status">
          排查已签字提交并存档。{hazards ? `发现的 ${hazards} 项隐患已进入隐患台账，安全管理人员会及时处理。` : '全部正常。'}
        </p>
      ) : null}
      <section className="card">
        <h2>今日待排查</h2>
        {checks.length ? <DueChecks checks={checks} /> : <p className="muted">您的岗位今天没有排查任务。</p>}
      </section>
      <Link to="/me" className="btn btn-secondary">
        返回我的履责
      </Link>
    </div>
  )
}
