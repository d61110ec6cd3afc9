import type { LoaderFunctionArgs } from '@remix-run/node'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { templateWorkbook } from '../modules/excel/workbook.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireEnterpriseUser(request, ACCESS.training.manage)
  const bytes = await templateWorkbook({
    title: '培训签到表',
    columns: [
      { header: '姓名', width: 12 },
      { header: '工号', width: 12 },
      { header: '考核结果', width: 12, note: '合格 / 不合格；未考核留空' },
    ],
    example: ['孙鹏', 'HS009', '合格'],
    notes: ['1. 工号和姓名须与花名册一致。', '2. 考核不合格的人员不计入学时。', '3. 导入先预览，全部正确才写入。'],
  })
  return new Response(new Uint8Array(bytes), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="attendance-template.xlsx"; filename*=UTF-8''${encodeURIComponent('培训签到表模板.xlsx')}`,
    },
  })
}
