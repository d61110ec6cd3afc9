import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyLedger } from '../../app/modules/acknowledgements/acknowledgements.server'
import { canonicalAcknowledgement, GENESIS_HASH } from '../../app/modules/acknowledgements/rules'
import type { Actor } from '../../app/modules/auth/actor'
import { approveVersion, startDraft, submitDraft } from '../../app/modules/duties/duties.server'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { runSelfCheck, signSelfCheck } from '../../app/modules/obligations/obligations.server'
import { draftReport, readReportAsRegulator, signAndPublish } from '../../app/modules/reports/reports.server'
import { parseInspectionForm } from '../../app/modules/supervision/forms'
import { recordInspection, reviewOrder, signInspection } from '../../app/modules/supervision/supervision.server'
import { assignHazard, rectifyHazard, verifyHazard } from '../../app/modules/hazards/hazards.server'
import { contextFor, withActor } from '../../app/db.server'
import { action as confirmAction } from '../../app/routes/me.posts.$postId'
import { action as postAction } from '../../app/routes/enterprise.posts.$postId._index'
import { action as reportAction, loader as reportLoader } from '../../app/routes/enterprise.reports.$id'
import { action as selfCheckAction, loader as selfCheckLoader } from '../../app/routes/enterprise.self-checks.$id._index'
import { action as inspectionAction, loader as inspectionLoader } from '../../app/routes/enterprise.supervision.inspections.$id'
import { action as answerAction } from '../../app/routes/enterprise.supervision.orders.$id'
import { action as reviewAction } from '../../app/routes/regulator.enterprises.$enterpriseId.orders.$id'
import type { Database } from '../../db/types'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, ORIGIN, post, run, statusOf } from './requests'

const testClient = { ip: '127.0.0.1', userAgent: 'vitest' }

// Issue 10 part B: who may sign is decided in the module from the database; every exactly-once
// action holds under 20 simultaneous attempts; the ledger head is anchored in each signed report and
// verify:ledger finds a rewrite even with every hash recomputed. Runs on PGlite and on PostgreSQL.

let t: TestDatabase
let dir: string
let hs: string
let head: Actor
let deputy: Actor
let admin: Actor
const cookies: Record<string, string> = {}
const client = { ip: '203.0.113.20', userAgent: 'vitest' }
const NOW = new Date('2026-11-30T04:00:00Z') // 12:00 in Shanghai
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const N = 20
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const many = <T>(f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: N }, (_, i) => f(i)))
const settle = <T>(f: (i: number) => Promise<T>) => Promise.allSettled(Array.from({ length: N }, (_, i) => f(i)))
const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(t.db)).rows[0]!.n)

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-signing-'))
  useEvidenceStore(localStore(dir))
  head = await actorOf(t.db, 'hs_head')
  deputy = await actorOf(t.db, 'hs_vp_safety')
  admin = await actorOf(t.db, 'hs_admin')
  hs = (admin as { enterpriseId: string }).enterpriseId
  for (const u of ['hs_admin', 'hs_head', 'hs_vp_safety', 'hs_safety_head', 'jz_yjj', 'jz_zjj', '17735418902', '19834561277'])
    cookies[u] = await cookieFor(t.db, u)
  await publishList(t.db, '化工操作工（加氢）')
  await publishList(t.db, '危化品装卸工')
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const postId = async (name: string) =>
  (await t.db.selectFrom('posts').select('id').where('enterprise_id', '=', hs).where('name', '=', name).executeTakeFirstOrThrow()).id
const currentVersion = async (post: string) =>
  (
    await t.db
      .selectFrom('duty_list_versions')
      .select('id')
      .where('post_id', '=', post)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow()
  ).id

async function newInspection(withOrder: boolean) {
  const yjj = await actorOf(t.db, 'jz_yjj')
  const form = parseInspectionForm({
    inspectedAt: '2026-11-30T10:00',
    place: '华晟化工厂区',
    inspectors: '王建国、李明',
    content: '全员安全生产责任制落实情况',
    problems: withOrder ? '储罐区可燃气体报警器未定期检定' : '未发现问题',
    handling: withOrder ? '下达责令限期整改指令书' : '无',
    ...(withOrder
      ? {
          issueOrder: 'on',
          'items.0.problem': '可燃气体报警器未定期检定',
          'items.0.requirement': '委托有资质机构检定',
          'items.0.dueDate': '2026-12-15',
        }
      : {}),
  })
  if (!form.ok) throw new Error(JSON.stringify(form.fieldErrors))
  const r = await withActor(yjj, testClient, (ctx) => recordInspection({ ...ctx, now: NOW }, hs, form.inspection, form.items))
  if (!r.ok) throw new Error('inspection')
  return r
}

describe('authority is decided in the module: a head without the tier-1 post is refused', () => {
  it('status report: module and route refuse the 分管安全副总 (403, Chinese), nothing is published; the 主要负责人 may', async () => {
    const id = await draftReport(contextFor(t.db, admin, client))
    await expect(withActor(deputy, testClient, (ctx) => signAndPublish({ ...ctx, now: NOW }, id))).rejects.toMatchObject({ status: 403 })
    const refused = (await run(reportAction, post(`/enterprise/reports/${id}`, { confirm: '1' }, cookies.hs_vp_safety), { id })) as Response
    expect(refused.status).toBe(403)
    expect(await refused.text()).toBe('状况报告须由主要负责人（第1级岗位在岗人员）签字发布')
    // a tier-3 unit head and the admin too
    expect(statusOf(await run(reportAction, post(`/enterprise/reports/${id}`, { confirm: '1' }, cookies.hs_safety_head), { id }))).toBe(403)
    expect(statusOf(await run(reportAction, post(`/enterprise/reports/${id}`, { confirm: '1' }, cookies.hs_admin), { id }))).toBe(403)
    const row = await t.db
      .selectFrom('status_reports')
      .select(['published_at', 'ledger_seq'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ published_at: null, ledger_seq: null })
    expect(await count(sql<{ n: number }>`select count(*)::int as n from report_push_outbox where report_id = ${id}`)).toBe(0)
    // the page offers the button only to whom the module would let sign
    expect(dataOf<any>(await run(reportLoader, get(`/enterprise/reports/${id}`, cookies.hs_vp_safety), { id })).canSign).toBe(false)
    expect(dataOf<any>(await run(reportLoader, get(`/enterprise/reports/${id}`, cookies.hs_head), { id })).canSign).toBe(true)
  })

  it('自查: module and route refuse the 分管安全副总; nothing is signed', async () => {
    const id = await runSelfCheck(contextFor(t.db, admin, client))
    await expect(withActor(deputy, testClient, (ctx) => signSelfCheck({ ...ctx, now: NOW }, id))).rejects.toMatchObject({ status: 403 })
    const refused = (await run(selfCheckAction, post(`/enterprise/self-checks/${id}`, { confirm: '1' }, cookies.hs_vp_safety), {
      id,
    })) as Response
    expect(refused.status).toBe(403)
    expect(await refused.text()).toBe('自查表须由主要负责人（第1级岗位在岗人员）签字')
    expect((await t.db.selectFrom('self_checks').select('signed_at').where('id', '=', id).executeTakeFirstOrThrow()).signed_at).toBeNull()
    expect(dataOf<any>(await run(selfCheckLoader, get(`/enterprise/self-checks/${id}`, cookies.hs_vp_safety), { id })).canSign).toBe(false)
  })

  it('inspection record: module and route refuse the 分管安全副总; nothing is signed', async () => {
    const { inspectionId } = await newInspection(false)
    await expect(withActor(deputy, testClient, (ctx) => signInspection({ ...ctx, now: NOW }, inspectionId))).rejects.toMatchObject({
      status: 403,
    })
    const refused = (await run(
      inspectionAction,
      post(`/enterprise/supervision/inspections/${inspectionId}`, { confirm: '1' }, cookies.hs_vp_safety),
      {
        id: inspectionId,
      },
    )) as Response
    expect(refused.status).toBe(403)
    expect(await refused.text()).toMatch(/主要负责人/)
    expect(
      (await t.db.selectFrom('inspections').select('head_signed_at').where('id', '=', inspectionId).executeTakeFirstOrThrow())
        .head_signed_at,
    ).toBeNull()
    expect(
      dataOf<any>(
        await run(inspectionLoader, get(`/enterprise/supervision/inspections/${inspectionId}`, cookies.hs_vp_safety), {
          id: inspectionId,
        }),
      ).canSign,
    ).toBe(false)
    expect(
      dataOf<any>(
        await run(inspectionLoader, get(`/enterprise/supervision/inspections/${inspectionId}`, cookies.hs_head), {
          id: inspectionId,
        }),
      ).canSign,
    ).toBe(true)
  })

  it('approval step: the 主要负责人 cannot sign the 部门负责人’s step (route 400 with the step named); nothing written', async () => {
    const post_ = await postId('化工操作工（加氢）')
    const draft = await startDraft(contextFor(t.db, admin, client), post_)
    if (!draft.ok) throw new Error(draft.message)
    expect(await submitDraft(contextFor(t.db, admin), draft.versionId)).toEqual({ ok: true })
    const v = await t.db
      .selectFrom('duty_list_versions')
      .select(['approval_chain', 'approval_step'])
      .where('id', '=', draft.versionId)
      .executeTakeFirstOrThrow()
    const step = v.approval_chain![v.approval_step!]!
    expect(step.role).not.toBe('principal')
    const res = await run(
      postAction,
      post(`/enterprise/posts/${post_}`, { intent: 'approve', confirm: '1', versionId: draft.versionId }, cookies.hs_head),
      { postId: post_ },
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).message).toBe(`当前应由「${step.postName}」审批，您不能审批这一步`)
    expect(
      await count(
        sql<{ n: number }>`select count(*)::int as n from duty_list_events where version_id = ${draft.versionId} and action = 'approve'`,
      ),
    ).toBe(0)
    expect(
      (await t.db.selectFrom('duty_list_versions').select('approval_step').where('id', '=', draft.versionId).executeTakeFirstOrThrow())
        .approval_step,
    ).toBe(0)
  })
})

describe(`exactly once under ${N} simultaneous attempts`, () => {
  it('a worker confirming one version 20 times at once through the page writes one ledger row; the others are told 您已签字确认过此版本', async () => {
    const post_ = await postId('化工操作工（加氢）')
    const versionId = await currentVersion(post_)
    const results = await many(() =>
      run(confirmAction, post(`/me/posts/${post_}`, { versionId, typedName: '孙鹏', read: 'on' }, cookies['17735418902']), {
        postId: post_,
      }),
    )
    expect(results.filter((r) => statusOf(r) === 302)).toHaveLength(1)
    const refused = results.filter((r) => statusOf(r) !== 302)
    expect(refused).toHaveLength(N - 1)
    for (const r of refused) expect(dataOf<any>(r)).toMatchObject({ message: '您已签字确认过此版本' })
    expect(
      await count(
        sql<{ n: number }>`select count(*)::int as n from acknowledgements where post_id = ${post_} and version_id = ${versionId}`,
      ),
    ).toBe(1)
    const head_ = await t.db.selectFrom('ledger_heads').select(['seq']).where('enterprise_id', '=', hs).executeTakeFirstOrThrow()
    expect(Number(head_.seq)).toBe(
      await count(sql<{ n: number }>`select count(*)::int as n from acknowledgements where enterprise_id = ${hs}`),
    )
  })

  it('the schema refuses a second confirmation of the same version even past the module', async () => {
    const k = await t.db
      .selectFrom('acknowledgements')
      .selectAll()
      .where('enterprise_id', '=', hs)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    await expect(
      sql`insert into acknowledgements (enterprise_id, seq, employee_id, post_id, assignment_id, version_id, version, content_hash, user_id, confirmed_at, signature_kind, signature, prev_hash, row_hash)
          values (${hs}, ${Number(k.seq) + 100}, ${k.employee_id}, ${k.post_id}, ${k.assignment_id}, ${k.version_id}, ${k.version}, ${k.content_hash}, ${k.user_id}, now(), 'typed', 'x', 'x', 'x')`.execute(
        t.owner,
      ),
    ).rejects.toThrow(/acknowledgements_once_uq|duplicate key/)
  })

  it('the same approval step 20 times at once: one approval event, the step moves once', async () => {
    const post_ = await postId('危化品装卸工')
    const draft = await startDraft(contextFor(t.db, admin, client), post_)
    if (!draft.ok) throw new Error(draft.message)
    await submitDraft(contextFor(t.db, admin), draft.versionId)
    const v = await t.db
      .selectFrom('duty_list_versions')
      .select(['approval_chain'])
      .where('id', '=', draft.versionId)
      .executeTakeFirstOrThrow()
    const first = v.approval_chain![0]!
    const holder = await t.db
      .selectFrom('assignments as a')
      .innerJoin('users as u', (j) => j.onRef('u.employee_id', '=', 'a.employee_id').on('u.role', '=', 'enterprise_head'))
      .select('u.username')
      .where('a.post_id', '=', first.postId)
      .where('a.end_on', 'is', null)
      .executeTakeFirstOrThrow()
    const approver = await actorOf(t.db, holder.username!)
    const results = await many(() => withActor(approver, testClient, (ctx) => approveVersion(ctx, draft.versionId, null)))
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(
      await count(
        sql<{ n: number }>`select count(*)::int as n from duty_list_events where version_id = ${draft.versionId} and action = 'approve'`,
      ),
    ).toBe(1)
    const after = await t.db
      .selectFrom('duty_list_versions')
      .select(['approval_step', 'status'])
      .where('id', '=', draft.versionId)
      .executeTakeFirstOrThrow()
    expect(after.status === 'published' || after.approval_step === 1).toBe(true)
  })

  it('publishing one report 20 times at once: published once, one status row, one audit record, one push per endpoint', async () => {
    await t.db
      .insertInto('push_endpoints')
      .values({ region_code: '140000', url: 'https://push.example.cn/r', token: 'tok-abcdefgh1234', enabled: true })
      .execute()
    const id = await draftReport(contextFor(t.db, admin, client))
    const results = await settle(() => withActor(head, testClient, (ctx) => signAndPublish({ ...ctx, now: NOW }, id)))
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : { ok: false as const, message: String(r.reason) }))
    expect(values.filter((r) => r.ok)).toHaveLength(1)
    for (const r of values.filter((r) => !r.ok)) expect(r).toEqual({ ok: false, message: '该报告已发布' })
    expect(
      await count(sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'report.publish' and target = ${id}`),
    ).toBe(1)
    expect(await count(sql<{ n: number }>`select count(*)::int as n from report_push_outbox where report_id = ${id}`)).toBe(1)
    expect(
      (await t.db.selectFrom('enterprise_report_status').select('report_id').where('enterprise_id', '=', hs).executeTakeFirstOrThrow())
        .report_id,
    ).toBe(id)
  })

  it('signing one 自查 20 times at once through the page: signed once', async () => {
    const id = await runSelfCheck(contextFor(t.db, admin, client))
    const results = await many(() => run(selfCheckAction, post(`/enterprise/self-checks/${id}`, { confirm: '1' }, cookies.hs_head), { id }))
    expect(results.filter((r) => statusOf(r) === 302)).toHaveLength(1)
    for (const r of results.filter((r) => statusOf(r) !== 302))
      expect(dataOf<any>(r)).toEqual({ values: {}, fieldErrors: {}, message: '该自查表已签字' })
    expect(
      await count(sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'self_check.sign' and target = ${id}`),
    ).toBe(1)
  })

  it('signing one inspection record 20 times at once through the page: signed once', async () => {
    const { inspectionId } = await newInspection(false)
    const results = await many(() =>
      run(inspectionAction, post(`/enterprise/supervision/inspections/${inspectionId}`, { confirm: '1' }, cookies.hs_head), {
        id: inspectionId,
      }),
    )
    expect(results.filter((r) => statusOf(r) === 302)).toHaveLength(1)
    for (const r of results.filter((r) => statusOf(r) !== 302)) expect(dataOf<any>(r).message).toBe('检查记录已签字')
    expect(
      await count(
        sql<{ n: number }>`select count(*)::int as n from audit_events where action = 'inspection.sign' and target = ${inspectionId}`,
      ),
    ).toBe(1)
  })

  it('reviewing one answer 20 times at once: one review event; the schema refuses a second review of the same answer', async () => {
    const { orderId } = await newInspection(true)
    // one closed loop: the order's hazards are rectified and accepted before it is answered
    const [admin_, team_, head_] = [await actorOf(t.db, 'hs_admin'), await actorOf(t.db, 'hs_team'), await actorOf(t.db, 'hs_head')]
    const jpg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])
    const dueDay = '2026-12-15' // the item's deadline (above)
    for (const h of await t.db.selectFrom('hazards').select('id').where('order_id', '=', orderId!).execute()) {
      const values = { grade: 'general', responsibleUserId: team_.userId, measures: '委托检定', deadline: dueDay, funds: '0' }
      expect(await withActor(admin_, testClient, (ctx) => assignHazard(ctx, h.id, values))).toEqual({ ok: true })
      expect(
        await withActor(team_, testClient, (ctx) => rectifyHazard(ctx, h.id, { note: '已检定合格' }, [{ name: '检定.jpg', bytes: jpg }])),
      ).toEqual({
        ok: true,
      })
      expect(await withActor(head_, testClient, (ctx) => verifyHazard(ctx, h.id, { decision: 'pass', note: '验收合格' }))).toEqual({
        ok: true,
      })
    }
    const form = new FormData()
    form.append('note', '已委托检定，报告附后')
    form.append('files', new File([new Uint8Array(PDF)], '检定报告.pdf'))
    const answered = await run(
      answerAction,
      new Request(`${ORIGIN}/enterprise/supervision/orders/${orderId}`, {
        method: 'POST',
        headers: { host: 'localhost:3000', origin: ORIGIN, cookie: cookies.hs_admin! },
        body: form,
      }),
      { id: orderId! },
    )
    expect(statusOf(answered)).toBe(302)
    // another department with the enterprise in scope cannot review (decided in the module)
    const zjj = await actorOf(t.db, 'jz_yjj')
    const results = await many((i) =>
      run(
        reviewAction,
        post(`/regulator/enterprises/${hs}/orders/${orderId}`, { decision: i % 2 ? 'accept' : 'return', note: '复查意见' }, cookies.jz_yjj),
        { enterpriseId: hs, id: orderId! },
      ),
    )
    expect(results.filter((r) => statusOf(r) === 302)).toHaveLength(1)
    expect(
      await count(
        sql<{
          n: number
        }>`select count(*)::int as n from rectification_events where order_id = ${orderId!} and kind in ('accept', 'return')`,
      ),
    ).toBe(1)
    const answer = await t.db
      .selectFrom('rectification_events')
      .select('id')
      .where('order_id', '=', orderId!)
      .where('kind', '=', 'answer')
      .executeTakeFirstOrThrow()
    await expect(
      sql`insert into rectification_events (enterprise_id, order_id, kind, note, by_user_id, by_name, answer_id) values (${hs}, ${orderId!}, 'accept', 'x', ${zjj.userId}, 'x', ${answer.id})`.execute(
        t.owner,
      ),
    ).rejects.toThrow(/rectification_events_review_uq|duplicate key/)
    void reviewOrder
  })
})

// --- the anchored ledger ------------------------------------------------------------------------

type Row = Awaited<ReturnType<typeof chainOf>>[number]
const chainOf = (db: Kysely<Database>) =>
  db.selectFrom('acknowledgements').selectAll().where('enterprise_id', '=', hs).orderBy('seq').execute()

/** What an attacker holding the owner role does: rewrite rows and recompute every hash from there on, triggers off. */
async function rewriteChain(db: Kysely<Database>, rows: Row[]) {
  await sql`set local session_replication_role = replica`.execute(db)
  let prev = GENESIS_HASH
  for (const r of rows) {
    const rowHash = sha256(
      prev +
        canonicalAcknowledgement({
          enterpriseId: r.enterprise_id,
          seq: Number(r.seq),
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
    )
    await sql`update acknowledgements set signature = ${r.signature}, confirmed_at = ${new Date(r.confirmed_at)}, prev_hash = ${prev}, row_hash = ${rowHash}
              where enterprise_id = ${hs} and id = ${r.id}`.execute(db)
    prev = rowHash
  }
  await sql`update ledger_heads set seq = ${rows.length ? Number(rows[rows.length - 1]!.seq) : 0}, last_hash = ${prev} where enterprise_id = ${hs}`.execute(
    db,
  )
}

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback')
  }
}
/** Runs the attack and returns what it saw, then rolls it back. */
async function inRolledBack<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  try {
    // the attacker holds the owner's role (only it may set session_replication_role)
    await t.owner.transaction().execute(async (trx) => {
      throw new Rollback(await work(trx))
    })
  } catch (e) {
    if (e instanceof Rollback) return e.value as T
    throw e
  }
  throw new Error('not rolled back')
}

/** The earliest report anchoring a row of the chain (seq ≥ 1). */
const firstAnchor = async () => {
  const r = await t.db
    .selectFrom('status_reports')
    .select(['id', 'ledger_seq'])
    .where('enterprise_id', '=', hs)
    .where('ledger_seq', '>=', 1)
    // as verifyLedger names them: by the head anchored, then the earliest report (several may anchor one head)
    .orderBy('ledger_seq')
    .orderBy('published_at')
    .orderBy('id')
    .executeTakeFirstOrThrow()
  return { id: r.id, seq: Number(r.ledger_seq) }
}

describe('the ledger anchored in signed reports', () => {
  let reportId: string
  let anchor: { seq: number; hash: string }

  it('a signed report freezes the ledger head; the regulator’s copy carries it', async () => {
    // at least two confirmations in the chain (孙鹏's may already be there from above)
    for (const [phone, name, postName] of [
      ['17735418902', '孙鹏', '化工操作工（加氢）'],
      ['19834561277', '韩小军', '危化品装卸工'],
    ] as const) {
      const post_ = await postId(postName)
      const versionId = await currentVersion(post_)
      await run(confirmAction, post(`/me/posts/${post_}`, { versionId, typedName: name, read: 'on' }, cookies[phone]), {
        postId: post_,
      })
    }
    reportId = await draftReport(contextFor(t.db, admin, client))
    expect(await withActor(head, testClient, (ctx) => signAndPublish({ ...ctx, now: NOW }, reportId))).toEqual({ ok: true })
    const h = await t.db.selectFrom('ledger_heads').select(['seq', 'last_hash']).where('enterprise_id', '=', hs).executeTakeFirstOrThrow()
    anchor = { seq: Number(h.seq), hash: h.last_hash }
    expect(anchor.seq).toBeGreaterThanOrEqual(2)
    const report = await readReportAsRegulator(contextFor(t.db, await actorOf(t.db, 'jz_yjj'), client), hs, reportId)
    expect(report.ledgerAnchor).toEqual(anchor)
    expect(await verifyLedger(t.db, hs)).toMatchObject({ broken: [], chains: 1 })
  })

  it('the database refuses a publication whose anchor is not the ledger head of that moment, even from the app role', async () => {
    const id = await draftReport(contextFor(t.db, admin, client))
    const head_ = await t.db
      .selectFrom('ledger_heads')
      .select(['seq', 'last_hash'])
      .where('enterprise_id', '=', hs)
      .executeTakeFirstOrThrow()
    const publish = (seq: number, hash: string) =>
      sql`update status_reports set published_at = now(), signed_by = ${(head as { userId: string }).userId}, signed_by_name = 'x',
          ledger_seq = ${seq}, ledger_hash = ${hash} where enterprise_id = ${hs} and id = ${id}`.execute(t.db)
    // a zero (genesis) anchor would leave every confirmation outside the anchors verify:ledger checks
    await expect(publish(0, GENESIS_HASH)).rejects.toThrow(/ledger head of the moment it is signed/)
    await expect(publish(Number(head_.seq) - 1, head_.last_hash)).rejects.toThrow(/ledger head of the moment it is signed/)
    expect(
      (await t.db.selectFrom('status_reports').select('published_at').where('id', '=', id).executeTakeFirstOrThrow()).published_at,
    ).toBeNull()
    // the module's own publication carries the right head
    expect(await signAndPublish(contextFor(t.db, head, client), id)).toEqual({ ok: true })
  })

  it('ledger_heads is guarded like the ledger: no delete, no truncate, no jump, no rewind', async () => {
    await expect(sql`delete from ledger_heads`.execute(t.owner)).rejects.toThrow(/append-only/)
    await expect(sql`truncate ledger_heads`.execute(t.owner)).rejects.toThrow(/append-only/)
    await expect(sql`update ledger_heads set seq = seq + 1 where enterprise_id = ${hs}`.execute(t.owner)).rejects.toThrow(/only advance/)
    await expect(
      sql`update ledger_heads set seq = 0, last_hash = ${GENESIS_HASH} where enterprise_id = ${hs}`.execute(t.owner),
    ).rejects.toThrow(/only advance/)
    const jj = (await actorOf(t.db, 'jj_admin')) as { enterpriseId: string }
    await expect(
      sql`insert into ledger_heads (enterprise_id, seq, last_hash) values (${jj.enterpriseId}, 7, ${'f'.repeat(64)})`.execute(t.owner),
    ).rejects.toThrow(/genesis or a row/)
  })

  it('a confirmation rewritten with every later hash recomputed (triggers off) is found against the anchor, naming the row', async () => {
    const result = await inRolledBack(async (trx) => {
      const rows = await chainOf(trx)
      rows[0]!.signature = '伪造的签名'
      await rewriteChain(trx, rows)
      return verifyLedger(trx, hs)
    })
    {
      // hash by hash the chain is whole again: only an anchor gives it away — the first report
      // whose anchored row is at or after the rewritten one
      const first = await firstAnchor()
      expect(result.broken).toHaveLength(1)
      expect(result.broken[0]).toMatchObject({ enterpriseId: hs, seq: first.seq, reason: expect.stringContaining(`状况报告 ${first.id}`) })
      expect(result.broken[0]!.reason).toContain(`第 1–${first.seq} 条之间的记录被改写`)
    }
    expect((await verifyLedger(t.db, hs)).broken).toEqual([])
  })

  it('a deleted and recomputed tail is found: the anchored row no longer exists', async () => {
    const result = await inRolledBack(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx)
      await sql`delete from acknowledgements where enterprise_id = ${hs} and seq >= ${anchor.seq}`.execute(trx)
      await rewriteChain(trx, await chainOf(trx))
      return verifyLedger(trx, hs)
    })
    {
      expect(result.broken).toEqual([
        { enterpriseId: hs, seq: anchor.seq, id: '', reason: expect.stringContaining(`锚定的第 ${anchor.seq} 条记录已不存在`) },
      ])
    }
    expect((await verifyLedger(t.db, hs)).broken).toEqual([])
  })

  it('npm run verify:ledger exits non-zero naming the row (PostgreSQL)', async () => {
    const server = testServerUrl()
    if (!server) return // the embedded test database lives in this process only
    await t.owner.transaction().execute(async (trx) => {
      const rows = await chainOf(trx)
      rows[0]!.signature = '伪造的签名'
      await rewriteChain(trx, rows)
    })
    const url = new URL(server)
    url.pathname = `/${t.name}`
    const out = spawnSync('npx', ['tsx', 'app/cli/verify-ledger.ts'], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(out.status).toBe(1)
    const first = await firstAnchor()
    expect(out.stdout).toContain(`企业 ${hs} 第 ${first.seq} 条`)
    expect(out.stdout).toContain(`状况报告 ${first.id}`)
  })
})
