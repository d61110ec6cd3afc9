import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { decodeText, parseCsv } from '../../app/modules/excel/workbook.server'

describe('CSV as Excel saves it', () => {
  const text = '姓名,工号\r\n"李 ""娜""",HS202\r\n"王\n小明",HS201\r\n'
  it('decodes UTF-8 with and without BOM, GB18030/GBK and UTF-16 ("Unicode 文本")', () => {
    expect(decodeText(Buffer.from(text, 'utf8'))).toBe(text)
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text)
    expect(decodeText(iconv.encode(text, 'gbk'))).toBe(text)
    expect(decodeText(iconv.encode(text, 'gb18030'))).toBe(text)
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]))).toBe(text)
  })
  it('is not text when the bytes are binary, or UTF-16 with half a character', () => {
    expect(decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))).toBeNull()
    // a lone surrogate would reach the staged rows as JSON the database refuses (a 500, not a message)
    const utf16 = (units: number[]) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(new Uint16Array(units).buffer)]) // little-endian here
    const le = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))
    expect(decodeText(utf16([...le('姓名,工号\n张'), 0xd800, ...le(',A1\n')]))).toBeNull()
    expect(decodeText(utf16([...le('姓名,工号\n张'), 0xdc00, ...le(',A1\n')]))).toBeNull()
    expect(decodeText(utf16(le('姓名,工号\n👷,A1\n')))).toBe('姓名,工号\n👷,A1\n')
  })
  it('parses quoted fields, doubled quotes, line breaks inside quotes, and tab-separated text', () => {
    expect(parseCsv(text)).toEqual([
      ['姓名', '工号'],
      ['李 "娜"', 'HS202'],
      ['王\n小明', 'HS201'],
    ])
    expect(parseCsv('姓名\t工号\n孙鹏\tHS009')).toEqual([
      ['姓名', '工号'],
      ['孙鹏', 'HS009'],
    ])
  })
})
