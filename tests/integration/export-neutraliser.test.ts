import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FORMULA_START_RE } from '../../app/modules/excel/cells'
import { runSelfCheck } from '../../app/modules/obligations/obligations.server'
import { action as plansAction } from '../../app/routes/enterprise.drills._index'
import { loader as assessmentsExport } from '../../app/routes/enterprise.assessments.export'
import { loader as confirmationsExport } from '../../app/routes/enterprise.confirmations.export'
import { loader as drillsExport } from '../../app/routes/enterprise.drills.export'
import { loader as hazardsExport } from '../../app/routes/enterprise.hazards.export'
import { loader as hazardStatsExport } from '../../app/routes/enterprise.hazard-stats.$id.export'
import { loader as postsExport } from '../../app/routes/enterprise.posts.export'
import { loader as postsTemplate } from '../../app/routes/enterprise.posts.template'
import { loader as risksExport } from '../../app/routes/enterprise.risks.export'
import { loader as risksTemplate } from '../../app/routes/enterprise.risks.template'
import { loader as rosterExport } from '../../app/routes/enterprise.roster.export'
import { loader as rosterTemplate } from '../../app/routes/enterprise.roster.template'
import { loader as selfCheckExport } from '../../app/routes/enterprise.self-checks.$id.export'
import { loader as trainingExport } from '../../app/routes/enterprise.training.export'
import { action as trainingAction } from '../../app/routes/enterprise.training._index'
import { loader as trainingTemplate } from '../../app/routes/enterprise.training.template'
import { loader as regulatorExport } from '../../app/routes/regulator.enterprises.export'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { type Handler, cookieFor, get, post, run, statusOf } from './requests'
import { contextFor } from '../../app/db.server'

// Issue 11, finding 7: every text cell of every sheet of every .xlsx the portal writes — titles and
// headers included — goes through the one neutraliser. Names that a spreadsheet would run are
// planted where each export shows them (the enterprise's name heads the 自查 title), and every cell
// of every sheet is read back.

const INJECTED = [
  '＝HYPERLINK("http://evil.example","点我")',
  ' +cmd|/C calc',
  '\t=1+2',
  '@SUM(1+1)',
  '－1+1',
  '\u3000=2+2',
  '-3+3',
  '＠A1',
  '  ＋1',
]

let t: TestDatabase
let admin: string
let regulator: string
let selfCheckId: string
let hazardStatsId: string

beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
  regulator = await cookieFor(t.db, 'jz_yjj')
  const session = await run(
    trainingAction,
    post(
      '/enterprise/training',
      {
        topic: '@培训 年度再培训',
        kind: '年度再培训',
        level: '',
        status: 'held',
        heldOn: '2026-10-10',
        hours: '8',
        trainer: '=讲师',
        place: '-培训室',
        assessment: '',
      },
      admin,
    ),
  )
  expect(statusOf(session)).toBe(302)
  const plan = await run(
    plansAction,
    post(
      '/enterprise/drills',
      { kind: '综合预案', title: '=1+1综合应急预案', version: '+V1', issuedOn: '2024-03-05', filedOn: '', reviewedOn: '' },
      admin,
    ),
  )
  expect(statusOf(plan)).toBe(302)
  // the planted names are written as the schema's owner: certificates are evidence the app cannot rewrite
  const hs = await t.owner.selectFrom('enterprises').select('id').where('credit_code', '=', '91140702MA0GR4KT4R').executeTakeFirstOrThrow()
  // the enterprise's own name, its people, posts, sessions and certificates, as an attacker would name them
  await t.owner.updateTable('enterprises').set({ name: '=1+1' }).where('id', '=', hs.id).execute()
  const people = await t.owner.selectFrom('employees').select('id').where('enterprise_id', '=', hs.id).orderBy('employee_no').execute()
  for (const [i, p] of people.entries())
    await t.owner
      .updateTable('employees')
      .set({ name: `${INJECTED[i % INJECTED.length]}${i}` })
      .where('id', '=', p.id)
      .execute()
  const posts = await t.owner.selectFrom('posts').select('id').where('enterprise_id', '=', hs.id).orderBy('name').execute()
  for (const [i, p] of posts.entries())
    await t.owner
      .updateTable('posts')
      .set({ name: `${INJECTED[(i + 3) % INJECTED.length]}岗${i}` })
      .where('id', '=', p.id)
      .execute()
  const units = await t.owner.selectFrom('org_units').select('id').where('enterprise_id', '=', hs.id).orderBy('name').execute()
  for (const [i, u] of units.entries())
    await t.owner
      .updateTable('org_units')
      .set({ name: `${INJECTED[(i + 5) % INJECTED.length]}部${i}` })
      .where('id', '=', u.id)
      .execute()
  await sql`update certificates set kind = '＝证书' || kind, number = '-' || number, authority = ' =发证机关' where enterprise_id = ${hs.id}`.execute(
    t.owner,
  )
  const planRow = await t.owner
    .selectFrom('emergency_plans')
    .select('id')
    .where('enterprise_id', '=', hs.id)
    .where('title', '=', '=1+1综合应急预案')
    .executeTakeFirstOrThrow()
  const user = await t.owner.selectFrom('users').select('id').where('username', '=', 'hs_admin').executeTakeFirstOrThrow()
  await t.owner
    .insertInto('drills')
    .values({
      enterprise_id: hs.id,
      plan_id: planRow.id,
      held_on: '2026-06-01',
      form: '实战',
      participants: 20,
      summary: '＋演练概况',
      created_by: user.id,
    })
    .execute()
  // hazards and risks as an attacker would describe them (the demo's register and hazards)
  await sql`update hazards set place = '=' || place, description = '＋' || description, measures = '@' || measures where enterprise_id = ${hs.id}`.execute(
    t.owner,
  )
  await sql`update risks set hazard_source = '-' || hazard_source, accident_types = ' =' || accident_types where enterprise_id = ${hs.id}`.execute(
    t.owner,
  )
  // the demo's signed 隐患排查治理统计分析表 (seeds/hazard-stats-demo.ts): its title carries the enterprise's name
  hazardStatsId = (await t.db.selectFrom('hazard_stat_reports').select('id').where('enterprise_id', '=', hs.id).executeTakeFirstOrThrow())
    .id
  selfCheckId = await runSelfCheck(contextFor(t.db, await actorOf(t.db, 'hs_admin'), { ip: '127.0.0.1', userAgent: 'vitest' }))
})
afterAll(() => t.destroy())

const EXPORTS: { route: string; loader: Handler<unknown>; url: string; params?: () => Record<string, string>; cookie: () => string }[] = [
  // 考核表: the demo's assessments (names planted in the roster reach it)
  { route: 'enterprise.assessments.export', loader: assessmentsExport, url: '/enterprise/assessments/export', cookie: () => admin },
  { route: 'enterprise.confirmations.export', loader: confirmationsExport, url: '/enterprise/confirmations/export', cookie: () => admin },
  { route: 'enterprise.drills.export', loader: drillsExport, url: '/enterprise/drills/export', cookie: () => admin },
  { route: 'enterprise.hazards.export', loader: hazardsExport, url: '/enterprise/hazards/export', cookie: () => admin },
  {
    route: 'enterprise.hazard-stats.$id.export',
    loader: hazardStatsExport,
    url: '/enterprise/hazard-stats/x/export',
    params: () => ({ id: hazardStatsId }),
    cookie: () => admin,
  },
  { route: 'enterprise.posts.export', loader: postsExport, url: '/enterprise/posts/export', cookie: () => admin },
  { route: 'enterprise.posts.template', loader: postsTemplate, url: '/enterprise/posts/template', cookie: () => admin },
  { route: 'enterprise.risks.export', loader: risksExport, url: '/enterprise/risks/export', cookie: () => admin },
  { route: 'enterprise.risks.template', loader: risksTemplate, url: '/enterprise/risks/template', cookie: () => admin },
  { route: 'enterprise.roster.export', loader: rosterExport, url: '/enterprise/roster/export', cookie: () => admin },
  { route: 'enterprise.roster.template', loader: rosterTemplate, url: '/enterprise/roster/template', cookie: () => admin },
  {
    route: 'enterprise.self-checks.$id.export',
    loader: selfCheckExport,
    url: '/enterprise/self-checks/x/export',
    params: () => ({ id: selfCheckId }),
    cookie: () => admin,
  },
  { route: 'enterprise.training.export', loader: trainingExport, url: '/enterprise/training/export', cookie: () => admin },
  { route: 'enterprise.training.template', loader: trainingTemplate, url: '/enterprise/training/template', cookie: () => admin },
  { route: 'regulator.enterprises.export', loader: regulatorExport, url: '/regulator/enterprises/export', cookie: () => regulator },
]

describe('every export neutralises every text cell', () => {
  it('covers every route that answers with an .xlsx', () => {
    const dir = path.join(__dirname, '..', '..', 'app', 'routes')
    const xlsxRoutes = readdirSync(dir)
      .filter((f) => /\.tsx?$/.test(f))
      .filter((f) => /xlsxResponse|spreadsheetml|templateWorkbook|ExcelJS/.test(readFileSync(path.join(dir, f), 'utf8')))
      .map((f) => f.replace(/\.tsx?$/, ''))
      .sort()
    expect(xlsxRoutes).toEqual(EXPORTS.map((e) => e.route).sort())
  })

  it('no cell of any sheet would run as a formula, and the planted names are there, made inert', async () => {
    const seen: string[] = []
    for (const e of EXPORTS) {
      const res = await run(e.loader, get(e.url, e.cookie()), e.params?.() ?? {})
      if (!(res instanceof Response)) throw new Error(`${e.route}: expected a file response`)
      expect(res.status, e.route).toBe(200)
      expect(res.headers.get('content-type'), e.route).toMatch(/spreadsheetml/)
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer)
      expect(wb.worksheets.length, e.route).toBeGreaterThan(0)
      for (const ws of wb.worksheets) {
        ws.eachRow({ includeEmpty: false }, (row, r) => {
          row.eachCell({ includeEmpty: false }, (cell, c) => {
            const where = `${e.route} ${ws.name}!R${r}C${c}`
            expect(cell.type, where).not.toBe(ExcelJS.ValueType.Formula)
            expect(cell.type, where).not.toBe(ExcelJS.ValueType.RichText)
            const v = cell.value
            if (typeof v === 'string') {
              expect(FORMULA_START_RE.test(v), `${where}: ${JSON.stringify(v)}`).toBe(false)
              expect(v, where).not.toMatch(/\[object Object\]/)
              seen.push(`${e.route}|${v}`)
            }
          })
        })
      }
    }
    // not vacuous: the planted values reached the exports, each behind an apostrophe
    const has = (route: string, text: string) => seen.some((s) => s.startsWith(`${route}|'`) && s.includes(text))
    expect(has('enterprise.self-checks.$id.export', '=1+1')).toBe(true)
    expect(has('enterprise.hazard-stats.$id.export', '=1+1')).toBe(true)
    expect(has('regulator.enterprises.export', '=1+1')).toBe(true)
    expect(has('enterprise.roster.export', '＝HYPERLINK')).toBe(true)
    expect(has('enterprise.roster.export', ' +cmd')).toBe(true)
    expect(has('enterprise.roster.export', '\u3000=2+2')).toBe(true)
    expect(has('enterprise.posts.export', '岗')).toBe(true)
    expect(has('enterprise.drills.export', '=1+1综合应急预案')).toBe(true)
    expect(has('enterprise.drills.export', '＋演练概况')).toBe(true)
    expect(has('enterprise.training.export', '@培训')).toBe(true)
    expect(has('enterprise.training.export', '=讲师')).toBe(true)
    expect(has('enterprise.risks.export', ' =火灾')).toBe(true)
    expect(has('enterprise.hazards.export', ' =火灾')).toBe(true)
    // the demo ledger has no confirmations yet: its title and headers are still read above
    expect(seen.filter((s) => s.startsWith('enterprise.confirmations.export|')).length).toBeGreaterThanOrEqual(11)
  })
})
