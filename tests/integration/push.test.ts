import { delay, http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contextFor, withActor } from '../../app/db.server'
import type { Actor } from '../../app/modules/auth/actor'
import {
  deliverDuePushes,
  enqueueReportPush,
  listPushEndpoints,
  listPushOutbox,
  retryDeadPush,
  setPushEndpoint,
  type PushPayload,
} from '../../app/modules/push/push.server'
import { endpointSchema } from '../../app/modules/push/schema'
import { draftReport, signAndPublish } from '../../app/modules/reports/reports.server'
import { action, loader } from '../../app/routes/platform.push'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

const testClient = { ip: '127.0.0.1', userAgent: 'vitest' }

// The provincial platform is played by msw: success, 5xx-then-success, a timeout, a permanent 4xx,
// and a receiver that dedupes on Idempotency-Key while the first answer is lost on the way back.

const SHANXI = 'https://push.shanxi.example/api/reports'
const TAIYUAN = 'https://push.taiyuan.example/api/reports'
const JINZHONG = 'https://push.jinzhong.example/api/reports'
const SHANXI_TOKEN = 'shanxi-token-7f3a9c21e5b84d06'
const client = { ip: '203.0.113.9', userAgent: 'vitest' }

const server = setupServer()
let t: TestDatabase
let platform: Actor
let head: Actor
let admin: Actor

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  t = await createTestDatabase()
  platform = await actorOf(t.db, 'platform')
  head = await actorOf(t.db, 'hs_head')
  admin = await actorOf(t.db, 'hs_admin')
})
afterEach(() => server.resetHandlers())
afterAll(async () => {
  server.close()
  await t.destroy()
})

/** The 华晟化工 (晋中市榆次区) admin drafts a report and the 主要负责人 signs it, in one request's transaction. */
async function publish(): Promise<string> {
  const id = await withActor(admin, testClient, (ctx) => draftReport(ctx))
  const result = await withActor(head, testClient, (ctx) => signAndPublish(ctx, id))
  expect(result).toEqual({ ok: true })
  return id
}

async function outboxOf(reportId: string) {
  return t.db.selectFrom('report_push_outbox').selectAll().where('report_id', '=', reportId).orderBy('region_code').execute()
}

async function setEndpoint(regionCode: string, url: string, token: string | null, enabled = true) {
  const input = endpointSchema.parse({ intent: 'endpoint', regionCode, url, token: token ?? '', ...(enabled ? { enabled: 'on' } : {}) })
  const result = await withActor(platform, testClient, (ctx) => setPushEndpoint(ctx, input))
  expect(result.ok).toBe(true)
}

describe('queueing', () => {
  it('queues nothing while no endpoint is configured', async () => {
    const id = await publish()
    expect(await outboxOf(id)).toEqual([])
  })

  it('queues one row per enabled endpoint covering the enterprise, in the publishing transaction', async () => {
    await setEndpoint('140000', SHANXI, SHANXI_TOKEN)
    await setEndpoint('140100', TAIYUAN, 'taiyuan-token-0123456789')
    await setEndpoint('140700', JINZHONG, 'jinzhong-token-0123456789', false)

    // 华晟化工 is in 晋中 (1407xx): the province gets it; 太原 does not; 晋中's endpoint is disabled
    const id = await publish()
    const rows = await outboxOf(id)
    expect(rows).toMatchObject([{ region_code: '140000', status: 'pending', attempts: 0, idempotency_key: `report:${id}:140000` }])

    // a 太原 enterprise (小店区 140105) goes to 太原 and to the province
    const ty = await actorOf(t.db, 'ty_admin')
    if (ty.kind !== 'enterprise') throw new Error('ty_admin')
    const tyReport = await withActor(ty, testClient, (ctx) => draftReport(ctx))
    await enqueueReportPush(t.db, { enterpriseId: ty.enterpriseId, reportId: tyReport, regionCode: '140105' })
    await enqueueReportPush(t.db, { enterpriseId: ty.enterpriseId, reportId: tyReport, regionCode: '140105' }) // twice is once
    expect((await outboxOf(tyReport)).map((r) => r.region_code)).toEqual(['140000', '140100'])
    await t.owner.deleteFrom('report_push_outbox').where('report_id', '=', tyReport).execute()

    // published and queued, or neither
    const draft = await withActor(admin, testClient, (ctx) => draftReport(ctx))
    await expect(
      withActor(head, testClient, async (ctx) => {
        await signAndPublish({ ...ctx, actor: head }, draft)
        throw new Error('请求中途失败')
      }),
    ).rejects.toThrow('请求中途失败')
    expect(await outboxOf(draft)).toEqual([])
    const r = await t.db.selectFrom('status_reports').select('published_at').where('id', '=', draft).executeTakeFirstOrThrow()
    expect(r.published_at).toBeNull()

    await setEndpoint('140100', TAIYUAN, null, false)
  })
})

describe('delivery', () => {
  // every test starts with an empty queue: whatever an earlier test left pending is set aside
  beforeEach(async () => {
    await t.owner
      .updateTable('report_push_outbox')
      .set({ status: 'dead', last_error: '（测试隔离）' })
      .where('status', '=', 'pending')
      .execute()
  })

  it('delivers on the first attempt with the token, the key and the report', async () => {
    const received: { auth: string | null; key: string | null; type: string | null; body: PushPayload }[] = []
    server.use(
      http.post(SHANXI, async ({ request }) => {
        received.push({
          auth: request.headers.get('authorization'),
          key: request.headers.get('idempotency-key'),
          type: request.headers.get('content-type'),
          body: (await request.json()) as PushPayload,
        })
        return HttpResponse.json({ code: 0, message: '接收成功' })
      }),
    )
    const id = await publish()
    expect(await deliverDuePushes(t.db)).toEqual({ claimed: 1, delivered: 1, retrying: 0, dead: 0 })
    const [row] = await outboxOf(id)
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200, last_error: null })
    expect(row!.delivered_at).toBeInstanceOf(Date)

    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ auth: `Bearer ${SHANXI_TOKEN}`, key: `report:${id}:140000`, type: 'application/json' })
    const body = received[0]!.body
    expect(body).toMatchObject({
      reportId: id,
      enterprise: { creditCode: expect.stringMatching(/^[0-9A-Z]{18}$/), name: expect.stringContaining('华晟'), regionCode: '140702002' },
      signedBy: head.displayName,
    })
    expect(new Date(body.publishedAt).getTime()).toBeGreaterThan(0)
    expect(body.snapshot.items).toHaveLength(20)
    // the ledger head frozen at the signature travels with the report: the province holds the witness
    const anchored = await t.db
      .selectFrom('status_reports')
      .select(['ledger_seq', 'ledger_hash'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(anchored.ledger_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(body.ledgerAnchor).toEqual({ seq: Number(anchored.ledger_seq), hash: anchored.ledger_hash })

    // nothing left to send
    expect(await deliverDuePushes(t.db)).toMatchObject({ claimed: 0 })
    expect(received).toHaveLength(1)
  })

  it('retries a 503 after the backoff, then delivers', async () => {
    let calls = 0
    server.use(
      http.post(SHANXI, () => {
        calls++
        return calls === 1 ? new HttpResponse('系统维护中', { status: 503 }) : HttpResponse.json({ code: 0 })
      }),
    )
    const id = await publish()
    const t0 = new Date()
    expect(await deliverDuePushes(t.db, { now: t0 })).toMatchObject({ claimed: 1, retrying: 1 })
    let [row] = await outboxOf(id)
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status: 503,
      last_error: '接收方暂时无法处理（HTTP 503）：系统维护中',
    })
    expect(row!.next_attempt_at.getTime()).toBe(t0.getTime() + 30_000)

    // not due before the backoff has passed
    expect(await deliverDuePushes(t.db, { now: new Date(t0.getTime() + 29_000) })).toMatchObject({ claimed: 0 })
    expect(await deliverDuePushes(t.db, { now: new Date(t0.getTime() + 30_000) })).toMatchObject({ claimed: 1, delivered: 1 })
    ;[row] = await outboxOf(id)
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_status: 200, last_error: null })
    expect(calls).toBe(2)
  })

  it('records a timeout and retries it', async () => {
    let calls = 0
    server.use(
      http.post(SHANXI, async () => {
        calls++
        if (calls === 1) await delay(3_000)
        return HttpResponse.json({ code: 0 })
      }),
    )
    const id = await publish()
    const t0 = new Date()
    const started = Date.now()
    expect(await deliverDuePushes(t.db, { now: t0, timeoutMs: 200 })).toMatchObject({ claimed: 1, retrying: 1 })
    expect(Date.now() - started).toBeLessThan(2_500) // gave up at the timeout, did not wait for the answer
    let [row] = await outboxOf(id)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status: null, last_error: '请求超时（0.2秒未响应）' })
    expect(row!.next_attempt_at.getTime()).toBe(t0.getTime() + 30_000)

    expect(await deliverDuePushes(t.db, { now: new Date(t0.getTime() + 30_000), timeoutMs: 200 })).toMatchObject({ delivered: 1 })
    ;[row] = await outboxOf(id)
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 })
  })

  it('turns a permanent 4xx into a dead letter at once, which the platform admin sees and can send again', async () => {
    for (const status of [400, 422]) {
      server.use(http.post(SHANXI, () => HttpResponse.json({ message: '报文格式错误' }, { status })))
      const id = await publish()
      expect(await deliverDuePushes(t.db)).toMatchObject({ claimed: 1, dead: 1 })
      expect((await outboxOf(id))[0]).toMatchObject({
        status: 'dead',
        attempts: 1,
        last_status: status,
        last_error: '接收方拒绝（HTTP ' + status + '）：{"message":"报文格式错误"}',
      })
    }
    // a web server's HTML error page is markup, not a reason: only the status is kept
    server.use(
      http.post(SHANXI, () => HttpResponse.html('<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>', { status: 404 })),
    )
    const html = await publish()
    await deliverDuePushes(t.db)
    expect((await outboxOf(html))[0]).toMatchObject({ status: 'dead', last_status: 404, last_error: '接收方拒绝（HTTP 404）' })

    let accept = false
    server.use(http.post(SHANXI, () => (accept ? HttpResponse.json({ code: 0 }) : HttpResponse.text('令牌无效', { status: 401 }))))
    const id = await publish()
    expect(await deliverDuePushes(t.db)).toMatchObject({ claimed: 1, dead: 1 })
    const [dead] = await outboxOf(id)
    expect(dead).toMatchObject({ status: 'dead', attempts: 1, last_status: 401, last_error: '接收方拒绝（HTTP 401）：令牌无效' })
    // a dead letter is never picked up again by itself
    expect(await deliverDuePushes(t.db, { now: new Date(Date.now() + 24 * 3600_000) })).toMatchObject({ claimed: 0 })

    const listed = await withActor(platform, testClient, (ctx) => listPushOutbox(ctx, { status: 'dead', page: 1, size: 100 }))
    expect(listed.page.rows.find((r) => r.id === dead!.id)).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: '接收方拒绝（HTTP 401）：令牌无效',
    })
    expect(listed.counts.dead).toBeGreaterThanOrEqual(3)
    // unfiltered, dead letters come first
    const all = await withActor(platform, testClient, (ctx) => listPushOutbox(ctx, { page: 1, size: 10 }))
    const firstAlive = all.page.rows.findIndex((r) => r.status !== 'dead')
    expect(firstAlive === -1 || all.page.rows.slice(firstAlive).every((r) => r.status !== 'dead')).toBe(true)

    // 重新投递: back to pending with a fresh count; a row that is not dead cannot be sent again this way
    expect(await withActor(platform, testClient, (ctx) => retryDeadPush(ctx, { enterpriseId: dead!.enterprise_id, id: dead!.id }))).toEqual(
      { ok: true },
    )
    expect((await outboxOf(id))[0]).toMatchObject({ status: 'pending', attempts: 0 })
    expect(await withActor(platform, testClient, (ctx) => retryDeadPush(ctx, { enterpriseId: dead!.enterprise_id, id: dead!.id }))).toEqual(
      {
        ok: false,
        message: '只有死信可以重新投递',
      },
    )
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['user_id', 'detail'])
      .where('action', '=', 'push.retry')
      .where('target', '=', dead!.id)
      .executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ user_id: platform.userId, detail: { previousAttempts: 1, lastStatus: 401 } })

    accept = true
    expect(await deliverDuePushes(t.db)).toMatchObject({ claimed: 1, delivered: 1 })
    expect((await outboxOf(id))[0]).toMatchObject({ status: 'delivered', attempts: 1 })
  })

  it('delivers exactly once when the first answer is lost', async () => {
    // the receiver's side of the contract: dedupe by Idempotency-Key; a key seen before gets 409
    const seenKeys = new Set<string>()
    const processed = new Map<string, number>()
    let loseAnswer = true
    const keys: string[] = []
    server.use(
      http.post(SHANXI, async ({ request }) => {
        const key = request.headers.get('idempotency-key')!
        keys.push(key)
        if (seenKeys.has(key)) return HttpResponse.json({ message: '该报告已接收' }, { status: 409, headers: { 'Idempotency-Key': key } })
        seenKeys.add(key)
        const body = (await request.json()) as PushPayload
        processed.set(body.reportId, (processed.get(body.reportId) ?? 0) + 1)
        if (loseAnswer) {
          loseAnswer = false
          return HttpResponse.error() // stored, but the connection drops before the answer arrives
        }
        return HttpResponse.json({ code: 0 })
      }),
    )
    const id = await publish()
    const t0 = new Date()
    expect(await deliverDuePushes(t.db, { now: t0 })).toMatchObject({ claimed: 1, retrying: 1 })
    let [row] = await outboxOf(id)
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_status: null })
    expect(row!.last_error).toMatch(/^网络错误/)

    expect(await deliverDuePushes(t.db, { now: new Date(t0.getTime() + 30_000) })).toMatchObject({ delivered: 1 })
    ;[row] = await outboxOf(id)
    expect(row).toMatchObject({ status: 'delivered', attempts: 2, last_status: 409, last_error: null })
    expect(keys).toEqual([`report:${id}:140000`, `report:${id}:140000`])
    expect(processed.get(id)).toBe(1)
    expect([...processed.values()].reduce((a, b) => a + b, 0)).toBe(1)
  })

  it('never sends one row twice when two deliverers run at once', async () => {
    const perKey = new Map<string, number>()
    server.use(
      http.post(SHANXI, async ({ request }) => {
        const key = request.headers.get('idempotency-key')!
        perKey.set(key, (perKey.get(key) ?? 0) + 1)
        await delay(50)
        return HttpResponse.json({ code: 0 })
      }),
    )
    const ids = [await publish(), await publish(), await publish(), await publish()]
    const [a, b] = await Promise.all([deliverDuePushes(t.db, { limit: 3 }), deliverDuePushes(t.db, { limit: 3 })])
    // whatever the split, no row went out twice; a third round takes what the two limits left
    const c = await deliverDuePushes(t.db)
    expect(a.claimed + b.claimed + c.claimed).toBe(ids.length)
    expect([...perKey.values()].every((n) => n === 1)).toBe(true)
    expect(perKey.size).toBe(ids.length)
    for (const id of ids) expect((await outboxOf(id))[0]).toMatchObject({ status: 'delivered', attempts: 1 })

    // on Postgres, a row another process holds is skipped, not waited for (PGlite has one connection,
    // so there a second claim simply runs after the first)
    if (t.engine === 'pg') {
      const held = await publish()
      const [row] = await outboxOf(held)
      await t.db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('report_push_outbox')
          .select('id')
          .where('enterprise_id', '=', row!.enterprise_id)
          .where('id', '=', row!.id)
          .forUpdate()
          .execute()
        expect(await deliverDuePushes(t.db)).toMatchObject({ claimed: 0 })
      })
      expect(await deliverDuePushes(t.db)).toMatchObject({ claimed: 1, delivered: 1 })
      expect(perKey.get(`report:${held}:140000`)).toBe(1)
    }
  })

  it("leaves a disabled endpoint's rows waiting until it is enabled again", async () => {
    server.use(http.post(SHANXI, () => HttpResponse.json({ code: 0 })))
    const id = await publish()
    await setEndpoint('140000', SHANXI, null, false)
    expect(await deliverDuePushes(t.db)).toMatchObject({ claimed: 0 })
    expect((await outboxOf(id))[0]).toMatchObject({ status: 'pending', attempts: 0 })
    await setEndpoint('140000', SHANXI, null, true)
    expect(await deliverDuePushes(t.db)).toMatchObject({ delivered: 1 })
    // the stored token was kept when the form left it empty
    const e = await t.db.selectFrom('push_endpoints').select('token').where('region_code', '=', '140000').executeTakeFirstOrThrow()
    expect(e.token).toBe(SHANXI_TOKEN)
  })
})

describe('the platform admin functions', () => {
  it('refuse everyone but the platform admin', async () => {
    for (const who of ['hs_admin', 'hs_head', 'jz_yjj']) {
      const actor = await actorOf(t.db, who)
      await expect(listPushEndpoints(contextFor(t.db, actor))).rejects.toMatchObject({ status: 403 })
      await expect(listPushOutbox(contextFor(t.db, actor), { page: 1, size: 20 })).rejects.toMatchObject({ status: 403 })
      const input = endpointSchema.parse({
        intent: 'endpoint',
        regionCode: '140000',
        url: 'https://evil.example/',
        token: 'stolen-token-123',
        enabled: 'on',
      })
      await expect(setPushEndpoint(contextFor(t.db, actor, client), input)).rejects.toMatchObject({ status: 403 })
      await expect(
        retryDeadPush(contextFor(t.db, actor, client), {
          enterpriseId: '00000000-0000-4000-8000-000000000000',
          id: '00000000-0000-4000-8000-000000000000',
        }),
      ).rejects.toMatchObject({
        status: 403,
      })
    }
    const e = await t.db.selectFrom('push_endpoints').select('url').where('region_code', '=', '140000').executeTakeFirstOrThrow()
    expect(e.url).toBe(SHANXI)
  })

  it('never show or log the token', async () => {
    const { endpoints } = await listPushEndpoints(contextFor(t.db, platform))
    expect(endpoints.find((e) => e.regionCode === '140000')).toMatchObject({ url: SHANXI, tokenMasked: '****4d06', enabled: true })
    expect(JSON.stringify(endpoints)).not.toContain(SHANXI_TOKEN)
    const audits = await t.db.selectFrom('audit_events').select('detail').where('action', '=', 'push.endpoint.set').execute()
    expect(audits.length).toBeGreaterThan(0)
    expect(JSON.stringify(audits)).not.toContain(SHANXI_TOKEN)
    expect(JSON.stringify(audits)).not.toContain('taiyuan-token')
  })

  it('serve the page: loader, form errors in Chinese beside the fields, saving and 重新投递 through the action', async () => {
    const cookie = await cookieFor(t.db, 'platform')
    const page = dataOf(await run(loader, get('/platform/push?status=dead', cookie)))
    expect(page.query.status).toBe('dead')
    expect(page.page.rows.length).toBeGreaterThan(0)
    expect(page.page.rows.every((r: { status: string }) => r.status === 'dead')).toBe(true)
    expect(JSON.stringify(page)).not.toContain(SHANXI_TOKEN)

    const bad = await run(
      action,
      post(
        '/platform/push',
        { intent: 'endpoint', regionCode: '140700', url: 'ftp://push.jinzhong.example', token: 'new-secret-token-1' },
        cookie,
      ),
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf(bad)).toMatchObject({
      intent: 'endpoint',
      values: { regionCode: '140700', url: 'ftp://push.jinzhong.example', token: '' },
      fieldErrors: { url: '请填写以 http:// 或 https:// 开头的完整地址' },
    })
    const plain = await run(
      action,
      post(
        '/platform/push',
        { intent: 'endpoint', regionCode: '140700', url: 'http://push.jinzhong.example/api', token: 'new-secret-token-1' },
        cookie,
      ),
    )
    expect(dataOf(plain)).toMatchObject({ fieldErrors: { url: '令牌随请求发送，推送地址须使用 https://' } })
    const noToken = await run(
      action,
      post('/platform/push', { intent: 'endpoint', regionCode: '140703', url: 'https://push.taigu.example/' }, cookie),
    )
    expect(dataOf(noToken)).toMatchObject({ fieldErrors: { token: '请填写访问令牌' } })
    const street = await run(
      action,
      post('/platform/push', { intent: 'endpoint', regionCode: '140702002', url: 'https://x.example/', token: 'street-token-123' }, cookie),
    )
    expect(dataOf(street)).toMatchObject({ fieldErrors: { regionCode: '请选择列表中的地区' } })

    const saved = await run(
      action,
      post('/platform/push?status=dead', { intent: 'endpoint', regionCode: '140700', url: JINZHONG, token: '', enabled: 'on' }, cookie),
    )
    expect(statusOf(saved)).toBe(302)
    expect((saved as Response).headers.get('location')).toBe('/platform/push?status=dead&saved=1')

    const dead = page.page.rows[0] as { enterpriseId: string; id: string }
    const retried = await run(action, post('/platform/push', { intent: 'retry', enterpriseId: dead.enterpriseId, id: dead.id }, cookie))
    expect(statusOf(retried)).toBe(302)
    const again = await run(action, post('/platform/push', { intent: 'retry', enterpriseId: dead.enterpriseId, id: dead.id }, cookie))
    expect(dataOf(again)).toMatchObject({ intent: 'retry', message: '只有死信可以重新投递' })

    const other = await cookieFor(t.db, 'jz_yjj')
    expect(statusOf(await run(loader, get('/platform/push', other)))).toBe(403)
    expect(
      statusOf(await run(action, post('/platform/push', { intent: 'retry', enterpriseId: dead.enterpriseId, id: dead.id }, other))),
    ).toBe(403)
  })
})
