import { formFailure, respond } from '../utils/result'
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { EnterpriseProfileForm, profileFormValues } from '../components/EnterpriseFields'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { getOwnEnterpriseProfile, updateOwnEnterpriseProfile } from '../modules/enterprises/enterprises.server'
import { enterpriseOwnProfileSchema } from '../modules/enterprises/schema'
import { listIndustries, listLocatableRegions } from '../modules/reference/reference.server'
import { parseForm } from '../utils/form'

export const meta: MetaFunction = () => [{ title: '企业信息 · 安责通' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.profile.open)
  return withActor(actor, request, async (ctx) => ({
    profile: await getOwnEnterpriseProfile(ctx),
    industries: await listIndustries(ctx.db),
    regions: await listLocatableRegions(ctx.db),
  }))
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.profile.open)
  const parsed = parseForm(enterpriseOwnProfileSchema, await request.formData())
  if (!parsed.ok) return formFailure(parsed)
  const result = await withActor(actor, request, (ctx) => updateOwnEnterpriseProfile(ctx, parsed.data))
  return respond(result, parsed.values, '/enterprise/profile?saved=1')
}

export default function EnterpriseProfilePage() {
  const { profile, industries, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  // the fields the platform keeps are always shown as they are now; what the admin typed is kept over the rest
  const { name, creditCode, industryCode, regionCode } = profile
  const values = { ...profileFormValues(profile), ...actionData?.values, name, creditCode, industryCode, regionCode }
  const errors: Record<string, string> = actionData?.fieldErrors ?? {}
  return (
    <>
      <div className="page-head">
        <div>
          <h1>企业信息</h1>
          <p>
            企业名称和统一社会信用代码按营业执照登记，行业和所在地区决定本企业的监管部门，均由平台管理员登记和变更；其余信息由本企业安全管理员维护。
          </p>
        </div>
        <Link to="/enterprise" className="btn btn-secondary">
          返回企业首页
        </Link>
      </div>
      {params.get('saved') && !actionData ? (
        <p className="notice" role="status">
          企业信息已保存。
        </p>
      ) : null}
      <EnterpriseProfileForm
        values={values}
        errors={errors}
        industries={industries}
        regions={regions}
        supervisors={profile.supervisors}
        busy={busy}
        supervisionFixed
      />
    </>
  )
}
