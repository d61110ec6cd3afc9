import { quarterOf as calendarQuarterOf } from '../../utils/calendar'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin, enterpriseStaff } from '../auth/actor'
import { attachEvidence, checkEvidence, type UploadedFile } from '../evidence/evidence.server'
import { currentAssignmentsQuery } from '../org/org.server'
import type { RequestContext } from '../../db.server'

// The two light records obligation items 1 and 2 read: 安委会 meetings (quarterly) and the annual
// 安全生产目标责任书 that each post holder signs online. A module of its own, below obligations (whose
// overview counts them) and dutylogs (whose proposals list the meetings a person attended), so neither
// of those two needs the other.

/** The calendar quarter of a day, with its Chinese name (2026年第4季度). */
export function quarterOf(day: string): { start: string; end: string; label: string } {
  const q = calendarQuarterOf(day)
  return { start: q.start, end: q.end, label: `${q.year}年第${q.quarter}季度` }
}

export async function recordMeeting(
  ctx: RequestContext,
  input: { heldOn: string; chair: string; attendees: string; topics: string },
  minutes: UploadedFile[],
) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记')
  const errors: Record<string, string> = {}
  if (input.heldOn > todayInShanghai(ctx.now)) errors.heldOn = '会议日期不能晚于今天'
  const checked = checkEvidence(minutes, 'document')
  if (!checked.ok) errors.minutes = checked.message
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors }
  const row = await db
    .insertInto('committee_meetings')
    .values({
      enterprise_id: enterpriseId,
      held_on: input.heldOn,
      chair: input.chair,
      attendees: input.attendees,
      topics: input.topics,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (minutes.length)
    await attachEvidence(
      ctx,
      { kind: 'meeting', id: row.id },
      minutes.map((m) => ({ ...m, slot: 'minutes' })),
      'document',
    )
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'meeting.record',
    target: row.id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true as const }
}

export async function committeeSummary(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const quarter = quarterOf(today)
  const meetings = await db
    .selectFrom('committee_meetings')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('held_on', 'desc')
    .limit(100)
    .execute()
  const staff = await currentAssignmentsQuery(db, enterpriseId, today).where('p.is_safety_manager', '=', true).execute()
  return {
    quarter,
    meetings,
    meetingsThisQuarter: meetings.filter((m) => m.held_on >= quarter.start && m.held_on <= quarter.end).length,
    safetyStaff: [...new Set(staff.map((s) => s.employee_id))].length,
  }
}

/** Issues this year's 目标责任书 to every current post holder who has not got one for that post. */
export async function issueTargetAgreements(ctx: RequestContext, year: number, content: string) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以登记')
  const holders = await currentAssignmentsQuery(db, enterpriseId, todayInShanghai(ctx.now)).execute()
  const existing = await db
    .selectFrom('target_agreements')
    .select(['employee_id', 'post_name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('year', '=', year)
    .execute()
  const has = new Set(existing.map((e) => `${e.employee_id}|${e.post_name}`))
  const fresh = holders.filter((h) => !has.has(`${h.employee_id}|${h.post_name}`))
  for (let i = 0; i < fresh.length; i += 1000) {
    await db
      .insertInto('target_agreements')
      .values(
        fresh.slice(i, i + 1000).map((h) => ({
          enterprise_id: enterpriseId,
          year,
          employee_id: h.employee_id,
          post_name: h.post_name,
          content,
          issued_by: actor.userId,
        })),
      )
      .execute()
  }
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'target.issue',
    target: String(year),
    result: 'ok',
    ...client,
    detail: { count: fresh.length },
    at: ctx.now,
  })
  return fresh.length
}

export async function targetAgreementStats(ctx: RequestContext, year: number) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const rows = await db
    .selectFrom('target_agreements')
    .select(['signed_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('year', '=', year)
    .execute()
  return { issued: rows.length, signed: rows.filter((r) => r.signed_at).length }
}

export async function myTargetAgreements(ctx: RequestContext) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) return []
  const rows = await db
    .selectFrom('target_agreements')
    .select(['id', 'year', 'post_name', 'content', 'signed_at'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('employee_id', '=', actor.employeeId)
    .orderBy('year', 'desc')
    .limit(20)
    .execute()
  return rows.map((r) => ({ ...r, signed_at: r.signed_at ? new Date(r.signed_at).toISOString() : null }))
}

/** The holder signs their own 目标责任书 with their name, once. */
export async function signTargetAgreement(ctx: RequestContext, id: string, typedName: string) {
  const { db, actor, client, now } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) throw forbidden()
  const a = await db
    .selectFrom('target_agreements as t')
    .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 't.enterprise_id').onRef('e.id', '=', 't.employee_id'))
    .select(['t.id', 't.signed_at', 'e.name'])
    .where('t.enterprise_id', '=', actor.enterpriseId)
    .where('t.id', '=', id)
    .where('t.employee_id', '=', actor.employeeId)
    // locked before the "already signed" check: of twenty clicks at once one signs, the rest are told
    .forUpdate('t')
    .executeTakeFirst()
  if (!a) throw notFound()
  if (a.signed_at) return { ok: false as const, message: '已签署' }
  if (typedName.replace(/\s+/g, '') !== a.name.replace(/\s+/g, ''))
    return { ok: false as const, message: `请输入您的姓名“${a.name}”作为签名` }
  await db
    .updateTable('target_agreements')
    .set({ signed_at: now, signature_kind: 'typed', signature: a.name, client_ip: client.ip })
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', id)
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: actor.enterpriseId,
    action: 'target.sign',
    target: id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true as const }
}

/**
 * 安委会 meetings between two days a person chaired or attended (by name, as the minutes record them):
 * what the 履职记录 (app/modules/dutylogs) proposes. The caller decides who may see them.
 */
export async function meetingsAttendedBetween(ctx: RequestContext, name: string, from: string, to: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const rows = await db
    .selectFrom('committee_meetings')
    .select(['id', 'held_on as day', 'chair', 'attendees', 'topics'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .orderBy('held_on')
    .execute()
  // names in the minutes are separated by 、，, or spaces: a whole-name match, not a substring of another name
  return rows.filter((m) => m.chair === name || m.attendees.split(/[、，,;；\s]+/).includes(name))
}
