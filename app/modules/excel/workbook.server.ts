import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { isZip, readZipDirectory } from '../../utils/zip'
import { UPLOAD_KINDS } from '../evidence/uploads'
import { cleanText, headerKey, neutralizeCell } from './cells'

// The one Excel reader and the one export writer. exceljs does not limit decompression, so every
// upload passes checkXlsx (the zip's own directory) before exceljs opens it.

export const MAX_UPLOAD_BYTES = UPLOAD_KINDS.import.maxBytes

/** Why this file cannot be read as .xlsx, in Chinese, or null. Looks only at bytes, never the name. */
export function checkXlsx(buf: Buffer): string | null {
  if (buf.length === 0) return '文件是空的'
  if (buf.length > MAX_UPLOAD_BYTES) return `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请拆分后再导入`
  if (!isZip(buf)) {
    if (buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return '这是旧版 .xls 文件，请在 Excel 中“另存为” .xlsx 后再导入'
    return '文件不是 Excel（.xlsx）格式，请使用下载的模板填写后导入'
  }
  const zip = readZipDirectory(buf)
  if (!zip.ok) {
    if (zip.problem === 'corrupt') return '文件已损坏或不完整，请重新保存后再导入'
    if (zip.problem === 'too_many') return '文件内部结构异常（条目过多），无法导入'
    return '文件解压后过大（疑似压缩炸弹），已拒绝导入'
  }
  if (!zip.names.includes('xl/workbook.xml')) return '文件不是 Excel（.xlsx）工作簿，请使用下载的模板填写后导入'
  return null
}

export interface SheetRow {
  /** the row number a person sees in Excel */
  rowNumber: number
  /** raw cell values by field key (formula cells reduced to their cached result) */
  cells: Record<string, unknown>
}

export interface ReadResult {
  ok: true
  rows: SheetRow[]
  /** field key → the header text as written in the file */
  headers: Record<string, string>
}

function cellValue(cell: ExcelJS.Cell): unknown {
  const v = cell.value
  if (v === null || v === undefined) return null
  if (typeof v === 'object' && !(v instanceof Date)) {
    if ('result' in v) return (v as { result?: unknown }).result ?? null // formula: its value only
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('')
    if ('text' in v) return (v as { text: unknown }).text // hyperlink
    if ('error' in v) return null
  }
  return v
}

/**
 * Reads the first worksheet: finds the header row among the first 10 rows (title rows and merged
 * header cells above it are skipped), maps columns by their header names, skips blank rows.
 */
export async function readSheet(
  buf: Buffer,
  columns: { key: string; headers: string[]; required: boolean }[],
): Promise<ReadResult | { ok: false; message: string }> {
  const problem = checkXlsx(buf)
  if (problem) return { ok: false, message: problem }
  const wb = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer)
  } catch {
    return { ok: false, message: '文件无法读取，请确认是 Excel 保存的 .xlsx 文件' }
  }
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.actualRowCount > 0) ?? wb.worksheets[0]
  if (!ws) return { ok: false, message: '文件中没有工作表' }

  let headerRow = -1
  let best: Map<number, string> = new Map()
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const found = new Map<number, string>()
    ws.getRow(r).eachCell({ includeEmpty: false }, (cell, col) => {
      const key = headerKey(cellValue(cell))
      const column = columns.find((c) => c.headers.includes(key))
      if (column && ![...found.values()].includes(column.key)) found.set(col, column.key)
    })
    if (found.size > best.size) {
      best = found
      headerRow = r
    }
  }
  const missing = columns.filter((c) => c.required && ![...best.values()].includes(c.key))
  if (headerRow < 0 || missing.length) {
    return { ok: false, message: `没有找到表头列：${missing.map((c) => c.headers[0]).join('、')}。请使用下载的模板，表头需在前10行内` }
  }
  const headers: Record<string, string> = {}
  for (const [col, key] of best) headers[key] = cleanText(cellValue(ws.getRow(headerRow).getCell(col)))

  const rows: SheetRow[] = []
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: Record<string, unknown> = {}
    let any = false
    for (const [col, key] of best) {
      const v = cellValue(row.getCell(col))
      cells[key] = v
      if (v !== null && cleanText(v) !== '') any = true
    }
    if (any) rows.push({ rowNumber: r, cells })
  }
  return { ok: true, rows, headers }
}

export interface ExportSheet {
  name: string
  title?: string
  columns: { header: string; key: string; width?: number }[]
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>
}

/**
 * The one export writer: streamed (rows are committed as they are written), headers people expect,
 * every text cell that would run as a formula neutralised. Returns a web stream for the response.
 */
export function xlsxStream(sheets: ExportSheet[]): ReadableStream<Uint8Array> {
  const out = new PassThrough()
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  void (async () => {
    try {
      for (const sheet of sheets) {
        const ws = wb.addWorksheet(sheet.name.slice(0, 31))
        ws.columns = sheet.columns.map((c) => ({ key: c.key, width: c.width ?? 16 }))
        if (sheet.title) {
          const t = ws.addRow([sheet.title])
          t.font = { bold: true, size: 14 }
          t.commit()
        }
        const head = ws.addRow(sheet.columns.map((c) => c.header))
        head.font = { bold: true }
        head.commit()
        for await (const r of sheet.rows) {
          ws.addRow(sheet.columns.map((c) => neutralizeCell(r[c.key] ?? null))).commit()
        }
        ws.commit()
      }
      await wb.commit()
    } catch (error) {
      out.destroy(error as Error)
    }
  })()
  return new ReadableStream({
    start(controller) {
      out.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)))
      out.on('end', () => controller.close())
      out.on('error', (e) => controller.error(e))
    },
    cancel() {
      out.destroy()
    },
  })
}

export function xlsxResponse(stream: ReadableStream<Uint8Array>, fileName: string): Response {
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** A blank import template: a title row (merged), the header row, one example row, notes. */
export async function templateWorkbook(spec: { title: string; columns: { header: string; width?: number; note?: string }[]; example: unknown[]; notes: string[] }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('导入')
  ws.columns = spec.columns.map((c) => ({ width: c.width ?? 16 }))
  ws.addRow([spec.title])
  ws.mergeCells(1, 1, 1, spec.columns.length)
  ws.getRow(1).font = { bold: true, size: 14 }
  const head = ws.addRow(spec.columns.map((c) => c.header))
  head.font = { bold: true }
  head.eachCell((cell, col) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0F8' } }
    const note = spec.columns[col - 1]?.note
    if (note) cell.note = note
  })
  ws.addRow(spec.example)
  const notes = wb.addWorksheet('填写说明')
  notes.getColumn(1).width = 100
  for (const n of spec.notes) notes.addRow([n])
  return Buffer.from(await wb.xlsx.writeBuffer())
}
