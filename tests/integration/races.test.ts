import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor, type RequestContext } from '../../app/db.server'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { assignHazard, rectifyHazard, reportHazard, verifyHazard } from '../../app/modules/hazards/hazards.server'
import { REGISTER_COLUMNS } from '../../app/modules/hazards/register'
import { commitRegisterImport, previewRegisterImport } from '../../app/modules/hazards/register-import.server'
import { addRiskPoint } from '../../app/modules/hazards/risks.server'
import type { Actor } from '../../app/modules/auth/actor'
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
  for (const u of ['hs_admin', 'hs_head', 'hs_team']) as[u] = await actorOf(t.db, u)
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
