import type { RequestContext } from '../../db.server'

// The enterprise's log of what regulators read (查阅记录): append-only, shown on its reports page.
// Written by every module a regulator reads through (reports, an order's evidence, hazards, the
// dashboard), so it lives with the audit trail below them all rather than in reports.

export async function logRegulatorRead(
  ctx: RequestContext,
  read: { enterpriseId: string; reportId: string | null; departmentName: string; subject: string },
) {
  const { db, actor } = ctx
  await db
    .insertInto('report_views')
    .values({
      enterprise_id: read.enterpriseId,
      report_id: read.reportId,
      viewer_user_id: actor.userId,
      viewer_name: actor.displayName,
      department_name: read.departmentName,
      subject: read.subject,
    })
    .execute()
}
