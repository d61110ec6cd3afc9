import { sql, type Kysely } from 'kysely'
import type { Database, PushStatus, ReportSnapshot } from '../../../db/types'
import type { FieldErrors } from '../../utils/form'
import { forbidden, notFound } from '../../utils/http'
import type { Page } from '../../utils/table-params'
import { recordAudit } from '../audit/audit.server'
import type { Actor } from '../auth/actor'
import { classifyOutcome, DEFAULT_TIMEOUT_MS, endpointCovers, idempotencyKey, maskToken, nextState, type AttemptOutcome } from './rules'
import type { EndpointInput, OutboxQuery, RetryInput } from './schema'
import type { RequestContext } from '../../db.server'

// 省级平台推送: a published status report is queued in report_push_outbox in the transaction that
// publishes it (the outbox pattern), and a background loop delivers the queue over HTTP. Delivery is
// at-least-once on our side: every attempt of a row carries the same Idempotency-Key, and the receiver
// dedupes on it, which together make the report land exactly once even when an answer is lost.

type DB = Kysely<Database>

function assertPlatform(actor: Actor) {
  if (actor.kind !== 'platform') throw forbidden('只有平台管理员可以管理省级平台推送')
}

// ---------------------------------------------------------------------------------------------------
// Queueing

/**
 * Queues a just-published report for every enabled endpoint whose region covers the enterprise's
 * (a province's endpoint receives all its cities' reports). Runs inside the publishing transaction;
 * queueing the same report twice is a no-op thanks to the unique idempotency key.
 */
export async function enqueueReportPush(
  db: DB,
  input: { enterpriseId: string; reportId: string; regionCode: string; now?: Date },
): Promise<string[]> {
  // every region covering the enterprise shares its province's two digits; the rule decides the rest
  const endpoints = await db
    .selectFrom('push_endpoints as e')
    .innerJoin('regions as r', 'r.code', 'e.region_code')
    .select(['e.region_code', 'r.level'])
    .where('e.enabled', '=', true)
    .where('e.region_code', 'like', `${input.regionCode.slice(0, 2)}%`)
    .execute()
  const covering = endpoints.filter((e) => endpointCovers({ code: e.region_code, level: e.level }, input.regionCode))
  if (covering.length === 0) return []
  const now = input.now ?? new Date()
  const rows = await db
    .insertInto('report_push_outbox')
    .values(
      covering.map((e) => ({
        enterprise_id: input.enterpriseId,
        report_id: input.reportId,
        region_code: e.region_code,
        idempotency_key: idempotencyKey(input.reportId, e.region_code),
        next_attempt_at: now,
      })),
    )
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}

// ---------------------------------------------------------------------------------------------------
// Delivering

/**
 * What the receiver gets: who published, when, who signed, the frozen snapshot itself, and the
 * enterprise's confirmation-ledger head at the signature (last sequence number and its hash) — the
 * witness outside the enterprise against which `verify:ledger` checks the chain later.
 */
export interface PushPayload {
  reportId: string
  enterprise: { creditCode: string; name: string; regionCode: string; regionName: string }
  publishedAt: string
  signedBy: string | null
  ledgerAnchor: { seq: number; hash: string } | null
  snapshot: ReportSnapshot
}

export interface DeliverOptions {
  /** the fetch to send with; the global one by default (which msw intercepts in tests) */
  fetch?: typeof globalThis.fetch
  /** the clock: which rows are due, and when the next attempt falls */
  now?: Date
  timeoutMs?: number
  /** rows claimed per call */
  limit?: number
}

export interface DeliverSummary {
  claimed: number
  delivered: number
  retrying: number
  dead: number
}

/**
 * Claims the due rows and sends them. The claim is one short statement (`for update skip locked`, so
 * two processes never take the same row) that also counts the attempt and pushes next_attempt_at out
 * by a lease; the HTTP calls then run outside any transaction, so a slow receiver never holds a
 * database connection (PGlite has only one). A process that dies mid-call leaves the row to be taken
 * again once the lease is over — with the same key, which is what the receiver dedupes on.
 *
 * Takes the database itself, not a request's transaction: each row's outcome is committed on its own.
 */
export async function deliverDuePushes(db: DB, options: DeliverOptions = {}): Promise<DeliverSummary> {
  const doFetch = options.fetch ?? globalThis.fetch
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const limit = options.limit ?? 20
  const clock = () => options.now ?? new Date()
  const claimedAt = clock()
  // longer than any attempt can take (the timeout aborts it), so a live attempt is never taken twice
  const leaseUntil = new Date(claimedAt.getTime() + timeoutMs + 60_000)

  const claimed = await db
    .with(
      (cte) => cte('due').materialized(),
      (qb) =>
        qb
          .selectFrom('report_push_outbox as o')
          .innerJoin('push_endpoints as e', 'e.region_code', 'o.region_code')
          .select(['o.enterprise_id', 'o.id'])
          .where('o.status', '=', 'pending')
          .where('o.next_attempt_at', '<=', claimedAt)
          // a disabled endpoint's rows wait, untouched, until it is enabled again
          .where('e.enabled', '=', true)
          .orderBy('o.next_attempt_at')
          .limit(limit)
          // lock only the outbox rows: locking the endpoint too would make a second process skip all its rows
          .forUpdate('o')
          .skipLocked(),
    )
    .updateTable('report_push_outbox as r')
    .from('due')
    .set((eb) => ({ attempts: eb('r.attempts', '+', 1), next_attempt_at: leaseUntil }))
    .whereRef('r.enterprise_id', '=', 'due.enterprise_id')
    .whereRef('r.id', '=', 'due.id')
    .returning(['r.enterprise_id', 'r.id', 'r.attempts'])
    .execute()
  const summary: DeliverSummary = { claimed: claimed.length, delivered: 0, retrying: 0, dead: 0 }
  if (claimed.length === 0) return summary

  const rows = await db
    .selectFrom('report_push_outbox as o')
    .innerJoin('push_endpoints as e', 'e.region_code', 'o.region_code')
    .innerJoin('status_reports as s', (j) => j.onRef('s.enterprise_id', '=', 'o.enterprise_id').onRef('s.id', '=', 'o.report_id'))
    .innerJoin('enterprises as en', 'en.id', 'o.enterprise_id')
    .innerJoin('regions as rg', 'rg.code', 'en.region_code')
    .select([
      'o.enterprise_id',
      'o.id',
      'o.report_id',
      'o.idempotency_key',
      'e.url',
      'e.token',
      's.snapshot',
      's.published_at',
      's.signed_by_name',
      's.ledger_seq',
      's.ledger_hash',
      'en.credit_code',
      'en.name as enterprise_name',
      'en.region_code as enterprise_region',
      'rg.name as region_name',
    ])
    .where((eb) =>
      eb(
        eb.refTuple('o.enterprise_id', 'o.id'),
        'in',
        claimed.map((c) => eb.tuple(c.enterprise_id, c.id)),
      ),
    )
    .execute()
  const attemptsOf = new Map(claimed.map((c) => [c.id, c.attempts]))

  const results = await Promise.allSettled(
    rows.map(async (row) => {
      const payload: PushPayload = {
        reportId: row.report_id,
        enterprise: {
          creditCode: row.credit_code,
          name: row.enterprise_name,
          regionCode: row.enterprise_region,
          regionName: row.region_name,
        },
        publishedAt: new Date(row.published_at!).toISOString(),
        signedBy: row.signed_by_name,
        ledgerAnchor: row.ledger_seq !== null && row.ledger_hash ? { seq: Number(row.ledger_seq), hash: row.ledger_hash } : null,
        snapshot: row.snapshot,
      }
      const outcome = await attempt(doFetch, row.url, row.token, row.idempotency_key, payload, timeoutMs)
      const attempts = attemptsOf.get(row.id)!
      const next = nextState(attempts, classifyOutcome(outcome, row.idempotency_key), clock())
      await db
        .updateTable('report_push_outbox')
        .set({
          status: next.status,
          next_attempt_at: next.nextAttemptAt,
          delivered_at: next.deliveredAt,
          last_error: next.lastError,
          last_status: outcome.kind === 'response' ? outcome.status : null,
        })
        .where('enterprise_id', '=', row.enterprise_id)
        .where('id', '=', row.id)
        // fenced by the attempt it claimed: an answer that outlived its lease cannot overwrite a newer attempt's
        .where('status', '=', 'pending')
        .where('attempts', '=', attempts)
        .execute()
      return next.status
    }),
  )
  for (const r of results) {
    if (r.status === 'rejected') throw r.reason
    if (r.value === 'delivered') summary.delivered++
    else if (r.value === 'dead') summary.dead++
    else summary.retrying++
  }
  return summary
}

/** One POST. Never throws: whatever happens becomes an outcome for the rules to judge. */
async function attempt(
  doFetch: typeof globalThis.fetch,
  url: string,
  token: string,
  key: string,
  payload: PushPayload,
  timeoutMs: number,
): Promise<AttemptOutcome> {
  try {
    const res = await doFetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': key,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(payload),
      // a redirected POST would become a GET and drop its token: judged as a misconfigured address instead
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
    // the receiver's reason is kept for the admin, unless it is an HTML error page (markup, not a reason);
    // a body not read is let go without waiting (a cancel can wait on the sender)
    const readable = !res.ok && !/html/i.test(res.headers.get('content-type') ?? '')
    const body = readable ? await snippet(res) : ''
    if (!readable) void res.body?.cancel().catch(() => {})
    return { kind: 'response', status: res.status, echoedKey: res.headers.get('idempotency-key'), body }
  } catch (error) {
    if (isTimeout(error)) return { kind: 'timeout', timeoutMs }
    return { kind: 'network', message: describeError(error) }
  }
}

/** The first bytes of an error answer, for the admin to see why; a body that won't come is no answer. */
async function snippet(res: Response): Promise<string> {
  try {
    const reader = res.body?.getReader()
    if (!reader) return ''
    const chunks: Uint8Array[] = []
    let size = 0
    while (size < 1024) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
    void reader.cancel().catch(() => {})
    return Buffer.concat(chunks).toString('utf8').slice(0, 300)
  } catch {
    return ''
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.name === 'AbortError' && /timeout/i.test(error.message)))
}

/** undici says "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined
  const detail =
    cause && typeof cause === 'object'
      ? typeof cause.code === 'string'
        ? cause.code
        : typeof cause.message === 'string'
          ? cause.message
          : ''
      : ''
  return detail ? `${error.message}（${detail}）` : error.message
}

// ---------------------------------------------------------------------------------------------------
// The platform admin's page

export interface EndpointView {
  regionCode: string
  regionName: string
  url: string
  tokenMasked: string
  enabled: boolean
  updatedAt: string
  updatedBy: string | null
}

/** Configured endpoints (token masked, never the token itself) and the regions one may be set for. */
export async function listPushEndpoints(ctx: RequestContext) {
  const { db, actor } = ctx
  assertPlatform(actor)
  const rows = await db
    .selectFrom('push_endpoints as e')
    .innerJoin('regions as r', 'r.code', 'e.region_code')
    .leftJoin('users as u', 'u.id', 'e.updated_by')
    .select(['e.region_code', 'r.name', 'e.url', 'e.token', 'e.enabled', 'e.updated_at', 'u.display_name'])
    .orderBy('e.region_code')
    .execute()
  const endpoints: EndpointView[] = rows.map((r) => ({
    regionCode: r.region_code,
    regionName: r.name,
    url: r.url,
    tokenMasked: maskToken(r.token),
    enabled: r.enabled,
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.display_name,
  }))
  // provinces, cities and counties: a platform is run by one of them, not by a 乡镇/街道
  const regions = await db
    .selectFrom('regions as r')
    .leftJoin('regions as p', 'p.code', 'r.parent_code')
    .select(['r.code', 'r.name', 'r.level', 'p.name as parentName'])
    .where('r.level', '<=', 3)
    .orderBy('r.code')
    .execute()
  return {
    endpoints,
    regions: regions.map((r) => ({ code: r.code, label: r.level === 1 ? r.name : `${r.parentName ?? ''} ${r.name}`.trim() })),
  }
}

export type SetEndpointResult = { ok: true; created: boolean } | { ok: false; fieldErrors: FieldErrors }

/** Creates or changes a region's endpoint; an empty token keeps the stored one. Audited without the token. */
export async function setPushEndpoint(ctx: RequestContext, input: EndpointInput): Promise<SetEndpointResult> {
  const { db, actor, client, now } = ctx
  assertPlatform(actor)
  const fieldErrors: FieldErrors = {}
  const region = await db.selectFrom('regions').select(['code', 'level']).where('code', '=', input.regionCode).executeTakeFirst()
  if (!region || region.level > 3) fieldErrors.regionCode = '请选择列表中的地区'
  const existing = await db
    .selectFrom('push_endpoints')
    .select('region_code')
    .where('region_code', '=', input.regionCode)
    .executeTakeFirst()
  if (!existing && !input.token) fieldErrors.token = '请填写访问令牌'
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  const changes = {
    url: input.url,
    enabled: input.enabled,
    updated_at: now,
    updated_by: actor.userId,
    ...(input.token ? { token: input.token } : {}),
  }
  if (existing) {
    await db.updateTable('push_endpoints').set(changes).where('region_code', '=', input.regionCode).execute()
  } else {
    await db
      .insertInto('push_endpoints')
      .values({
        region_code: input.regionCode,
        url: input.url,
        token: input.token!,
        enabled: input.enabled,
        updated_at: now,
        updated_by: actor.userId,
      })
      .execute()
  }
  await recordAudit(db, {
    userId: actor.userId,
    action: 'push.endpoint.set',
    target: input.regionCode,
    result: 'ok',
    ...client,
    detail: { url: input.url, enabled: input.enabled, created: !existing, tokenChanged: input.token !== null },
  })
  return { ok: true, created: !existing }
}

export interface OutboxRow {
  enterpriseId: string
  id: string
  enterpriseName: string
  regionCode: string
  regionName: string
  reportId: string
  publishedAt: string
  status: PushStatus
  attempts: number
  lastStatus: number | null
  lastError: string | null
  nextAttemptAt: string | null
  deliveredAt: string | null
  createdAt: string
}

/** The outbox, dead letters first (they need a person), then newest first; filtered and paged in SQL. */
export async function listPushOutbox(ctx: RequestContext, query: Pick<OutboxQuery, 'status' | 'page' | 'size'>) {
  const { db, actor } = ctx
  assertPlatform(actor)
  let base = db
    .selectFrom('report_push_outbox as o')
    .innerJoin('enterprises as en', 'en.id', 'o.enterprise_id')
    .innerJoin('regions as rg', 'rg.code', 'o.region_code')
    .innerJoin('status_reports as s', (j) => j.onRef('s.enterprise_id', '=', 'o.enterprise_id').onRef('s.id', '=', 'o.report_id'))
  if (query.status) base = base.where('o.status', '=', query.status)
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow()
  const rows = await base
    .select([
      'o.enterprise_id',
      'o.id',
      'en.name as enterprise_name',
      'o.region_code',
      'rg.name as region_name',
      'o.report_id',
      's.published_at',
      'o.status',
      'o.attempts',
      'o.last_status',
      'o.last_error',
      'o.next_attempt_at',
      'o.delivered_at',
      'o.created_at',
    ])
    .orderBy(sql`o.status = 'dead'`, 'desc')
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id')
    .limit(query.size)
    .offset((query.page - 1) * query.size)
    .execute()
  const counts = await db
    .selectFrom('report_push_outbox')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute()
  const page: Page<OutboxRow> = {
    rows: rows.map((r) => ({
      enterpriseId: r.enterprise_id,
      id: r.id,
      enterpriseName: r.enterprise_name,
      regionCode: r.region_code,
      regionName: r.region_name,
      reportId: r.report_id,
      publishedAt: new Date(r.published_at!).toISOString(),
      status: r.status,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      nextAttemptAt: r.status === 'pending' ? new Date(r.next_attempt_at).toISOString() : null,
      deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    total,
    page: query.page,
    size: query.size,
  }
  const byStatus: Record<PushStatus, number> = { pending: 0, delivered: 0, dead: 0 }
  for (const c of counts) byStatus[c.status] = Number(c.n)
  return { page, counts: byStatus }
}

export type RetryResult = { ok: true } | { ok: false; message: string }

/**
 * 重新投递: a dead letter goes back to pending, due now, with its attempt count reset to 0 so that it
 * gets the full retry schedule again (a person has presumably fixed the cause). The count and error
 * it died with are kept in the audit record; last_error stays on the row until the next attempt.
 */
export async function retryDeadPush(ctx: RequestContext, input: Pick<RetryInput, 'enterpriseId' | 'id'>): Promise<RetryResult> {
  const { db, actor, client, now } = ctx
  assertPlatform(actor)
  const row = await db
    .selectFrom('report_push_outbox as o')
    .innerJoin('push_endpoints as e', 'e.region_code', 'o.region_code')
    .select(['o.status', 'o.attempts', 'o.last_status', 'o.last_error', 'e.enabled'])
    .where('o.enterprise_id', '=', input.enterpriseId)
    .where('o.id', '=', input.id)
    .executeTakeFirst()
  if (!row) throw notFound()
  if (row.status !== 'dead') return { ok: false, message: '只有死信可以重新投递' }
  if (!row.enabled) return { ok: false, message: '该地区的推送已停用，请先启用后再重新投递' }
  await db
    .updateTable('report_push_outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('enterprise_id', '=', input.enterpriseId)
    .where('id', '=', input.id)
    .where('status', '=', 'dead')
    .execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: input.enterpriseId,
    action: 'push.retry',
    target: input.id,
    result: 'ok',
    ...client,
    detail: { previousAttempts: row.attempts, lastStatus: row.last_status, lastError: row.last_error },
  })
  return { ok: true }
}
