import { PassThrough, Readable } from 'node:stream'
import { createInflateRaw } from 'node:zlib'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { isZip, readZipDirectory, type CheckedEntry } from '../../utils/zip'
import type { ImportProblem } from './batches.server'
import { MAX_IMPORT_BYTES } from '../evidence/uploads'
import { cleanText, headerKey, neutralizeCell, numericInTextColumn, readCellValue } from './cells'
import { SharedStrings } from './compact-store'
import { SharedStringsXmlReader, SheetXmlReader, type RawRow } from './sheet-xml'

// The one Excel reader and the one export writer. exceljs does not limit decompression, so every
// .xlsx upload passes checkXlsx (the zip check, which really inflates every entry) before exceljs opens it,
// and the streaming reader is given only the zip records that check inflated.

export const MAX_UPLOAD_BYTES = MAX_IMPORT_BYTES

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])

/** What the bytes are, never the name: .xlsx (a zip), an old .xls, or text that may be CSV. */
function kindOf(buf: Buffer): 'xlsx' | 'xls' | 'text' | 'other' {
  if (isZip(buf)) return 'xlsx'
  if (buf.subarray(0, 8).equals(OLE2_MAGIC)) return 'xls'
  if (decodeText(buf) !== null) return 'text'
  return 'other'
}

/** Why this file cannot be read as .xlsx, in Chinese, or null. Looks only at bytes, never the name. */
export function checkXlsx(buf: Buffer): string | null {
  const checked = checkedXlsx(buf)
  return checked.ok ? null : checked.message
}

/** checkXlsx, keeping the entries the zip check inflated for the reader (the check runs once per file). */
function checkedXlsx(buf: Buffer): { ok: true; entries: CheckedEntry[] } | { ok: false; message: string } {
  const refuse = (message: string) => ({ ok: false as const, message })
  if (buf.length === 0) return refuse('文件是空的')
  if (buf.length > MAX_UPLOAD_BYTES) return refuse(`文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请拆分后再导入`)
  if (!isZip(buf)) {
    if (buf.subarray(0, 8).equals(OLE2_MAGIC))
      return refuse('这是旧版 .xls 文件，请另存为 .xlsx 后再导入（在 Excel 中“文件 → 另存为 → Excel 工作簿”）')
    return refuse('文件不是 Excel（.xlsx）格式，请使用下载的模板填写后导入')
  }
  const zip = readZipDirectory(buf)
  if (!zip.ok) {
    if (zip.problem === 'corrupt') return refuse('文件已损坏或不完整，请重新保存后再导入')
    if (zip.problem === 'too_many') return refuse('文件内部结构异常（条目过多），无法导入')
    return refuse('文件解压后过大（疑似压缩炸弹），已拒绝导入')
  }
  if (!zip.names.includes('xl/workbook.xml')) return refuse('文件不是 Excel（.xlsx）工作簿，请使用下载的模板填写后导入')
  return { ok: true, entries: zip.checkedEntries }
}

/**
 * Text as Excel saves CSV: UTF-8 with or without a BOM, UTF-16 ("Unicode 文本"), or GB18030/GBK,
 * which Chinese Excel writes by default. Null when the bytes are not text (a NUL byte, or neither
 * valid UTF-8 nor GB18030 without replacement characters).
 */
export function decodeText(buf: Buffer): string | null {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8')
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return wellFormed(iconv.decode(buf.subarray(2), 'utf16le'))
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return wellFormed(iconv.decode(buf.subarray(2), 'utf16be'))
  if (buf.includes(0)) return null
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    const text = iconv.decode(buf, 'gb18030')
    return text.includes('\uFFFD') ? null : text
  }
}

/** UTF-16 text, or null when it holds half a character (a lone surrogate, which the database refuses to store). */
function wellFormed(text: string): string | null {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text) ? null : text
}

/** RFC 4180 as Excel writes it: quoted fields with "" inside, CRLF or LF, comma (or tab, or semicolon). */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const delimiter = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0]
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === delimiter) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

export interface SheetRow {
  /** the row number a person sees in Excel */
  rowNumber: number
  /** cell values by field key: text, number, Date, boolean or null (formula cells reduced to their cached result) */
  cells: Record<string, unknown>
}

export interface ImportColumn {
  key: string
  headers: readonly string[]
  required: boolean
  /** the column's name in messages (default: its first header) */
  label?: string
  /** digits that matter (身份证号, 手机号, 工号): a number cell is refused, never rounded */
  textOnly?: boolean
}

export interface ReadResult {
  ok: true
  rows: SheetRow[]
  /** field key → the header text as written in the file */
  headers: Record<string, string>
  /** cells that cannot be read (a formula without its result, #N/A, a 身份证号 kept as a number), by row and column */
  problems: ImportProblem[]
}

/** A run of data rows, in file order, with the problems of their cells. */
export interface SheetChunk {
  rows: SheetRow[]
  problems: ImportProblem[]
}

export interface OpenedSheet {
  ok: true
  /** field key → the header text as written in the file */
  headers: Record<string, string>
  /** the data rows after the header, `chunkSize` at a time; iterate it to the end (or break) */
  chunks: AsyncGenerator<SheetChunk, void, undefined>
}

/** The file broke off while its rows were read (after the header): refused whole, in Chinese. */
export class UnreadableSheet extends Error {
  constructor() {
    super('文件无法读取，请确认是 Excel 保存的 .xlsx 文件')
  }
}

async function* csvRows(rows: string[][]): AsyncGenerator<RawRow> {
  for (let i = 0; i < rows.length; i++) {
    const cells = new Map<number, unknown>()
    rows[i]!.forEach((v, c) => {
      if (v.trim()) cells.set(c + 1, v)
    })
    yield { number: i + 1, cells }
  }
}

/** The parts of exceljs's streaming WorkbookReader this reader drives itself (see xlsxRows). */
interface WorkbookParts {
  workbookRels?: { Id: string; Target: string }[]
  model?: { sheets?: { id: number; name: string; rId: string; state?: string }[] }
  properties?: { model?: { date1904?: boolean } }
  styles: { getStyleModel(id: number): { numFmt?: string } | null | undefined }
  _parseRels(entry: Readable): Promise<void>
  _parseWorkbook(entry: Readable): Promise<void>
  _parseStyles(entry: Readable): Promise<void>
}

/**
 * One checked zip entry as text, inflated and decoded as it is read. Decoded here, in one streaming
 * decoder: exceljs's parsers decode each piece they are given on its own, which split a Chinese
 * character falling across two pieces into "\uFFFD\uFFFD" (职工429 read as ��工429).
 */
async function* entryText(entry: CheckedEntry): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8')
  if (entry.method === 0) {
    yield decoder.decode(entry.data)
    return
  }
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 })
  inflate.end(entry.data)
  for await (const piece of inflate as AsyncIterable<Buffer>) {
    const text = decoder.decode(piece, { stream: true })
    if (text) yield text
  }
  const last = decoder.decode()
  if (last) yield last
}

const entryStream = (entry: CheckedEntry): Readable => Readable.from(entryText(entry))

/**
 * The rows of the first visible worksheet (in tab order) that has any, streamed: only the shared
 * strings and the current rows are held, never the workbook. exceljs's own WorkbookReader walks the
 * zip in one pass (unzipper) and, on Node 18+, sometimes loses an entry that ended before it looked —
 * a read that never finishes, or no workbook.xml (exceljs issue #3064). So its parsers are driven
 * here, each given a fresh stream of an entry the zip check inflated, in the order they depend on:
 * relationships, workbook, styles (the number formats that make a number a date). The shared strings
 * and the worksheets are read by our own readers (sheet-xml.ts), which give the values exceljs's
 * parsers gave at a fraction of their time and memory.
 */
async function* xlsxRows(entries: CheckedEntry[]): AsyncGenerator<RawRow> {
  const byName = new Map(entries.map((e) => [e.name, e]))
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'ignore',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as WorkbookParts
  const rels = byName.get('xl/_rels/workbook.xml.rels')
  const workbook = byName.get('xl/workbook.xml')
  if (!rels || !workbook) throw new UnreadableSheet()
  await reader._parseRels(entryStream(rels))
  await reader._parseWorkbook(entryStream(workbook))
  const sharedStringsEntry = byName.get('xl/sharedStrings.xml')
  let sharedStrings: SharedStrings | undefined
  if (sharedStringsEntry) {
    // read by our own reader as the worksheets are (exceljs's sax parser was a fifth of a preview)
    sharedStrings = new SharedStrings()
    const xml = new SharedStringsXmlReader(sharedStrings)
    for await (const text of entryText(sharedStringsEntry)) xml.push(text)
    xml.end()
  }
  const styles = byName.get('xl/styles.xml')
  if (styles) await reader._parseStyles(entryStream(styles))
  const context = {
    sharedStrings,
    styleOf: (id: number) => reader.styles.getStyleModel(id),
    date1904: Boolean(reader.properties?.model?.date1904),
  }

  for (const sheet of reader.model?.sheets ?? []) {
    const target = reader.workbookRels?.find((r) => r.Id === sheet.rId)?.Target
    if (!target) continue
    const name = target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`
    const entry = byName.get(name)
    if (!entry) continue
    if (sheet.state === 'hidden' || sheet.state === 'veryHidden') continue
    let any = false
    const xml = new SheetXmlReader(context)
    for await (const text of entryText(entry)) {
      for (const row of xml.push(text)) {
        any = true
        yield row
      }
    }
    xml.end()
    if (any) return
  }
}

// The streaming reader holds the shared strings of one workbook (bounded by the zip check's 100 MB):
// at most two workbooks are read at a time in this process, so imports sent together queue rather
// than exhaust the memory together.
const OPEN_LIMIT = 2
let openCount = 0
const waiting: (() => void)[] = []
async function acquireReader(): Promise<() => void> {
  while (openCount >= OPEN_LIMIT) await new Promise<void>((resolve) => waiting.push(resolve))
  openCount++
  let released = false
  return () => {
    if (released) return
    released = true
    openCount--
    waiting.shift()?.()
  }
}

/**
 * The one import reader: .xlsx (after the zip check) or CSV as Excel saves it, streamed. Reads the
 * first visible worksheet that has rows: finds the header row among the first 10 rows (title rows and
 * merged header cells above it are skipped), maps columns by their header names, skips blank rows,
 * and turns every cell into a value through readCellValue; cells that cannot be used are returned as
 * problems. Rows come `chunkSize` at a time, so a file of 100,000 rows is read in constant memory.
 */
export async function openSheet(
  buf: Buffer,
  columns: readonly ImportColumn[],
  chunkSize = 1000,
): Promise<OpenedSheet | { ok: false; message: string }> {
  if (buf.length === 0) return { ok: false, message: '文件是空的' }
  if (buf.length > MAX_UPLOAD_BYTES) return { ok: false, message: `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请拆分后再导入` }
  let source: AsyncGenerator<RawRow>
  const kind = kindOf(buf)
  if (kind === 'text') {
    source = csvRows(parseCsv(decodeText(buf)!))
  } else if (kind === 'xlsx') {
    const checked = checkedXlsx(buf)
    if (!checked.ok) return checked
    source = xlsxRows(checked.entries)
  } else {
    return { ok: false, message: checkXlsx(buf) ?? '文件不是 Excel（.xlsx）或 CSV 格式，请使用下载的模板填写后导入' }
  }

  const release = await acquireReader()
  const refuse = async (message: string) => {
    release()
    await source.return(undefined).catch(() => undefined)
    return { ok: false as const, message }
  }
  // the first ten rows decide the header; they are kept to be read again as data
  const head: RawRow[] = []
  try {
    for (;;) {
      const next = await source.next()
      if (next.done) break
      head.push(next.value)
      if (head.length >= 10 || next.value.number >= 10) break // never more than ten rows held
    }
  } catch {
    return refuse('文件无法读取，请确认是 Excel 保存的 .xlsx 文件')
  }
  const valueAt = (row: RawRow, c: number) => {
    const read = readCellValue(row.cells.get(c) ?? null)
    return read.ok ? read.value : null
  }
  let header: RawRow | null = null
  let best: Map<number, ImportColumn> = new Map()
  for (const row of head.filter((r) => r.number <= 10)) {
    const found = new Map<number, ImportColumn>()
    for (const col of [...row.cells.keys()].sort((a, b) => a - b)) {
      const key = headerKey(valueAt(row, col))
      const column = columns.find((c) => c.headers.includes(key))
      if (column && ![...found.values()].includes(column)) found.set(col, column)
    }
    if (found.size > best.size) {
      best = found
      header = row
    }
  }
  const missing = columns.filter((c) => c.required && ![...best.values()].includes(c))
  if (!header || missing.length)
    return refuse(`没有找到表头列：${missing.map((c) => c.headers[0]).join('、')}。请使用下载的模板，表头需在前10行内`)
  const headers: Record<string, string> = {}
  for (const [col, c] of best) headers[c.key] = cleanText(valueAt(header, col))
  const headerNumber = header.number
  const mapping = [...best]

  const addRow = (raw: RawRow, chunk: SheetChunk) => {
    const r = raw.number
    const cells: Record<string, unknown> = {}
    const rowProblems: ImportProblem[] = []
    let any = false
    for (const [col, c] of mapping) {
      const label = c.label ?? c.headers[0]!
      const cell = raw.cells.get(col) ?? null
      let value: unknown
      // text, a flag and a finite number are their own value (what readCellValue gives them); the rest is read
      if (cell === null || typeof cell === 'string' || typeof cell === 'boolean' || (typeof cell === 'number' && Number.isFinite(cell)))
        value = cell
      else {
        const read = readCellValue(cell)
        if (!read.ok) {
          rowProblems.push({ row: r, column: label, message: read.problem })
          cells[c.key] = null
          any = true
          continue
        }
        value = read.value
      }
      cells[c.key] = value
      if (value !== null && (startsWithText(value) || cleanText(value) !== '')) any = true
      const numeric = c.textOnly ? numericInTextColumn(label, value) : null
      if (numeric) {
        rowProblems.push({ row: r, column: label, message: numeric })
        cells[c.key] = null
      }
    }
    if (any) {
      chunk.rows.push({ rowNumber: r, cells })
      chunk.problems.push(...rowProblems)
    }
  }

  async function* chunks(): AsyncGenerator<SheetChunk, void, undefined> {
    try {
      let chunk: SheetChunk = { rows: [], problems: [] }
      const rest = (async function* () {
        yield* head
        yield* source
      })()
      for (;;) {
        let next: IteratorResult<RawRow>
        try {
          next = await rest.next()
        } catch {
          throw new UnreadableSheet()
        }
        if (next.done) break
        const raw = next.value
        if (raw.number <= headerNumber) continue
        addRow(raw, chunk)
        if (chunk.rows.length >= chunkSize) {
          yield chunk
          chunk = { rows: [], problems: [] }
        }
      }
      if (chunk.rows.length) yield chunk
    } finally {
      release()
      await source.return(undefined).catch(() => undefined)
    }
  }
  return { ok: true, headers, chunks: chunks() }
}

/**
 * A text that cleanText surely leaves non-empty: it starts with a visible ASCII character other than
 * the apostrophe (which cleanText may drop), or a common Chinese character. Saves cleaning most cells
 * twice; anything else is asked of cleanText itself.
 */
function startsWithText(value: unknown): boolean {
  if (typeof value !== 'string' || !value.length) return false
  const c = value.charCodeAt(0)
  return (c >= 0x21 && c <= 0x7e && c !== 0x27) || (c >= 0x4e00 && c <= 0x9fff)
}

/** The whole sheet at once, for the small imports (posts, sign-in sheets): openSheet, gathered. */
export async function readSheet(buf: Buffer, columns: readonly ImportColumn[]): Promise<ReadResult | { ok: false; message: string }> {
  const sheet = await openSheet(buf, columns)
  if (!sheet.ok) return sheet
  const rows: SheetRow[] = []
  const problems: ImportProblem[] = []
  try {
    for await (const chunk of sheet.chunks) {
      rows.push(...chunk.rows)
      problems.push(...chunk.problems)
    }
  } catch (error) {
    if (error instanceof UnreadableSheet) return { ok: false, message: error.message }
    throw error
  }
  return { ok: true, rows, headers: sheet.headers, problems }
}

/**
 * A capability's problems with the reader's cell problems: the cell problem wins on its own cell
 * (a formula without a result is not also "姓名不能为空"), in row order.
 */
export function withCellProblems(cellProblems: ImportProblem[], problems: ImportProblem[]): ImportProblem[] {
  const taken = new Set(cellProblems.map((p) => `${p.row}\u0000${p.column}`))
  return [...cellProblems, ...problems.filter((p) => !taken.has(`${p.row}\u0000${p.column}`))].sort((a, b) => a.row - b.row)
}

export interface ExportSheet {
  name: string
  title?: string
  columns: { header: string; key: string; width?: number }[]
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>
}

/**
 * The one export writer: streamed (rows are committed as they are written), headers people expect,
 * every text cell that would run as a formula neutralised — titles and headers too. Returns a web
 * stream for the response.
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
          const t = ws.addRow([neutralizeCell(sheet.title)])
          t.font = { bold: true, size: 14 }
          t.commit()
        }
        const head = ws.addRow(sheet.columns.map((c) => neutralizeCell(c.header)))
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
export async function templateWorkbook(spec: {
  title: string
  columns: { header: string; width?: number; note?: string; text?: boolean }[]
  example: unknown[]
  notes: string[]
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('导入')
  // digits that matter (工号, 手机号, 身份证号) in text-formatted columns, so Excel keeps them as typed
  ws.columns = spec.columns.map((c) => ({ width: c.width ?? 16, ...(c.text ? { style: { numFmt: '@' } } : {}) }))
  ws.addRow([neutralizeCell(spec.title)])
  ws.mergeCells(1, 1, 1, spec.columns.length)
  ws.getRow(1).font = { bold: true, size: 14 }
  const head = ws.addRow(spec.columns.map((c) => neutralizeCell(c.header)))
  head.font = { bold: true }
  head.eachCell((cell, col) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0F8' } }
    const note = spec.columns[col - 1]?.note
    if (note) cell.note = note
  })
  ws.addRow(spec.example.map(neutralizeCell))
  const notes = wb.addWorksheet('填写说明')
  notes.getColumn(1).width = 100
  for (const n of spec.notes) notes.addRow([neutralizeCell(n)])
  return Buffer.from(await wb.xlsx.writeBuffer())
}
