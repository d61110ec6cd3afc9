import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin, enterpriseStaff, type Actor } from '../auth/actor'
import { homeOverview } from '../obligations/obligations.server'
import { enqueueReportPush } from '../push/push.server'
import { isInScope, regulatorScope } from '../regulators/scope.server'

// 安全生产状况报告: the enterprise freezes its figures, the 主要负责人 signs and thereby publishes;
// the supervising departments read it, and every read is logged where the enterprise can see it.

type DB = Kysely<Database>
type Client = { ip: string | null; userAgent: string | null }

export async function draftReport(db: DB, actor: Actor, client: Client) {
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以编制状况报告')
  const o = await homeOverview(db, actor)
  const snapshot = {
    asOf: todayInShanghai(),
    areas: o.areas.map((a) => ({ name: a.name, value: a.value, note: a.note, bad: a.bad })),
    items: o.items.map((i) => ({ no: i.no, title: i.title, shown: i.shown })),
    actions: o.actions.map((a) => ({ text: a.text, urgency: a.urgency })),
  }
  const row = await db
    .insertInto('status_reports')
    .values({ enterprise_id: enterpriseId, snapshot: JSON.stringify(snapshot), created_by: actor.userId, created_by_name: actor.displayName })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'report.draft', target: row.id, result: 'ok', ...client })
  return row.id
}

/** The 主要负责人 (a head holding a tier-1 post) signs, which publishes the report; once. */
export async function signAndPublish(db: DB, actor: Actor, id: string, holdsPrincipalPost: boolean, client: Client) {
  const enterpriseId = enterpriseStaff(actor)
  if (actor.role !== 'enterprise_head' || !holdsPrincipalPost) throw forbidden('状况报告须由主要负责人签字发布')
  const r = await db.selectFrom('status_reports').select(['published_at']).where('enterprise_id', '=', enterpriseId).where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound()
  if (r.published_at) return { ok: false as const, message: '该报告已发布' }
  await db
    .updateTable('status_reports')
    .set({ signed_by: actor.userId, signed_by_name: actor.displayName, published_at: new Date() })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .execute()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'report.publish', target: id, result: 'ok', ...client })
  // queued in this same transaction: published and queued for the provincial platform, or neither
  const { region_code } = await db.selectFrom('enterprises').select('region_code').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  await enqueueReportPush(db, { enterpriseId, reportId: id, regionCode: region_code })
  return { ok: true as const }
}

export async function listReports(db: DB, actor: Actor) {
  const enterpriseId = enterpriseStaff(actor)
  const rows = await db
    .selectFrom('status_reports')
    .select(['id', 'created_at', 'created_by_name', 'signed_by_name', 'published_at'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
  const views = await db
    .selectFrom('report_views')
    .select(['report_id', 'viewer_name', 'department_name', 'viewed_at'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('viewed_at', 'desc')
    .limit(200)
    .execute()
  return {
    reports: rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString(), published_at: r.published_at ? new Date(r.published_at).toISOString() : null })),
    views: views.map((v) => ({ ...v, viewed_at: new Date(v.viewed_at).toISOString() })),
  }
}

async function loadReport(db: DB, enterpriseId: string, id: string) {
  const r = await db.selectFrom('status_reports').selectAll().where('enterprise_id', '=', enterpriseId).where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound()
  const enterprise = await db.selectFrom('enterprises').select('name').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  return {
    id: r.id,
    enterpriseId,
    enterpriseName: enterprise.name,
    snapshot: r.snapshot,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by_name,
    signedBy: r.signed_by_name,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  }
}

export async function getReport(db: DB, actor: Actor, id: string) {
  return loadReport(db, enterpriseStaff(actor), id)
}

/** The latest published report of an enterprise in the regulator's scope (null when none). */
export async function latestPublishedFor(db: DB, actor: Actor, enterpriseId: string) {
  const scope = await regulatorScope(db, actor)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const r = await db
    .selectFrom('status_reports')
    .select(['id', 'published_at', 'signed_by_name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .executeTakeFirst()
  return r ? { id: r.id, publishedAt: new Date(r.published_at!).toISOString(), signedBy: r.signed_by_name } : null
}

/** A regulator reads a published report of an enterprise in scope; the read is logged. */
export async function readReportAsRegulator(db: DB, actor: Actor, enterpriseId: string, id: string, client: Client) {
  const scope = await regulatorScope(db, actor)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const report = await loadReport(db, enterpriseId, id)
  if (!report.publishedAt) throw notFound()
  await db
    .insertInto('report_views')
    .values({ enterprise_id: enterpriseId, report_id: id, viewer_user_id: actor.userId, viewer_name: actor.displayName, department_name: scope.departmentName })
    .execute()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'report.view', target: id, result: 'ok', ...client })
  return report
}
