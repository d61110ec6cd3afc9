import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { REGISTER_COLUMNS } from '../../app/modules/hazards/register'
import { loader as obligationLoader } from '../../app/routes/enterprise.obligations.$no'
import { loader as boardLoader } from '../../app/routes/enterprise.risks.board'
import { loader as cardLoader } from '../../app/routes/enterprise.risks.card.$postId'
import { loader as exportLoader } from '../../app/routes/enterprise.risks.export'
import { action as commitAction, loader as batchLoader } from '../../app/routes/enterprise.risks.import.$batchId'
import { loader as mapLoader } from '../../app/routes/enterprise.risks.map'
import { loader as templateLoader } from '../../app/routes/enterprise.risks.template'
import { action as registerAction, loader as registerLoader } from '../../app/routes/enterprise.risks'
import { loader as myPostLoader } from '../../app/routes/me.posts.$postId'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, ORIGIN, post, run, statusOf } from './requests'
import { zipBomb } from './zip-bomb'

// Issue 15 §1 and §7: the 风险分级管控清单 in and out of Excel through the one pipeline, the
// 专项管控方案 of 重大/较大 risks (counted for item 13), the A4 prints and the 四色图's data.
let t: TestDatabase
let dir: string
const cookies: Record<string, string> = {}
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 1)])
let hs = ''

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-register-'))
  useEvidenceStore(localStore(dir))
  for (const u of ['hs_admin', 'hs_head', 'jj_admin', '17735418902']) cookies[u] = await cookieFor(t.db, u)
  hs = (await t.db.selectFrom('enterprises').select('id').where('credit_code', '=', '91140702MA0GR4KT4R').executeTakeFirstOrThrow()).id
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

function multipart(url: string, fields: Record<string, string>, files: { field: string; name: string; bytes: Buffer }[], cookie: string) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append(f.field, new File([new Uint8Array(f.bytes)], f.name))
  return new Request(`${ORIGIN}${url}`, { method: 'POST', headers: { host: 'localhost:3000', origin: ORIGIN, cookie }, body: form })
}

const riskCount = async () =>
  (
    await t.db
      .selectFrom('risks')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('enterprise_id', '=', hs)
      .executeTakeFirstOrThrow()
  ).n

async function download(loader: typeof exportLoader, url: string) {
  const res = await run(loader, get(url, cookies.hs_admin))
  if (!(res instanceof Response)) throw new Error('expected a file')
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

/** A sheet as people fill it in: a title row, the headers, then rows by column key. */
async function workbook(rows: Record<string, unknown>[]) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('清单')
  ws.addRow(['风险分级管控清单'])
  ws.addRow(REGISTER_COLUMNS.map((c) => c.header))
  for (const r of rows) ws.addRow(REGISTER_COLUMNS.map((c) => r[c.key] ?? null))
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function preview(bytes: Buffer, name = '清单.xlsx', cookie = cookies.hs_admin!) {
  const res = await run(
    registerAction,
    multipart('/enterprise/risks?picker=file', { intent: 'import' }, [{ field: 'file', name, bytes }], cookie),
  )
  if (statusOf(res) === 302) return { batchId: (res as Response).headers.get('location')!.split('/').pop()!, message: null }
  return { batchId: null, message: dataOf(res).fieldErrors._form ?? JSON.stringify(dataOf(res)) }
}

const GOOD = {
  unit: '储运车间',
  point: '液氨钢瓶库',
  pointKind: '区域场所',
  location: '厂区西侧',
  source: '液氨钢瓶阀门泄漏',
  accidents: '中毒和窒息',
  method: 'LS',
  l: 3,
  s: 5,
  controlLevel: '车间（部门）级',
  post: '危化品装卸工',
  measure_engineering: '氨气泄漏报警联锁喷淋',
  measure_emergency: '佩戴正压式空气呼吸器，关阀堵漏，疏散下风向人员',
}

describe('the register through the one import pipeline', () => {
  it("the template's columns are the export's; the export reads back as the same register (every row an update)", async () => {
    const template = new ExcelJS.Workbook()
    await template.xlsx.load((await download(templateLoader, '/enterprise/risks/template')) as unknown as ArrayBuffer)
    const exported = await download(exportLoader, '/enterprise/risks/export')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(exported as unknown as ArrayBuffer)
    const headerOf = (ws: ExcelJS.Worksheet) => (ws.getRow(2).values as unknown[]).slice(1)
    expect(headerOf(template.worksheets[0]!)).toEqual(headerOf(wb.worksheets[0]!))
    expect(headerOf(wb.worksheets[0]!)).toEqual(REGISTER_COLUMNS.map((c) => c.header))
    const before = await riskCount()
    expect(before).toBe(4)
    // the demo's register, exported and imported unchanged: nothing new, every risk updated in place
    const { batchId } = await preview(exported, '导出.xlsx')
    const batch = dataOf(await run(batchLoader, get(`/enterprise/risks/import/${batchId}`, cookies.hs_admin), { batchId: batchId! }))
    expect(batch.problemCount).toBe(0)
    expect(batch.rows.map((r) => [r.source, r.levelName, r.updates])).toEqual(
      expect.arrayContaining([
        ['加氢反应釜超温超压', '重大风险', true],
        ['氢气管线法兰泄漏', '较大风险', true],
      ]),
    )
    expect(batch.rows).toHaveLength(4)
    const committed = await run(commitAction, post(`/enterprise/risks/import/${batchId}`, {}, cookies.hs_admin), { batchId: batchId! })
    expect(statusOf(committed)).toBe(302)
    expect((committed as Response).headers.get('location')).toBe('/enterprise/risks?imported=4')
    expect(await riskCount()).toBe(before)
  })

  it('refuses a file with bad rows as a whole, by row and column in Chinese; writes nothing', async () => {
    const bytes = await workbook([
      GOOD,
      // the file says 低 where the scores say 重大
      { ...GOOD, source: '液氨管道腐蚀', method: 'LEC', l: 3, e: 6, c: 40, s: null, level: '低风险', controlLevel: '公司级' },
      { ...GOOD, source: '叉车碰撞', unit: '不存在的车间' },
      { ...GOOD, source: '钢瓶倾倒', post: '不存在的岗位' },
      { ...GOOD, source: '液氨钢瓶阀门泄漏' },
      { ...GOOD, source: '装卸区照明不足', l: 6 },
    ])
    const { batchId } = await preview(bytes)
    const batch = dataOf(await run(batchLoader, get(`/enterprise/risks/import/${batchId}`, cookies.hs_admin), { batchId: batchId! }))
    expect(batch.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [4, '风险等级', '风险等级“低风险”与评价结果不符（风险值 720，应为重大风险）'],
      [5, '所属单元', '组织机构中没有单元“不存在的车间”'],
      [6, '责任岗位', '没有名为“不存在的岗位”的岗位'],
      [7, '危险源', '与第 3 行重复（同一风险点的同一危险源）'],
      [8, 'L', 'L 须为 1～5 的整数'],
    ])
    const before = await riskCount()
    const refused = await run(commitAction, post(`/enterprise/risks/import/${batchId}`, {}, cookies.hs_admin), { batchId: batchId! })
    expect(statusOf(refused)).toBe(400)
    expect(dataOf(refused)).toMatchObject({ message: '文件中有错误，整批未导入；请修改后重新上传' })
    expect(await riskCount()).toBe(before)
  })

  it('adds a clean file once, with its level computed; Excel numbers with binary noise are read as meant', async () => {
    const bytes = await workbook([
      GOOD,
      {
        ...GOOD,
        source: '钢瓶搬运砸伤',
        method: 'LEC',
        l: 0.5000000000000001,
        e: 6,
        c: 7,
        s: null,
        score: 20.999999999999996,
        controlLevel: '岗位级',
      },
    ])
    const { batchId } = await preview(bytes)
    const batch = dataOf(await run(batchLoader, get(`/enterprise/risks/import/${batchId}`, cookies.hs_admin), { batchId: batchId! }))
    expect(batch.problemCount).toBe(0)
    const before = await riskCount()
    const commits = await Promise.all(
      Array.from({ length: 5 }, () =>
        run(commitAction, post(`/enterprise/risks/import/${batchId}`, {}, cookies.hs_admin), { batchId: batchId! }),
      ),
    )
    expect(commits.filter((c) => statusOf(c) === 302)).toHaveLength(1)
    expect(await riskCount()).toBe(before + 2)
    const added = await t.db
      .selectFrom('risks')
      .select(['hazard_source', 'level', sql<string>`score::text`.as('score')])
      .where('enterprise_id', '=', hs)
      .where('hazard_source', 'in', ['液氨钢瓶阀门泄漏', '钢瓶搬运砸伤'])
      .orderBy('hazard_source')
      .execute()
    expect(added).toEqual([
      { hazard_source: '液氨钢瓶阀门泄漏', level: 'serious', score: '15' },
      { hazard_source: '钢瓶搬运砸伤', level: 'low', score: '21' },
    ])
  })

  it('refuses a lying file, an old .xls and anyone but the admin', async () => {
    // a zip that lies about its sizes, and a Word document named .xlsx
    expect((await preview(readFileSync(path.join(__dirname, '..', 'fixtures', 'lying-bomb.xlsx')), '清单.xlsx')).message).toBe(
      '文件解压后过大（疑似压缩炸弹），已拒绝导入',
    )
    expect((await preview(zipBomb('word/document.xml', 0), '清单.xlsx')).message).toBe(
      '文件不是 Excel（.xlsx）工作簿，请使用下载的模板填写后导入',
    )
    // an image named .xlsx is read as what its bytes are, and finds no register in it
    expect((await preview(PNG, '清单.xlsx')).message).toMatch(/^没有找到表头列|^文件不是 Excel/)
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])
    expect((await preview(ole, '清单.xlsx')).message).toMatch(/旧版 \.xls/)
    const head = await run(
      registerAction,
      multipart('/enterprise/risks', { intent: 'import' }, [{ field: 'file', name: 'a.xlsx', bytes: PDF }], cookies.hs_head!),
    )
    expect(statusOf(head)).toBe(403)
    expect(statusOf(await run(templateLoader, get('/enterprise/risks/template', cookies['17735418902'])))).toBe(403)
  })
})

describe('专项管控方案 of 重大 and 较大 risks (item 13)', () => {
  const riskId = async (source: string) =>
    (
      await t.db
        .selectFrom('risks')
        .select('id')
        .where('enterprise_id', '=', hs)
        .where('hazard_source', '=', source)
        .executeTakeFirstOrThrow()
    ).id
  const plan = (id: string, bytes: Buffer, cookie = cookies.hs_admin!) =>
    run(
      registerAction,
      multipart(
        '/enterprise/risks?picker=plan',
        { intent: 'plan', riskId: id },
        [{ field: 'plan', name: '专项管控方案.pdf', bytes }],
        cookie,
      ),
    )

  it('shows and counts the missing ones; a file on record closes the gap; item 13 follows', async () => {
    const register = dataOf(await run(registerLoader, get('/enterprise/risks', cookies.hs_admin)))
    // 加氢反应釜超温超压 (重大), 氢气管线法兰泄漏 and the imported 液氨钢瓶阀门泄漏 (较大)
    expect(register.missingPlans).toBe(3)
    const missing = dataOf(await run(registerLoader, get('/enterprise/risks?plan=missing', cookies.hs_admin)))
    expect(missing.page.rows.map((r) => r.hazardSource).sort()).toEqual(
      ['加氢反应釜超温超压', '氢气管线法兰泄漏', '液氨钢瓶阀门泄漏'].sort(),
    )
    const item13 = dataOf(await run(obligationLoader, get('/enterprise/obligations/13', cookies.hs_admin), { no: '13' }))
    expect(JSON.stringify(item13)).toContain('3 项重大、较大风险尚无专项管控方案')

    const major = await riskId('加氢反应釜超温超压')
    expect(statusOf(await plan(major, PDF))).toBe(302)
    const after = dataOf(await run(registerLoader, get('/enterprise/risks', cookies.hs_admin)))
    expect(after.missingPlans).toBe(2)
    const risk = after.page.rows.find((r) => r.id === major)!
    expect(risk).toMatchObject({ planMissing: false, planFiles: [{ name: '专项管控方案.pdf' }] })
    expect(
      JSON.stringify(dataOf(await run(obligationLoader, get('/enterprise/obligations/13', cookies.hs_admin), { no: '13' }))),
    ).toContain('2 项重大、较大风险尚无专项管控方案')
  })

  it('refuses a plan for a 一般 risk, a file that is no document, a head, and another enterprise', async () => {
    const general = await riskId('甲醇装卸过程静电积聚')
    expect(dataOf(await plan(general, PDF)).fieldErrors).toEqual({ plan: '只有重大风险和较大风险须制定专项管控方案' })
    const serious = await riskId('氢气管线法兰泄漏')
    expect(dataOf(await plan(serious, Buffer.from('MZ not a document at all'))).fieldErrors.plan).toBeTruthy()
    expect(statusOf(await plan(serious, PDF, cookies.hs_head))).toBe(403)
    expect(statusOf(await plan(serious, PDF, cookies.jj_admin))).toBe(404)
    const files = await t.db.selectFrom('evidence_files').select('id').where('owner_kind', '=', 'risk-plan').execute()
    expect(files).toHaveLength(1)
  })
})

describe('prints and the 四色图', () => {
  it('the 公示栏 lists the risks most serious first, per unit too, with a QR code; a foreign unit is not found', async () => {
    const board = dataOf(await run(boardLoader, get('/enterprise/risks/board', cookies.hs_admin)))
    const order = { major: 0, serious: 1, general: 2, low: 3 }
    expect(board.risks.length).toBeGreaterThanOrEqual(6)
    expect(board.risks.map((r) => order[r.level])).toEqual([...board.risks.map((r) => order[r.level])].sort())
    expect(board.qr).toContain('<svg')
    expect(board.counts.major).toBe(1)
    const storage = board.units.find((u) => u.name === '储运车间')!
    const unit = dataOf(await run(boardLoader, get(`/enterprise/risks/board?unit=${storage.id}`, cookies.hs_admin)))
    expect(unit.unit?.name).toBe('储运车间')
    expect(unit.risks.map((r) => r.pointName).sort()).toEqual(['液氨钢瓶库', '液氨钢瓶库', '甲醇储罐区'])
    const foreign = (await t.db.selectFrom('org_units').select('id').where('enterprise_id', '<>', hs).executeTakeFirstOrThrow()).id
    expect(statusOf(await run(boardLoader, get(`/enterprise/risks/board?unit=${foreign}`, cookies.hs_admin)))).toBe(404)
  })

  it("the 告知卡 gives a post's risks with 应急处置 apart; the worker's phone shows the same risks", async () => {
    const postId = (
      await t.db
        .selectFrom('posts')
        .select('id')
        .where('enterprise_id', '=', hs)
        .where('name', '=', '化工操作工（加氢）')
        .executeTakeFirstOrThrow()
    ).id
    const card = dataOf(await run(cardLoader, get(`/enterprise/risks/card/${postId}`, cookies.hs_admin), { postId }))
    expect(card.post.name).toBe('化工操作工（加氢）')
    expect(card.risks.map((r) => r.levelName)).toEqual(['重大风险', '较大风险'])
    expect(card.risks[0]!.emergency).toEqual(['加氢反应失控现场处置方案，每半年演练一次'])
    expect(card.risks[0]!.prevention.map((m) => m.kind)).not.toContain('应急处置措施')
    expect(card.qr).toContain('<svg')
    const other = (await t.db.selectFrom('posts').select('id').where('enterprise_id', '<>', hs).executeTakeFirstOrThrow()).id
    expect(statusOf(await run(cardLoader, get(`/enterprise/risks/card/${other}`, cookies.hs_admin), { postId: other }))).toBe(404)
    // 孙鹏 holds this post: his phone shows its risks
    const mine = dataOf(await run(myPostLoader, get(`/me/posts/${postId}`, cookies['17735418902']), { postId }))
    if ('notMine' in mine) throw new Error('孙鹏 should hold 化工操作工（加氢）')
    expect(mine.risks.map((r) => r.hazardSource)).toEqual(card.risks.map((r) => r.hazardSource))
  })

  it('the 四色图 colours each unit by its highest risk and counts them', async () => {
    const { map } = dataOf(await run(mapLoader, get('/enterprise/risks/map', cookies.hs_admin)))
    const top = Object.fromEntries(map.blocks.map((b) => [b.label.split('：')[0], b.top]))
    expect(top['加氢工段']).toBe('major')
    expect(top['储运车间']).toBe('serious')
    expect(top['合成车间']).toBe('low')
    expect(map.riskCounts.major + map.riskCounts.serious + map.riskCounts.general + map.riskCounts.low).toBe(await riskCount())
    expect(statusOf(await run(mapLoader, get('/enterprise/risks/map', cookies['17735418902'])))).toBe(403)
  })
})

describe('the register page is a table paged, sorted and filtered in SQL', () => {
  const page = async (qs: string) => dataOf(await run(registerLoader, get(`/enterprise/risks?${qs}`, cookies.hs_admin)))

  it('page 2 holds the 11th risk; the level, point and post filters count right; the most serious first', async () => {
    // more risks than a page: copies of the demo's at their points, each a 危险源 of its own
    await sql`insert into risks (enterprise_id, risk_point_id, hazard_source, accident_types, method, score_l, score_e, score_c,
        score_s, score, level, control_level, post_id, measures, created_at, updated_at)
      select r.enterprise_id, r.risk_point_id, r.hazard_source || '（分页' || n || '）', r.accident_types, r.method, r.score_l,
        r.score_e, r.score_c, r.score_s, r.score, r.level, r.control_level, r.post_id, r.measures, r.created_at, r.updated_at
      from risks r cross join generate_series(1, 2) n where r.enterprise_id = ${hs}`.execute(t.db)
    const all = await page('size=100&sort=source')
    expect(all.page.total).toBe(await riskCount())
    expect(all.page.total).toBeGreaterThan(10)
    const second = await page('size=10&page=2&sort=source')
    expect(second.page.rows.map((r) => r.id)).toEqual(all.page.rows.slice(10, 20).map((r) => r.id))
    expect(second.page).toMatchObject({ page: 2, size: 10, total: all.page.total })
    // the counts are the whole register's, whatever the page
    expect(Object.values(second.counts).reduce((a, n) => a + n, 0)).toBe(all.page.total)
    for (const level of ['major', 'serious', 'general', 'low'] as const) {
      const only = await page(`level=${level}&size=100`)
      expect(only.page.total).toBe(all.page.rows.filter((r) => r.level === level).length)
      expect(only.page.total).toBe(second.counts[level])
    }
    const point = all.page.rows[0]!
    const pointId = (await t.db.selectFrom('risks').select('risk_point_id').where('id', '=', point.id).executeTakeFirstOrThrow())
      .risk_point_id
    const atPoint = await page(`point=${pointId}&size=100`)
    expect(atPoint.page.total).toBe(all.page.rows.filter((r) => r.pointName === point.pointName).length)
    const post = (await t.db.selectFrom('risks').select('post_id').where('id', '=', point.id).executeTakeFirstOrThrow()).post_id
    const ofPost = await page(`post=${post}&size=100`)
    expect(ofPost.page.total).toBe(all.page.rows.filter((r) => r.postName === point.postName).length)
    const rank = { major: 0, serious: 1, general: 2, low: 3 }
    const ranks = (await page('size=100')).page.rows.map((r) => rank[r.level])
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    const search = await page(`q=${encodeURIComponent('氢气')}&size=100`)
    expect(search.page.total).toBeGreaterThan(0)
    expect(search.page.total).toBeLessThan(all.page.total)
    // a stale or crafted filter is no filter, never a 500
    expect((await page('point=not-an-id&level=extreme&page=0')).page.total).toBe(all.page.total)
  })

  it('a point registered before its 危险源 is listed apart, never lost from the page', async () => {
    const unit = await t.db.selectFrom('org_units').select('id').where('enterprise_id', '=', hs).executeTakeFirstOrThrow()
    const res = await run(
      registerAction,
      post(
        '/enterprise/risks',
        { intent: 'point', name: '新建危废暂存间（测试）', kind: '区域场所', unitId: unit.id, location: '厂区西侧' },
        cookies.hs_admin!,
      ),
    )
    expect(statusOf(res)).toBe(302)
    const d = await page('size=10')
    const added = d.points.find((p) => p.name === '新建危废暂存间（测试）')
    expect(added).toMatchObject({ empty: true, kind: '区域场所', location: '厂区西侧' })
    // the demo's points with risks are not among the empty ones
    const withRisks = new Set(
      (await t.db.selectFrom('risks').select('risk_point_id').where('enterprise_id', '=', hs).execute()).map((r) => r.risk_point_id),
    )
    expect(d.points.filter((p) => p.empty).every((p) => !withRisks.has(p.id))).toBe(true)
    expect(d.points.filter((p) => !p.empty).every((p) => withRisks.has(p.id))).toBe(true)
  })

  it('an uploaded 专项管控方案 comes back to the table’s filters and page', async () => {
    const major = (await page('level=major&size=10')).page.rows[0]!
    const res = await run(
      registerAction,
      multipart(
        '/enterprise/risks?picker=plan',
        { intent: 'plan', riskId: major.id, view: 'level=major&size=10&page=1&bogus=1' },
        [{ field: 'plan', name: '方案.pdf', bytes: PDF }],
        cookies.hs_admin!,
      ),
    )
    expect(statusOf(res)).toBe(302)
    expect((res as Response).headers.get('location')).toBe(`/enterprise/risks?size=10&level=major&added=plan#risk-${major.id}`)
  })
})
