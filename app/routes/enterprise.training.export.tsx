import type { LoaderFunctionArgs } from '@remix-run/node'
import { withActor } from '../db.server'
import { clientOf, recordAudit } from '../modules/audit/audit.server'
import { ACCESS } from '../modules/auth/access'
import { requireEnterpriseUser } from '../modules/auth/auth.server'
import { xlsxResponse, xlsxStream } from '../modules/excel/workbook.server'
import { certificateOverview, hoursOverview, listSessions } from '../modules/training/training.server'
import { todayInShanghai } from '../utils/dates'

// The training ledger, per-worker hours and the certificate ledger in one workbook.
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireEnterpriseUser(request, ACCESS.training.open)
  const year = Number(todayInShanghai().slice(0, 4))
  const { sessions, hours, certs } = await withActor(actor, request, async (ctx) => {
    await recordAudit(ctx.db, {
      userId: actor.userId,
      enterpriseId: actor.enterpriseId,
      action: 'training.export',
      result: 'ok',
      ...clientOf(request),
    })
    return {
      sessions: await listSessions(ctx),
      hours: await hoursOverview(ctx, year),
      certs: await certificateOverview(ctx),
    }
  })
  const stream = xlsxStream([
    {
      name: '培训台账',
      title: `安全教育培训台账（导出日期 ${todayInShanghai()}）`,
      columns: [
        { header: '日期', key: 'held_on', width: 12 },
        { header: '主题', key: 'topic', width: 30 },
        { header: '类别', key: 'kind', width: 16 },
        { header: '级别', key: 'level', width: 8 },
        { header: '学时', key: 'hours', width: 6 },
        { header: '授课人', key: 'trainer', width: 10 },
        { header: '参训人数', key: 'attendees', width: 8 },
        { header: '状态', key: 'status', width: 8 },
      ],
      rows: sessions.map((s) => ({ ...s, hours: Number(s.hours), status: s.status === 'held' ? '已举办' : '计划' })),
    },
    {
      name: `${year}年学时`,
      columns: [
        { header: '工号', key: 'employeeNo', width: 10 },
        { header: '姓名', key: 'name', width: 10 },
        { header: '部门', key: 'unitName', width: 14 },
        { header: '岗位', key: 'posts', width: 24 },
        { header: '要求', key: 'basis', width: 40 },
        { header: '应修学时', key: 'required', width: 8 },
        { header: '已修学时', key: 'achieved', width: 8 },
        { header: '差额', key: 'shortfall', width: 6 },
        { header: '缺少的三级教育', key: 'missing', width: 24 },
      ],
      rows: hours.rows.map((r) => ({ ...r, missing: r.missingLevels.join('、') })),
    },
    {
      name: '证书台账',
      columns: [
        { header: '姓名', key: 'name', width: 10 },
        { header: '工号', key: 'employee_no', width: 10 },
        { header: '证书类别', key: 'kind', width: 30 },
        { header: '证书编号', key: 'number', width: 20 },
        { header: '发证机关', key: 'authority', width: 20 },
        { header: '发证日期', key: 'issued_on', width: 12 },
        { header: '有效期至', key: 'expires_on', width: 12 },
        { header: '复审日期', key: 'review_due_on', width: 12 },
        { header: '状态', key: 'stateLabel', width: 10 },
      ],
      rows: certs.certificates,
    },
  ])
  return xlsxResponse(stream, `安全培训与证书台账-${todayInShanghai()}.xlsx`)
}
