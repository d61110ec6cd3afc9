import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as commitAction, loader as previewLoader } from '../../app/routes/enterprise.roster.import.$batchId'
import { action as certificatesAction } from '../../app/routes/enterprise.certificates'
import { action as uploadAction } from '../../app/routes/enterprise.roster._index'
import { action as sessionAction } from '../../app/routes/enterprise.training.$id'
import { action as attendanceCommit, loader as attendancePreview } from '../../app/routes/enterprise.training.import.$batchId'
import { action as trainingAction } from '../../app/routes/enterprise.training._index'
import { countRows } from '../../seeds/seed'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, ORIGIN, post, run, statusOf } from './requests'

// Issue 11, findings 2, 4 and 5: the files enterprises really keep (tests/fixtures, written by
// make-fixtures.ts) through the one import pipeline. Each refusal names the row and the column in
// Chinese, and nothing is written: counted in the database.

let t: TestDatabase
let admin: string
beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
})
afterAll(() => t.destroy())

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name))

function upload(bytes: Buffer, name: string): Request {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], name))
  return new Request(`${ORIGIN}/enterprise/roster`, {
    method: 'POST',
    headers: { host: 'localhost:3000', origin: ORIGIN, cookie: admin },
    body: form,
  })
}

async function preview(bytes: Buffer, name: string) {
  const res = await run(uploadAction, upload(bytes, name))
  if (statusOf(res) !== 302) return { status: statusOf(res), message: dataOf<any>(res).message as string }
  const batchId = (res as Response).headers.get('location')!.split('/').pop()!
  const batch = dataOf<any>(await run(previewLoader, get('/x', admin), { batchId }))
  return {
    status: 302,
    batchId,
    batch,
    problems: (batch.problems as { row: number; column: string; message: string }[]).map((p) => `${p.row}|${p.column}|${p.message}`),
  }
}

const commit = (batchId: string) =>
  run(
    commitAction,
    new Request(`${ORIGIN}/enterprise/roster/import/${batchId}`, {
      method: 'POST',
      headers: { host: 'localhost:3000', origin: ORIGIN, cookie: admin },
    }),
    { batchId },
  )

/** The preview lists exactly `problems`, the commit is refused, and no row was written. */
async function refusedWhole(file: string, problems: string[]) {
  const before = await countRows(t.db)
  const p = await preview(fixture(file), file)
  expect(p.status).toBe(302)
  expect(p.problems).toEqual(problems)
  for (const m of p.problems!) expect(m).not.toMatch(/object Object|undefined|NaN/)
  expect(statusOf(await commit(p.batchId!))).toBe(400)
  expect(await countRows(t.db)).toEqual(before)
}

describe('import files as enterprises really keep them', () => {
  it('refuses a 身份证号, 手机号 or 工号 kept as a number, never rounded and accepted', async () => {
    await refusedWhole('roster-numeric-id.xlsx', [
      '2|身份证号|身份证号请以文本格式填写（当前单元格为数值，已丢失位数）',
      '3|工号|工号请以文本格式填写（当前单元格为数值，可能已丢失位数或开头的0）',
      '3|手机号|手机号请以文本格式填写（当前单元格为数值，可能已丢失位数或开头的0）',
    ])
    // the rounded number is nowhere in the database
    const rounded = await t.db.selectFrom('employees').select('id').where('id_card', 'like', '1407021988051010%').execute()
    expect(rounded).toEqual([])
  })

  it('refuses the CSV form of a number Excel has rounded (1.40702E+17)', async () => {
    await refusedWhole('roster-numeric-id.csv', ['2|身份证号|身份证号请以文本格式填写（当前单元格为数值，已丢失位数）'])
  })

  it('refuses a formula without a cached result and an error cell; reads rich text, hyperlinks and formula results', async () => {
    await refusedWhole('roster-formula-richtext.xlsx', [
      '2|姓名|单元格是公式但没有保存计算结果，请在 Excel 中打开、确认结果后保存，或把公式改为数值后再导入',
      '4|手机号|单元格是错误值 #N/A（找不到值），请改正后再导入',
    ])
    const p = await preview(fixture('roster-formula-richtext.xlsx'), 'x.xlsx')
    // the rows that could be read: the rich-text name and the hyperlink's text, the formula's date
    expect(p.batch.sample.map((r: any) => [r.row, r.name, r.hiredOn])).toEqual([
      [3, '李富文本', '2024-03-05'],
      [5, '钱链接', '2024-03-05'],
    ])
  })

  it('refuses impossible dates with the reason, by row and column', async () => {
    await refusedWhole('roster-impossible-dates.xlsx', [
      '2|入职日期|入职日期「2025-02-29」不存在（2025年2月只有28天），请核对',
      '3|任职日期|任职日期「2029/4/31」不存在（2029年4月只有30天），请核对',
      '4|入职日期|入职日期「2023年2月30日」不存在（2023年2月只有28天），请核对',
    ])
  })

  it('refuses an old binary .xls with 请另存为 .xlsx, writing nothing', async () => {
    const before = await countRows(t.db)
    const batches = await t.db.selectFrom('import_batches').select('id').execute()
    const p = await preview(fixture('old-binary.xls'), '花名册.xls')
    expect(p.status).toBe(400)
    expect(p.message).toMatch(/请另存为 \.xlsx 后再导入/)
    expect(await countRows(t.db)).toEqual(before)
    expect(await t.db.selectFrom('import_batches').select('id').execute()).toHaveLength(batches.length)
  })

  it('refuses a zip that lies about its sizes, with bounded memory', async () => {
    const before = await countRows(t.db)
    const bomb = fixture('lying-bomb.xlsx')
    global.gc?.()
    const rss = process.memoryUsage().rss
    const t0 = performance.now()
    const p = await preview(bomb, 'bomb.xlsx')
    const ms = performance.now() - t0
    const grown = process.memoryUsage().rss - rss
    expect(p).toEqual({ status: 400, message: '文件解压后过大（疑似压缩炸弹），已拒绝导入' })
    expect(grown).toBeLessThan(50 * 1024 * 1024)
    expect(ms).toBeLessThan(3000)
    expect(await countRows(t.db)).toEqual(before)
  })

  it('refuses the lying zip as certificate evidence too (the same check), storing nothing', async () => {
    const employee = await t.db.selectFrom('employees').select('id').where('employee_no', '=', 'HS009').executeTakeFirstOrThrow()
    const form = new FormData()
    for (const [k, v] of Object.entries({
      employeeId: employee.id,
      kind: '特种作业操作证',
      number: 'T140702009',
      authority: '晋中市应急管理局',
      issuedOn: '2024-03-05',
      expiresOn: '2030-03-04',
      reviewDueOn: '',
    }))
      form.append(k, v)
    form.append('scan', new File([new Uint8Array(fixture('lying-bomb.xlsx'))], '证书扫描.xlsx'))
    const counts = async () => ({
      certificates: (await t.db.selectFrom('certificates').select('id').execute()).length,
      evidence: (await t.db.selectFrom('evidence_files').select('id').execute()).length,
    })
    const before = await counts()
    const res = await run(
      certificatesAction,
      new Request(`${ORIGIN}/enterprise/certificates`, {
        method: 'POST',
        headers: { host: 'localhost:3000', origin: ORIGIN, cookie: admin },
        body: form,
      }),
    )
    expect(statusOf(res)).toBe(400)
    expect(Object.values(dataOf<any>(res).fieldErrors).join()).toMatch(/解压后过大（疑似压缩炸弹）/)
    expect(await counts()).toEqual(before)
  })

  it('reads a GB18030 CSV as Chinese Excel saves it, and commits it', async () => {
    const before = await countRows(t.db)
    const p = await preview(fixture('roster-gbk.csv'), '花名册.csv')
    expect(p.problems).toEqual([])
    expect(p.batch.sample.map((r: any) => [r.row, r.name, r.employeeNo, r.phone, r.employmentType, r.hiredOn, r.unitLabel])).toEqual([
      [2, '孙逗号', 'HS601', '13912340061', '正式', '2024-03-05', '合成车间 / 加氢工段 / 加氢一班'],
      [3, '李引号', 'HS602', '13912340062', '劳务派遣', '2024-03-10', '合成车间 / 加氢工段 / 加氢一班'],
    ])
    expect(statusOf(await commit(p.batchId!))).toBe(302)
    expect((await countRows(t.db)).employees).toBe(before.employees + 2)
    const names = await t.db
      .selectFrom('employees')
      .select('name')
      .where('employee_no', 'in', ['HS601', 'HS602'])
      .orderBy('employee_no')
      .execute()
    expect(names.map((n) => n.name)).toEqual(['孙逗号', '李引号'])
  })

  it('reads a UTF-8 CSV with a BOM', async () => {
    const p = await preview(fixture('roster-utf8-bom.csv'), 'utf8.csv')
    expect(p.problems).toEqual([])
    expect(p.batch.sample.map((r: any) => r.name)).toEqual(['孙逗号', '李引号'])
    expect(p.batch.sample.map((r: any) => r.employeeNo)).toEqual(['HS611', 'HS612'])
  })
})

describe('the sign-in sheet import goes through the same reader', () => {
  it('refuses a formula without its result and a 工号 kept as a number, and reads a GBK CSV', async () => {
    const created = (await run(
      trainingAction,
      post(
        '/enterprise/training',
        {
          topic: '动火作业安全培训',
          kind: '年度再培训',
          level: '',
          status: 'held',
          heldOn: '2026-11-20',
          hours: '4',
          trainer: '刘晓东',
          place: '三楼培训室',
          assessment: '',
        },
        admin,
      ),
    )) as Response
    const sessionId = created.headers.get('location')!.split('/').pop()!.split('?')[0]!
    const sheet = (bytes: Buffer, name: string) => {
      const form = new FormData()
      form.append('file', new File([new Uint8Array(bytes)], name))
      return new Request(`${ORIGIN}/enterprise/training/${sessionId}`, {
        method: 'POST',
        headers: { host: 'localhost:3000', origin: ORIGIN, cookie: admin },
        body: form,
      })
    }
    const attendance = async () => (await t.db.selectFrom('training_attendance').select('employee_id').execute()).length
    const before = await attendance()

    const bad = (await run(sessionAction, sheet(fixture('attendance-formula.xlsx'), '签到表.xlsx'), { id: sessionId })) as Response
    const badId = bad.headers.get('location')!.split('/').pop()!
    const badBatch = dataOf<any>(await run(attendancePreview, get('/x', admin), { batchId: badId }))
    expect(badBatch.problems.map((p: any) => `${p.row}|${p.column}|${p.message}`)).toEqual([
      '2|姓名|单元格是公式但没有保存计算结果，请在 Excel 中打开、确认结果后保存，或把公式改为数值后再导入',
      '3|工号|工号请以文本格式填写（当前单元格为数值，可能已丢失位数或开头的0）',
    ])
    expect(statusOf(await run(attendanceCommit, post('/x', {}, admin), { batchId: badId }))).toBe(400)
    expect(await attendance()).toBe(before)

    const good = (await run(sessionAction, sheet(fixture('attendance-gbk.csv'), '签到表.csv'), { id: sessionId })) as Response
    const goodId = good.headers.get('location')!.split('/').pop()!
    expect(dataOf<any>(await run(attendancePreview, get('/x', admin), { batchId: goodId })).problems).toEqual([])
    expect(statusOf(await run(attendanceCommit, post('/x', {}, admin), { batchId: goodId }))).toBe(302)
    expect(await attendance()).toBe(before + 2)
  })
})
