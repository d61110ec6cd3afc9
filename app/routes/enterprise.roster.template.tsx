import type { LoaderFunctionArgs } from '@remix-run/node'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { rosterTemplate } from '../modules/org/roster.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEnterpriseUser(request, ACCESS.roster.open)
  return new Response(new Uint8Array(await rosterTemplate()), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent('人员花名册导入模板.xlsx')}`,
    },
  })
}
