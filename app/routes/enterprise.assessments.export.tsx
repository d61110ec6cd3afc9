import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { assessmentExportRows } from '../modules/dutylogs/dutylogs.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'

const querySchema = z.object({ period: z.string().max(10).optional().catch(undefined) })

// 考核表 (.xlsx) of a period, through the one export writer (cells neutralised): the people the actor may see.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.assessments.open)
  const q = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { period, rows } = await withActor(actor, request, (ctx) => assessmentExportRows(ctx, q.period))
  const stream = xlsxStream([
    {
      name: '责任制考核',
      title: `安全生产责任制考核表（${period.label}）`,
      columns: [
        { header: '姓名', key: 'name', width: 10 },
        { header: '工号', key: 'employeeNo', width: 10 },
        { header: '岗位', key: 'post', width: 20 },
        { header: '部门', key: 'unit', width: 14 },
        { header: '考核人', key: 'assessor', width: 24 },
        { header: '得分', key: 'score', width: 8 },
        { header: '考核结果', key: 'result', width: 10 },
        { header: '考核意见', key: 'comment', width: 40 },
        { header: '整改跟进措施', key: 'followUp', width: 30 },
        { header: '本人签字', key: 'seen', width: 18 },
      ],
      rows,
    },
  ])
  return xlsxResponse(stream, `责任制考核表-${period.key}.xlsx`)
}
