import type { Kysely } from 'kysely'
import type { Database, ObligationStatus } from '../../../db/types'
import { obligations } from '../../../seeds/obligations'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { confirmationFigures } from '../acknowledgements/acknowledgements.server'
import { confirmationRates } from '../acknowledgements/rules'
import { enterpriseStaff } from '../auth/actor'
import { drillOverview } from '../drills/drills.server'
import { postFigures } from '../duties/duties.server'
import { attachEvidence, evidenceCounts, evidenceOf, type UploadedFile } from '../evidence/evidence.server'
import { orderFigures } from '../supervision/supervision.server'
import { certificateFigures, hoursFigures } from '../training/training.server'
import {
  deriveDrills,
  deriveDutyLists,
  deriveHazards,
  deriveOrganisation,
  deriveRiskControl,
  deriveTraining,
  itemWarning,
  type Derived,
} from './rules'
import { dualPreventionFigures } from '../hazards/hazards.server'
import { hazardStatsDue } from '../hazard-stats/stats.server'
import { checkFigures } from '../checks/checks.server'
import { myCurrentPosts } from '../org/org.server'
import { canManageObligations, canSignSelfCheck } from './policy'
import { committeeSummary, targetAgreementStats } from '../committee/committee.server'
import { assessmentFigures, missingDutyLogFigures } from '../dutylogs/dutylogs.server'
import { concurrentReads, type RequestContext } from '../../db.server'

// 企业安全生产主体责任二十条: the catalogue (seeds/obligations.ts), each item's declared state as an
// append-only history, and — for items 1, 6 and 12 — the state the portal's own records show.

type DB = Kysely<Database>

/** The figures behind the derived items, read through the modules that own the records. */
async function derivedItems(ctx: RequestContext): Promise<Map<number, Derived>> {
  return (await recordFigures(ctx)).derived
}

/**
 * Every module's figures for the enterprise, read side by side (concurrentReads: on PostgreSQL up to
 * two more connections on the request's snapshot, one after another on the embedded engine). The
 * slowest are the largest enterprise's hours (the rules run per person in TypeScript) and its
 * 20,000 confirmation requirements; read one after another they were most of its home page. Every
 * caller reads these before it writes (a self-check or a report draft freezes them, then inserts).
 */
async function recordFigures(ctx: RequestContext) {
  const today = todayInShanghai(ctx.now)
  const year = Number(today.slice(0, 4))
  // the largest first, so the lanes are not left with one long read at the end
  const [hours, confirmations, assessment, dutyLogs, committee, certificates, drills, posts, targets, dual, hazardStats, checks] =
    await concurrentReads(
      ctx,
      (c) => hoursFigures(c, year, today),
      (c) => confirmationFigures(c, today),
      // 第二十二条: the 考核 of the period just ended, and whose monthly 履职记录 is unsigned
      (c) => assessmentFigures(c),
      (c) => missingDutyLogFigures(c),
      (c) => committeeSummary(c, today),
      (c) => certificateFigures(c, today),
      (c) => drillOverview(c, today),
      (c) => postFigures(c),
      (c) => targetAgreementStats(c, year),
      (c) => dualPreventionFigures(c),
      (c) => hazardStatsDue(c),
      (c) => checkFigures(c),
    )
  const raw = {
    assessment,
    dutyLogsMissingPeople: dutyLogs.people,
    dutyLogsMissingMonths: dutyLogs.months,
    posts: posts.posts,
    published: posts.published,
    requiring: confirmations.requiring,
    confirmed: confirmations.confirmed,
    lateConfirmations: confirmations.late,
    // every "N 人" counts distinct people: a worker overdue on two posts, or lacking two certificates, is one
    overdueConfirmations: confirmations.overduePeople,
    workers: hours.workers,
    trainingShort: hours.short,
    missingCertificates: certificates.peopleMissing,
    expiringCertificates: certificates.expiring,
    overdueDrills: drills.requirements.filter((r) => r.overdue).map((r) => r.label),
    neverDrilledPlans: drills.plans.filter((p) => !p.lastDrill).length,
    plans: drills.plans.length,
    meetingsThisQuarter: committee.meetingsThisQuarter,
    targets,
    hazardStats,
    missedChecks: checks.missed,
  }
  const derived = new Map([
    [
      1,
      deriveDutyLists({
        posts: posts.posts,
        published: posts.published,
        requiring: confirmations.requiring,
        confirmed: confirmations.confirmed,
        overdue: confirmations.overduePeople,
        late: confirmations.late,
        targetsIssued: targets.issued,
        targetsSigned: targets.signed,
        year,
        assessment,
      }),
    ],
    [
      2,
      deriveOrganisation({
        safetyStaff: committee.safetyStaff,
        meetingsThisQuarter: committee.meetingsThisQuarter,
        quarterLabel: committee.quarter.label,
      }),
    ],
    [
      6,
      deriveTraining({
        workers: hours.workers,
        short: hours.short,
        missingCertificates: certificates.peopleUncertified,
        expiredCertificates: certificates.expired,
      }),
    ],
    [
      12,
      deriveDrills({
        plans: drills.plans.length,
        overdueRequirements: drills.requirements.filter((r) => r.overdue).map((r) => r.label),
        neverDrilledPlans: drills.plans.filter((p) => !p.lastDrill).map((p) => p.title),
      }),
    ],
    [
      13,
      deriveRiskControl({
        units: dual.units.total,
        unitsCovered: dual.units.covered,
        risks: dual.risks.total,
        majorOrSerious: dual.risks.majorOrSerious,
        withoutPlan: dual.risks.withoutPlan,
      }),
    ],
    [
      14,
      deriveHazards({ ...dual.hazards, statistics: hazardStats.latest.map((s) => ({ label: s.period.label, state: s.state })) }, checks),
    ],
  ])
  return { derived, raw }
}

function ratesNote(required: number, confirmed: number, late: number): string {
  const r = confirmationRates({ required, confirmed, late })
  return r.completion === null ? '' : `完成率 ${r.completion}%，按期率 ${r.onTime}%`
}

export interface NextAction {
  text: string
  href: string
  urgency: number
}

/** The enterprise's home: the twenty items, the six areas' figures (with rectification orders), and what to do next, most urgent first. */
export async function homeOverview(ctx: RequestContext) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const { derived, raw } = await recordFigures(ctx)
  const latest = await latestStates(db, enterpriseId)
  const evidence = await itemEvidenceCounts(ctx, enterpriseId)
  const orders = await orderFigures(ctx)
  const items = obligations.map((o) => {
    const d = derived.get(o.no) ?? null
    const declared = (latest.get(o.no)?.status as ObligationStatus | undefined) ?? null
    return {
      no: o.no,
      title: o.title,
      shown: d ? d.status : declared,
      derived: !!d,
      warning: itemWarning(declared, d, evidence.get(o.no) ?? 0),
    }
  })
  const actions: NextAction[] = []
  const add = (cond: boolean, text: string, href: string, urgency: number) => cond && actions.push({ text, href, urgency })
  add(orders.overdue > 0, `${orders.overdue} 份整改指令逾期未整改`, '/enterprise/supervision', 0)
  add(orders.open - orders.overdue > 0, `${orders.open - orders.overdue} 份整改指令未销号`, '/enterprise/supervision', 1)
  add(
    raw.overdueConfirmations > 0,
    `${raw.overdueConfirmations} 人逾期未签字确认岗位责任清单`,
    '/enterprise/confirmations?state=overdue',
    1,
  )
  add(raw.overdueDrills.length > 0, `应急演练逾期：${raw.overdueDrills.join('、')}`, '/enterprise/drills', 1)
  add(raw.missedChecks > 0, `本季度 ${raw.missedChecks} 期隐患排查逾期未做`, '/enterprise/checks', 1)
  add(raw.missingCertificates > 0, `${raw.missingCertificates} 人岗位要求的证书缺失或过期`, '/enterprise/certificates', 1)
  add(raw.published < raw.posts, `${raw.posts - raw.published} 个岗位的责任清单尚未发布`, '/enterprise/posts?status=unpublished', 2)
  add(raw.plans === 0, '尚未登记应急预案', '/enterprise/drills', 2)
  add(raw.trainingShort > 0, `${raw.trainingShort} 人本年度培训学时不足或缺三级教育`, '/enterprise/training', 2)
  // 16号令 §14: the latest due 隐患排查治理统计分析表 missing is red; one to draw up and sign now comes next
  for (const s of raw.hazardStats.latest)
    add(
      s.state === 'missing',
      `${s.period.label}隐患排查治理统计分析表逾期未报（应于${s.period.dueOn}前由主要负责人签字报送）`,
      s.id ? `/enterprise/hazard-stats/${s.id}` : '/enterprise/hazard-stats',
      0,
    )
  for (const s of raw.hazardStats.open)
    add(
      !s.signedAt,
      `${s.period.label}隐患排查治理统计分析表${s.drafted ? '待主要负责人签字' : '待生成'}，${s.period.dueOn}前报送`,
      s.id ? `/enterprise/hazard-stats/${s.id}` : '/enterprise/hazard-stats',
      2,
    )
  add(
    raw.dutyLogsMissingPeople > 0,
    `${raw.dutyLogsMissingPeople} 人共 ${raw.dutyLogsMissingMonths} 个月的履职记录未签字`,
    '/enterprise/duty-logs',
    2,
  )
  add(
    raw.assessment.assessed < raw.assessment.due,
    `${raw.assessment.periodLabel}责任制考核尚有 ${raw.assessment.due - raw.assessment.assessed} 人次未完成`,
    '/enterprise/assessments',
    2,
  )
  add(raw.meetingsThisQuarter === 0, '本季度尚未召开安委会', '/enterprise/committee', 3)
  add(
    raw.targets.issued === 0 || raw.targets.signed < raw.targets.issued,
    raw.targets.issued === 0 ? '本年度目标责任书尚未下发' : `${raw.targets.issued - raw.targets.signed} 份目标责任书未签署`,
    '/enterprise/committee',
    3,
  )
  add(raw.expiringCertificates > 0, `${raw.expiringCertificates} 本证书将在90天内到期或需复审`, '/enterprise/certificates', 3)
  for (const i of items) add(i.warning !== null && !i.derived, `第${i.no}条：${i.warning}`, `/enterprise/obligations/${i.no}`, 2)
  const unassessed = items.filter((i) => !i.shown).length
  add(unassessed > 0, `${unassessed} 条主体责任尚未评估落实情况`, '/enterprise/obligations', 4)
  actions.sort((a, b) => a.urgency - b.urgency)
  const others = items.filter((i) => !i.derived)
  return {
    items,
    areas: [
      {
        name: '责任制',
        value: `${raw.published} / ${raw.posts}`,
        note: raw.assessment.due
          ? `岗位清单已发布；${raw.assessment.periodLabel}考核 ${raw.assessment.assessed} / ${raw.assessment.due}${raw.assessment.failed ? `，不合格 ${raw.assessment.failed}` : ''}`
          : '岗位清单已发布',
        bad: raw.published < raw.posts,
        href: '/enterprise/posts',
      },
      {
        name: '签字确认',
        value: `${raw.confirmed} / ${raw.requiring}`,
        // completion and on-time side by side: a late confirmation counts as done, never as on time
        note: [
          ratesNote(raw.requiring, raw.confirmed, raw.lateConfirmations),
          raw.overdueConfirmations ? `逾期未确认 ${raw.overdueConfirmations} 人` : '无逾期未确认',
        ]
          .filter(Boolean)
          .join('；'),
        bad: raw.overdueConfirmations > 0,
        href: '/enterprise/confirmations',
      },
      {
        name: '培训与持证',
        value: `${raw.workers - raw.trainingShort} / ${raw.workers}`,
        note: raw.missingCertificates ? `缺证 ${raw.missingCertificates} 人` : '学时达标人数',
        bad: raw.trainingShort > 0 || raw.missingCertificates > 0,
        href: '/enterprise/training',
      },
      {
        name: '预案与演练',
        value: String(raw.plans),
        note: raw.overdueDrills.length ? `逾期：${raw.overdueDrills.join('、')}` : '份预案，演练按期',
        bad: raw.overdueDrills.length > 0 || raw.plans === 0,
        href: '/enterprise/drills',
      },
      {
        name: '其他条款',
        value: `${others.filter((i) => i.shown === '已落实' || i.shown === '不适用').length} / ${others.length}`,
        note: '已落实或不适用',
        bad: others.some((i) => i.shown === '未落实'),
        href: '/enterprise/obligations',
      },
      {
        name: '整改指令',
        value: String(orders.open),
        note: orders.overdue ? `逾期 ${orders.overdue} 份` : '份未销号，无逾期',
        bad: orders.overdue > 0,
        href: '/enterprise/supervision',
      },
    ],
    actions,
    // the counts behind the regulator's red flags, frozen into each status report
    figures: {
      workers: raw.workers,
      overdueConfirmations: raw.overdueConfirmations,
      lateConfirmations: raw.lateConfirmations,
      confirmationsRequired: raw.requiring,
      confirmationsDone: raw.confirmed,
      missingCertificates: raw.missingCertificates,
      overdueDrills: raw.overdueDrills.length,
      itemsUnmet: items.filter((i) => i.shown === '未落实').length,
      openOrders: orders.open,
      overdueOrders: orders.overdue,
      // 责任制考核: counts only, never a person's score (regulators read these)
      assessmentPeriod: raw.assessment.periodLabel,
      assessmentsDue: raw.assessment.due,
      assessmentsDone: raw.assessment.assessed,
      assessmentsFailed: raw.assessment.failed,
      assessmentsFailedFollowedUp: raw.assessment.failedWithFollowUp,
      dutyLogMonthsMissing: raw.dutyLogsMissingMonths,
    },
  }
}

async function latestStates(db: DB, enterpriseId: string) {
  const rows = await db
    .selectFrom('obligation_states')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('item_no')
    .orderBy('set_at', 'desc')
    .execute()
  const latest = new Map<number, (typeof rows)[number]>()
  for (const r of rows) if (!latest.has(r.item_no)) latest.set(r.item_no, r)
  return latest
}

const ownerOf = (enterpriseId: string, no: number) => ({ kind: `obligation-${no}` as const, id: enterpriseId })

/** Where the twenty items' evidence files hang, for read-only views (a regulator behind a report). */
export function obligationEvidenceOwners(enterpriseId: string) {
  return obligations.map((o) => ({ no: o.no, ...ownerOf(enterpriseId, o.no) }))
}

/** Evidence files per item, in one query. */
async function itemEvidenceCounts(ctx: RequestContext, enterpriseId: string): Promise<Map<number, number>> {
  const byKind = await evidenceCounts(
    ctx,
    obligations.map((o) => ownerOf(enterpriseId, o.no).kind),
    enterpriseId,
  )
  return new Map(obligations.map((o) => [o.no, byKind.get(ownerOf(enterpriseId, o.no).kind) ?? 0]))
}

/** The twenty items at a glance: declared state, derived state where the records speak, warnings. */
export async function obligationTracker(ctx: RequestContext) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const [latest, derived] = await Promise.all([latestStates(db, enterpriseId), derivedItems(ctx)])
  const evidence = await itemEvidenceCounts(ctx, enterpriseId)
  return obligations.map((o) => {
    const state = latest.get(o.no)
    const d = derived.get(o.no) ?? null
    const declared = (state?.status as ObligationStatus | undefined) ?? null
    return {
      no: o.no,
      title: o.title,
      derivedFrom: o.derivedFrom,
      declared,
      derived: d,
      /** what to show: the records where they speak, else the declaration */
      shown: d ? d.status : declared,
      responsible: state?.responsible ?? null,
      nextReviewOn: state?.next_review_on ?? null,
      evidenceCount: evidence.get(o.no) ?? 0,
      warning: itemWarning(declared, d, evidence.get(o.no) ?? 0),
    }
  })
}

export async function obligationItem(ctx: RequestContext, no: number) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const item = obligations.find((o) => o.no === no)
  if (!item) throw notFound()
  const history = await db
    .selectFrom('obligation_states')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('item_no', '=', no)
    .orderBy('set_at', 'desc')
    .execute()
  const derived = (await derivedItems(ctx)).get(no) ?? null
  const evidence = await evidenceOf(ctx, ownerOf(enterpriseId, no))
  const current = history[0] ?? null
  return {
    item,
    derived,
    current: current ? { ...current, set_at: new Date(current.set_at).toISOString() } : null,
    history: history.map((h) => ({ ...h, set_at: new Date(h.set_at).toISOString() })),
    evidence: evidence.map((e) => ({ ...e, uploaded_at: new Date(e.uploaded_at).toISOString() })),
    warning: itemWarning((current?.status as ObligationStatus | undefined) ?? null, derived, evidence.length),
  }
}

export interface DeclareInput {
  status: ObligationStatus
  reason: string | null
  responsible: string
  note: string
  reviewedOn: string
  nextReviewOn: string | null
}

/** A new declaration is a new history row; nothing earlier is changed. */
export async function declareItem(ctx: RequestContext, no: number, input: DeclareInput, files: UploadedFile[]) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseStaff(actor)
  if (!canManageObligations(actor)) throw forbidden('只有企业安全管理员可以更新二十条落实情况')
  if (!obligations.some((o) => o.no === no)) throw notFound()
  const errors: Record<string, string> = {}
  if (input.status === '不适用' && !input.reason) errors.reason = '选择“不适用”时须说明理由'
  if (input.reviewedOn > todayInShanghai(ctx.now)) errors.reviewedOn = '评审日期不能晚于今天'
  if (input.nextReviewOn && input.nextReviewOn <= input.reviewedOn) errors.nextReviewOn = '下次评审日期应晚于本次评审日期'
  if (Object.keys(errors).length) return { ok: false as const, fieldErrors: errors }
  if (files.length) {
    const attached = await attachEvidence(
      ctx,
      ownerOf(enterpriseId, no),
      files.map((f) => ({ ...f, slot: 'evidence' })),
    )
    if (!attached.ok) return { ok: false as const, fieldErrors: { files: attached.message } }
  }
  await db
    .insertInto('obligation_states')
    .values({
      enterprise_id: enterpriseId,
      item_no: no,
      status: input.status,
      reason: input.reason,
      responsible: input.responsible,
      note: input.note,
      reviewed_on: input.reviewedOn,
      next_review_on: input.nextReviewOn,
      set_by: actor.userId,
      set_by_name: actor.displayName,
      // the request's clock, as the evidence attached with it
      set_at: ctx.now,
    })
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    at: ctx.now,
    action: 'obligation.declare',
    target: String(no),
    result: 'ok',
    ...client,
    detail: { status: input.status },
  })
  return { ok: true as const }
}

// ---------------------------------------------------------------------------------------------
// 自查: frozen runs, signed by the 主要负责人

/** Freezes every item's state, figures and warnings as they are now. */
export async function runSelfCheck(ctx: RequestContext) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseStaff(actor)
  if (!canManageObligations(actor)) throw forbidden('只有企业安全管理员可以发起自查')
  const items = await obligationTracker(ctx)
  const snapshot = items.map((i) => ({
    no: i.no,
    title: i.title,
    shown: i.shown,
    declared: i.declared,
    basis: i.derived ? `平台记录：${i.derived.explanation}` : i.declared ? '企业声明' : '未评估',
    figures: i.derived ? i.derived.figures.map((f) => ({ label: f.label, value: f.value })) : [],
    warning: i.warning,
    responsible: i.responsible,
    evidenceCount: i.evidenceCount,
  }))
  const row = await db
    .insertInto('self_checks')
    .values({
      enterprise_id: enterpriseId,
      snapshot: JSON.stringify(snapshot),
      created_by: actor.userId,
      created_by_name: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'self_check.run', target: row.id, result: 'ok', ...client })
  return row.id
}

export async function listSelfChecks(ctx: RequestContext) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const rows = await db
    .selectFrom('self_checks')
    .select(['id', 'created_at', 'created_by_name', 'signed_by_name', 'signed_at', 'snapshot'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
  return rows.map((r) => {
    const items = r.snapshot
    const n = (s: string) => items.filter((i) => i.shown === s).length
    return {
      id: r.id,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by_name,
      signedBy: r.signed_by_name,
      signedAt: r.signed_at ? new Date(r.signed_at).toISOString() : null,
      counts: {
        done: n('已落实'),
        partial: n('部分落实'),
        missing: n('未落实'),
        na: n('不适用'),
        unassessed: items.filter((i) => !i.shown).length,
      },
    }
  })
}

/** A 自查 as the enterprise sees it, and whether this actor may sign it now (the same rule as signSelfCheck). */
export async function getSelfCheck(ctx: RequestContext, id: string) {
  const { db, actor, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const r = await db.selectFrom('self_checks').selectAll().where('enterprise_id', '=', enterpriseId).where('id', '=', id).executeTakeFirst()
  if (!r) throw notFound()
  const enterprise = await db
    .selectFrom('enterprises')
    .select(['name', 'principal_name'])
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  return {
    id: r.id,
    enterpriseName: enterprise.name,
    items: r.snapshot,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by_name,
    signedBy: r.signed_by_name,
    signedPost: r.signed_post,
    signedAt: r.signed_at ? new Date(r.signed_at).toISOString() : null,
    canSign: !r.signed_at && canSignSelfCheck({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) }).ok,
  }
}

/**
 * Only an enterprise head holding a tier-1 post today (主要负责人) signs, once: decided here from the
 * database (policy.ts); the row is locked before the already-signed check, so simultaneous
 * signatures sign it once.
 */
export async function signSelfCheck(ctx: RequestContext, id: string) {
  const { db, actor, client, now } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const decision = canSignSelfCheck({ role: actor.role, posts: await myCurrentPosts(ctx, todayInShanghai(now)) })
  if (!decision.ok) throw forbidden(decision.message)
  const r = await db
    .selectFrom('self_checks')
    .select(['id', 'signed_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!r) throw notFound()
  if (r.signed_at) return { ok: false as const, message: '该自查表已签字' }
  await db
    .updateTable('self_checks')
    .set({ signed_by: actor.userId, signed_by_name: actor.displayName, signed_post: decision.post.postName, signed_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .execute()
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'self_check.sign', target: id, result: 'ok', ...client })
  return { ok: true as const }
}
