import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { getSelfCheck } from '../modules/obligations/obligations.server'
import { formatDateTime } from '../utils/dates'
import { uuidParam } from '../utils/http'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.obligations.open)
  const id = uuidParam(params, 'id')
  const c = await withActor(actor, request, (ctx) => getSelfCheck(ctx, id))
  const stream = xlsxStream([
    {
      name: '自查表',
      title: `${c.enterpriseName} 主体责任二十条自查表（${formatDateTime(c.createdAt)}${c.signedBy ? `，${c.signedBy}签字` : '，待签字'}）`,
      columns: [
        { header: '条', key: 'no', width: 5 },
        { header: '内容', key: 'title', width: 50 },
        { header: '落实情况', key: 'shown', width: 10 },
        { header: '依据', key: 'basis', width: 40 },
        { header: '数据', key: 'figures', width: 40 },
        { header: '问题', key: 'warning', width: 40 },
        { header: '责任人', key: 'responsible', width: 10 },
        { header: '佐证资料数', key: 'evidenceCount', width: 10 },
      ],
      rows: c.items.map((i) => ({
        ...i,
        shown: i.shown ?? '未评估',
        figures: i.figures.map((f) => `${f.label} ${f.value}`).join('；'),
        warning: i.warning ?? '',
      })),
    },
  ])
  return xlsxResponse(stream, `主体责任二十条自查表-${c.createdAt.slice(0, 10)}.xlsx`)
}
