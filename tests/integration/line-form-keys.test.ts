import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, withActor, type RequestContext } from '../../app/db.server'
import type { Actor } from '../../app/modules/auth/actor'
import {
  acceptProposals,
  addCorrection,
  addEntry as addLogEntry,
  dutyLogMonth,
  removeEntry as removeLogEntry,
  signMonth as signLogMonth,
} from '../../app/modules/dutylogs/dutylogs.server'
import { monthOf, REMOVED_LINE } from '../../app/modules/dutylogs/rules'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { addEntry, appendCorrection, signMonth } from '../../app/modules/leaderledger/leaderledger.server'
import { currentSheetMonth, monthKey, periodOf } from '../../app/modules/leaderledger/rules'
import { todayInShanghai } from '../../app/utils/dates'
import { action as logAction, loader as logLoader } from '../../app/routes/me.duty-log.$month'
import { action as ledgerAction, loader as ledgerLoader } from '../../app/routes/regulator.ledger.$leaderId.$month'
import { actorOf, publishList } from './duty-helpers'
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

// "What if it arrives twenty times at once?" for the three forms that add a line: a 履职记录 line, a
// 履职记录 更正, a line (with evidence) of a leader's 一岗双责台账. A double click, a form resent from
// the browser's history or a phone's network retrying sends the same form again; each form carries a key
// generated once per form shown, and the same key is answered with the line already made — one row, every
// sending told ok, never a 500, the evidence stored once. A new form (a new key) is a new line. Meaningful
// on PostgreSQL (PGlite has one connection and runs them one after another); run on both.

let t: TestDatabase
let dir: string
const DB = testServerUrl() ? 'PostgreSQL' : 'PGlite'
const client = { ip: '203.0.113.9', userAgent: 'vitest' }
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 1)])
const as: Record<string, Actor> = {}
const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value, error: null as unknown }),
    (error: unknown) => ({ value: null, error }),
  )
const twenty = <T>(work: () => Promise<T>) => Promise.all(Array.from({ length: 20 }, () => settle(work())))
const key = () => globalThis.crypto.randomUUID()

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-form-keys-'))
  useEvidenceStore(localStore(dir))
  for (const u of ['hs_safety_head', 'jz_yjj_deputy', 'jz_yjj_clerk']) as[u] = await actorOf(t.db, u)
})
afterAll(async () => {
  await t?.destroy()
  rmSync(dir, { recursive: true, force: true })
})

describe('a 履职记录 line and its 更正', () => {
  const month = () => monthOf(todayInShanghai())
  const line = (content: string, formKey?: string) => ({ occurredOn: `${month()}-05`, content, participants: '', remark: '', formKey })
  const me = () => as.hs_safety_head as { enterpriseId: string; employeeId: string }
  const request = <T>(work: (ctx: RequestContext) => Promise<T>) => withActor(as.hs_safety_head!, client, work)
  async function monthId() {
    return (
      await t.db
        .selectFrom('duty_log_months')
        .select('id')
        .where('enterprise_id', '=', me().enterpriseId)
        .where('employee_id', '=', me().employeeId)
        .where('month', '=', month())
        .executeTakeFirstOrThrow()
    ).id
  }
  const entries = async (content: string) =>
    t.db
      .selectFrom('duty_log_entries')
      .select(['id', 'form_key'])
      .where('month_id', '=', await monthId())
      .where('content', '=', content)
      .execute()

  it(`one line sent twenty times at once with one key: one row, every sending ok with that row, no 500 (${DB})`, async () => {
    const k = key()
    const results = await twenty(() => request((ctx) => addLogEntry(ctx, month(), line('到罐区检查动火作业票证', k))))
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    expect(results.every((r) => r.value!.ok)).toBe(true)
    const rows = await entries('到罐区检查动火作业票证')
    expect(rows).toEqual([{ id: expect.any(String), form_key: k }])
    expect(new Set(results.map((r) => (r.value as { entryId: string }).entryId))).toEqual(new Set([rows[0]!.id]))
  })

  it(`two forms (two keys) are two lines; without a key, or with one that is not a uuid, a line is taken as before (${DB})`, async () => {
    for (const k of [key(), key()]) expect((await request((ctx) => addLogEntry(ctx, month(), line('参加公司安委会会议', k)))).ok).toBe(true)
    expect(await entries('参加公司安委会会议')).toHaveLength(2)
    for (const k of [undefined, undefined, 'not-a-key', 'not-a-key'])
      expect((await request((ctx) => addLogEntry(ctx, month(), line('到仓库检查消防器材', k)))).ok).toBe(true)
    expect((await entries('到仓库检查消防器材')).map((e) => e.form_key)).toEqual([null, null, null, null])
  })

  it('the page gives each form shown a new key; the same form posted twice adds one line, and a refused one keeps its key', async () => {
    const cookie = await cookieFor(t.db, 'hs_safety_head')
    const params = { month: month() }
    const shown = dataOf(await run(logLoader, get(`/me/duty-log/${month()}`, cookie), params))
    const again = dataOf(await run(logLoader, get(`/me/duty-log/${month()}`, cookie), params))
    expect(shown.formKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(again.formKey).not.toBe(shown.formKey)
    const form = {
      intent: 'add',
      occurredOn: `${month()}-06`,
      content: '到合成车间检查盲板抽堵作业',
      participants: '',
      remark: '',
      formKey: shown.formKey,
    }
    for (let i = 0; i < 2; i++) {
      const res = await run(logAction, post(`/me/duty-log/${month()}`, form, cookie), params)
      expect(statusOf(res)).toBe(302)
    }
    expect(await entries('到合成车间检查盲板抽堵作业')).toHaveLength(1)
    // refused (a day outside the month): nothing written, and the form sent back carries its key
    const refused = await run(
      logAction,
      post(`/me/duty-log/${month()}`, { ...form, occurredOn: '2020-01-02', formKey: again.formKey }, cookie),
      params,
    )
    expect(statusOf(refused)).toBe(400)
    expect(dataOf(refused).values.formKey).toBe(again.formKey)
  })

  it(`a line removed, then its form sent again (twenty at once): not written back, kept as removed, the app cannot rewrite that (${DB})`, async () => {
    const k = key()
    const content = '到污水处理站检查有限空间作业'
    const added = await request((ctx) => addLogEntry(ctx, month(), line(content, k)))
    if (!added.ok) throw new Error('not added')
    expect(await request((ctx) => removeLogEntry(ctx, month(), added.entryId))).toEqual({ ok: true })
    const results = await twenty(() => request((ctx) => addLogEntry(ctx, month(), line(content, k))))
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    for (const r of results) expect(r.value).toEqual({ ok: false, message: expect.stringMatching(/已被删除/) })
    expect(await entries(content)).toEqual([])
    const removed = await t.db
      .selectFrom('duty_log_removed_entries')
      .select(['entry_id', 'content', 'participants', 'remark', 'source', 'form_key', 'created_by', 'removed_by', 'occurred_on'])
      .where('month_id', '=', await monthId())
      .execute()
    const user = as.hs_safety_head!.userId
    expect(removed).toEqual([
      {
        entry_id: added.entryId,
        content,
        participants: '',
        remark: '',
        source: null,
        form_key: k,
        created_by: user,
        removed_by: user,
        occurred_on: `${month()}-05`,
      },
    ])
    // removing it again (a resent page): answered as the first removal was, nothing more kept
    expect(await request((ctx) => removeLogEntry(ctx, month(), added.entryId))).toEqual({ ok: true })
    expect(
      await t.db
        .selectFrom('duty_log_removed_entries')
        .select('entry_id')
        .where('month_id', '=', await monthId())
        .execute(),
    ).toHaveLength(1)
    // a line that never was: not found
    await expect(request((ctx) => removeLogEntry(ctx, month(), key()))).rejects.toMatchObject({ status: 404 })
    // the same words in a new form are a new line
    expect((await request((ctx) => addLogEntry(ctx, month(), line(content, key())))).ok).toBe(true)
    expect(await entries(content)).toHaveLength(1)
    // neither the app's role (t.db; on PostgreSQL it has no UPDATE or DELETE) nor the owner (the trigger) rewrites it
    for (const db of [t.db, t.owner]) {
      await expect(sql`update duty_log_removed_entries set content = '改写'`.execute(db)).rejects.toThrow()
      await expect(sql`delete from duty_log_removed_entries`.execute(db)).rejects.toThrow()
    }
  })

  it('through the page: a removed line’s form sent again is refused, and the form comes back with a new key', async () => {
    const cookie = await cookieFor(t.db, 'hs_safety_head')
    const params = { month: month() }
    const shown = dataOf(await run(logLoader, get(`/me/duty-log/${month()}`, cookie), params))
    const form = {
      intent: 'add',
      occurredOn: `${month()}-07`,
      content: '到危废库检查台账',
      participants: '',
      remark: '',
      formKey: shown.formKey,
    }
    expect(statusOf(await run(logAction, post(`/me/duty-log/${month()}`, form, cookie), params))).toBe(302)
    const [line] = await entries('到危废库检查台账')
    const removed = await run(logAction, post(`/me/duty-log/${month()}`, { intent: 'remove', entryId: line!.id }, cookie), params)
    expect(statusOf(removed)).toBe(302)
    const again = await run(logAction, post(`/me/duty-log/${month()}`, form, cookie), params)
    expect(statusOf(again)).toBe(400)
    expect(dataOf(again).message).toBe(REMOVED_LINE)
    expect(dataOf(again).values).toMatchObject({ content: '到危废库检查台账', formKey: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect(dataOf(again).values.formKey).not.toBe(shown.formKey)
    expect(await entries('到危废库检查台账')).toEqual([])
    // sent once more with the new key, as the person asked: one line again
    const fresh = { ...form, formKey: String(dataOf(again).values.formKey) }
    for (let i = 0; i < 2; i++) expect(statusOf(await run(logAction, post(`/me/duty-log/${month()}`, fresh, cookie), params))).toBe(302)
    expect(await entries('到危废库检查台账')).toHaveLength(1)
  })

  it(`one line removed twenty times at once: every removal ok, one record, no 500 (${DB})`, async () => {
    const added = await request((ctx) => addLogEntry(ctx, month(), line('到液氨罐区检查', key())))
    if (!added.ok) throw new Error('not added')
    const results = await twenty(() => request((ctx) => removeLogEntry(ctx, month(), added.entryId)))
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    for (const r of results) expect(r.value).toEqual({ ok: true })
    expect(await entries('到液氨罐区检查')).toEqual([])
    expect(
      await t.db.selectFrom('duty_log_removed_entries').select('entry_id').where('entry_id', '=', added.entryId).execute(),
    ).toHaveLength(1)
  })

  it(`the database keeps a record only of a line as it was, and (for the app's role) no removal without one (${DB})`, async () => {
    const added = await request((ctx) => addLogEntry(ctx, month(), line('到甲醇储罐区巡查', key())))
    if (!added.ok) throw new Error('not added')
    const user = as.hs_safety_head!.userId
    const mid = await monthId()
    // a record typed by hand, of a line that never was, or of a real line saying other than it says
    const forged = (entryId: string, content: string) =>
      request((ctx) =>
        sql`insert into duty_log_removed_entries (enterprise_id, entry_id, month_id, occurred_on, content, participants, remark,
              created_by, created_at, removed_by, removed_at)
            values (${me().enterpriseId}, ${entryId}, ${mid}, ${`${month()}-05`}, ${content}, '', '', ${user}, now(), ${user}, now())`.execute(
          ctx.db,
        ),
      )
    await expect(forged(key(), '从未有过的一条')).rejects.toThrow(/as it is/)
    await expect(forged(added.entryId, '改过的内容')).rejects.toThrow(/as it is/)
    // the line copied exactly: naming another remover is refused; left in place, refused when the transaction commits
    const copied = (removedBy: string) =>
      request((ctx) =>
        sql`insert into duty_log_removed_entries
              select enterprise_id, id, month_id, occurred_on, content, participants, remark, source, form_key, created_by,
                     created_at, ${removedBy}::uuid, now()
                from duty_log_entries where id = ${added.entryId}`.execute(ctx.db),
      )
    if (testServerUrl()) await expect(copied(as.jz_yjj_clerk!.userId)).rejects.toThrow(/acting user/)
    await expect(copied(user)).rejects.toThrow(/gone by the end/)
    // on PostgreSQL the app's role cannot remove a line without its record (the owner, as in migrations, may)
    if (testServerUrl())
      await expect(request((ctx) => sql`delete from duty_log_entries where id = ${added.entryId}`.execute(ctx.db))).rejects.toThrow(
        /with a record/,
      )
    expect(await entries('到甲醇储罐区巡查')).toHaveLength(1)
    expect(await t.db.selectFrom('duty_log_removed_entries').select('entry_id').where('entry_id', '=', added.entryId).execute()).toEqual([])
  })

  it('a proposal removed after it was added is set aside: not proposed again, and its form sent again adds nothing', async () => {
    // 安全环保部部长 approves the 专职安全员's list: her approval this month is proposed
    await publishList(t.db, '专职安全员')
    const sheet = await request((ctx) => dutyLogMonth(ctx, me().employeeId, month()))
    const approval = sheet.proposals.find((p) => p.source.startsWith('approval:'))
    expect(approval).toBeTruthy()
    expect(await request((ctx) => acceptProposals(ctx, month(), [approval!.source]))).toEqual({ ok: true, added: 1 })
    const [taken] = (await request((ctx) => dutyLogMonth(ctx, me().employeeId, month()))).entries.filter(
      (e) => e.source === approval!.source,
    )
    expect(await request((ctx) => removeLogEntry(ctx, month(), taken!.id))).toEqual({ ok: true })
    const after = await request((ctx) => dutyLogMonth(ctx, me().employeeId, month()))
    expect(after.entries.filter((e) => e.source === approval!.source)).toEqual([])
    expect(after.proposals.map((p) => p.source)).not.toContain(approval!.source)
    const results = await twenty(() => request((ctx) => acceptProposals(ctx, month(), [approval!.source])))
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    for (const r of results) expect(r.value).toMatchObject({ ok: false, message: expect.stringMatching(/已删除/) })
    expect(
      (await request((ctx) => dutyLogMonth(ctx, me().employeeId, month()))).entries.filter((e) => e.source === approval!.source),
    ).toEqual([])
  })

  it(`one 更正 signed twenty times at once with one key: appended and signed once, every sending ok (${DB})`, async () => {
    expect(await request((ctx) => signLogMonth(ctx, month()))).toEqual({ ok: true })
    const k = key()
    const content = '补记：本月20日参加公司安委会会议'
    const results = await twenty(() => request((ctx) => addCorrection(ctx, month(), content, k)))
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    expect(results.every((r) => r.value!.ok)).toBe(true)
    const rows = await t.db
      .selectFrom('duty_log_corrections')
      .select(['id', 'form_key', 'signed_at'])
      .where('month_id', '=', await monthId())
      .where('content', '=', content)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ form_key: k, signed_at: expect.anything() })
    expect(new Set(results.map((r) => (r.value as { correctionId: string }).correctionId))).toEqual(new Set([rows[0]!.id]))
    const audited = await t.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('action', '=', 'duty_log.correct')
      .where('target', '=', rows[0]!.id)
      .executeTakeFirstOrThrow()
    expect(audited.n).toBe(1)
    // a line sent again after its month was signed was still recorded: ok, nothing written
    const [signed] = await entries('到罐区检查动火作业票证')
    const replay = await request((ctx) => addLogEntry(ctx, month(), line('到罐区检查动火作业票证', signed!.form_key!)))
    expect(replay).toEqual({ ok: true, entryId: signed!.id })
    expect(await entries('到罐区检查动火作业票证')).toHaveLength(1)
    // a new form for a signed month is refused as before
    expect(await request((ctx) => addLogEntry(ctx, month(), line('签字后补记的一条', key())))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/已签字/),
    })
  })

  it('two 更正 forms are two 更正; the confirm step posted twice through the page appends one', async () => {
    const content = '更正：本月5日检查地点为一号罐区'
    for (const k of [key(), key()]) expect((await request((ctx) => addCorrection(ctx, month(), content, k))).ok).toBe(true)
    const count = async (text: string) =>
      (
        await t.db
          .selectFrom('duty_log_corrections')
          .select('id')
          .where('month_id', '=', await monthId())
          .where('content', '=', text)
          .execute()
      ).length
    expect(await count(content)).toBe(2)
    const cookie = await cookieFor(t.db, 'hs_safety_head')
    const params = { month: month() }
    const shown = dataOf(await run(logLoader, get(`/me/duty-log/${month()}?confirm=1&content=x`, cookie), params))
    const form = { intent: 'correct', content: '补记：本月8日到储运车间检查装卸作业', confirm: '1', formKey: shown.formKey }
    for (let i = 0; i < 2; i++) expect(statusOf(await run(logAction, post(`/me/duty-log/${month()}`, form, cookie), params))).toBe(302)
    expect(await count(form.content)).toBe(1)
  })
})

describe('a line of a leader’s 一岗双责台账', () => {
  // a month far from the demo's, with the clock inside it (the ledger refuses a day not yet come)
  const M = { year: 2031, month: 4 }
  const NOW = new Date('2031-04-20T10:00:00+08:00')
  let book = ''
  const inTransaction = <T>(who: string, work: (c: RequestContext) => Promise<T>) =>
    t.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${as[who]!.userId}, true)`.execute(trx)
      return work(contextFor(trx, as[who]!, client, NOW))
    })
  const line = (work: string, formKey?: string) => ({
    intent: 'add',
    occurredOn: '2031-04-10',
    kind: 'meeting',
    work,
    participants: '赵志刚、各科室负责人',
    remark: '',
    ...(formKey === undefined ? {} : { formKey }),
  })
  const storedFiles = () => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length
  async function sheetId(m = M) {
    return (
      await t.db
        .selectFrom('leader_ledger_sheets')
        .select('id')
        .where('leader_id', '=', book)
        .where('year', '=', m.year)
        .where('month', '=', m.month)
        .executeTakeFirstOrThrow()
    ).id
  }
  const lines = async (work: string, m = M) =>
    t.db
      .selectFrom('leader_ledger_entries')
      .select(['id', 'form_key'])
      .where('sheet_id', '=', await sheetId(m))
      .where('work', '=', work)
      .execute()

  beforeAll(async () => {
    book = (
      await t.db.selectFrom('leader_ledger_leaders').select('id').where('user_id', '=', as.jz_yjj_deputy!.userId).executeTakeFirstOrThrow()
    ).id
  })

  it(`one line with its evidence sent twenty times at once with one key: one line, its file stored once, every sending ok (${DB})`, async () => {
    const k = key()
    const before = storedFiles()
    const work = '在局三楼会议室召开危化品安全专题会议'
    const results = await twenty(() =>
      inTransaction('jz_yjj_clerk', (c) => addEntry(c, book, M, line(work, k), [{ name: '会议照片.png', bytes: PNG }])),
    )
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    expect(results.every((r) => r.value!.ok)).toBe(true)
    const rows = await lines(work)
    expect(rows).toEqual([{ id: expect.any(String), form_key: k }])
    expect(new Set(results.map((r) => (r.value as { entryId: string }).entryId))).toEqual(new Set([rows[0]!.id]))
    const files = await t.db.selectFrom('leader_ledger_files').select('storage_key').where('entry_id', '=', rows[0]!.id).execute()
    expect(files).toHaveLength(1)
    // the bytes too: one file in the evidence store, not twenty
    expect(storedFiles() - before).toBe(1)
  })

  it(`two forms (two keys) are two lines, and without a key a line is taken as before (${DB})`, async () => {
    for (const k of [key(), key()])
      expect((await inTransaction('jz_yjj_clerk', (c) => addEntry(c, book, M, line('到市化工园区检查', k), []))).ok).toBe(true)
    expect(await lines('到市化工园区检查')).toHaveLength(2)
    for (let i = 0; i < 2; i++)
      expect((await inTransaction('jz_yjj_clerk', (c) => addEntry(c, book, M, line('研究危化品运输问题'), []))).ok).toBe(true)
    expect((await lines('研究危化品运输问题')).map((e) => e.form_key)).toEqual([null, null])
  })

  it(`a 更正 sent twenty times at once with one key is appended once; a line sent again after the month was submitted is still ok (${DB})`, async () => {
    const first = (await lines('在局三楼会议室召开危化品安全专题会议'))[0]!
    expect(await inTransaction('jz_yjj_deputy', (c) => signMonth(c, book, M))).toMatchObject({ ok: true, seq: 1 })
    const replay = await inTransaction('jz_yjj_clerk', (c) =>
      addEntry(c, book, M, line('在局三楼会议室召开危化品安全专题会议', first.form_key!), []),
    )
    expect(replay).toEqual({ ok: true, entryId: first.id })
    const k = key()
    const correction = {
      intent: 'correct',
      occurredOn: '2031-04-10',
      correctionOf: first.id,
      work: '在局五楼会议室召开危化品安全专题会议',
      participants: '',
      remark: '',
      formKey: k,
    }
    const results = await twenty(() => inTransaction('jz_yjj_clerk', (c) => appendCorrection(c, book, M, correction)))
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    expect(results.every((r) => r.value!.ok)).toBe(true)
    expect(await lines(correction.work)).toEqual([{ id: expect.any(String), form_key: k }])
  })

  it('the page gives each form shown a new key; the same form posted twice adds one line', async () => {
    // the month being kept by the tests' clock, and a day of it already past
    const current = currentSheetMonth(new Date())
    const params = { leaderId: book, month: monthKey(current) }
    const url = `/regulator/ledger/${book}/${monthKey(current)}`
    const cookie = await cookieFor(t.db, 'jz_yjj_clerk')
    const shown = dataOf(await run(ledgerLoader, get(url, cookie), params))
    const again = dataOf(await run(ledgerLoader, get(url, cookie), params))
    expect(shown.formKeys.add).toMatch(/^[0-9a-f-]{36}$/)
    expect(shown.formKeys.correct).not.toBe(shown.formKeys.add)
    expect(again.formKeys.add).not.toBe(shown.formKeys.add)
    const form = { ...line('到某燃气公司现场检查'), occurredOn: periodOf(current).from, formKey: shown.formKeys.add }
    for (let i = 0; i < 2; i++) expect(statusOf(await run(ledgerAction, post(url, form, cookie), params))).toBe(302)
    expect(await lines('到某燃气公司现场检查', current)).toHaveLength(1)
  })
})
