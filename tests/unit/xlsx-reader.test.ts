import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readSheet } from '../../app/modules/excel/workbook.server'
import { ROSTER_COLUMNS } from '../../app/modules/org/roster-rules'

// The one .xlsx reader drives exceljs's parsers itself, one checked zip entry at a time. exceljs's own
// single-pass reader (unzipper) sometimes lost an entry on Node 20 — the shared strings or workbook.xml —
// and a valid roster came back as "没有找到表头列" in about one read in ten under load: the CI failure of
// stop 20. These read the same files many times at once and must get the same answer every time.

const fixtures = path.join(__dirname, '..', 'fixtures')
const workbooks = readdirSync(fixtures).filter((f) => f.endsWith('.xlsx'))
const rosters = workbooks.filter((f) => f.startsWith('roster-'))

async function read(bytes: Buffer) {
  const sheet = await readSheet(bytes, ROSTER_COLUMNS)
  return sheet.ok ? { headers: sheet.headers, rows: sheet.rows, problems: sheet.problems } : sheet.message
}

describe('the .xlsx reader', () => {
  it('reads every .xlsx fixture the same way 10 times, 8 reads at a time', async () => {
    expect(rosters.length).toBeGreaterThanOrEqual(4)
    const files = workbooks.map((name) => [name, readFileSync(path.join(fixtures, name))] as const)
    const first = new Map<string, unknown>()
    for (const [name, bytes] of files) first.set(name, await read(bytes))
    // the rosters are read beside the others (a bomb the zip check inflates, posts, sign-in sheets),
    // whose synchronous work let exceljs's single pass run ahead of its reader
    for (const [name] of files) if (name.startsWith('roster-')) expect(typeof first.get(name), name).toBe('object')
    const differing: string[] = []
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let round = 0; round < 10; round++)
          for (const [name, bytes] of files) {
            const again = await read(bytes)
            if (JSON.stringify(again) !== JSON.stringify(first.get(name))) differing.push(`${name}: ${JSON.stringify(again).slice(0, 80)}`)
          }
      }),
    )
    expect(differing).toEqual([])
    // 80 reads of every fixture (a zip bomb among them) are CPU work: on two cores shared with the type
    // check and lint this took over the unit tests' 30 s; it tests correctness under concurrency, not speed
  }, 180_000)

  it('skips a hidden sheet and reads the first visible one in tab order', async () => {
    const wb = new ExcelJS.Workbook()
    const hidden = wb.addWorksheet('旧名单', { state: 'hidden' })
    hidden.addRow(['工号', '姓名'])
    hidden.addRow(['OLD1', '不应读取'])
    const empty = wb.addWorksheet('说明')
    empty.addRow([])
    const roster = wb.addWorksheet('花名册')
    roster.addRow(['工号', '姓名', '手机号', '部门', '岗位', '用工形式', '入职日期', '身份证号'])
    roster.addRow(['HS900', '周可', '13800000900', '生产部', '操作工', '正式', new Date(Date.UTC(2026, 0, 5)), '110101199003071234'])
    const sheet = await read(Buffer.from(await wb.xlsx.writeBuffer()))
    if (typeof sheet === 'string') throw new Error(sheet)
    expect(sheet.rows.map((r) => [r.rowNumber, r.cells.employeeNo, r.cells.name])).toEqual([[2, 'HS900', '周可']])
  })

  it('refuses a workbook without its relationships part in Chinese, not with an exception', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('花名册').addRow(['工号', '姓名'])
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())
    // rename the part inside the zip (same length, so every offset stays true)
    const renamed = Buffer.from(bytes.toString('latin1').replaceAll('xl/_rels/workbook.xml.rels', 'xl/_rels/workbook.xml.relx'), 'latin1')
    expect(await read(renamed)).toBe('文件无法读取，请确认是 Excel 保存的 .xlsx 文件')
  })

  it('reads Chinese text that falls across two inflated pieces whole, never as replacement characters', async () => {
    // a shared-strings part of 400 KB of Chinese: its inflated pieces end inside characters
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('花名册')
    ws.addRow(['姓名', '工号', '手机号', '部门', '岗位', '入职日期'])
    const names = Array.from({ length: 3000 }, (_, i) => `职工${'甲乙丙丁戊己庚辛壬癸'.repeat(4)}${String.fromCharCode(0x4e00 + i)}`)
    names.forEach((name, i) => ws.addRow([name, `N${i}`, String(13800000000 + i), '生产部', '操作工', '2024-03-05']))
    const sheet = await read(Buffer.from(await wb.xlsx.writeBuffer()))
    if (typeof sheet === 'string') throw new Error(sheet)
    expect(sheet.rows.map((r) => r.cells.name)).toEqual(names)
  })
})
