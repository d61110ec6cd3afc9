import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { ApprovalStep, Database, DutyListStatus } from '../../../db/types'
import { dutyTemplates } from '../../../seeds/duty-templates'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import type { Result } from '../../utils/result'
import { containsPattern, type Page } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import type { Actor } from '../auth/actor'
import { currentHolders, loadOrgGraph, postsHeldBy, unitPath } from '../org/org.server'
import { canApproveStep, canEditDutyLists, canOverseeDutyLists, canWithdraw, isApprover, readsOnlyHeldPosts } from './policy'
import { scopeHolding } from '../reference/scope.server'
import { approvalChain, canonicalContent, diffItems, listStateLabel, type DutyItemContent } from './rules'
import type { DraftInput, PostListQuery } from './schema'
import type { RequestContext } from '../../db.server'

// 一岗一清单: each post's versions, their items, approval in order and publication.
// The database enforces the freeze (triggers in the duty_lists migration); this module enforces
// who may do what, and in which order.

type DB = Kysely<Database>

function enterpriseOf(actor: Actor): string {
  if (actor.kind !== 'enterprise') throw notFound()
  return actor.enterpriseId
}

function requireAdmin(actor: Actor): string {
  const enterpriseId = enterpriseOf(actor)
  if (!canEditDutyLists(actor)) throw forbidden('只有企业安全管理员可以编辑责任清单')
  return enterpriseId
}

/** Enterprise admins and heads see every list of their enterprise. */
function requireStaff(actor: Actor): string {
  const enterpriseId = enterpriseOf(actor)
  if (!canOverseeDutyLists(actor)) throw forbidden()
  return enterpriseId
}

async function getPost(db: DB, enterpriseId: string, postId: string) {
  const post = await db
    .selectFrom('posts as p')
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.org_unit_id'))
    .select([
      'p.id',
      'p.name',
      'p.tier',
      'p.org_unit_id as unitId',
      'u.name as unitName',
      'p.is_safety_manager as isSafetyManager',
      'p.in_charge_of_safety as inChargeOfSafety',
      'p.is_unit_head as isUnitHead',
      'p.required_certificates as requiredCertificates',
    ])
    .where('p.enterprise_id', '=', enterpriseId)
    .where('p.id', '=', postId)
    .where('p.archived_at', 'is', null)
    .executeTakeFirst()
  if (!post) throw notFound()
  return post
}

async function getVersion(db: DB, enterpriseId: string, versionId: string, lock = false) {
  let q = db.selectFrom('duty_list_versions').selectAll().where('enterprise_id', '=', enterpriseId).where('id', '=', versionId)
  if (lock) q = q.forUpdate()
  const v = await q.executeTakeFirst()
  if (!v) throw notFound()
  return v
}

async function itemsOf(db: DB, enterpriseId: string, versionId: string) {
  return db
    .selectFrom('duty_items')
    .select(['id', 'position', 'text', 'category', 'legal_basis as legalBasis', 'criterion', 'weight'])
    .where('enterprise_id', '=', enterpriseId)
    .where('version_id', '=', versionId)
    .orderBy('position')
    .execute()
}

async function recordEvent(
  ctx: RequestContext,
  enterpriseId: string,
  versionId: string,
  action: Database['duty_list_events']['action'],
  extra: { stepRole?: ApprovalStep['role'] | null; postName?: string | null; comment?: string | null; approvalKey?: string | null } = {},
) {
  const { db, actor } = ctx
  await db
    .insertInto('duty_list_events')
    .values({
      enterprise_id: enterpriseId,
      version_id: versionId,
      action,
      step_role: extra.stepRole ?? null,
      user_id: actor.userId,
      actor_name: actor.displayName,
      post_name: extra.postName ?? null,
      comment: extra.comment ?? null,
      approval_key: extra.approvalKey ?? null,
      // the request's clock (ctx.now), as every other time the command stamps
      at: ctx.now,
    })
    .execute()
}

/** Which template a post starts from: its tier, and within tiers 2–3 its role. */
export function templateFor(post: { tier: number; inChargeOfSafety: boolean; isSafetyManager: boolean }) {
  const variant =
    post.tier === 1
      ? 'principal'
      : post.tier === 2
        ? post.inChargeOfSafety
          ? 'safety_deputy'
          : 'deputy'
        : post.tier === 3
          ? post.isSafetyManager
            ? 'safety_officer'
            : 'department_head'
          : post.tier === 4
            ? 'unit_head'
            : 'worker'
  return dutyTemplates.find((t) => t.tier === post.tier && t.variant === variant) ?? dutyTemplates.find((t) => t.tier === post.tier)!
}

// ---------------------------------------------------------------------------------------------
// The posts table

export interface PostRow {
  id: string
  name: string
  tier: number
  unitName: string
  holders: number
  holderNames: string
  publishedVersion: number | null
  openVersion: number | null
  openStatus: 'draft' | 'submitted' | null
  stateLabel: string
}

const POST_SORTS = {
  unit: 'u.name',
  name: 'p.name',
  tier: 'p.tier',
  holders: 'holders',
  status: 'state_rank',
} as const

/** How many posts the enterprise has (not archived) and how many have a published list: listPosts' totals, for the home page. */
export async function postFigures(ctx: RequestContext) {
  const { db, actor } = ctx
  const enterpriseId = requireStaff(actor)
  return db
    .selectFrom('posts as p')
    .leftJoin('duty_list_versions as pub', (j) =>
      j.onRef('pub.enterprise_id', '=', 'p.enterprise_id').onRef('pub.post_id', '=', 'p.id').on('pub.status', '=', 'published'),
    )
    .select([sql<number>`count(*)::int`.as('posts'), sql<number>`count(pub.id)::int`.as('published')])
    .where('p.enterprise_id', '=', enterpriseId)
    .where('p.archived_at', 'is', null)
    .executeTakeFirstOrThrow()
}

export async function listPosts(ctx: RequestContext, query: PostListQuery): Promise<Page<PostRow>> {
  const { db, actor } = ctx
  const enterpriseId = requireStaff(actor)
  const today = todayInShanghai(ctx.now)
  let base = db
    .selectFrom('posts as p')
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.org_unit_id'))
    .leftJoin('duty_list_versions as pub', (j) =>
      j.onRef('pub.enterprise_id', '=', 'p.enterprise_id').onRef('pub.post_id', '=', 'p.id').on('pub.status', '=', 'published'),
    )
    .leftJoin('duty_list_versions as open', (j) =>
      j
        .onRef('open.enterprise_id', '=', 'p.enterprise_id')
        .onRef('open.post_id', '=', 'p.id')
        .on('open.status', 'in', ['draft', 'submitted']),
    )
    .where('p.enterprise_id', '=', enterpriseId)
    .where('p.archived_at', 'is', null)
  if (query.q) base = base.where('p.name', 'like', containsPattern(query.q))
  if (query.tier) base = base.where('p.tier', '=', query.tier)
  if (query.unit) base = base.where('p.org_unit_id', '=', query.unit)
  if (query.status === 'none') base = base.where('pub.id', 'is', null).where('open.id', 'is', null)
  if (query.status === 'draft') base = base.where('open.status', '=', 'draft')
  if (query.status === 'submitted') base = base.where('open.status', '=', 'submitted')
  if (query.status === 'published') base = base.where('pub.id', 'is not', null)
  if (query.status === 'unpublished') base = base.where('pub.id', 'is', null)

  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const holders = sql<number>`(select count(distinct a.employee_id)::int from assignments a
      where a.enterprise_id = p.enterprise_id and a.post_id = p.id and a.start_on <= ${today}
        and (a.end_on is null or a.end_on >= ${today}))`
  const holderNames = sql<string>`(select string_agg(e.name, '、' order by e.name) from assignments a
      join employees e on e.enterprise_id = a.enterprise_id and e.id = a.employee_id
      where a.enterprise_id = p.enterprise_id and a.post_id = p.id and a.start_on <= ${today}
        and (a.end_on is null or a.end_on >= ${today}))`
  const rows = await base
    .select([
      'p.id',
      'p.name',
      'p.tier',
      'u.name as unitName',
      'pub.version as publishedVersion',
      'open.version as openVersion',
      'open.status as openStatus',
      holders.as('holders'),
      holderNames.as('holderNames'),
      sql<number>`case when pub.id is null and open.id is null then 0 when pub.id is null then 1 when open.id is not null then 2 else 3 end`.as(
        'state_rank',
      ),
    ])
    .orderBy(sql.raw(POST_SORTS[query.sort]), query.dir)
    .orderBy('u.name')
    .orderBy('p.tier')
    .orderBy('p.name')
    .orderBy('p.id')
    .limit(query.size)
    .offset((query.page - 1) * query.size)
    .execute()
  return {
    rows: rows.map((r) => ({
      id: r.id,
      name: r.name,
      tier: r.tier,
      unitName: r.unitName,
      holders: r.holders ?? 0,
      holderNames: r.holderNames ?? '',
      publishedVersion: r.publishedVersion,
      openVersion: r.openVersion,
      openStatus: r.openStatus as 'draft' | 'submitted' | null,
      stateLabel: listStateLabel(
        r.publishedVersion,
        r.openVersion && r.openStatus ? { version: r.openVersion, status: r.openStatus as 'draft' | 'submitted' } : null,
      ),
    })),
    total,
    page: query.page,
    size: query.size,
  }
}

// ---------------------------------------------------------------------------------------------
// One post's lists

export async function getPostDuties(ctx: RequestContext, postId: string) {
  const { db, actor } = ctx
  const enterpriseId = requireStaff(actor)
  const post = await getPost(db, enterpriseId, postId)
  const graph = await loadOrgGraph(db, enterpriseId)
  const versions = await db
    .selectFrom('duty_list_versions')
    .select([
      'id',
      'version',
      'status',
      'title',
      'approval_chain',
      'approval_step',
      'content_hash',
      'created_at',
      'submitted_at',
      'published_at',
      'superseded_at',
    ])
    .where('enterprise_id', '=', enterpriseId)
    .where('post_id', '=', postId)
    .orderBy('version', 'desc')
    .execute()
  const events = versions.length
    ? await db
        .selectFrom('duty_list_events')
        .select(['version_id', 'action', 'step_role', 'actor_name', 'post_name', 'comment', 'at'])
        .where('enterprise_id', '=', enterpriseId)
        .where(
          'version_id',
          'in',
          versions.map((v) => v.id),
        )
        .orderBy('at')
        .execute()
    : []
  const open = versions.find((v) => v.status === 'draft' || v.status === 'submitted') ?? null
  const published = versions.find((v) => v.status === 'published') ?? null
  const chainNow = approvalChain(
    { id: post.id, name: post.name, unitId: post.unitId, tier: post.tier, isUnitHead: post.isUnitHead },
    graph.units,
    graph.posts,
  )
  const holders = await currentHolders(db, enterpriseId, [postId], todayInShanghai(ctx.now))
  let canApprove = false
  if (open?.status === 'submitted' && isApprover(actor)) {
    const step = open.approval_chain?.[open.approval_step ?? 0]
    const held = await postsHeldBy(db, enterpriseId, actor.employeeId, todayInShanghai(ctx.now))
    canApprove = canApproveStep({ role: actor.role, heldPostIds: held, status: open.status, step }).ok
  }
  return {
    post: { ...post, unitPath: unitPath(graph.units, post.unitId) },
    holders: holders.map((h) => h.name),
    approvalChain: chainNow.ok ? chainNow.chain : null,
    approvalChainProblem: chainNow.ok ? null : chainNow.message,
    open: open ? { ...open, items: await itemsOf(db, enterpriseId, open.id) } : null,
    published: published ? { ...published, items: await itemsOf(db, enterpriseId, published.id) } : null,
    versions: versions.map((v) => ({
      ...v,
      events: events.filter((e) => e.version_id === v.id).map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    })),
    canEdit: canEditDutyLists(actor),
    canWithdraw: !!open && canWithdraw({ role: actor.role, status: open.status, approvalStep: open.approval_step }).ok,
    // the open draft was sent back: the approver's reason, shown above the editor
    returned: open?.status === 'draft' ? returnedReason(events.filter((e) => e.version_id === open.id)) : null,
    canApprove,
    // for the approver's confirm step: in whose name, and whether this signature publishes
    me: actor.displayName,
    approvalStepName: open?.approval_chain?.[open.approval_step ?? 0]?.postName ?? '',
    lastStep: !!open?.approval_chain && open.approval_step === open.approval_chain.length - 1,
    // the confirm step signs this submission and step only
    approvalKey: open?.status === 'submitted' ? approvalKeyOf(open) : null,
    template: templateFor(post),
  }
}

function returnedReason(
  events: { action: string; comment: string | null; actor_name: string; post_name: string | null; at: Date | string }[],
) {
  const last = events[events.length - 1]
  return last?.action === 'reject'
    ? { comment: last.comment, actor_name: last.actor_name, post_name: last.post_name, at: new Date(last.at).toISOString() }
    : null
}

/** The id of a post's version being drafted or approved, if any (what the post page's actions act on). */
export async function openVersionId(ctx: RequestContext, postId: string): Promise<string | null> {
  const { db, actor } = ctx
  const enterpriseId = requireStaff(actor)
  await getPost(db, enterpriseId, postId)
  const v = await db
    .selectFrom('duty_list_versions')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('post_id', '=', postId)
    .where('status', 'in', ['draft', 'submitted'])
    .executeTakeFirst()
  return v?.id ?? null
}

/** A new draft: from the tier template for a post without a list, from the current list otherwise. */
export async function startDraft(ctx: RequestContext, postId: string): Promise<Result<{ versionId: string }>> {
  const { db, actor, client } = ctx
  const enterpriseId = requireAdmin(actor)
  const post = await getPost(db, enterpriseId, postId)
  const existing = await db
    .selectFrom('duty_list_versions')
    .select(['id', 'version', 'status', 'title'])
    .where('enterprise_id', '=', enterpriseId)
    .where('post_id', '=', postId)
    .orderBy('version', 'desc')
    .execute()
  if (existing.some((v) => v.status === 'draft' || v.status === 'submitted')) {
    return { ok: false, message: '该岗位已有正在编辑或审批中的清单版本' }
  }
  const published = existing.find((v) => v.status === 'published')
  const template = templateFor(post)
  const items: DutyItemContent[] = published
    ? (await itemsOf(db, enterpriseId, published.id)).map((i) => ({
        text: i.text,
        category: i.category,
        legalBasis: i.legalBasis,
        criterion: i.criterion,
        weight: i.weight,
      }))
    : template.items.map((i) => ({ text: i.text, category: i.category, legalBasis: i.legalBasis }))
  const version = (existing[0]?.version ?? 0) + 1
  const title = published?.title ?? `${post.name}安全生产责任清单`
  const row = await db
    .insertInto('duty_list_versions')
    .values({ enterprise_id: enterpriseId, post_id: postId, version, status: 'draft', title, created_by: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (items.length) {
    await db
      .insertInto('duty_items')
      .values(
        items.map((i, position) => ({
          enterprise_id: enterpriseId,
          version_id: row.id,
          position,
          text: i.text,
          category: i.category,
          legal_basis: i.legalBasis,
          criterion: i.criterion ?? null,
          weight: i.weight ?? null,
        })),
      )
      .execute()
  }
  await recordEvent(ctx, enterpriseId, row.id, 'create', {
    comment: published ? `以 v${published.version} 为基础修订` : `由「${template.title}」模板生成`,
  })
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'duty_list.create',
    target: row.id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true, versionId: row.id }
}

/** Replaces a draft's title and items (edit, add, remove, reorder are one save). Drafts only. */
export async function saveDraft(ctx: RequestContext, versionId: string, input: DraftInput): Promise<Result> {
  const { db, actor } = ctx
  const enterpriseId = requireAdmin(actor)
  const v = await getVersion(db, enterpriseId, versionId)
  if (v.status !== 'draft')
    return {
      ok: false,
      message: v.status === 'submitted' ? '清单正在审批中，不能修改；如需修改请先由审批人退回' : '已发布的清单不能修改，请新建修订版本',
    }
  await db
    .updateTable('duty_list_versions')
    .set({ title: input.title })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', versionId)
    .execute()
  await db.deleteFrom('duty_items').where('enterprise_id', '=', enterpriseId).where('version_id', '=', versionId).execute()
  if (input.items.length) {
    await db
      .insertInto('duty_items')
      .values(
        input.items.map((i, position) => ({
          enterprise_id: enterpriseId,
          version_id: versionId,
          position,
          text: i.text,
          category: i.category,
          legal_basis: i.legalBasis,
          criterion: i.criterion ?? null,
          weight: i.weight ?? null,
        })),
      )
      .execute()
  }
  return { ok: true }
}

export async function submitDraft(ctx: RequestContext, versionId: string): Promise<Result> {
  const { db, actor, now } = ctx
  const enterpriseId = requireAdmin(actor)
  const v = await getVersion(db, enterpriseId, versionId)
  if (v.status !== 'draft') return { ok: false, message: '只有草稿可以提交审批' }
  const items = await itemsOf(db, enterpriseId, versionId)
  if (!items.length) return { ok: false, message: '清单至少要有一条职责才能提交审批' }
  const post = await getPost(db, enterpriseId, v.post_id)
  const graph = await loadOrgGraph(db, enterpriseId)
  const chain = approvalChain(
    { id: post.id, name: post.name, unitId: post.unitId, tier: post.tier, isUnitHead: post.isUnitHead },
    graph.units,
    graph.posts,
  )
  if (!chain.ok) return { ok: false, message: chain.message }
  const holders = await currentHolders(
    db,
    enterpriseId,
    chain.chain.map((s) => s.postId),
    todayInShanghai(ctx.now),
  )
  const missing = chain.chain.filter((s) => !holders.some((h) => h.postId === s.postId && h.headUserId))
  if (missing.length) {
    return { ok: false, message: `以下审批岗位没有开通“企业负责人”账号的在岗人员，无法审批：${missing.map((s) => s.postName).join('、')}` }
  }
  await db
    .updateTable('duty_list_versions')
    .set({ status: 'submitted', approval_chain: JSON.stringify(chain.chain), approval_step: 0, submitted_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .execute()
  await recordEvent(ctx, enterpriseId, versionId, 'submit', {
    comment: `审批顺序：${chain.chain.map((s) => s.postName).join(' → ')}`,
  })
  return { ok: true }
}

/**
 * 提交审批 submits exactly what the admin sees: the editor's title and items are saved and the draft
 * submitted in the caller's one transaction. If the submission is refused, the save is rolled back
 * with it (nothing half-done), and the editor keeps what was typed.
 */
export async function saveAndSubmitDraft(ctx: RequestContext, versionId: string, input: DraftInput): Promise<Result> {
  requireAdmin(ctx.actor)
  const saved = await saveDraft(ctx, versionId, input)
  if (!saved.ok) return saved
  const submitted = await submitDraft(ctx, versionId)
  if (!submitted.ok) throw new SubmitRefused(submitted.message)
  return submitted
}

/** Thrown inside the transaction so that the save before a refused submission is rolled back. */
export class SubmitRefused extends Error {}

/**
 * 撤回: the admin takes a submitted list back to draft before anyone has approved it. The version row
 * is locked before the check (approveVersion locks it too), so of a withdrawal and the first approval
 * racing, exactly one succeeds and the other is told why.
 */
export async function withdrawVersion(ctx: RequestContext, versionId: string): Promise<Result> {
  const { db, actor, client } = ctx
  const enterpriseId = requireAdmin(actor)
  const v = await getVersion(db, enterpriseId, versionId, true)
  const decision = canWithdraw({ role: actor.role, status: v.status, approvalStep: v.approval_step })
  if (!decision.ok) return decision
  await db
    .updateTable('duty_list_versions')
    .set({ status: 'draft', approval_chain: null, approval_step: null, submitted_at: null })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', versionId)
    .where('status', '=', 'submitted')
    .execute()
  await recordEvent(ctx, enterpriseId, versionId, 'withdraw', { comment: '提交人撤回，改为草稿' })
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'duty_list.withdraw',
    target: versionId,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true }
}

/**
 * Drafts an approver sent back (退回) and not yet resubmitted, with the reason: the admin's home lists
 * them first. A draft is "returned" while its latest event is the rejection.
 */
export async function returnedLists(ctx: RequestContext) {
  const { db, actor } = ctx
  if (!canEditDutyLists(actor)) return []
  const rows = await db
    .selectFrom('duty_list_versions as v')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'v.enterprise_id').onRef('p.id', '=', 'v.post_id'))
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('duty_list_events')
          .distinctOn('version_id')
          .select(['version_id', 'action', 'comment', 'actor_name', 'post_name', 'at'])
          .where('enterprise_id', '=', actor.enterpriseId)
          .orderBy('version_id')
          .orderBy('at', 'desc')
          .as('e'),
      (j) => j.onRef('e.version_id', '=', 'v.id'),
    )
    .select(['v.id', 'v.version', 'p.id as postId', 'p.name as postName', 'e.comment', 'e.actor_name', 'e.post_name', 'e.at'])
    .where('v.enterprise_id', '=', actor.enterpriseId)
    .where('v.status', '=', 'draft')
    .where('p.archived_at', 'is', null)
    .where('e.action', '=', 'reject')
    .orderBy('e.at', 'desc')
    .limit(50)
    .execute()
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }))
}

/**
 * The step waiting for this head, or why they may not act on it: decided here from the head's posts
 * today (policy.ts). Callers pass the version read under its row lock, so two signatures never act
 * on the same step.
 */
async function stepFor(
  ctx: RequestContext,
  enterpriseId: string,
  v: { status: DutyListStatus; approval_chain: ApprovalStep[] | null; approval_step: number | null },
) {
  const { db, actor } = ctx
  if (!isApprover(actor)) throw forbidden('只有企业负责人可以审批责任清单')
  const step = v.approval_chain && v.approval_step !== null ? v.approval_chain[v.approval_step] : null
  const held = await postsHeldBy(db, enterpriseId, actor.employeeId, todayInShanghai(ctx.now))
  const decision = canApproveStep({ role: actor.role, heldPostIds: held, status: v.status, step })
  if (!decision.ok || !step) return { ok: false as const, message: decision.ok ? '该清单不在审批中' : decision.message }
  return { ok: true as const, step, last: v.approval_step === v.approval_chain!.length - 1 }
}

/** Which submission and step a signature is for: changes when the list is withdrawn and resubmitted, or the step moves. */
export function approvalKeyOf(v: { submitted_at: Date | string | null; approval_step: number | null }): string {
  return `${v.submitted_at ? new Date(v.submitted_at).toISOString() : ''}#${v.approval_step}`
}

/**
 * The head at the current step approves; the last step publishes. Exactly once per step: the version
 * row is locked before the step is checked, and the approval event is unique per (version,
 * submission, step) in the schema.
 */
export async function approveVersion(
  ctx: RequestContext,
  versionId: string,
  comment: string | null,
  /** the approvalKeyOf the version the approver was shown: a list withdrawn and resubmitted since is not signed unseen */
  seenKey?: string | null,
): Promise<Result<{ published: boolean }>> {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseOf(actor)
  const v = await getVersion(db, enterpriseId, versionId, true)
  const check = await stepFor(ctx, enterpriseId, v)
  if (!check.ok) return check
  const approvalKey = approvalKeyOf(v)
  if (seenKey != null && seenKey !== approvalKey)
    return { ok: false, message: '您打开之后，该清单已被撤回或重新提交：请刷新页面，审阅现在的内容后再签字' }
  await recordEvent(ctx, enterpriseId, versionId, 'approve', {
    stepRole: check.step.role,
    postName: check.step.postName,
    comment,
    approvalKey,
  })
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'duty_list.approve',
    target: versionId,
    result: 'ok',
    ...client,
    detail: { step: check.step.role },
    at: ctx.now,
  })
  if (!check.last) {
    await db
      .updateTable('duty_list_versions')
      .set({ approval_step: (v.approval_step ?? 0) + 1 })
      .where('enterprise_id', '=', enterpriseId)
      .where('id', '=', versionId)
      .where('approval_step', '=', v.approval_step)
      .execute()
    return { ok: true, published: false }
  }
  await publish(ctx, enterpriseId, v)
  return { ok: true, published: true }
}

/** The last signature publishes: the old list is superseded, the new one frozen with its content hash. */
async function publish(ctx: RequestContext, enterpriseId: string, v: { id: string; post_id: string; version: number; title: string }) {
  const { db, now } = ctx
  const post = await getPost(db, enterpriseId, v.post_id)
  const items = await itemsOf(db, enterpriseId, v.id)
  const hash = createHash('sha256')
    .update(canonicalContent({ postName: post.name, version: v.version, title: v.title, items }))
    .digest('hex')
  await db
    .updateTable('duty_list_versions')
    .set({ status: 'superseded', superseded_at: now })
    .where('enterprise_id', '=', enterpriseId)
    .where('post_id', '=', v.post_id)
    .where('status', '=', 'published')
    .execute()
  await db
    .updateTable('duty_list_versions')
    .set({ status: 'published', published_at: now, content_hash: hash, approval_step: null })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', v.id)
    .execute()
  await recordEvent(ctx, enterpriseId, v.id, 'publish', { comment: `发布 v${v.version}，内容摘要 ${hash.slice(0, 12)}` })
}

export async function rejectVersion(ctx: RequestContext, versionId: string, reason: string): Promise<Result> {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseOf(actor)
  if (!reason.trim()) return { ok: false, message: '请填写退回原因', fieldErrors: { reason: '请填写退回原因' } }
  const v = await getVersion(db, enterpriseId, versionId, true)
  const check = await stepFor(ctx, enterpriseId, v)
  if (!check.ok) return check
  await db
    .updateTable('duty_list_versions')
    .set({ status: 'draft', approval_chain: null, approval_step: null, submitted_at: null })
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', versionId)
    .execute()
  await recordEvent(ctx, enterpriseId, versionId, 'reject', {
    stepRole: check.step.role,
    postName: check.step.postName,
    comment: reason.trim(),
  })
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'duty_list.reject',
    target: versionId,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  return { ok: true }
}

/** Lists waiting for this head's signature. */
export async function pendingApprovals(ctx: RequestContext) {
  const { db, actor } = ctx
  if (!isApprover(actor)) return []
  const held = await postsHeldBy(db, actor.enterpriseId, actor.employeeId, todayInShanghai(ctx.now))
  if (!held.length) return []
  const rows = await db
    .selectFrom('duty_list_versions as v')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'v.enterprise_id').onRef('p.id', '=', 'v.post_id'))
    .innerJoin('org_units as u', (j) => j.onRef('u.enterprise_id', '=', 'p.enterprise_id').onRef('u.id', '=', 'p.org_unit_id'))
    .select([
      'v.id',
      'v.version',
      'v.title',
      'v.submitted_at',
      'v.approval_chain',
      'v.approval_step',
      'p.id as postId',
      'p.name as postName',
      'u.name as unitName',
    ])
    .where('v.enterprise_id', '=', actor.enterpriseId)
    .where('v.status', '=', 'submitted')
    .where(sql<boolean>`v.approval_chain -> v.approval_step ->> 'postId' = any(${sql.val(held)}::text[])`)
    .orderBy('v.submitted_at')
    .limit(200)
    .execute()
  return rows.map((r) => ({ ...r, stepName: r.approval_chain?.[r.approval_step ?? 0]?.postName ?? '' }))
}

// ---------------------------------------------------------------------------------------------
// 公示 and history

async function signaturesOf(db: DB, enterpriseId: string, versionId: string) {
  return db
    .selectFrom('duty_list_events')
    .select(['step_role', 'actor_name', 'post_name', 'comment', 'at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('version_id', '=', versionId)
    .where('action', '=', 'approve')
    .orderBy('at')
    .execute()
}

/** The published list of a post, as posted on the wall (公示); 404 while none is published. */
export async function getNotice(ctx: RequestContext, postId: string) {
  const notice = await getCurrentList(ctx, postId)
  if (!notice.version) throw notFound()
  return { ...notice, version: notice.version }
}

/** A post's current published list, or version null while it has none (a worker's view of their post). */
/**
 * A worker who opens a post of their enterprise that they do not hold (the QR code of another post's
 * notice): that post's name and the posts they do hold, so the page can say so and link to theirs.
 * Null when they hold it, or when the reader is staff. Another enterprise's post stays a 404.
 */
export async function notMyPost(
  ctx: RequestContext,
  postId: string,
): Promise<{ postName: string; myPosts: { id: string; name: string }[] } | null> {
  const { db, actor } = ctx
  if (!readsOnlyHeldPosts(actor.role)) return null
  const enterpriseId = enterpriseOf(actor)
  const post = await getPost(db, enterpriseId, postId)
  const employeeId = actor.kind === 'enterprise' ? actor.employeeId : null
  const held = employeeId ? await postsHeldBy(db, enterpriseId, employeeId, todayInShanghai(ctx.now)) : []
  if (held.includes(postId)) return null
  const myPosts = await Promise.all(held.map(async (id) => ({ id, name: (await getPost(db, enterpriseId, id)).name })))
  return { postName: post.name, myPosts: myPosts.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) }
}

export async function getCurrentList(ctx: RequestContext, postId: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseOf(actor)
  const post = await getPost(db, enterpriseId, postId)
  if (readsOnlyHeldPosts(actor.role)) {
    const employeeId = actor.kind === 'enterprise' ? actor.employeeId : null
    const held = employeeId ? await postsHeldBy(db, enterpriseId, employeeId, todayInShanghai(ctx.now)) : []
    if (!held.includes(postId)) throw notFound()
  }
  const v = await db
    .selectFrom('duty_list_versions')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('post_id', '=', postId)
    .where('status', '=', 'published')
    .executeTakeFirst()
  const enterprise = await db.selectFrom('enterprises').select('name').where('id', '=', enterpriseId).executeTakeFirstOrThrow()
  const graph = await loadOrgGraph(db, enterpriseId)
  return {
    enterpriseName: enterprise.name,
    post: { ...post, unitPath: unitPath(graph.units, post.unitId) },
    version: v
      ? {
          id: v.id,
          version: v.version,
          title: v.title,
          publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null,
          contentHash: v.content_hash,
        }
      : null,
    items: v ? await itemsOf(db, enterpriseId, v.id) : [],
    signatures: v ? (await signaturesOf(db, enterpriseId, v.id)).map((s) => ({ ...s, at: new Date(s.at).toISOString() })) : [],
  }
}

/** The whole 全员安全生产责任制: every post's published list, by unit and tier. */
export async function getEnterpriseDocument(ctx: RequestContext) {
  const { db, actor } = ctx
  const enterpriseId = requireStaff(actor)
  const enterprise = await db
    .selectFrom('enterprises')
    .select(['name', 'principal_name'])
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow()
  const graph = await loadOrgGraph(db, enterpriseId)
  const versions = await db
    .selectFrom('duty_list_versions as v')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'v.enterprise_id').onRef('p.id', '=', 'v.post_id'))
    .select([
      'v.id',
      'v.version',
      'v.title',
      'v.published_at',
      'v.content_hash',
      'p.id as postId',
      'p.name as postName',
      'p.tier',
      'p.org_unit_id as unitId',
    ])
    .where('v.enterprise_id', '=', enterpriseId)
    .where('v.status', '=', 'published')
    .where('p.archived_at', 'is', null)
    .execute()
  const ids = versions.map((v) => v.id)
  const items = ids.length
    ? await db
        .selectFrom('duty_items')
        .select(['version_id', 'position', 'text', 'category', 'legal_basis as legalBasis', 'criterion', 'weight'])
        .where('enterprise_id', '=', enterpriseId)
        .where('version_id', 'in', ids)
        .orderBy('version_id')
        .orderBy('position')
        .execute()
    : []
  const signatures = ids.length
    ? await db
        .selectFrom('duty_list_events')
        .select(['version_id', 'actor_name', 'post_name', 'at'])
        .where('enterprise_id', '=', enterpriseId)
        .where('version_id', 'in', ids)
        .where('action', '=', 'approve')
        .orderBy('at')
        .execute()
    : []
  const unitOrder = new Map(graph.units.map((u, i) => [u.id, i]))
  const sections = versions
    .map((v) => ({
      ...v,
      publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null,
      unitPath: unitPath(graph.units, v.unitId),
      items: items.filter((i) => i.version_id === v.id),
      signatures: signatures
        .filter((s) => s.version_id === v.id)
        .map((s) => ({ actorName: s.actor_name, postName: s.post_name, at: new Date(s.at).toISOString() })),
    }))
    .sort(
      (a, b) =>
        a.tier - b.tier || (unitOrder.get(a.unitId) ?? 0) - (unitOrder.get(b.unitId) ?? 0) || a.postName.localeCompare(b.postName, 'zh'),
    )
  return { enterpriseName: enterprise.name, principalName: enterprise.principal_name, postsTotal: graph.posts.length, sections }
}

export async function getVersionDiff(ctx: RequestContext, postId: string, fromVersion: number, toVersion: number) {
  const { db, actor } = ctx
  const enterpriseId = requireStaff(actor)
  const post = await getPost(db, enterpriseId, postId)
  const rows = await db
    .selectFrom('duty_list_versions')
    .select(['id', 'version', 'status', 'title'])
    .where('enterprise_id', '=', enterpriseId)
    .where('post_id', '=', postId)
    .where('version', 'in', [fromVersion, toVersion])
    .execute()
  const from = rows.find((r) => r.version === fromVersion)
  const to = rows.find((r) => r.version === toVersion)
  if (!from || !to) throw notFound()
  const [a, b] = await Promise.all([itemsOf(db, enterpriseId, from.id), itemsOf(db, enterpriseId, to.id)])
  return { post, from, to, ops: diffItems(a, b) }
}

/** Published versions as a subquery (the current list of each post), for composition in SQL. */
export function publishedVersionsQuery(db: DB, enterpriseId: string) {
  return db
    .selectFrom('duty_list_versions as v')
    .select(['v.enterprise_id', 'v.id as version_id', 'v.post_id', 'v.version', 'v.title', 'v.content_hash', 'v.published_at'])
    .where('v.enterprise_id', '=', enterpriseId)
    .where('v.status', '=', 'published')
}

// ---------------------------------------------------------------------------------------------
// 一企一档: the published lists of an enterprise in a regulator's scope, read-only

/** Every post's published versions (current and superseded), by tier and unit. Out of scope is 404. */
export async function dutyListsForRegulator(ctx: RequestContext, enterpriseId: string) {
  const { db } = ctx
  await scopeHolding(ctx, enterpriseId)
  const graph = await loadOrgGraph(db, enterpriseId)
  const versions = await db
    .selectFrom('duty_list_versions as v')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'v.enterprise_id').onRef('p.id', '=', 'v.post_id'))
    .select(['v.id', 'v.version', 'v.status', 'v.published_at', 'p.id as postId'])
    .where('v.enterprise_id', '=', enterpriseId)
    .where('v.status', 'in', ['published', 'superseded'])
    .where('p.archived_at', 'is', null)
    .orderBy('v.version', 'desc')
    .execute()
  const unitOrder = new Map(graph.units.map((u, i) => [u.id, i]))
  const posts = graph.posts
    .map((p) => {
      const mine = versions.filter((v) => v.postId === p.id)
      const current = mine.find((v) => v.status === 'published')
      return {
        postId: p.id,
        postName: p.name,
        tier: p.tier,
        unitPath: unitPath(graph.units, p.unitId),
        unitOrder: unitOrder.get(p.unitId) ?? 0,
        current: current ? { id: current.id, version: current.version, publishedAt: new Date(current.published_at!).toISOString() } : null,
        history: mine
          .filter((v) => v.status === 'superseded')
          .map((v) => ({ id: v.id, version: v.version, publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null })),
      }
    })
    .sort((a, b) => a.tier - b.tier || a.unitOrder - b.unitOrder || a.postName.localeCompare(b.postName, 'zh'))
  return { postsTotal: graph.posts.length, posts }
}

/** One published (or superseded) version of an enterprise in scope: its items and approval signatures. */
export async function dutyListVersionForRegulator(ctx: RequestContext, enterpriseId: string, versionId: string) {
  const { db } = ctx
  await scopeHolding(ctx, enterpriseId)
  const v = await db
    .selectFrom('duty_list_versions')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', versionId)
    .where('status', 'in', ['published', 'superseded'])
    .executeTakeFirst()
  if (!v) throw notFound()
  const post = await getPost(db, enterpriseId, v.post_id)
  const graph = await loadOrgGraph(db, enterpriseId)
  return {
    post: { ...post, unitPath: unitPath(graph.units, post.unitId) },
    version: {
      id: v.id,
      version: v.version,
      title: v.title,
      status: v.status,
      publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null,
      contentHash: v.content_hash,
    },
    items: await itemsOf(db, enterpriseId, v.id),
    signatures: (await signaturesOf(db, enterpriseId, v.id)).map((s) => ({ ...s, at: new Date(s.at).toISOString() })),
  }
}

/**
 * The duty-list steps a user signed (审批签字) between two days, Asia/Shanghai: what the 履职记录
 * (app/modules/dutylogs) proposes. The caller decides who may see them.
 */
export async function approvalsSignedBetween(ctx: RequestContext, userId: string, from: string, to: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const day = sql<string>`to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
  return db
    .selectFrom('duty_list_events as e')
    .innerJoin('duty_list_versions as v', (j) => j.onRef('v.enterprise_id', '=', 'e.enterprise_id').onRef('v.id', '=', 'e.version_id'))
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'v.enterprise_id').onRef('p.id', '=', 'v.post_id'))
    .select(['e.id', day.as('day'), 'e.action', 'p.name as postName', 'v.version', 'e.comment'])
    .where('e.enterprise_id', '=', actor.enterpriseId)
    .where('e.user_id', '=', userId)
    .where('e.action', 'in', ['approve', 'reject'])
    .where(day, '>=', from)
    .where(day, '<=', to)
    .orderBy('e.at')
    .execute()
}
