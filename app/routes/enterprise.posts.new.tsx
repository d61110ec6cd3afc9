import { formFailure, respond } from '../utils/result'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FormError, useFreshFormKey } from '../components/Field'
import { PostFields } from '../components/PostFields'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { startDraft } from '../modules/duties/duties.server'
import { createPost, listOrgUnits } from '../modules/org/org.server'
import { loadCatalogue } from '../modules/reference/catalogue.server'
import { postSchema } from '../modules/org/schema'
import { parseForm } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '新建岗位 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.manage)
  return withActor(actor, request, async (ctx) => ({
    units: await listOrgUnits(ctx),
    catalogue: (await loadCatalogue(ctx.db)).map((c) => ({ code: c.code, name: c.name, kind: c.kind })),
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.posts.manage)
  const parsed = parseForm(postSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed)
  const result = await withActor(actor, request, async (ctx) => {
    const created = await createPost(ctx, parsed.data)
    if (created.ok && parsed.data.startFromTemplate) await startDraft(ctx, created.postId)
    return created
  })
  return respond(result, parsed.values, (ok) => `/enterprise/posts/${ok.postId}`)
}

export default function NewPost() {
  const { units, catalogue } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  const busy = useNavigation().state === 'submitting'
  const values: Record<string, string> = actionData?.values ?? { startFromTemplate: 'on' }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <h1>新建岗位</h1>
        <Link to="/enterprise/posts" className="btn btn-secondary">
          返回岗位列表
        </Link>
      </div>
      <section className="card">
        <Form method="post" className="form" noValidate key={freshKey(values)}>
          <FormError message={errors._form ?? (Object.keys(errors).length ? '请修改标红的内容后再提交' : undefined)} />
          <PostFields values={values} errors={errors} units={units} catalogue={catalogue} withTemplate />
          <div className="actions">
            <button type="submit" className="btn" disabled={busy}>
              {busy ? '正在创建…' : '创建岗位'}
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
