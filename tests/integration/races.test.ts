import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contextFor, withActor, type RequestContext } from '../../app/db.server'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import {
  assignHazard,
  planHazard,
  rectifyHazard,
  reportHazard,
  requestResume,
  reviewResume,
  superviseHazard,
  verifyHazard,
} from '../../app/modules/hazards/hazards.server'
import { REGISTER_COLUMNS } from '../../app/modules/hazards/register'
import { commitRegisterImport, previewRegisterImport } from '../../app/modules/hazards/register-import.server'
import { addRiskPoint } from '../../app/modules/hazards/risks.server'
import { addEntry, appointLeader, signMonth, withdrawEntry } from '../../app/modules/leaderledger/leaderledger.server'
import type { Actor } from '../../app/modules/auth/actor'
import {
  addEntry as addLogEntry,
  removeEntry as removeLogEntry,
  signMonth as signLogMonth,
} from '../../app/modules/dutylogs/dutylogs.server'
import { monthOf } from '../../app/modules/dutylogs/rules'
import { createEnterprise, createRegulatorAccount } from '../../app/modules/platform/platform.server'
import { createEnterpriseSchema, createRegulatorSchema } from '../../app/modules/platform/schema'
import { addDays } from '../../app/utils/calendar'
import { todayInShanghai } from '../../app/utils/dates'
import { actorOf } from './duty-helpers'
import { createTestDatabase, testServerUrl, type TestDatabase } from './helpers'

// "What if it arrives twenty times at once?" Conflicting commands sent together, through the modules
// with their request transactions as the routes run them: one wins, the others are refused in words
// (never a 500), and what is written agrees with its history. Meaningful on PostgreSQL (PGlite has one
// connection and runs them one after another).
let t: TestDatabase
let dir: string
const client = { ip: '203.0.113.9', userAgent: 'vitest' }
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])
const as: Record<string, Actor> = {}
const run = <T>(who: string, work: (ctx: RequestContext) => Promise<T>) => withActor(as[who]!, client, (ctx) => work(ctx))
const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ value, error: null as unknown }),
    (error: unknown) => ({ value: null, error }),
  )
const DB = testServerUrl() ? 'PostgreSQL' : 'PGlite'

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-races-'))
  useEvidenceStore(localStore(dir))
  for (const u of ['hs_admin', 'hs_head', 'hs_team', 'hs_vp_safety', 'jz_yjj']) as[u] = await actorOf(t.db, u)
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const hs = () => (as.hs_admin as { enterpriseId: string }).enterpriseId

describe('the register import', () => {
  async function workbook(rows: Record<string, unknown>[]) {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('清单')
    ws.addRow(['风险分级管控清单'])
    ws.addRow(REGISTER_COLUMNS.map((c) => c.header))
    for (const r of rows) ws.addRow(REGISTER_COLUMNS.map((c) => r[c.key] ?? null))
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
  const ROW = {
    unit: '储运车间',
    point: '并发导入风险点',
    pointKind: '区域场所',
    location: '厂区东侧',
    source: '并发导入危险源',
    accidents: '中毒和窒息',
    method: 'LS',
    l: 3,
    s: 5,
    controlLevel: '车间（部门）级',
    post: '危化品装卸工',
    measure_engineering: '氨气泄漏报警联锁喷淋',
    measure_emergency: '佩戴正压式空气呼吸器，关阀堵漏',
  }

  it(`the same file previewed in eight tabs and committed from all at once adds its point and risk once, without a 500 (${DB})`, async () => {
    const bytes = await workbook([ROW])
    const batches: string[] = []
    for (let i = 0; i < 8; i++) {
      const p = await run('hs_admin', (ctx) => previewRegisterImport(ctx, { name: '清单.xlsx', bytes }))
      if (!p.ok) throw new Error(p.message)
      batches.push(p.batchId)
    }
    const results = await Promise.all(batches.map((b) => settle(run('hs_admin', (ctx) => commitRegisterImport(ctx, b)))))
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    // the first adds; the others find the register as it now stands, and update the same risk
    const outcomes = results.map((r) => r.value!)
    expect(outcomes.every((o) => o.ok)).toBe(true)
    expect(outcomes.map((o) => (o.ok ? `${o.added}/${o.updated}` : '')).sort()).toEqual([
      '0/1',
      '0/1',
      '0/1',
      '0/1',
      '0/1',
      '0/1',
      '0/1',
      '1/0',
    ])
    const points = await t.db
      .selectFrom('risk_points')
      .select('id')
      .where('enterprise_id', '=', hs())
      .where('name', '=', ROW.point)
      .execute()
    expect(points).toHaveLength(1)
    const risks = await t.db
      .selectFrom('risks')
      .select('id')
      .where('enterprise_id', '=', hs())
      .where('risk_point_id', '=', points[0]!.id)
      .execute()
    expect(risks).toHaveLength(1)
  })

  it(`a 风险点 added by hand while a file adding the same one commits: one point, a refusal in words, no 500 (${DB})`, async () => {
    const point = '并发手工风险点'
    const unit = await t.db
      .selectFrom('org_units')
      .select('id')
      .where('enterprise_id', '=', hs())
      .where('name', '=', ROW.unit)
      .executeTakeFirstOrThrow()
    const bytes = await workbook([{ ...ROW, point }])
    const p = await run('hs_admin', (ctx) => previewRegisterImport(ctx, { name: '清单.xlsx', bytes }))
    if (!p.ok) throw new Error(p.message)
    const [byHand, imported] = await Promise.all([
      settle(
        run('hs_admin', (ctx) => addRiskPoint(ctx, { intent: 'point', name: point, kind: ROW.pointKind, unitId: unit.id, location: '' })),
      ),
      settle(run('hs_admin', (ctx) => commitRegisterImport(ctx, p.batchId))),
    ])
    expect([byHand.error, imported.error].map((e) => (e ? String(e) : null))).toEqual([null, null])
    // whichever came first stands; the import finds a point added by hand in the same unit and adds its risk to it
    expect(imported.value).toMatchObject({ ok: true, added: 1, updated: 0 })
    const hand = byHand.value!
    if (!hand.ok) expect(hand.fieldErrors).toEqual({ name: '已有同名风险点' })
    const points = await t.db.selectFrom('risk_points').select('id').where('enterprise_id', '=', hs()).where('name', '=', point).execute()
    expect(points).toHaveLength(1)
  })

  it(`one batch committed twenty times at once is written once (${DB})`, async () => {
    const bytes = await workbook([{ ...ROW, point: '并发导入风险点二' }])
    const p = await run('hs_admin', (ctx) => previewRegisterImport(ctx, { name: '清单.xlsx', bytes }))
    if (!p.ok) throw new Error(p.message)
    const results = await Promise.all(
      Array.from({ length: 20 }, () => settle(run('hs_admin', (ctx) => commitRegisterImport(ctx, p.batchId)))),
    )
    expect(results.filter((r) => r.error)).toEqual([])
    expect(results.filter((r) => r.value!.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.value!.ok).every((r) => !r.value!.ok && r.value!.message === '这批数据已经导入过或已放弃')).toBe(true)
  })
})

describe('a hazard’s 验收', () => {
  it(`合格 and 不合格 sent at once: one is taken, the other refused; the status is the history's last (${DB})`, async () => {
    const r = await run('hs_admin', (ctx) =>
      reportHazard(ctx, { place: '并发验收', description: '消防通道堆放杂物' }, [{ name: '现场.jpg', bytes: JPG }]),
    )
    if (!r.ok) throw new Error('report')
    const id = r.hazardId
    const team = as.hs_team!.userId
    expect(
      await run('hs_admin', (ctx) =>
        assignHazard(ctx, id, { grade: 'general', responsibleUserId: team, measures: '清理杂物', deadline: addDays(todayInShanghai(), 5) }),
      ),
    ).toEqual({ ok: true })
    expect(await run('hs_team', (ctx) => rectifyHazard(ctx, id, { note: '已清理全部杂物' }, []))).toEqual({ ok: true })
    const results = await Promise.all(
      (['pass', 'fail', 'pass', 'fail'] as const).map((decision) =>
        settle(run('hs_head', (ctx) => verifyHazard(ctx, id, { decision, note: decision === 'pass' ? '合格' : '仍有杂物' }))),
      ),
    )
    expect(results.filter((x) => x.error)).toEqual([])
    expect(results.filter((x) => x.value!.ok)).toHaveLength(1)
    const events = await t.db
      .selectFrom('hazard_events')
      .select(['seq', 'step', 'to_status'])
      .where('hazard_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(events.filter((e) => e.step === 'verify_pass' || e.step === 'verify_fail')).toHaveLength(1)
    const row = await t.db.selectFrom('hazards').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.status).toBe(events.at(-1)!.to_status)
    const n = await t.db
      .selectFrom('audit_events')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('target', '=', id)
      .where('action', 'in', ['hazard.verify_pass', 'hazard.verify_fail'])
      .executeTakeFirstOrThrow()
    expect(n.n).toBe(1)
  })
})

describe('重大隐患 before the department', () => {
  async function major(place: string) {
    const r = await run('hs_admin', (ctx) =>
      reportHazard(ctx, { place, description: '紧急停车系统联锁被旁路' }, [{ name: '现场.jpg', bytes: JPG }]),
    )
    if (!r.ok) throw new Error('report')
    const assigned = await run('hs_admin', (ctx) =>
      assignHazard(ctx, r.hazardId, {
        grade: 'major',
        responsibleUserId: as.hs_team!.userId,
        measures: '停用反应釜，更换联锁',
        deadline: addDays(todayInShanghai(), 40),
        funds: '250000',
        criterionCode: 'hc-4',
        situation: '紧急停车系统未投用，原因是联锁回路故障后被旁路',
        severity: '可能引发火灾爆炸，须停车更换联锁回路，整改难度较大',
        workersCongressOn: addDays(todayInShanghai(), -1),
      }),
    )
    expect(assigned).toEqual({ ok: true })
    return r.hazardId
  }

  it(`two hazards put under 督办 at once by one department get two numbers (${DB})`, async () => {
    const ids = [await major('并发督办甲'), await major('并发督办乙')]
    const deadline = addDays(todayInShanghai(), 30)
    const results = await Promise.all(
      ids.map((id) => settle(run('jz_yjj', (ctx) => superviseHazard(ctx, hs(), id, { deadline, note: '限期整改' })))),
    )
    expect(results.map((r) => [r.error, r.value])).toEqual([
      [null, { ok: true }],
      [null, { ok: true }],
    ])
    const rows = await t.db.selectFrom('hazards').select('supervision_no').where('id', 'in', ids).execute()
    expect(new Set(rows.map((r) => r.supervision_no)).size).toBe(2)
  })

  it(`核销 and 退回 sent at once: one is taken; the status follows the history (${DB})`, async () => {
    const id = await major('并发核销')
    const SUPERVISED_UNTIL = addDays(todayInShanghai(), 46)
    const [, sm, sd] = SUPERVISED_UNTIL.split('-').map(Number)
    expect(await run('jz_yjj', (ctx) => superviseHazard(ctx, hs(), id, { deadline: SUPERVISED_UNTIL, note: '限期整改' }))).toEqual({
      ok: true,
    })
    const plan = {
      goal: '恢复紧急停车系统',
      method: '更换联锁回路并测试',
      funds: '25万元已落实',
      organisation: '设备部、加氢工段',
      timeline: `${SUPERVISED_UNTIL.slice(0, 4)}年${sm}月${sd}日前`,
      safety: '停车期间执行现场处置方案',
    }
    expect(await run('hs_admin', (ctx) => planHazard(ctx, id, plan))).toEqual({ ok: true })
    expect(await run('hs_admin', (ctx) => requestResume(ctx, id, { note: '联锁回路已更换', assessment: '第三方评估合格' }))).toEqual({
      ok: true,
    })
    const results = await Promise.all(
      (['write_off', 'return', 'write_off', 'return'] as const).map((decision) =>
        settle(
          run('jz_yjj', (ctx) => reviewResume(ctx, hs(), id, { decision, note: decision === 'return' ? '缺少测试记录' : '予以核销' })),
        ),
      ),
    )
    expect(results.filter((r) => r.error)).toEqual([])
    expect(results.filter((r) => r.value!.ok)).toHaveLength(1)
    const events = await t.db.selectFrom('hazard_events').select(['step', 'to_status']).where('hazard_id', '=', id).orderBy('seq').execute()
    expect(events.filter((e) => e.step === 'write_off' || e.step === 'return')).toHaveLength(1)
    const row = await t.db.selectFrom('hazards').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.status).toBe(events.at(-1)!.to_status)
  })
})

describe('the leader ledger and its appointments', () => {
  // a month far from the demo's, with the clock inside it (the ledger refuses a day not yet come)
  const M = { year: 2031, month: 5 }
  const NOW = new Date('2031-05-20T10:00:00+08:00')
  const who: Record<string, Actor> = {}
  const inTransaction = <T>(name: string, work: (c: RequestContext) => Promise<T>) =>
    t.db.transaction().execute(async (trx) => {
      await sql`select set_config('app.user_id', ${who[name]!.userId}, true)`.execute(trx)
      return work(contextFor(trx, who[name]!, client, NOW))
    })
  let book = ''
  beforeAll(async () => {
    for (const name of ['platform', 'jz_yjj', 'jz_yjj_deputy', 'jz_yjj_chief', 'jz_yjj_clerk']) who[name] = await actorOf(t.db, name)
    book = (
      await t.db.selectFrom('leader_ledger_leaders').select('id').where('user_id', '=', who.jz_yjj_deputy!.userId).executeTakeFirstOrThrow()
    ).id
  })

  it(`the recorder withdraws a line as the leader signs: the signature covers exactly the lines left (${DB})`, async () => {
    const line = { intent: 'add', occurredOn: '2031-05-12', kind: 'meeting', participants: '', remark: '' }
    const kept = await inTransaction('jz_yjj_clerk', (c) => addEntry(c, book, M, { ...line, work: '召开危化品安全专题会议' }, []))
    const stray = await inTransaction('jz_yjj_clerk', (c) => addEntry(c, book, M, { ...line, work: '误录的一条' }, []))
    if (!kept.ok || !stray.ok) throw new Error('entries')
    const [withdrawn, signed] = await Promise.all([
      settle(inTransaction('jz_yjj_clerk', (c) => withdrawEntry(c, book, M, stray.entryId))),
      settle(inTransaction('jz_yjj_deputy', (c) => signMonth(c, book, M))),
    ])
    expect([withdrawn.error, signed.error]).toEqual([null, null])
    expect(signed.value).toMatchObject({ ok: true, seq: 1 })
    const sheet = await t.db
      .selectFrom('leader_ledger_sheets')
      .select('id')
      .where('leader_id', '=', book)
      .where('year', '=', M.year)
      .where('month', '=', M.month)
      .executeTakeFirstOrThrow()
    const live = await t.db
      .selectFrom('leader_ledger_entries as e')
      .leftJoin('leader_ledger_withdrawals as w', 'w.entry_id', 'e.id')
      .select('e.id')
      .where('e.sheet_id', '=', sheet.id)
      .where('w.entry_id', 'is', null)
      .execute()
    const signature = await t.db.selectFrom('leader_ledger_signatures').select(['entry_count']).where('sheet_id', '=', sheet.id).execute()
    expect(signature).toEqual([{ entry_count: live.length }])
    // withdrawn first and signed without it, or signed first and the withdrawal refused in words
    if (withdrawn.value!.ok) expect(live.map((e) => e.id)).toEqual([kept.entryId])
    else expect(withdrawn.value).toMatchObject({ ok: false, message: '本月台账已报送，不能删除条目，只能追加更正' })
  })

  it(`twenty appointments of one leader at once: one row, audited as one appointment and nineteen changes (${DB})`, async () => {
    const recorders = [who.jz_yjj_clerk!.userId, who.jz_yjj_chief!.userId]
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        settle(
          withActor(who.platform!, client, (c) =>
            appointLeader(c, {
              intent: 'appoint',
              userId: who.jz_yjj!.userId,
              position: 'member',
              title: `副局长${i}`,
              chargeAreas: ['危险化学品'],
              recorderUserId: recorders[i % 2]!,
            }),
          ),
        ),
      ),
    )
    expect(results.filter((r) => r.error)).toEqual([])
    expect(results.every((r) => r.value!.ok)).toBe(true)
    expect(await t.db.selectFrom('leader_ledger_leaders').select('id').where('user_id', '=', who.jz_yjj!.userId).execute()).toHaveLength(1)
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('target', '=', who.jz_yjj!.userId)
      .where('action', 'like', 'leader_ledger.%')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['leader_ledger.appoint', ...Array.from({ length: 19 }, () => 'leader_ledger.reappoint')])
    // each change is audited with the appointment it replaced: the history chains
    const details = audit.map((a) => a.detail as { before: { title: string } | null; after: { title: string } })
    for (let i = 1; i < details.length; i++) expect(details[i]!.before!.title).toBe(details[i - 1]!.after.title)
    const row = await t.db
      .selectFrom('leader_ledger_leaders')
      .select('title')
      .where('user_id', '=', who.jz_yjj!.userId)
      .executeTakeFirstOrThrow()
    expect(row.title).toBe(details.at(-1)!.after.title)
  })
})

describe('a month of 履职记录', () => {
  it(`signed as its last line is removed: signed with the line, or the line gone and the signature refused (${DB})`, async () => {
    const m = monthOf(todayInShanghai())
    const added = await run('hs_vp_safety', (ctx) =>
      addLogEntry(ctx, m, { occurredOn: todayInShanghai(), content: '到罐区检查动火作业票证', participants: '', remark: '' }),
    )
    expect(added.ok).toBe(true)
    const me = as.hs_vp_safety as { employeeId: string; enterpriseId: string }
    const month = await t.db
      .selectFrom('duty_log_months')
      .select('id')
      .where('enterprise_id', '=', me.enterpriseId)
      .where('employee_id', '=', me.employeeId)
      .where('month', '=', m)
      .executeTakeFirstOrThrow()
    const entries = await t.db.selectFrom('duty_log_entries').select('id').where('month_id', '=', month.id).execute()
    const [signed, removed] = await Promise.all([
      settle(run('hs_vp_safety', (ctx) => signLogMonth(ctx, m))),
      ...entries.map((e) => settle(run('hs_vp_safety', (ctx) => removeLogEntry(ctx, m, e.id)))),
    ])
    expect([signed!.error, removed!.error]).toEqual([null, null])
    const left = await t.db.selectFrom('duty_log_entries').select('id').where('month_id', '=', month.id).execute()
    const row = await t.db.selectFrom('duty_log_months').select('signed_at').where('id', '=', month.id).executeTakeFirstOrThrow()
    if (signed!.value!.ok) {
      expect(removed!.value).toMatchObject({ ok: false })
      expect(left).toHaveLength(entries.length)
      expect(row.signed_at).not.toBeNull()
    } else {
      expect(removed!.value).toEqual({ ok: true })
      expect(left).toHaveLength(0)
      expect(row.signed_at).toBeNull()
    }
  })
})

describe('the platform creating accounts', () => {
  it(`the same regulator account submitted five times at once is created once; the others are told why, beside the fields (${DB})`, async () => {
    const platform = await actorOf(t.db, 'platform')
    const yjj = await t.db.selectFrom('users').select('department_id').where('username', '=', 'jz_yjj').executeTakeFirstOrThrow()
    const input = createRegulatorSchema.parse({
      displayName: '李并发',
      username: 'jz_race_reg',
      phone: '13912345688',
      password: 'Anquan2026ok',
      departmentId: yjj.department_id,
    })
    const results = await Promise.all(
      Array.from({ length: 5 }, () => settle(withActor(platform, client, (c) => createRegulatorAccount(c, input)))),
    )
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    expect(results.filter((r) => r.value!.ok)).toHaveLength(1)
    for (const r of results.filter((x) => !x.value!.ok))
      expect(r.value).toEqual({ ok: false, fieldErrors: { username: '该用户名已被使用', phone: '该手机号已绑定其他账号' } })
    expect(await t.db.selectFrom('users').select('id').where('username', '=', 'jz_race_reg').execute()).toHaveLength(1)
  })

  it(`a new enterprise submitted five times at once is created once, with one admin (${DB})`, async () => {
    const platform = await actorOf(t.db, 'platform')
    const input = createEnterpriseSchema.parse({
      name: '晋中市安泰燃气有限公司',
      creditCode: '91350100M000100Y43',
      industryCode: 'hazchem',
      regionCode: '140781',
      address: '介休市北关街道',
      legalRepresentative: '王五',
      principalName: '王五',
      phone: '13900001111',
      adminName: '孙安',
      adminUsername: 'at_race_admin',
      adminPhone: '13900002299',
      adminPassword: 'Safety2026x',
    })
    const results = await Promise.all(
      Array.from({ length: 5 }, () => settle(withActor(platform, client, (c) => createEnterprise(c, input)))),
    )
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([])
    expect(results.filter((r) => r.value!.ok)).toHaveLength(1)
    for (const r of results.filter((x) => !x.value!.ok))
      expect(r.value).toMatchObject({ ok: false, fieldErrors: { creditCode: expect.any(String) } })
    expect(await t.db.selectFrom('enterprises').select('id').where('credit_code', '=', input.creditCode).execute()).toHaveLength(1)
    expect(await t.db.selectFrom('users').select('id').where('username', '=', 'at_race_admin').execute()).toHaveLength(1)
  })
})
