import { createHash } from 'node:crypto'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import { forbidden, notFound } from '../../utils/http'
import { containsPattern, type Page } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import { enterpriseStaff } from '../auth/actor'
import { getCurrentList, publishedVersionsQuery } from '../duties/duties.server'
import { currentAssignmentsQuery, currentHoldingsQuery } from '../org/org.server'
import {
  ACK_STATE_LABELS,
  GENESIS_HASH,
  canonicalAcknowledgement,
  confirmedLabel,
  countingStart,
  deadlineDate,
  deadlinePeriod,
  lateDays,
  periodLabel,
  type AckState,
} from './rules'
import { canManageConfirmations, canReadConfirmationsOf } from './policy'
import type { RequestContext } from '../../db.server'

// 签字确认: a worker confirms the exact published version of their post's list. The ledger is
// append-only (a trigger refuses UPDATE/DELETE) and hash-chained per enterprise.

type DB = Kysely<Database>

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/**
 * Every current assignment against its post's published list, with deadline and state computed in
 * SQL (the same rules as rules.ts: 1 month / 15 days / 7 days after the later of taking the post and
 * the publication; overdue once the deadline day has ended in Asia/Shanghai). Without names: the
 * figures count these, and overviewQuery joins the names once for a list.
 */
function requirementsQuery(db: DB, enterpriseId: string, today: string) {
  const assignments = currentHoldingsQuery(db, enterpriseId, today).as('a')
  const versions = publishedVersionsQuery(db, enterpriseId).as('v')
  // Confirmations aggregated once per (employee, post) against the post's current version, in one
  // pass over the enterprise's confirmations (EXPLAIN: two aggregates, one of them a sort for a
  // count(distinct), were two thirds of the overview): the current version's confirmation time, and
  // whether an earlier version was confirmed (重新确认). Correlated subqueries were re-run for every
  // reference and took seconds at 20,000 assignments.
  const byPost = db
    .selectFrom('acknowledgements as ack')
    .innerJoin(publishedVersionsQuery(db, enterpriseId).as('cv'), 'cv.post_id', 'ack.post_id')
    .select([
      'ack.employee_id',
      'ack.post_id',
      sql<Date | null>`max(ack.confirmed_at) filter (where ack.version_id = cv.version_id)`.as('confirmed_at'),
      // the Shanghai day of it, once per confirmation rather than once per reference below
      sql<string | null>`(max(ack.confirmed_at) filter (where ack.version_id = cv.version_id) at time zone 'Asia/Shanghai')::date`.as(
        'confirmed_on',
      ),
      sql<boolean>`bool_or(ack.version_id <> cv.version_id)`.as('confirmed_earlier'),
    ])
    .where('ack.enterprise_id', '=', enterpriseId)
    .groupBy(['ack.employee_id', 'ack.post_id'])
    .as('k')
  const base = db
    .selectFrom(assignments)
    .innerJoin(versions, 'v.post_id', 'a.post_id')
    .leftJoin(byPost, (j) => j.onRef('k.employee_id', '=', 'a.employee_id').onRef('k.post_id', '=', 'a.post_id'))
    .select([
      'a.assignment_id',
      'a.employee_id',
      'a.post_id',
      'a.unit_id',
      'a.tier',
      'v.version_id',
      'v.version',
      sql<string | null>`k.confirmed_at::text`.as('confirmed_at'),
      'k.confirmed_on',
      sql<boolean>`coalesce(k.confirmed_earlier, false)`.as('confirmed_earlier'),
      // the later start computed once per row, and the period added to it (a date plus an interval,
      // back to a date: the same day as date + 15 for the days)
      sql<string>`(greatest(a.start_on, (v.published_at at time zone 'Asia/Shanghai')::date)
                   + case when a.tier = 1 or a.is_safety_manager or (a.tier = 2 and a.in_charge_of_safety) then interval '1 month'
                          when a.tier in (2, 3) then interval '15 days'
                          else interval '7 days' end)::date`.as('deadline_date'),
    ])
    .as('b')
  return db.selectFrom(base).select([
    'b.assignment_id',
    'b.employee_id',
    'b.post_id',
    'b.unit_id',
    'b.tier',
    'b.version_id',
    'b.version',
    'b.confirmed_at',
    sql<string>`b.deadline_date::text`.as('deadline'),
    // late is late: days past the deadline day (Shanghai calendar) of a confirmation made after it
    sql<number>`case when b.confirmed_on > b.deadline_date then b.confirmed_on - b.deadline_date else 0 end`.as('late_days'),
    sql<AckState>`case when b.confirmed_at is not null then 'confirmed'
                       when ${today}::date > b.deadline_date then 'overdue'
                       when b.confirmed_earlier then 'reconfirm'
                       else 'pending' end`.as('state'),
  ])
}

/** The requirements with the names a list shows and searches: the employee's, the post's and its unit's. */
function overviewQuery(db: DB, enterpriseId: string, today: string) {
  return db
    .selectFrom(requirementsQuery(db, enterpriseId, today).as('r'))
    .innerJoin('employees as e', (j) => j.on('e.enterprise_id', '=', enterpriseId).onRef('e.id', '=', 'r.employee_id'))
    .innerJoin('posts as p', (j) => j.on('p.enterprise_id', '=', enterpriseId).onRef('p.id', '=', 'r.post_id'))
    .innerJoin('org_units as u', (j) => j.on('u.enterprise_id', '=', enterpriseId).onRef('u.id', '=', 'r.unit_id'))
    .select([
      'r.assignment_id',
      'r.employee_id',
      'e.name as employee_name',
      'e.employee_no',
      'r.post_id',
      'p.name as post_name',
      'r.unit_id',
      'u.name as unit_name',
      'r.tier',
      'r.version_id',
      'r.version',
      'r.confirmed_at',
      'r.deadline',
      'r.late_days',
      'r.state',
    ])
}

export interface OverviewQuery {
  q: string
  unit?: string
  state?: AckState
  page: number
  size: number
  sort: 'state' | 'deadline' | 'unit' | 'employee'
  dir: 'asc' | 'desc'
}

export interface OverviewRow {
  assignmentId: string
  employeeId: string
  employeeName: string
  employeeNo: string
  postId: string
  postName: string
  unitName: string
  version: number
  deadline: string
  state: AckState
  stateLabel: string
  confirmedAt: string | null
  /** days past the deadline a confirmation was made (0: on time or not confirmed) */
  lateDays: number
}

function toOverviewRow(r: {
  assignment_id: string
  employee_id: string
  employee_name: string
  employee_no: string
  post_id: string
  post_name: string
  unit_name: string
  version: number
  deadline: string
  state: AckState
  confirmed_at: string | null
  late_days: number
}): OverviewRow {
  return {
    assignmentId: r.assignment_id,
    employeeId: r.employee_id,
    employeeName: r.employee_name,
    employeeNo: r.employee_no,
    postId: r.post_id,
    postName: r.post_name,
    unitName: r.unit_name,
    version: r.version,
    deadline: r.deadline,
    state: r.state,
    stateLabel: r.state === 'confirmed' ? confirmedLabel(r.late_days) : ACK_STATE_LABELS[r.state],
    confirmedAt: r.confirmed_at ? new Date(r.confirmed_at).toISOString() : null,
    lateDays: r.state === 'confirmed' ? r.late_days : 0,
  }
}

const OVERVIEW_ORDER: Record<OverviewQuery['sort'], (dir: 'asc' | 'desc') => RawBuilder<unknown>> = {
  state: (dir) =>
    sql`case f.state when 'overdue' then 0 when 'reconfirm' then 1 when 'pending' then 2 else 3 end ${sql.raw(dir)}, f.deadline asc`,
  deadline: (dir) => sql`f.deadline ${sql.raw(dir)}`,
  unit: (dir) => sql`f.unit_name ${sql.raw(dir)}, f.post_name`,
  employee: (dir) => sql`f.employee_name ${sql.raw(dir)}`,
}

/**
 * The safety officer's list: overdue first, filtered, sorted and paginated in SQL; counts per unit.
 * One statement: every requirement's state depends on today, so the enterprise's set is computed
 * once (a materialised CTE) and the page, its total, the per-unit counts and the head-counts are all
 * read from it — before, the set was computed three times, one statement after another.
 */
export async function confirmationOverview(ctx: RequestContext, query: OverviewQuery, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const filters: RawBuilder<unknown>[] = []
  if (query.unit) filters.push(sql`o.unit_id = ${query.unit}`)
  if (query.state) filters.push(sql`o.state = ${query.state}`)
  if (query.q) {
    const like = containsPattern(query.q)
    filters.push(sql`(o.employee_name like ${like} or o.employee_no like ${like.toUpperCase()} or o.post_name like ${like})`)
  }
  const where = filters.length ? sql`where ${sql.join(filters, sql` and `)}` : sql``
  // The set is read four times and is about 300 bytes a requirement: 20,000 of them (6 MB) spilled to a
  // temporary file under the default 4 MB work_mem, written once and read back three times (EXPLAIN:
  // 465 temp pages; about a tenth of the statement). For this request's transaction only.
  if (db.isTransaction) await sql`set local work_mem = '32MB'`.execute(db)
  const { rows } = await sql<{
    total: number
    rows: Parameters<typeof toOverviewRow>[0][]
    by_unit: UnitCounts[]
    people: { overdue: number; total: number }
  }>`
    with o as materialized (${overviewQuery(db, enterpriseId, today)}),
         f as not materialized (select * from o ${where})
    select (select count(*)::int from f) as total,
           (select coalesce(json_agg(p), '[]') from (
              select f.* from f order by ${OVERVIEW_ORDER[query.sort](query.dir)}, f.employee_no, f.assignment_id
              limit ${query.size} offset ${(query.page - 1) * query.size}) p) as rows,
           (select coalesce(json_agg(u), '[]') from (
              select o.unit_id, o.unit_name,
                     count(*) filter (where o.state = 'overdue')::int as overdue,
                     count(*) filter (where o.state = 'reconfirm')::int as reconfirm,
                     count(*) filter (where o.state = 'pending')::int as pending,
                     count(*) filter (where o.state = 'confirmed')::int as confirmed,
                     count(*) filter (where o.state = 'confirmed' and o.late_days > 0)::int as late,
                     count(*)::int as total
              from o group by o.unit_id, o.unit_name
              order by count(*) filter (where o.state = 'overdue') desc, o.unit_name) u) as by_unit,
           -- people, not requirements: a worker overdue on two posts is one person overdue (the home's
           -- and the status report's "N 人" figures)
           (select json_build_object('overdue', count(distinct o.employee_id) filter (where o.state = 'overdue'),
                                     'total', count(distinct o.employee_id)) from o) as people`.execute(db)
  const r = rows[0]!
  const result: Page<OverviewRow> = {
    rows: r.rows.map(toOverviewRow),
    total: r.total,
    page: query.page,
    size: query.size,
  }
  return { page: result, byUnit: r.by_unit, people: r.people }
}

/**
 * The enterprise's confirmation figures (the home page, item 1 and the status report): requirements,
 * confirmed, confirmed late, and the people overdue — the overview's counts without its page and
 * per-unit lists.
 */
export async function confirmationFigures(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  const row = await db
    .selectFrom(requirementsQuery(db, enterpriseId, today).as('o'))
    .select([
      sql<number>`count(*)::int`.as('requiring'),
      sql<number>`(count(*) filter (where o.state = 'confirmed'))::int`.as('confirmed'),
      sql<number>`(count(*) filter (where o.state = 'confirmed' and o.late_days > 0))::int`.as('late'),
      sql<number>`(count(distinct o.employee_id) filter (where o.state = 'overdue'))::int`.as('overduePeople'),
    ])
    .executeTakeFirstOrThrow()
  return row
}

interface UnitCounts {
  unit_id: string
  unit_name: string
  overdue: number
  reconfirm: number
  pending: number
  confirmed: number
  late: number
  total: number
}

/** The worker's own posts: each current list, its deadline and state. */
export async function myConfirmations(ctx: RequestContext, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) return []
  const rows = await db
    .selectFrom(overviewQuery(db, actor.enterpriseId, today).as('o'))
    .selectAll()
    .where('o.employee_id', '=', actor.employeeId)
    .orderBy(sql`case o.state when 'overdue' then 0 when 'reconfirm' then 1 when 'pending' then 2 else 3 end`)
    .execute()
  return rows.map(toOverviewRow)
}

/**
 * One employee's confirmation states (待确认/逾期/已确认…), for the 考核 evidence beside an assessment
 * (app/modules/dutylogs). The caller decides who may see them.
 */
export async function confirmationStatesOf(ctx: RequestContext, employeeId: string, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const rows = await db
    .selectFrom(overviewQuery(db, actor.enterpriseId, today).as('o'))
    .selectAll()
    .where('o.employee_id', '=', employeeId)
    .execute()
  return rows.map(toOverviewRow)
}

/** What the worker sees before signing: the list, the deadline, and whether it is already signed. */
export async function confirmationPage(ctx: RequestContext, postId: string, today = todayInShanghai(ctx.now)) {
  const { db, actor } = ctx
  const list = await getCurrentList(ctx, postId)
  const mine =
    actor.kind === 'enterprise' && actor.employeeId ? ((await myConfirmations(ctx, today)).find((c) => c.postId === postId) ?? null) : null
  const period = deadlinePeriod({
    tier: list.post.tier,
    inChargeOfSafety: list.post.inChargeOfSafety,
    isSafetyManager: list.post.isSafetyManager,
  })
  const employee =
    actor.kind === 'enterprise' && actor.employeeId
      ? await db
          .selectFrom('employees')
          .select('name')
          .where('enterprise_id', '=', actor.enterpriseId)
          .where('id', '=', actor.employeeId)
          .executeTakeFirst()
      : undefined
  return { ...list, mine, periodLabel: periodLabel(period), signerName: employee?.name ?? null }
}

export type ConfirmInput = { versionId: string; signatureKind: 'drawn' | 'typed'; signature: string }
export type ConfirmResult = { ok: true; acknowledgementId: string } | { ok: false; message: string; field?: string }

const MAX_SIGNATURE_BYTES = 300 * 1024

/** Checks a drawn signature is a real PNG image of a sane size, or a typed name matches the worker's. */
function signatureProblem(input: ConfirmInput, name: string): { message: string; field: string } | null {
  if (input.signatureKind === 'typed') {
    if (input.signature.replace(/\s+/g, '') !== name.replace(/\s+/g, ''))
      return { field: 'typedName', message: `请输入您的姓名“${name}”作为签名` }
    return null
  }
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(input.signature)
  if (!m) return { field: 'signature', message: '请在签名框内手写签名' }
  const bytes = Buffer.from(m[1]!, 'base64')
  if (bytes.length > MAX_SIGNATURE_BYTES) return { field: 'signature', message: '签名图片过大，请清除后重签' }
  if (bytes.length < 100 || !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { field: 'signature', message: '签名图片无效，请清除后重签' }
  return null
}

/**
 * The worker confirms their post's current list. Only their own current assignment, only the
 * version that is current now, once. Appended to the enterprise's chain under a row lock.
 */
export async function confirmList(ctx: RequestContext, postId: string, input: ConfirmInput): Promise<ConfirmResult> {
  const { db, actor, client, now } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) throw forbidden('只有本人可以签字确认自己的岗位清单')
  const enterpriseId = actor.enterpriseId
  const today = todayInShanghai(now)
  const assignment = await currentAssignmentsQuery(db, enterpriseId, today)
    .where('a.employee_id', '=', actor.employeeId)
    .where('a.post_id', '=', postId)
    .orderBy('a.start_on', 'desc')
    .executeTakeFirst()
  if (!assignment) throw notFound()
  const current = await publishedVersionsQuery(db, enterpriseId).where('v.post_id', '=', postId).executeTakeFirst()
  if (!current) return { ok: false, message: '本岗位的责任清单尚未发布' }
  if (current.version_id !== input.versionId) return { ok: false, message: '您阅读的版本已被新版本取代，请阅读最新版本后再签字确认' }
  const problem = signatureProblem(input, assignment.employee_name)
  if (problem) return { ok: false, ...problem }

  // Lock the chain head: confirmations of one enterprise are appended one at a time, and the
  // already-signed check runs under that same lock (after it is taken, so it sees every confirmation
  // committed before): twenty simultaneous confirmations write one row. The schema's unique
  // (enterprise, employee, post, version) is the backstop.
  await db
    .insertInto('ledger_heads')
    .values({ enterprise_id: enterpriseId, seq: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('enterprise_id').doNothing())
    .execute()
  const head = await db
    .selectFrom('ledger_heads')
    .select(['seq', 'last_hash'])
    .where('enterprise_id', '=', enterpriseId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const done = await db
    .selectFrom('acknowledgements')
    .select('id')
    .where('enterprise_id', '=', enterpriseId)
    .where('employee_id', '=', actor.employeeId)
    .where('post_id', '=', postId)
    .where('version_id', '=', current.version_id)
    .executeTakeFirst()
  if (done) return { ok: false, message: '您已签字确认过此版本' }
  const seq = Number(head.seq) + 1
  const confirmedAt = new Date(Math.floor(now.getTime()))
  const row = {
    enterpriseId,
    seq,
    employeeId: actor.employeeId,
    postId,
    assignmentId: assignment.assignment_id,
    versionId: current.version_id,
    version: current.version,
    contentHash: current.content_hash ?? '',
    userId: actor.userId,
    confirmedAt,
    clientIp: client.ip,
    userAgent: client.userAgent?.slice(0, 400) ?? null,
    signatureKind: input.signatureKind,
    signature: input.signature,
  }
  const rowHash = sha256(head.last_hash + canonicalAcknowledgement(row))
  const inserted = await db
    .insertInto('acknowledgements')
    .values({
      enterprise_id: enterpriseId,
      seq,
      employee_id: row.employeeId,
      post_id: postId,
      assignment_id: row.assignmentId,
      version_id: row.versionId,
      version: row.version,
      content_hash: row.contentHash,
      user_id: actor.userId,
      confirmed_at: confirmedAt,
      client_ip: row.clientIp,
      user_agent: row.userAgent,
      signature_kind: input.signatureKind,
      signature: input.signature,
      prev_hash: head.last_hash,
      row_hash: rowHash,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.updateTable('ledger_heads').set({ seq, last_hash: rowHash }).where('enterprise_id', '=', enterpriseId).execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'acknowledgement.sign',
    target: inserted.id,
    result: 'ok',
    ...client,
    detail: { postId, version: row.version },
    at: ctx.now,
  })
  return { ok: true, acknowledgementId: inserted.id }
}

export interface LedgerBreak {
  enterpriseId: string
  seq: number
  id: string
  reason: string
}

type Anchor = { reportId: string; seq: number; hash: string; publishedAt: Date | null }

/**
 * Walks every chain (or one enterprise's) from the first row: each row's hash must be
 * sha256(previous hash ‖ its canonical content), and the sequence unbroken. Then every anchor — the
 * chain head a signed status report froze (and the regulator and the provincial platform hold) —
 * must still be in the chain with the same hash: a rewrite with every later hash recomputed, or a
 * truncated and recomputed tail, no longer matches the anchor. Names the first row that disagrees.
 */
export async function verifyLedger(
  db: DB,
  enterpriseId?: string,
): Promise<{ checked: number; chains: number; anchors: number; broken: LedgerBreak[] }> {
  let headsQuery = db.selectFrom('ledger_heads').select(['enterprise_id', 'seq', 'last_hash'])
  if (enterpriseId) headsQuery = headsQuery.where('enterprise_id', '=', enterpriseId)
  let anchorsQuery = db
    .selectFrom('status_reports')
    .select(['enterprise_id', 'id', 'ledger_seq', 'ledger_hash', 'published_at'])
    .where('ledger_seq', 'is not', null)
    .orderBy('enterprise_id')
    .orderBy('ledger_seq')
    // reports that anchored the same head (no confirmation between them): the earliest is named first
    .orderBy('published_at')
    .orderBy('id')
  if (enterpriseId) anchorsQuery = anchorsQuery.where('enterprise_id', '=', enterpriseId)
  const [heads, anchorRows] = await Promise.all([headsQuery.execute(), anchorsQuery.execute()])
  const anchorsOf = new Map<string, Anchor[]>()
  for (const a of anchorRows) {
    const list = anchorsOf.get(a.enterprise_id) ?? []
    list.push({
      reportId: a.id,
      seq: Number(a.ledger_seq),
      hash: a.ledger_hash ?? '',
      publishedAt: a.published_at ? new Date(a.published_at) : null,
    })
    anchorsOf.set(a.enterprise_id, list)
  }
  // an enterprise whose head row is gone but whose reports anchored its chain is checked too
  const chains = new Map<string, { seq: number; last_hash: string } | null>(
    heads.map((h) => [h.enterprise_id, { seq: Number(h.seq), last_hash: h.last_hash }]),
  )
  for (const e of anchorsOf.keys()) if (!chains.has(e)) chains.set(e, null)
  const broken: LedgerBreak[] = []
  let checked = 0
  const anchorLabel = (a: Anchor) => `状况报告 ${a.reportId}${a.publishedAt ? `（${a.publishedAt.toISOString()} 签字发布）` : ''}`
  for (const [enterprise, h] of chains) {
    const anchors = anchorsOf.get(enterprise) ?? []
    const bySeq = new Map<number, Anchor[]>()
    for (const a of anchors) bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a])
    let lastGood = 0 // the last anchored seq that matched: the rewrite lies after it
    const fail = (b: LedgerBreak) => {
      broken.push(b)
      return true
    }
    let failed = false
    for (const a of bySeq.get(0) ?? [])
      if (!failed && a.hash !== GENESIS_HASH)
        failed = fail({ enterpriseId: enterprise, seq: 0, id: '', reason: `链首与${anchorLabel(a)}锚定的值不符` })
    let prev = GENESIS_HASH
    let expectSeq = 1
    let after = 0
    while (!failed) {
      const rows = await db
        .selectFrom('acknowledgements')
        .selectAll()
        .where('enterprise_id', '=', enterprise)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(5000)
        .execute()
      for (const r of rows) {
        checked++
        const seq = Number(r.seq)
        const reason =
          seq !== expectSeq
            ? `序号不连续：应为 ${expectSeq}，实为 ${seq}`
            : r.prev_hash !== prev
              ? '前一条的哈希不符'
              : sha256(
                    prev +
                      canonicalAcknowledgement({
                        enterpriseId: r.enterprise_id,
                        seq,
                        employeeId: r.employee_id,
                        postId: r.post_id,
                        assignmentId: r.assignment_id,
                        versionId: r.version_id,
                        version: r.version,
                        contentHash: r.content_hash,
                        userId: r.user_id,
                        confirmedAt: new Date(r.confirmed_at),
                        clientIp: r.client_ip,
                        userAgent: r.user_agent,
                        signatureKind: r.signature_kind,
                        signature: r.signature,
                      }),
                  ) !== r.row_hash
                ? '内容与哈希不符（记录被改动）'
                : null
        const anchorMiss = reason ? undefined : (bySeq.get(seq) ?? []).find((a) => a.hash !== r.row_hash)
        if (reason || anchorMiss) {
          broken.push({
            enterpriseId: r.enterprise_id,
            seq: seq,
            id: r.id,
            reason:
              reason ?? `哈希与${anchorLabel(anchorMiss!)}锚定的链头不符：第 ${lastGood + 1}–${seq} 条之间的记录被改写（其后哈希已重算）`,
          })
          failed = true
          break
        }
        if (bySeq.has(seq)) lastGood = seq
        prev = r.row_hash
        expectSeq++
        after = seq
      }
      if (failed || rows.length < 5000) break
    }
    if (failed) continue
    const lastSeq = expectSeq - 1
    const missing = anchors.find((a) => a.seq > lastSeq)
    if (missing) {
      broken.push({
        enterpriseId: enterprise,
        seq: missing.seq,
        id: '',
        reason: `${anchorLabel(missing)}锚定的第 ${missing.seq} 条记录已不存在（第 ${lastSeq + 1} 条起被删除）`,
      })
    } else if (!h) {
      broken.push({ enterpriseId: enterprise, seq: lastSeq + 1, id: '', reason: '链头记录缺失（ledger_heads 被删除）' })
    } else if (h.seq !== lastSeq || h.last_hash !== prev) {
      broken.push({ enterpriseId: enterprise, seq: expectSeq, id: '', reason: '链尾记录缺失（记录被删除）' })
    }
  }
  return { checked, chains: chains.size, anchors: anchorRows.length, broken }
}

/** One confirmation, for the printable 确认书. */
export async function getAcknowledgement(ctx: RequestContext, id: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const k = await db
    .selectFrom('acknowledgements')
    .selectAll()
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!k) throw notFound()
  if (!canReadConfirmationsOf(actor, k.employee_id)) throw notFound()
  const [employee, enterprise, items, version, post] = await Promise.all([
    db
      .selectFrom('employees')
      .select(['name', 'employee_no'])
      .where('enterprise_id', '=', actor.enterpriseId)
      .where('id', '=', k.employee_id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('enterprises').select('name').where('id', '=', actor.enterpriseId).executeTakeFirstOrThrow(),
    db
      .selectFrom('duty_items')
      .select(['text', 'category', 'legal_basis as legalBasis'])
      .where('enterprise_id', '=', actor.enterpriseId)
      .where('version_id', '=', k.version_id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('duty_list_versions')
      .select(['title', 'published_at'])
      .where('enterprise_id', '=', actor.enterpriseId)
      .where('id', '=', k.version_id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('posts')
      .select(['name', 'tier', 'is_safety_manager', 'in_charge_of_safety'])
      .where('enterprise_id', '=', actor.enterpriseId)
      .where('id', '=', k.post_id)
      .executeTakeFirstOrThrow(),
  ])
  const assignment = await db
    .selectFrom('assignments')
    .select('start_on')
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', k.assignment_id)
    .executeTakeFirstOrThrow()
  // the deadline this confirmation answered, by the same rules as the overview
  const deadline = version.published_at
    ? deadlineDate(
        countingStart(assignment.start_on, todayInShanghai(new Date(version.published_at))),
        deadlinePeriod({ tier: post.tier, inChargeOfSafety: post.in_charge_of_safety, isSafetyManager: post.is_safety_manager }),
      )
    : null
  const late = deadline ? lateDays(new Date(k.confirmed_at), deadline) : 0
  return {
    id: k.id,
    seq: Number(k.seq),
    enterpriseName: enterprise.name,
    employeeName: employee.name,
    employeeNo: employee.employee_no,
    postName: post.name,
    tier: post.tier,
    title: version.title,
    version: k.version,
    contentHash: k.content_hash,
    confirmedAt: new Date(k.confirmed_at).toISOString(),
    deadline,
    lateDays: late,
    timeliness: deadline ? (late ? confirmedLabel(late) : '按期确认') : '',
    clientIp: k.client_ip,
    signatureKind: k.signature_kind,
    signature: k.signature,
    rowHash: k.row_hash,
    items,
  }
}

/** Confirmations of an employee (latest first), for their record and the worker's own page. */
export async function acknowledgementsOf(ctx: RequestContext, employeeId: string) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  if (!canReadConfirmationsOf(actor, employeeId)) throw notFound()
  return db
    .selectFrom('acknowledgements as k')
    .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'k.enterprise_id').onRef('p.id', '=', 'k.post_id'))
    .select(['k.id', 'k.post_id as postId', 'k.version', 'k.confirmed_at', 'p.name as postName'])
    .where('k.enterprise_id', '=', actor.enterpriseId)
    .where('k.employee_id', '=', employeeId)
    .orderBy('k.confirmed_at', 'desc')
    .limit(200)
    .execute()
}

/** The confirmation ledger as rows for the .xlsx export, streamed in sequence order. */
export async function* ledgerExportRows(ctx: RequestContext): AsyncGenerator<Record<string, unknown>> {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseStaff(actor)
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'acknowledgement.export', result: 'ok', ...client, at: ctx.now })
  let after = 0
  for (;;) {
    const rows = await db
      .selectFrom('acknowledgements as k')
      .innerJoin('employees as e', (j) => j.onRef('e.enterprise_id', '=', 'k.enterprise_id').onRef('e.id', '=', 'k.employee_id'))
      .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'k.enterprise_id').onRef('p.id', '=', 'k.post_id'))
      .innerJoin('assignments as a', (j) => j.onRef('a.enterprise_id', '=', 'k.enterprise_id').onRef('a.id', '=', 'k.assignment_id'))
      .innerJoin('duty_list_versions as v', (j) => j.onRef('v.enterprise_id', '=', 'k.enterprise_id').onRef('v.id', '=', 'k.version_id'))
      .select([
        'k.seq',
        'k.confirmed_at',
        'k.version',
        'k.content_hash',
        'k.signature_kind',
        'k.client_ip',
        'k.row_hash',
        'e.name',
        'e.employee_no',
        'p.name as post',
        'p.tier',
        'p.is_safety_manager',
        'p.in_charge_of_safety',
        'a.start_on',
        'v.published_at',
      ])
      .where('k.enterprise_id', '=', enterpriseId)
      .where('k.seq', '>', after)
      .orderBy('k.seq')
      .limit(2000)
      .execute()
    for (const r of rows) {
      // the deadline this confirmation answered (rules.ts, as on the 确认书): late is late
      const deadline = r.published_at
        ? deadlineDate(
            countingStart(r.start_on, todayInShanghai(new Date(r.published_at))),
            deadlinePeriod({ tier: r.tier, inChargeOfSafety: r.in_charge_of_safety, isSafetyManager: r.is_safety_manager }),
          )
        : null
      const late = deadline ? lateDays(new Date(r.confirmed_at), deadline) : 0
      yield {
        seq: Number(r.seq),
        deadline: deadline ?? '',
        timeliness: deadline ? (late ? confirmedLabel(late) : '按期确认') : '',
        confirmedAt: new Date(r.confirmed_at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
        name: r.name,
        employeeNo: r.employee_no,
        post: r.post,
        version: `v${r.version}`,
        signature: r.signature_kind === 'drawn' ? '手写签名' : '输入姓名',
        clientIp: r.client_ip ?? '',
        contentHash: r.content_hash,
        rowHash: r.row_hash,
      }
    }
    if (rows.length < 2000) return
    after = Number(rows[rows.length - 1]!.seq)
  }
}

export const LEDGER_EXPORT_COLUMNS = [
  { header: '序号', key: 'seq', width: 8 },
  { header: '确认时间', key: 'confirmedAt', width: 20 },
  { header: '确认期限', key: 'deadline', width: 12 },
  { header: '按期情况', key: 'timeliness', width: 20 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '工号', key: 'employeeNo', width: 10 },
  { header: '岗位', key: 'post', width: 20 },
  { header: '清单版本', key: 'version', width: 8 },
  { header: '签名方式', key: 'signature', width: 10 },
  { header: '客户端地址', key: 'clientIp', width: 16 },
  { header: '清单内容摘要', key: 'contentHash', width: 30 },
  { header: '记录哈希', key: 'rowHash', width: 30 },
]

/** Queues one reminder per overdue assignment not already reminded today (the outbox; sending is elsewhere). */
export async function queueOverdueReminders(ctx: RequestContext): Promise<number> {
  const { db, actor, now } = ctx
  const today = todayInShanghai(now)
  const enterpriseId = enterpriseStaff(actor)
  if (!canManageConfirmations(actor)) throw forbidden()
  const overdue = await db
    .selectFrom(overviewQuery(db, enterpriseId, today).as('o'))
    .select(['o.employee_id', 'o.post_id', 'o.post_name', 'o.version', 'o.deadline'])
    .where('o.state', '=', 'overdue')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('reminders as r')
            .select(sql`1`.as('one'))
            .where('r.enterprise_id', '=', enterpriseId)
            .whereRef('r.employee_id', '=', 'o.employee_id')
            .whereRef('r.subject_id', '=', 'o.post_id')
            .where(sql<boolean>`(r.created_at at time zone 'Asia/Shanghai')::date = ${today}::date`),
        ),
      ),
    )
    .execute()
  for (let i = 0; i < overdue.length; i += 1000) {
    await db
      .insertInto('reminders')
      .values(
        overdue.slice(i, i + 1000).map((o) => ({
          enterprise_id: enterpriseId,
          employee_id: o.employee_id,
          kind: 'acknowledgement_overdue',
          subject_id: o.post_id,
          message: `您的岗位“${o.post_name}”安全生产责任清单（v${o.version}）已超过签字确认期限（${o.deadline}），请尽快阅读并签字确认。`,
          created_by: actor.userId,
          created_at: now,
        })),
      )
      .execute()
  }
  return overdue.length
}

export async function myReminders(ctx: RequestContext) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) return []
  return db
    .selectFrom('reminders')
    .select(['id', 'message', 'created_at'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('employee_id', '=', actor.employeeId)
    .orderBy('created_at', 'desc')
    .limit(5)
    .execute()
}

/** Per post: how many current holders have not yet confirmed its current list (the posts table's column). */
export async function unconfirmedByPost(
  ctx: RequestContext,
  postIds: string[],
  today = todayInShanghai(ctx.now),
): Promise<Map<string, number>> {
  const { db, actor } = ctx
  const enterpriseId = enterpriseStaff(actor)
  if (!postIds.length) return new Map()
  const rows = await db
    .selectFrom(requirementsQuery(db, enterpriseId, today).as('o'))
    .select(['o.post_id', sql<number>`count(*) filter (where o.state <> 'confirmed')::int`.as('n')])
    .where('o.post_id', 'in', postIds)
    .groupBy('o.post_id')
    .execute()
  return new Map(rows.map((r) => [r.post_id, r.n]))
}

/** The worker's confirmation of their post's current list, if any (for the printable 确认书 link). */
export async function currentAcknowledgementId(ctx: RequestContext, postId: string, versionId: string): Promise<string | null> {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise' || !actor.employeeId) return null
  const k = await db
    .selectFrom('acknowledgements')
    .select('id')
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('employee_id', '=', actor.employeeId)
    .where('post_id', '=', postId)
    .where('version_id', '=', versionId)
    .executeTakeFirst()
  return k?.id ?? null
}
