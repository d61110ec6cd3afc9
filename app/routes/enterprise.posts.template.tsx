import type { LoaderFunctionArgs } from '@remix-run/node'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { postsTemplate } from '../modules/duties/import.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEnterpriseUser(request, ACCESS.posts.manage)
  return new Response(new Uint8Array(await postsTemplate()), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="posts-template.xlsx"; filename*=UTF-8''${encodeURIComponent('岗位责任清单导入模板.xlsx')}`,
    },
  })
}
