import { readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { action as commitAction, loader as previewLoader } from '../../app/routes/enterprise.roster.import.$batchId'
import { action as uploadAction, loader as rosterLoader } from '../../app/routes/enterprise.roster._index'
import { loader as exportLoader } from '../../app/routes/enterprise.roster.export'
import { loader as templateLoader } from '../../app/routes/enterprise.roster.template'
import { countRows } from '../../seeds/seed'
import { createTestDatabase, type TestDatabase } from './helpers'
import { zipBomb } from './zip-bomb'
import { cookieFor, dataOf, get, ORIGIN, run, statusOf } from './requests'

let t: TestDatabase
let admin: string
let otherAdmin: string
let head: string
beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
  otherAdmin = await cookieFor(t.db, 'jj_admin')
  head = await cookieFor(t.db, 'hs_head')
})
afterAll(() => t.destroy())

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name))

function upload(bytes: Buffer | Uint8Array, name: string, cookie = admin): Request {
  const form = new FormData()
  form.append(
    'file',
    new File([new Uint8Array(bytes)], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  )
  return new Request(`${ORIGIN}/enterprise/roster`, {
    method: 'POST',
    headers: { host: 'localhost:3000', origin: ORIGIN, cookie },
    body: form,
  })
}

async function preview(bytes: Buffer | Uint8Array, name: string) {
  const res = await run(uploadAction, upload(bytes, name))
  if (statusOf(res) !== 302) return { status: statusOf(res), message: dataOf<any>(res).message as string }
  const batchId = (res as Response).headers.get('location')!.split('/').pop()!
  const batch = dataOf<any>(await run(previewLoader, get(`/x`, admin), { batchId }))
  return { status: 302, batchId, batch }
}

const commitReq = (batchId: string, cookie = admin) =>
  new Request(`${ORIGIN}/enterprise/roster/import/${batchId}`, {
    method: 'POST',
    headers: { host: 'localhost:3000', origin: ORIGIN, cookie },
  })

describe('roster import: parse → validate → preview → commit', () => {
  it('reports every bad row by row number, column and Chinese reason, and writes nothing', async () => {
    const before = await countRows(t.db)
    const { batch, batchId } = await preview(fixture('roster-bad-rows.xlsx'), 'bad.xlsx')
    const problems = batch.problems.map((p: any) => `${p.row}|${p.column}|${p.message}`)
    expect(problems).toEqual([
      '3|工号|工号 HS301 与第 2 行重复（一人多岗请在同一行的岗位栏用“、”分隔）',
      '4|手机号|手机号 17735418902 已被本企业其他职工使用',
      '5|手机号|手机号「1391234」不是有效的11位手机号',
      '6|岗位|「合成车间 / 加氢工段 / 加氢一班」下没有「焊工」岗位，请先建立岗位或导入岗位清单',
      '7|部门|本企业没有名为「不存在的车间」的部门，请先在组织机构中建立，或检查名称',
      '8|用工形式|用工形式「临时工」无法识别，应为 正式、劳务派遣、实习 或 外包',
      '8|入职日期|入职日期「2024/2/30」不存在（2024年2月只有29天），请核对',
      '8|身份证号|身份证号校验位不正确，请核对',
      '9|姓名|姓名不能为空',
      '10|任职日期|任职日期不能早于入职日期',
    ])
    const res = await run(commitAction, commitReq(batchId!), { batchId: batchId! })
    expect(statusOf(res)).toBe(400)
    expect(await countRows(t.db)).toEqual(before)
  })

  it('reads a messy real-world file and commits all of it in one go', async () => {
    const before = await countRows(t.db)
    const { batch, batchId } = await preview(fixture('roster-messy-valid.xlsx'), '新增人员.xlsx')
    expect(batch.problems).toEqual([])
    expect(batch.rowCount).toBe(4)
    expect(
      batch.sample.map((r: any) => [r.row, r.name, r.employeeNo, r.phone, r.employmentType, r.hiredOn, r.startOn, r.postNames.length]),
    ).toEqual([
      [4, '王小明', 'HS201', '13912340001', '正式', '2024-03-05', '2024-03-05', 1],
      [5, '李娜', 'HS202', '13912340002', '劳务派遣', '2024-03-05', '2024-03-10', 1],
      [7, '赵刚', 'HS203', '13912340003', '实习', '2025-07-01', '2025-07-01', 1],
      [9, '孙丽', 'HS204', '13912340004', '正式', '2023-01-09', '2023-01-09', 2],
    ])
    expect(batch.sample[1].idCard).toBe('110105********002X')
    expect(statusOf(await run(commitAction, commitReq(batchId!), { batchId: batchId! }))).toBe(302)
    const after = await countRows(t.db)
    expect(after.employees).toBe(before.employees + 4)
    const sun = await t.db
      .selectFrom('employees as e')
      .innerJoin('assignments as a', (j) => j.onRef('a.enterprise_id', '=', 'e.enterprise_id').onRef('a.employee_id', '=', 'e.id'))
      .select(['e.name', 'a.start_on'])
      .where('e.employee_no', '=', 'HS204')
      .execute()
    expect(sun).toHaveLength(2)
    // a second commit of the same batch is refused
    const again = await run(commitAction, commitReq(batchId!), { batchId: batchId! })
    expect(statusOf(again)).toBe(400)
    // the same file again: every row now says what the roster says, so it changes nothing
    const dup = await preview(fixture('roster-messy-valid.xlsx'), 'again.xlsx')
    expect(dup.batch.problemCount).toBe(0)
    expect(dup.batch.validCount).toBe(0)
  })

  it('refuses a file that is not xlsx, an old .xls, an oversized file and a zip bomb, with a clear message', async () => {
    // a CSV named .xlsx is read as the CSV it is (by content, never by name); this one lacks columns
    expect(await preview(fixture('not-really.xlsx'), 'not-really.xlsx')).toMatchObject({
      status: 400,
      message: '没有找到表头列：部门、岗位。请使用下载的模板，表头需在前10行内',
    })
    expect((await preview(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'photo.xlsx')).message).toBe(
      '文件不是 Excel（.xlsx）格式，请使用下载的模板填写后导入',
    )
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])
    expect((await preview(xls, 'old.xlsx')).message).toMatch(/旧版 \.xls/)
    const big = Buffer.alloc(11 * 1024 * 1024, 1)
    expect((await preview(big, 'big.xlsx')).message).toBe('文件超过 10 MB，请拆分后再导入')
    expect((await preview(zipBomb('xl/workbook.xml', 120), 'bomb.xlsx')).message).toBe('文件解压后过大（疑似压缩炸弹），已拒绝导入')
  })

  it('another enterprise cannot open or commit the batch', async () => {
    const { batchId } = await preview(fixture('roster-bad-rows.xlsx'), 'bad.xlsx')
    expect(statusOf(await run(previewLoader, get('/x', otherAdmin), { batchId: batchId! }))).toBe(404)
    expect(statusOf(await run(commitAction, commitReq(batchId!, otherAdmin), { batchId: batchId! }))).toBe(404)
  })

  it('a head, who reads the org, cannot carry the roster’s phones and 身份证号 away as a file', async () => {
    const before = await t.db
      .selectFrom('audit_events')
      .select(t.db.fn.countAll<number>().as('n'))
      .where('action', '=', 'roster.export')
      .executeTakeFirstOrThrow()
    expect(statusOf(await run(exportLoader, get('/enterprise/roster/export', head)))).toBe(403)
    const after = await t.db
      .selectFrom('audit_events')
      .select(t.db.fn.countAll<number>().as('n'))
      .where('action', '=', 'roster.export')
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('lists the roster in SQL and exports it as .xlsx with formula-like cells neutralised', async () => {
    await t.db.updateTable('employees').set({ name: '=HYPERLINK("http://x","点我")' }).where('employee_no', '=', 'HS201').execute()
    const list = dataOf<any>(await run(rosterLoader, get('/enterprise/roster?q=HS20&sort=employeeNo&dir=desc', admin)))
    expect(list.page.rows.map((r: any) => r.employeeNo)).toEqual(['HS204', 'HS203', 'HS202', 'HS201'])
    const res = (await run(exportLoader, get('/enterprise/roster/export', admin))) as Response
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(2).values).toContain('姓名')
    const names: unknown[] = []
    ws.eachRow((row) => names.push(row.getCell(1).value))
    expect(names).toContain(`'=HYPERLINK("http://x","点我")`)
    expect(names.length).toBe(2 + 19)
  })

  it('round trip: the export has exactly the template’s columns, and importing it changes nothing', async () => {
    // one worker also holds a post in another unit, taken on another day
    const hs = await t.db.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()
    const sun = await t.db
      .selectFrom('employees')
      .select('id')
      .where('enterprise_id', '=', hs.id)
      .where('employee_no', '=', 'HS204')
      .executeTakeFirstOrThrow()
    const heldUnits = await t.db
      .selectFrom('assignments as a')
      .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
      .select('p.org_unit_id')
      .where('a.employee_id', '=', sun.id)
      .execute()
    const elsewhere = await t.db
      .selectFrom('posts')
      .select('id')
      .where('enterprise_id', '=', hs.id)
      .where(
        'org_unit_id',
        'not in',
        heldUnits.map((h) => h.org_unit_id),
      )
      .orderBy('name')
      .executeTakeFirstOrThrow()
    await t.db
      .insertInto('assignments')
      .values({ enterprise_id: hs.id, employee_id: sun.id, post_id: elsewhere.id, start_on: '2025-05-06' })
      .execute()

    const template = new ExcelJS.Workbook()
    await template.xlsx.load(
      (await ((await run(templateLoader, get('/enterprise/roster/template', admin))) as Response).arrayBuffer()) as ArrayBuffer,
    )
    const exported = Buffer.from(await ((await run(exportLoader, get('/enterprise/roster/export', admin))) as Response).arrayBuffer())
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(exported as unknown as ArrayBuffer)
    const headers = (ws: ExcelJS.Worksheet) => (ws.getRow(2).values as unknown[]).filter(Boolean)
    expect(headers(wb.worksheets[0]!)).toEqual(headers(template.worksheets[0]!))
    expect(headers(wb.worksheets[0]!)).toEqual(['姓名', '工号', '手机号', '部门', '岗位', '用工形式', '入职日期', '任职日期', '身份证号'])

    const before = await countRows(t.db)
    const employees = await t.db.selectFrom('employees').selectAll().where('enterprise_id', '=', hs.id).orderBy('employee_no').execute()
    const { batch, batchId } = await preview(exported, '人员花名册.xlsx')
    expect(batch.problems).toEqual([])
    expect(batch.rowCount).toBe(employees.length)
    expect(batch.validCount).toBe(0)
    expect(statusOf(await run(commitAction, commitReq(batchId!), { batchId: batchId! }))).toBe(302)
    expect(await countRows(t.db)).toEqual(before)
    expect(await t.db.selectFrom('employees').selectAll().where('enterprise_id', '=', hs.id).orderBy('employee_no').execute()).toEqual(
      employees,
    )

    // a changed fact of someone on the roster is refused, not silently applied
    const row = (wb.worksheets[0]!.getRow(3).values as unknown[]).slice(1)
    const edited = new ExcelJS.Workbook()
    const ws = edited.addWorksheet('花名册')
    ws.addRow(['人员花名册'])
    ws.addRow(headers(wb.worksheets[0]!))
    ws.addRow([row[0], row[1], '13900009999', row[3], row[4], row[5], row[6], row[7], row[8]])
    const changed = await preview(Buffer.from(await edited.xlsx.writeBuffer()), '改过的.xlsx')
    expect(changed.batch.problems).toMatchObject([{ column: '工号', message: expect.stringContaining('手机号与花名册不同') }])
  })

  it('serves a template that itself imports cleanly once filled in', async () => {
    const res = (await run(templateLoader, get('/enterprise/roster/template', admin))) as Response
    const { batch } = await preview(Buffer.from(await res.arrayBuffer()), 'template.xlsx')
    // the example row names a real post of the demo enterprise and a fresh phone
    expect(batch.problems).toEqual([])
    expect(batch.rowCount).toBe(1)
  })

  it('a file of 2,500 rows is read and staged 1,000 at a time: a 工号 repeated across chunks is found, then a clean one commits whole', async () => {
    const file = async (dupAt: number | null) => {
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('花名册')
      ws.addRow(['姓名', '工号', '手机号', '部门', '岗位', '入职日期'])
      for (let i = 0; i < 2500; i++)
        ws.addRow([
          `批量${i}`,
          i === dupAt ? 'K000010' : `K${String(i).padStart(6, '0')}`,
          String(16500000000 + i),
          '合成车间/加氢工段/加氢一班',
          '化工操作工（加氢）',
          '2024-03-05',
        ])
      return Buffer.from(await wb.xlsx.writeBuffer())
    }
    const before = await countRows(t.db)
    const bad = await preview(await file(2300), 'bad.xlsx')
    // row 2302 of the sheet (the header is row 1) repeats the 工号 of row 12, two chunks earlier
    expect(bad.batch.problems.map((p: any) => `${p.row}|${p.column}|${p.message}`)).toEqual([
      '2302|工号|工号 K000010 与第 12 行重复（一人多岗请在同一行的岗位栏用“、”分隔）',
    ])
    expect(statusOf(await run(commitAction, commitReq(bad.batchId!), { batchId: bad.batchId! }))).toBe(400)
    expect(await countRows(t.db)).toEqual(before)

    const good = await preview(await file(null), 'good.xlsx')
    expect(good.batch).toMatchObject({ rowCount: 2500, validCount: 2500, problemCount: 0 })
    expect(good.batch.sample).toHaveLength(50)
    const staged = () => t.db.selectFrom('import_batch_chunks').select('seq').where('batch_id', '=', good.batchId!).orderBy('seq').execute()
    expect((await staged()).map((c) => c.seq)).toEqual([0, 1, 2])
    expect(statusOf(await run(commitAction, commitReq(good.batchId!), { batchId: good.batchId! }))).toBe(302)
    expect((await countRows(t.db)).employees).toBe(before.employees + 2500)
    // the staged bytes go as a binary parameter on both engines: every byte arrives as it was
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256))
    const echoed = await sql<{ same: boolean }>`select ${bytes}::bytea = decode(${bytes.toString('hex')}, 'hex') as same`.execute(t.db)
    expect(echoed.rows[0]!.same).toBe(true)
    // every row as the file had it: the chunks' bytes are written into two buffers taking turns, and
    // none was overwritten before it was sent
    const written = await t.db
      .selectFrom('employees')
      .select(['employee_no', 'name', 'phone'])
      .where('employee_no', 'like', 'K%')
      .orderBy('employee_no')
      .execute()
    expect(written).toEqual(
      Array.from({ length: 2500 }, (_, i) => ({
        employee_no: `K${String(i).padStart(6, '0')}`,
        name: `批量${i}`,
        phone: String(16500000000 + i),
      })),
    )
    // once committed only the first chunk is kept, for the batch page
    expect((await staged()).map((c) => c.seq)).toEqual([0])
  })
  it('the commit checks the roster as it is then: a 工号 or 手机号 taken since the preview, or a post archived, refuses the whole batch; else every post is assigned', async () => {
    const file = async (prefix: string, phoneBase: number) => {
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('花名册')
      ws.addRow(['姓名', '工号', '手机号', '部门', '岗位', '入职日期', '任职日期'])
      ws.addRow([
        '甲',
        `${prefix}1`,
        String(phoneBase + 1),
        '合成车间/加氢工段/加氢一班',
        '化工操作工（加氢）、加氢一班班长',
        '2024-03-05',
        '2024-04-01',
      ])
      ws.addRow(['乙', `${prefix}2`, String(phoneBase + 2), '储运车间', '危化品装卸工', '2024-03-06', ''])
      ws.addRow(['丙', `${prefix}3`, String(phoneBase + 3), '合成车间', '仪表工、合成车间>合成车间主任', '2024-03-07', ''])
      return Buffer.from(await wb.xlsx.writeBuffer())
    }
    const enterpriseId = (
      await t.db.selectFrom('users').select('enterprise_id').where('username', '=', 'hs_admin').executeTakeFirstOrThrow()
    ).enterprise_id!
    const before = await countRows(t.db)
    const taken = await preview(await file('RC', 16600000000), 'taken.xlsx')
    expect(taken.batch).toMatchObject({ validCount: 3, problemCount: 0 })
    // after the preview someone enters a person with row 4's 工号, another with row 3's 手机号
    await t.db
      .insertInto('employees')
      .values([
        {
          enterprise_id: enterpriseId,
          name: '先到',
          employee_no: 'RC3',
          phone: '16699999991',
          employment_type: '正式',
          hired_on: '2024-01-01',
        },
        {
          enterprise_id: enterpriseId,
          name: '后到',
          employee_no: 'RCX',
          phone: '16600000002',
          employment_type: '正式',
          hired_on: '2024-01-01',
        },
      ])
      .execute()
    const refused = await run(commitAction, commitReq(taken.batchId!), { batchId: taken.batchId! })
    expect(statusOf(refused)).toBe(400)
    expect(dataOf<any>(refused).message).toContain('预览之后花名册已有变化')
    expect(dataOf<any>(refused).problems.map((p: any) => `${p.row}|${p.column}|${p.message}`)).toEqual([
      '3|手机号|已存在于本企业花名册',
      '4|工号|已存在于本企业花名册',
    ])
    expect((await countRows(t.db)).employees).toBe(before.employees + 2)

    const archived = await preview(await file('RD', 16610000000), 'archived.xlsx')
    const post = await t.db
      .selectFrom('posts')
      .select('id')
      .where('enterprise_id', '=', enterpriseId)
      .where('name', '=', '仪表工')
      .executeTakeFirstOrThrow()
    await t.db.updateTable('posts').set({ archived_at: new Date() }).where('id', '=', post.id).execute()
    const gone = await run(commitAction, commitReq(archived.batchId!), { batchId: archived.batchId! })
    expect(dataOf<any>(gone).message).toBe('预览之后岗位已有变化，整批未导入；请重新上传')
    await t.db.updateTable('posts').set({ archived_at: null }).where('id', '=', post.id).execute()
    expect((await countRows(t.db)).employees).toBe(before.employees + 2)

    expect(statusOf(await run(commitAction, commitReq(archived.batchId!), { batchId: archived.batchId! }))).toBe(302)
    const held = await t.db
      .selectFrom('assignments as a')
      .innerJoin('employees as e', 'e.id', 'a.employee_id')
      .innerJoin('posts as p', 'p.id', 'a.post_id')
      .select(['e.employee_no', 'e.hired_on', 'p.name', 'a.start_on'])
      .where('e.enterprise_id', '=', enterpriseId)
      .where('e.employee_no', 'like', 'RD%')
      .orderBy('e.employee_no')
      .orderBy('p.name')
      .execute()
    expect(held.map((h) => `${h.employee_no}|${h.hired_on}|${h.name}|${h.start_on}`)).toEqual([
      'RD1|2024-03-05|加氢一班班长|2024-04-01',
      'RD1|2024-03-05|化工操作工（加氢）|2024-04-01',
      'RD2|2024-03-06|危化品装卸工|2024-03-06',
      'RD3|2024-03-07|仪表工|2024-03-07',
      'RD3|2024-03-07|合成车间主任|2024-03-07',
    ])
  })
  it('a file whose sheet breaks off after its first chunks is refused whole in Chinese, its staged rows dropped', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('花名册')
    ws.addRow(['姓名', '工号', '手机号', '部门', '岗位', '入职日期'])
    for (let i = 0; i < 2500; i++)
      ws.addRow([`断${i}`, `BR${i}`, String(16700000000 + i), '合成车间/加氢工段/加氢一班', '化工操作工（加氢）', '2024-03-05'])
    const { default: JSZip } = await import('jszip')
    const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()))
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string')
    // a stray closing tag in row 2200: the sheet's XML is not well formed from there on
    zip.file('xl/worksheets/sheet1.xml', xml.replace('<row r="2200"', '</bad><row r="2200"'))
    const broken = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
    const before = await countRows(t.db)
    const staged = () =>
      t.db
        .selectFrom('import_batch_chunks')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    const stagedBefore = Number((await staged()).n)
    const res = await preview(broken, 'broken.xlsx')
    expect(res).toMatchObject({ status: 400, message: '文件无法读取，请确认是 Excel 保存的 .xlsx 文件' })
    expect(Number((await staged()).n)).toBe(stagedBefore)
    expect(await countRows(t.db)).toEqual(before)
  })
})
