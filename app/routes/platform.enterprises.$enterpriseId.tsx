import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { EnterpriseProfileForm, profileFormValues } from '../components/EnterpriseFields'
import { withActor } from '../db.server'
import { requirePlatformAdmin } from '../modules/auth/auth.server'
import { getEnterpriseForPlatform, updateEnterpriseAsPlatform } from '../modules/enterprises/enterprises.server'
import { enterpriseProfileSchema } from '../modules/enterprises/schema'
import { listIndustries, listLocatableRegions } from '../modules/reference/reference.server'
import { parseForm } from '../utils/form'
import { notFound } from '../utils/http'
import { isUuid } from '../utils/ids'
import { formFailure, respond } from '../utils/result'

export const meta: MetaFunction = () => [{ title: '企业信息 · 平台管理 · 安责通' }]

function enterpriseIdOf(params: { enterpriseId?: string }): string {
  if (!params.enterpriseId || !isUuid(params.enterpriseId)) throw notFound()
  return params.enterpriseId
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformEnterprises')
  const enterpriseId = enterpriseIdOf(params)
  return withActor(actor, request, async (ctx) => ({
    profile: await getEnterpriseForPlatform(ctx, enterpriseId),
    industries: await listIndustries(ctx.db),
    regions: await listLocatableRegions(ctx.db),
  }))
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePlatformAdmin(request, 'platformEnterprises')
  const enterpriseId = enterpriseIdOf(params)
  const parsed = parseForm(enterpriseProfileSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed)
  const result = await withActor(actor, request, (ctx) => updateEnterpriseAsPlatform(ctx, enterpriseId, parsed.data))
  return respond(result, parsed.values, '/platform/enterprises?updated=1')
}

export default function PlatformEnterprise() {
  const { profile, industries, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const values = actionData?.values ?? profileFormValues(profile)
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{profile.name}</h1>
          <p>行业和所在地区决定企业的监管部门：变更后，原监管部门不再看到本企业，新的监管部门看到它的全部记录。每次变更记入审计日志。</p>
        </div>
        <Link to="/platform/enterprises" className="btn btn-secondary">
          返回
        </Link>
      </div>
      <EnterpriseProfileForm
        values={values}
        errors={errors}
        industries={industries}
        regions={regions}
        supervisors={profile.supervisors}
        busy={busy}
      />
    </>
  )
}
