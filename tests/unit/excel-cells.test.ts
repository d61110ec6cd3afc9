import { describe, expect, it } from 'vitest'
import {
  cleanCode,
  cleanPhone,
  cleanText,
  excelSerialToDate,
  headerKey,
  neutralizeCell,
  numericInTextColumn,
  parseDateCell,
  parseYesNo,
  readCellValue,
} from '../../app/modules/excel/cells'

describe('dates as people type them in Excel', () => {
  it('serials in the 1900 system, around the phantom leap day', () => {
    expect(excelSerialToDate(1)).toBe('1900-01-01')
    expect(excelSerialToDate(59)).toBe('1900-02-28')
    expect(excelSerialToDate(61)).toBe('1900-03-01')
    expect(excelSerialToDate(45356)).toBe('2024-03-05')
    expect(excelSerialToDate(45356.75)).toBe('2024-03-05')
  })
  it('text forms', () => {
    for (const v of [
      '2024/3/5',
      '2024-03-05',
      '2024年3月5日',
      '2024.3.5',
      '20240305',
      '２０２４/３/５',
      ' 2024 年 3 月 5 日 ',
      45356,
      '45356',
      20240305,
    ]) {
      expect(parseDateCell(v), String(v)).toBe('2024-03-05')
    }
    expect(parseDateCell(new Date(Date.UTC(2024, 2, 5)))).toBe('2024-03-05')
  })
  it('refuses impossible dates and junk', () => {
    for (const v of ['2024/2/30', '2023-13-01', '明天', '3/5', '', null, -1]) expect(parseDateCell(v), String(v)).toBeNull()
  })
})

describe('cells', () => {
  it('phone numbers stored as numbers or typed with spaces and +86', () => {
    expect(cleanPhone(13712345678)).toBe('13712345678')
    expect(cleanPhone('137 1234 5678')).toBe('13712345678')
    expect(cleanPhone('+86 137-1234-5678')).toBe('13712345678')
    expect(cleanPhone('１３７１２３４５６７８')).toBe('13712345678')
  })
  it('text: full-width, stray and doubled spaces, zero-width characters', () => {
    expect(cleanText('  张　三 \u200B')).toBe('张 三')
    // prose keeps its full-width characters; a code is made half-width
    expect(cleanText('第2项：已于１１月整改')).toBe('第2项：已于１１月整改')
    expect(cleanCode('ＨＳ０１２')).toBe('HS012')
  })
  it('yes/no flags', () => {
    expect(parseYesNo('是')).toBe(true)
    expect(parseYesNo('√')).toBe(true)
    expect(parseYesNo('否')).toBe(false)
    expect(parseYesNo('')).toBeNull()
    expect(parseYesNo('也许')).toBeNull()
  })
  it('headers with asterisks, notes and spaces', () => {
    expect(headerKey('* 手机号（必填）')).toBe('手机号')
    expect(headerKey('任职 日期')).toBe('任职日期')
  })
  it('neutralises exported cells that would run as formulas', () => {
    expect(neutralizeCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`)
    for (const v of ['+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeCell(v)).toBe(`'${v}`)
    expect(neutralizeCell('安全员')).toBe('安全员')
    // issue 11: full-width forms, and spaces or tabs before them
    for (const v of ['＝1+1', '＋1', '－1', '＠A1', ' =1+1', '  +cmd', '\t=1', '\u3000＝1', ' \t@x'])
      expect(neutralizeCell(v), JSON.stringify(v)).toBe(`'${v}`)
    expect(neutralizeCell(' 安全员')).toBe(' 安全员')
    expect(neutralizeCell(5)).toBe(5)
  })
})

describe('more real-world cells', () => {
  it('dates with a time of day, 号 for 日, and a leading apostrophe', () => {
    for (const v of ['2024-3-5 00:00:00', '2024/3/5 8:30', '2024年3月5号', "'2024-03-05", '2024-03-05T00:00:00'])
      expect(parseDateCell(v), v).toBe('2024-03-05')
  })
  it('phones with 0086 or an apostrophe', () => {
    expect(cleanPhone('008613712345678')).toBe('13712345678')
    expect(cleanPhone("'13712345678")).toBe('13712345678')
  })
})

// issue 11, finding 4: one function turns any exceljs cell value into a value or a refusal
describe('readCellValue', () => {
  it('reduces formulas to their cached result and refuses one without', () => {
    expect(readCellValue({ formula: 'A1&B1', result: '王五' })).toEqual({ ok: true, value: '王五' })
    expect(readCellValue({ sharedFormula: 'A2', result: 5 })).toEqual({ ok: true, value: 5 })
    expect(readCellValue({ formula: 'DATE(2024,3,5)', result: new Date(Date.UTC(2024, 2, 5)) })).toEqual({
      ok: true,
      value: new Date(Date.UTC(2024, 2, 5)),
    })
    expect(readCellValue({ formula: 'A1' })).toMatchObject({ ok: false, problem: expect.stringMatching(/公式但没有保存计算结果/) })
    expect(readCellValue({ formula: 'VLOOKUP(1,A:B,2,0)', result: { error: '#N/A' } })).toEqual({
      ok: false,
      problem: '单元格是错误值 #N/A（找不到值），请改正后再导入',
    })
  })
  it('reads rich text, hyperlinks (also with rich text), booleans; refuses errors and unknown objects', () => {
    expect(readCellValue({ richText: [{ text: '李' }, { text: '娜', font: { bold: true } }] })).toEqual({ ok: true, value: '李娜' })
    expect(readCellValue({ text: '钱链接', hyperlink: 'https://x' })).toEqual({ ok: true, value: '钱链接' })
    expect(readCellValue({ text: { richText: [{ text: '链' }, { text: '接' }] }, hyperlink: 'https://x' })).toEqual({
      ok: true,
      value: '链接',
    })
    expect(readCellValue(true)).toEqual({ ok: true, value: true })
    expect(readCellValue({ error: '#REF!' })).toEqual({ ok: false, problem: '单元格是错误值 #REF!（引用无效），请改正后再导入' })
    expect(readCellValue({ foo: 1 })).toMatchObject({ ok: false })
    expect(readCellValue(Number.NaN)).toMatchObject({ ok: false })
  })
  it('never lets an object become "[object Object]"', () => {
    expect(cleanText({ formula: 'A1' })).toBe('')
    expect(cleanText({ richText: [] })).toBe('')
  })
  it("refuses a number, or Excel's CSV form of one, in a column whose digits matter", () => {
    expect(numericInTextColumn('身份证号', 140702198805101000)).toBe('身份证号请以文本格式填写（当前单元格为数值，已丢失位数）')
    expect(numericInTextColumn('身份证号', '1.40702E+17')).toBe('身份证号请以文本格式填写（当前单元格为数值，已丢失位数）')
    expect(numericInTextColumn('手机号', 13912340001)).toMatch(/^手机号请以文本格式填写/)
    expect(numericInTextColumn('工号', '00123')).toBeNull()
    expect(numericInTextColumn('身份证号', '140702198805101078')).toBeNull()
  })
})

describe('control characters', () => {
  it('never reach the database: a NUL byte in a cell or a form field is removed, tabs and line breaks kept in forms', async () => {
    const { cleanText } = await import('../../app/modules/excel/cells')
    const { formValues } = await import('../../app/utils/form')
    expect(cleanText('张\u0000三')).toBe('张三')
    const form = new FormData()
    form.append('note', '第一行\u0000\n第二行\t完')
    expect(formValues(form)).toEqual({ note: '第一行\n第二行\t完' })
  })
})
