import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin, enterpriseStaff } from '../auth/actor'
import { evidenceForRegulator, openEvidenceAsRegulator } from '../evidence/evidence.server'
import { homeOverview, obligationEvidenceOwners } from '../obligations/obligations.server'
import { enqueueReportPush } from '../push/push.server'
import { isInScope, regulatorScope } from '../reference/scope.server'
import { isReportStale } from './rules'
import { GENESIS_HASH } from '../acknowledgements/rules'
import { myCurrentPosts } from '../org/org.server'
import { canSignReport } from './policy'
import { logRegulatorRead } from '../audit/regulator-reads.server'
import type { RequestContext } from '../../db.server'

// 安全生产状况报告: the enterprise freezes its figures, the 主要负责人 signs and thereby publishes;
// the supervising departments read it, and every read is logged where the enterprise can see it.

type DB = Kysely<Database>

export async function draftReport(ctx: RequestContext) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以编制状况报告')
  const o = await homeOverview(ctx)
  const snapshot = {
    asOf: todayInShanghai(ctx.now),
    areas: o.areas.map((a) => ({ name: a.name, value: a.value, note: a.note, bad: a.bad })),
    items: o.items.map((i) => ({ no: i.no, title: i.title, shown: i.shown })),
    actions: o.actions.map((a) => ({ text: a.text, urgency: a.urgency })),
    figures: o.figures,
  }
  const row = await db
    .insertInto('status_reports')
    .values({
      enterprise_id: enterpriseId,
      snapshot: JSON.stringify(snapshot),
      created_by: actor.userId,
      created_by_name: actor.displayName,
      created_at: ctx.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'report.draft',
    target: row.id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return row.id
}

/**
 * The 主要负责人 signs, which publishes the report — once. Who may sign is decided here, from the
 * actor's posts today (policy.ts), never by the caller. The report row is locked before the
 * already-published check, so twenty simultaneous signatures publish it once; the enterprise's
 * confirmation-ledger head is frozen into the report (its anchor), read under a share lock so no
 * confirmation is appended between the read and the publication.
 */
export async function signAndPublish(ctx: RequestContext, id: string) {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const decision = canSignReport({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) })
  if (!decision.ok) throw forbidden(decision.message)
  const r = await db
    .selectFrom('status_reports')
    .select(['published_at', 'snapshot'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!r) throw notFound()
  if (r.published_at) return { ok: false as const, message: '该报告已发布' }
  const head = await db
    .selectFrom('ledger_heads')
    .select(['seq', 'last_hash'])
    .where('enterprise_id', '=', enterpriseId)
    .forShare()
    .executeTakeFirst()
  const anchor = { seq: head ? Number(head.seq) : 0, hash: head?.last_hash ?? GENESIS_HASH }
  const publishedAt = now
  await db
    .updateTable('status_reports')
    .set({
      signed_by: actor.userId,
      signed_by_name: actor.displayName,
      published_at: publishedAt,
      ledger_seq: anchor.seq,
      ledger_hash: anchor.hash,
    })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .execute()
  // the dashboard reads the latest report's figures from one row per enterprise
  const f = r.snapshot.figures
  const status = {
    report_id: id,
    published_at: publishedAt,
    workers: f?.workers ?? 0,
    overdue_confirmations: f?.overdueConfirmations ?? 0,
    missing_certificates: f?.missingCertificates ?? 0,
    overdue_drills: f?.overdueDrills ?? 0,
    items_unmet: f?.itemsUnmet ?? 0,
  }
  await db
    .insertInto('enterprise_report_status')
    .values({ enterprise_id: enterpriseId, ...status })
    .onConflict((oc) => oc.column('enterprise_id').doUpdateSet(status))
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'report.publish',
    target: id,
    result: 'ok',
    ...client,
    detail: { post: decision.post.postName, ledgerAnchor: anchor },
    at: ctx.now,
  })
  // queued in this same transaction: published and queued for the provincial platform, or neither
  const { region_code } = await db.selectFrom('enterprises').select('region_code').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  await enqueueReportPush(db, { enterpriseId, reportId: id, regionCode: region_code })
  return { ok: true as const }
}

export async function listReports(ctx: RequestContext) {
  const { db, actor } = ctx
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
    .select(['report_id', 'viewer_name', 'department_name', 'viewed_at', 'subject'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('viewed_at', 'desc')
    .limit(200)
    .execute()
  return {
    reports: rows.map((r) => ({
      ...r,
      created_at: new Date(r.created_at).toISOString(),
      published_at: r.published_at ? new Date(r.published_at).toISOString() : null,
    })),
    views: views.map((v) => ({ ...v, viewed_at: new Date(v.viewed_at).toISOString() })),
  }
}

async function loadReport(db: DB, enterpriseId: string, id: string) {
  const r = await db
    .selectFrom('status_reports')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .executeTakeFirst()
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
    /** the confirmation-ledger head frozen when the head signed: the regulator's witness */
    ledgerAnchor: r.ledger_seq !== null && r.ledger_hash ? { seq: Number(r.ledger_seq), hash: r.ledger_hash } : null,
  }
}

/** A report as the enterprise sees it, and whether this actor may sign it now (the same rule as signAndPublish). */
export async function getReport(ctx: RequestContext, id: string) {
  const { db, actor, now } = ctx
  const report = await loadReport(db, enterpriseStaff(actor), id)
  const canSign = !report.publishedAt && canSignReport({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) }).ok
  return { ...report, canSign }
}

/** A regulator reads a published report of an enterprise in scope; the read is logged. */
export async function readReportAsRegulator(ctx: RequestContext, enterpriseId: string, id: string) {
  const { db, actor, client } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const report = await loadReport(db, enterpriseId, id)
  if (!report.publishedAt) throw notFound()
  await logRegulatorRead(ctx, { enterpriseId, reportId: id, departmentName: scope.departmentName, subject: '状况报告' })
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'report.view', target: id, result: 'ok', ...client, at: ctx.now })
  // the evidence the items stood on when the head signed: files uploaded up to the publication
  const owners = obligationEvidenceOwners(enterpriseId)
  const files = await evidenceForRegulator(ctx, enterpriseId, owners, new Date(report.publishedAt))
  const evidence = owners
    .map((o) => ({
      no: o.no,
      files: files
        .filter((f) => f.owner_kind === o.kind)
        .map((f) => ({ id: f.id, name: f.file_name, size: f.size, uploadedAt: new Date(f.uploaded_at).toISOString() })),
    }))
    .filter((e) => e.files.length)
  const history = await publishedReports(db, enterpriseId)
  return { ...report, evidence, history }
}

async function publishedReports(db: DB, enterpriseId: string) {
  const rows = await db
    .selectFrom('status_reports')
    .select(['id', 'published_at', 'signed_by_name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .limit(24)
    .execute()
  return rows.map((r) => ({ id: r.id, publishedAt: new Date(r.published_at!).toISOString(), signedBy: r.signed_by_name }))
}

/** The published reports of an enterprise in scope, newest first (the last two years). */
export async function publishedReportsFor(ctx: RequestContext, enterpriseId: string) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  return publishedReports(db, enterpriseId)
}

/**
 * A regulator opens a file of evidence behind a published report: only the twenty items' files as
 * they stood when the head signed. The read goes into the enterprise's 查阅记录.
 */
export async function openReportEvidence(ctx: RequestContext, enterpriseId: string, reportId: string, fileId: string) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const r = await db
    .selectFrom('status_reports')
    .select(['published_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', reportId)
    .executeTakeFirst()
  if (!r?.published_at) throw notFound()
  const file = await openEvidenceAsRegulator(ctx, enterpriseId, fileId, {
    owners: obligationEvidenceOwners(enterpriseId),
    asOf: new Date(r.published_at),
  })
  await logRegulatorRead(ctx, { enterpriseId, reportId, departmentName: file.departmentName, subject: `佐证材料：${file.fileName}` })
  return file
}

/** Whether the enterprise owes its monthly report: none published in the last calendar month. */
export async function reportDue(ctx: RequestContext) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const last = await db
    .selectFrom('status_reports')
    .select(['published_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .executeTakeFirst()
  const draft = await db
    .selectFrom('status_reports')
    .select(['id'])
    .where('enterprise_id', '=', enterpriseId)
    .where('published_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  const lastAt = last?.published_at ? new Date(last.published_at) : null
  // whether this actor may sign the draft (the same rule as signAndPublish), for the home's link
  const canSign = canSignReport({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) }).ok
  return { due: isReportStale(lastAt, now), lastPublishedAt: lastAt ? lastAt.toISOString() : null, draftId: draft?.id ?? null, canSign }
}

/** "3 / 4" as a share in per cent, a plain number as itself; what a trend line can plot. */
function areaNumber(value: string): { value: number; percent: boolean } | null {
  const ratio = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(value)
  if (ratio) {
    const total = Number(ratio[2])
    return { value: total ? Math.round((Number(ratio[1]) / total) * 1000) / 10 : 100, percent: true }
  }
  const n = Number(value)
  return Number.isFinite(n) && value.trim() !== '' ? { value: n, percent: false } : null
}

/**
 * 一企一档: the last twelve signed reports of an enterprise in scope, oldest first — each with its
 * confirmation figures and the ledger head anchored when the head signed — and the six areas as
 * series for the trend chart. Out of scope is 404; the caller logs the read.
 */
export async function reportTrendFor(ctx: RequestContext, enterpriseId: string) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const rows = await db
    .selectFrom('status_reports')
    .select(['id', 'published_at', 'signed_by_name', 'snapshot', 'ledger_seq', 'ledger_hash'])
    .where('enterprise_id', '=', enterpriseId)
    .where('published_at', 'is not', null)
    .orderBy('published_at', 'desc')
    .limit(12)
    .execute()
  const reports = rows.reverse().map((r) => ({
    id: r.id,
    publishedAt: new Date(r.published_at!).toISOString(),
    asOf: r.snapshot.asOf,
    signedBy: r.signed_by_name,
    ledgerAnchor: r.ledger_seq !== null && r.ledger_hash ? { seq: Number(r.ledger_seq), hash: r.ledger_hash } : null,
    confirmations: {
      required: r.snapshot.figures?.confirmationsRequired ?? null,
      done: r.snapshot.figures?.confirmationsDone ?? null,
      late: r.snapshot.figures?.lateConfirmations ?? null,
      overdue: r.snapshot.figures?.overdueConfirmations ?? null,
    },
    areas: r.snapshot.areas,
  }))
  const names = [...new Set(reports.flatMap((r) => r.areas.map((a) => a.name)))]
  const series = names.map((name) => {
    const points = reports.map((r) => {
      const a = r.areas.find((x) => x.name === name)
      const n = a ? areaNumber(a.value) : null
      return { label: r.asOf.slice(0, 7), value: n?.value ?? null, shown: a?.value ?? '—', bad: a?.bad ?? false }
    })
    const percent = reports.some((r) => {
      const a = r.areas.find((x) => x.name === name)
      return a ? (areaNumber(a.value)?.percent ?? false) : false
    })
    return { name, unit: percent ? '%' : '', points }
  })
  return { reports, series }
}
