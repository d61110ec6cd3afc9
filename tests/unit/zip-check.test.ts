import { readFileSync } from 'node:fs'
import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { readZipDirectory } from '../../app/utils/zip'
import { sniffEvidence } from '../../app/modules/evidence/sniff'
import { hiddenEntryZip, lyingZipBomb, zipBomb } from '../integration/zip-bomb'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url))

describe('the zip check counts what is really inflated', () => {
  it('refuses a file that lies about its sizes, stopping at the budget with bounded memory', () => {
    const lying = fixture('lying-bomb.xlsx')
    expect(lying.length).toBeLessThan(250 * 1024)
    // what it declares looks harmless: 1 KB in the local header and in the central directory
    expect(lying.readUInt32LE(22)).toBe(1024)
    const before = process.memoryUsage()
    const t0 = performance.now()
    expect(readZipDirectory(lying)).toEqual({ ok: false, problem: 'bomb' })
    const ms = performance.now() - t0
    const after = process.memoryUsage()
    expect(after.rss - before.rss).toBeLessThan(50 * 1024 * 1024)
    expect(after.heapUsed - before.heapUsed).toBeLessThan(50 * 1024 * 1024)
    expect(ms).toBeLessThan(2000)
    // and so does the evidence check, which calls the same function
    expect(sniffEvidence(lying, '证书扫描.xlsx')).toEqual({ ok: false, message: '「证书扫描.xlsx」解压后过大（疑似压缩炸弹），已拒绝' })
  })

  it('refuses an honest bomb on its declared sizes, and a smaller lie under the budget as corrupt', () => {
    expect(readZipDirectory(zipBomb('xl/workbook.xml', 120))).toEqual({ ok: false, problem: 'bomb' })
    // 1 MB of zeros declared as 10 bytes: within 100 MB but not what it says, so not to be trusted
    const lie = lyingZipBomb('xl/workbook.xml', 1, 10)
    expect(readZipDirectory(lie, { maxEntries: 1000, maxUncompressed: 100 * 1024 * 1024, maxRatio: 10_000 })).toEqual({
      ok: false,
      problem: 'corrupt',
    })
    // the same file under the normal limits: 1 MB from ~1 KB is over 100:1
    expect(readZipDirectory(lie)).toEqual({ ok: false, problem: 'bomb' })
  })

  it('accepts a real workbook and reports its real inflated size', async () => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet('花名册').addRow(['姓名', '工号'])
    const buf = Buffer.from(await wb.xlsx.writeBuffer())
    const r = readZipDirectory(buf)
    expect(r.ok).toBe(true)
    if (r.ok) {
      expect(r.names).toContain('xl/workbook.xml')
      expect(r.uncompressed).toBeGreaterThan(buf.length)
    }
  })

  it('refuses truncated deflate data and more than 1,000 entries', () => {
    const good = zipBomb('xl/workbook.xml', 1)
    const cut = Buffer.from(good)
    // damage the deflate stream in the middle
    cut.fill(0xff, 60, 200)
    expect(readZipDirectory(cut)).toMatchObject({ ok: false })
    const many = Buffer.from(good)
    many.writeUInt16LE(1001, many.length - 22 + 10)
    expect(readZipDirectory(many)).toEqual({ ok: false, problem: 'too_many' })
  })
})

describe('a directory whose end record undercounts its entries', () => {
  it('is refused: the hidden entry would be inflated unchecked by exceljs', () => {
    const zip = hiddenEntryZip(150)
    expect(zip.length).toBeLessThan(1024 * 1024)
    expect(readZipDirectory(zip)).toMatchObject({ ok: false, problem: 'corrupt' })
  })
})

describe('a record the directory does not list', () => {
  it('is left out of what the streaming reader is given', () => {
    const record = (name: string, raw: Buffer) => {
      const data = deflateRawSync(raw)
      const n = Buffer.from(name)
      const local = Buffer.alloc(30)
      local.writeUInt32LE(0x04034b50, 0)
      local.writeUInt16LE(20, 4)
      local.writeUInt16LE(8, 8)
      local.writeUInt32LE(data.length, 18)
      local.writeUInt32LE(raw.length, 22)
      local.writeUInt16LE(n.length, 26)
      return { bytes: Buffer.concat([local, n, data]), name: n, data, raw }
    }
    const listed = record('xl/workbook.xml', Buffer.from('<workbook/>'))
    // between the listed record and the directory: a record of 50 MB of zeros nobody lists
    const hidden = record('xl/worksheets/sheet9.xml', Buffer.alloc(50 * 1024 * 1024))
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(listed.data.length, 20)
    central.writeUInt32LE(listed.raw.length, 24)
    central.writeUInt16LE(listed.name.length, 28)
    const dir = Buffer.concat([central, listed.name])
    const eocd = Buffer.alloc(22)
    eocd.writeUInt32LE(0x06054b50, 0)
    eocd.writeUInt16LE(1, 8)
    eocd.writeUInt16LE(1, 10)
    eocd.writeUInt32LE(dir.length, 12)
    eocd.writeUInt32LE(listed.bytes.length + hidden.bytes.length, 16)
    const zip = Buffer.concat([listed.bytes, hidden.bytes, dir, eocd])

    const r = readZipDirectory(zip)
    if (!r.ok) throw new Error(`refused: ${r.problem}`)
    expect(r.names).toEqual(['xl/workbook.xml'])
    // the reader is given the listed entry only, never the bytes hidden between records
    expect(r.checkedEntries.map((e) => e.name)).toEqual(['xl/workbook.xml'])
    expect(r.checkedEntries[0]!.data.equals(listed.data)).toBe(true)
  })
})
