// The worksheet part of the one .xlsx reader: the rows of a sheet's XML (xl/worksheets/sheetN.xml) as
// cell values, read straight off the text. exceljs's WorksheetReader (a sax parser, an event object
// per tag and a Row and Cell object per cell) was most of a roster preview's time; this gives exactly
// the values it gave — the values readCellValue (cells.ts) was written for — including its quirks, so
// the rules behind the reader do not change:
// - s: the shared string as exceljs's shared-strings parser cached it (text, {richText}, or nothing);
//   without a shared-strings part, {sharedString: n};
// - str, inlineStr: the text (the last <t> of an inline string), entities decoded once more as exceljs does;
// - b: a boolean; e: {error: '#N/A'};
// - anything else a number, or a Date when the cell's style (else its row's) has a date number format;
// - a formula: {formula, result} with the cached result (text for str, else a number), where a result
//   that is 0 or empty is dropped as exceljs drops it; a shared formula's dependent cell (an empty <f/>)
//   keeps its result whatever it is.
// Text is XML-decoded (&lt; &#20013; …) with line ends normalised, as a conforming parser does.

import type { SharedStrings } from './compact-store'

/** One row as the file has it: its number and its non-empty cells by column (1-based). */
export interface RawRow {
  number: number
  cells: Map<number, unknown>
}

/** What the cell values depend on outside the sheet: the workbook's shared strings, styles and date system. */
export interface SheetXmlContext {
  /** the shared strings as exceljs's parser gives them; undefined when the workbook has none */
  sharedStrings: SharedStrings | undefined
  /** a cell style (cellXfs index) as exceljs models it, null when there is none */
  styleOf: (id: number) => { numFmt?: string } | null | undefined
  date1904: boolean
}

/** The sheet's XML is not well formed (or names an entity XML does not have). */
export class SheetXmlError extends Error {}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** Character data as an XML parser reports it: line ends normalised, entity and character references resolved. */
function xmlText(raw: string): string {
  let text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw
  if (text.includes('&'))
    text = text.replace(/&([^;&]*);?/g, (whole, name: string) => {
      if (!whole.endsWith(';')) throw new SheetXmlError(`bad entity ${whole}`)
      if (name.startsWith('#')) {
        const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name)
        const code = m ? (m[1] ? parseInt(m[1], 16) : parseInt(m[2]!, 10)) : NaN
        // only the characters XML allows (a NUL or a lone surrogate would reach the database as text it refuses)
        if (!isXmlChar(code)) throw new SheetXmlError(`bad character reference ${whole}`)
        return String.fromCodePoint(code)
      }
      const ch = ENTITY[name]
      if (ch === undefined) throw new SheetXmlError(`undefined entity ${whole}`)
      return ch
    })
  return text
}

/** A character XML 1.0 allows (its Char production). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  )
}

/** Excel's limits: 16,384 columns (XFD), 1,048,576 rows. */
const MAX_COLUMN = 16_384
const MAX_ROW = 1_048_576
/**
 * The longest unfinished tag, comment or text run held between pieces, and the longest text of one
 * cell (Excel holds 32,767 characters): past it the file is refused, so a hostile sheet cannot make
 * each piece rescan megabytes.
 */
const MAX_PENDING = 1 << 20

/** A row's number as its r attribute gives it (1 … 1,048,576). */
function rowNumberOf(r: string): number {
  if (!/^[1-9][0-9]{0,6}$/.test(r)) throw new SheetXmlError(`bad row number ${r.slice(0, 20)}`)
  const n = Number(r)
  if (n > MAX_ROW) throw new SheetXmlError(`bad row number ${r}`)
  return n
}

/** exceljs's xmlDecode, applied again to str and inlineStr cells (so a text "&amp;lt;" reads "<"). */
function xmlDecodeAgain(text: string): string {
  return text.includes('&') ? text.replace(/&([a-z]*);/g, (c) => ENTITY[c.slice(1, -1)] ?? c) : text
}

/** exceljs's date format test: y m d h M s b outside quotes and brackets. */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false
  return /[ymdhMsb]+/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''))
}

/** exceljs's serial → Date (UTC), 1900 or 1904 date system. */
function excelDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000))
}

/** The column of a cell reference (B12 → 2): its capital letters before the row digits (A1 … XFD1048576). */
function columnOf(ref: string): number {
  // /^([A-Z]{1,3})[1-9][0-9]{0,6}$/ read by hand: this runs for every cell, and a match array per cell was garbage
  let i = 0
  let col = 0
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i)
    if (c < 65 || c > 90) break
    col = col * 26 + c - 64
  }
  const digits = ref.length - i
  let ok = i >= 1 && i <= 3 && digits >= 1 && digits <= 7 && ref.charCodeAt(i) !== 48
  for (; ok && i < ref.length; i++) ok = ref.charCodeAt(i) >= 48 && ref.charCodeAt(i) <= 57
  if (!ok) throw new SheetXmlError(`bad cell reference ${ref.slice(0, 20)}`)
  if (col > MAX_COLUMN) throw new SheetXmlError(`bad cell reference ${ref}`)
  return col
}

/** What String.prototype.trim and /\s/ take for space. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

/** The tags this reader acts on, so that their names are not cut out of the text again for every cell. */
const KNOWN_TAGS = ['c', 'v', 'row', 'f', 't', 'is', 'sheetData', 'si', 'r']

/** The tag name s[from … to), the same string as s.slice(from, to). */
function tagName(s: string, from: number, to: number): string {
  for (const known of KNOWN_TAGS) if (known.length === to - from && s.startsWith(known, from)) return known
  return s.slice(from, to)
}

/** The attributes of a row or cell tag that matter here: r, s and t, XML-decoded (undefined when absent). */
interface RowCellAttributes {
  r: string | undefined
  s: string | undefined
  t: string | undefined
}

/**
 * Reads the attributes in s[from … to) (the text after the tag's name) into `out`: r, s and t kept,
 * every other value still checked (a bad entity refuses the sheet), none of them cut out of the text.
 */
function readAttributes(s: string, from: number, to: number, out: RowCellAttributes): void {
  out.r = out.s = out.t = undefined
  let i = from
  for (;;) {
    // every search stops at the tag's end: a search of the whole piece for each tag would make a sheet
    // of many bare tags (<c/><c/>…) cost the square of its length
    let eq = i
    while (eq < to && s.charCodeAt(eq) !== 61 /* = */) eq++
    if (eq >= to) return
    let q = eq + 1
    while (q < to && s.charCodeAt(q) <= 32) q++
    const quote = q < to ? s.charCodeAt(q) : -1
    if (quote !== 34 /* " */ && quote !== 39 /* ' */) throw new SheetXmlError('an attribute without quotes')
    let close = q + 1
    while (close < to && s.charCodeAt(close) !== quote) close++
    if (close >= to) throw new SheetXmlError('an attribute without its closing quote')
    // the name, trimmed as String.prototype.trim does
    let a = i
    let b = eq
    while (a < b && isSpace(s.charCodeAt(a))) a++
    while (b > a && isSpace(s.charCodeAt(b - 1))) b--
    const key = b - a === 1 ? s.charCodeAt(a) : 0
    let encoded = false
    for (let k = q + 1; k < close && !encoded; k++) encoded = s.charCodeAt(k) === 38 /* & */ || s.charCodeAt(k) === 13
    if (key === 114 /* r */ || key === 115 /* s */ || key === 116 /* t */) {
      const raw = s.slice(q + 1, close)
      const value = encoded ? xmlText(raw) : raw
      if (key === 114) out.r = value
      else if (key === 115) out.s = value
      else out.t = value
    } else if (encoded) xmlText(s.slice(q + 1, close))
    i = close + 1
  }
}

interface Text {
  text: string
}

interface OpenCell {
  col: number
  /** the style id when it is a number other than 0 (exceljs ignores s="0") */
  s: number
  t: string | undefined
  f: Text | null
  v: Text | null
}

/**
 * XML pushed in pieces of any size (a piece may end inside a tag or a text), cut into character data,
 * opening and closing tags; comments, CDATA (exceljs listens to text only), processing instructions
 * and a DOCTYPE are passed over. Holds only an unfinished tag or text between pieces, and the names of
 * the open elements; a closing tag must close the element last opened.
 */
abstract class XmlPieces {
  private rest = ''
  private readonly stack: string[] = []

  /** Whether the character data before the next tag is wanted (it is decoded only then). */
  protected abstract wantsText(): boolean
  /** Character data between two tags, decoded. */
  protected abstract text(text: string): void
  /** A tag opens: its name, and its attributes at s[from … to). */
  protected abstract open(name: string, s: string, from: number, to: number): void
  /** A tag closes (or an empty-element tag ends). */
  protected abstract close(name: string): void

  protected feed(piece: string): void {
    const s = this.rest ? this.rest + piece : piece
    let i = 0
    const n = s.length
    const tagEnd = tagEnds(s)
    for (;;) {
      const lt = s.indexOf('<', i)
      if (lt < 0) break
      if (lt > i && this.wantsText()) this.text(xmlText(s.slice(i, lt)))
      i = lt
      let end: number
      if (s.startsWith('<!--', lt)) {
        end = s.indexOf('-->', lt + 4)
        if (end < 0) break
        i = end + 3
        continue
      }
      if (s.startsWith('<![CDATA[', lt)) {
        // exceljs listens to text only: CDATA is not read
        end = s.indexOf(']]>', lt + 9)
        if (end < 0) break
        i = end + 3
        continue
      }
      if (s.startsWith('<?', lt)) {
        end = s.indexOf('?>', lt + 2)
        if (end < 0) break
        i = end + 2
        continue
      }
      if (lt + 1 >= n) break
      end = tagEnd(lt + 1)
      if (end < 0) break
      if (s.charCodeAt(lt + 1) === 33 /* ! */) {
        i = end + 1 // a DOCTYPE
        continue
      }
      if (s.charCodeAt(lt + 1) === 47 /* / */) {
        let a = lt + 2
        let b = end
        while (a < b && isSpace(s.charCodeAt(a))) a++
        while (b > a && isSpace(s.charCodeAt(b - 1))) b--
        const name = tagName(s, a, b)
        const open = this.stack.pop()
        if (open !== name) throw new SheetXmlError(`</${name}> closes <${open ?? ''}>`)
        this.close(name)
      } else {
        const selfClosing = s.charCodeAt(end - 1) === 47
        const bodyEnd = selfClosing ? end - 1 : end
        let nameEnd = lt + 1
        while (nameEnd < bodyEnd && !isSpace(s.charCodeAt(nameEnd))) nameEnd++
        const name = tagName(s, lt + 1, nameEnd)
        this.open(name, s, nameEnd, bodyEnd)
        if (selfClosing) this.close(name)
        else this.stack.push(name)
      }
      i = end + 1
    }
    this.rest = s.slice(i)
    if (this.rest.length > MAX_PENDING) throw new SheetXmlError('a tag, comment or text longer than 1 MiB')
  }

  /** The end of the text: XML that breaks off inside a tag or an element is not well formed. */
  protected finish(): void {
    if (this.rest.trim() || this.stack.length) throw new SheetXmlError('the sheet ends inside a tag or an element')
  }
}

/**
 * Reads a worksheet's XML pushed to it in pieces of any size (a piece may end inside a tag or a
 * text) and returns the rows completed so far. Holds only the open row and an unfinished tag.
 */
export class SheetXmlReader extends XmlPieces {
  private inRows = false
  /** the last row's number (a row without r is the next one; rows come in order, each once) */
  private lastRow = 0
  /** the last cell's column in the open row (a cell without r is the next one) */
  private lastCol = 0
  private row: { number: number; numFmt: string | undefined; cells: Map<number, unknown> } | null = null
  private cell: OpenCell | null = null
  /** where text goes: exceljs's `current`, which stays on the last <f>, <v>, <is> or <t> until the next */
  private current: Text | null = null
  private readonly styles = new Map<number, { numFmt?: string } | null>()
  // reused for every tag and cell (a 100,000-row sheet has a million of them)
  private readonly attributes: RowCellAttributes = { r: undefined, s: undefined, t: undefined }
  private readonly openCell: OpenCell = { col: 0, s: 0, t: undefined, f: null, v: null }
  private readonly formulaText: Text = { text: '' }
  private readonly valueText: Text = { text: '' }
  private done: RawRow[] = []

  constructor(private readonly ctx: SheetXmlContext) {
    super()
  }

  private style(id: number) {
    let found = this.styles.get(id)
    if (found === undefined) this.styles.set(id, (found = this.ctx.styleOf(id) ?? null))
    return found
  }

  /** The rows that the text so far completes. */
  push(piece: string): RawRow[] {
    const done: RawRow[] = (this.done = [])
    this.feed(piece)
    return done
  }

  /** The end of the text: a sheet that breaks off inside a tag or an element is not well formed. */
  end(): RawRow[] {
    this.finish()
    return []
  }

  protected wantsText() {
    return this.current !== null
  }

  protected text(text: string) {
    const current = this.current!
    current.text += text
    if (current.text.length > MAX_PENDING) throw new SheetXmlError('a cell text longer than 1 MiB')
  }

  protected open(name: string, text: string, from: number, to: number) {
    const a = this.attributes
    switch (name) {
      case 'sheetData':
        this.inRows = true
        break
      case 'row':
        if (this.inRows) {
          readAttributes(text, from, to, a)
          const s = a.s ? parseInt(a.s, 10) : NaN
          const style = a.s ? this.style(s) : null
          const number = a.r === undefined ? this.lastRow + 1 : rowNumberOf(a.r)
          if (number <= this.lastRow || number > MAX_ROW) throw new SheetXmlError(`row ${number} after row ${this.lastRow}`)
          this.lastRow = number
          this.lastCol = 0
          this.row = { number, numFmt: style?.numFmt, cells: new Map() }
        }
        break
      case 'c':
        if (this.row) {
          readAttributes(text, from, to, a)
          const s = parseInt(a.s!, 10)
          const col = a.r === undefined ? this.lastCol + 1 : columnOf(a.r)
          if (col > MAX_COLUMN) throw new SheetXmlError(`a cell beyond column ${MAX_COLUMN}`)
          this.lastCol = col
          const cell = (this.cell = this.openCell)
          cell.col = col
          cell.s = s || 0
          cell.t = a.t
          cell.f = cell.v = null
        }
        break
      // one cell is open at a time: its formula and value texts are the reader's own two, emptied here
      case 'f':
        if (this.cell) (this.current = this.cell.f = this.formulaText).text = ''
        break
      case 'v':
      case 'is':
      case 't':
        if (this.cell) (this.current = this.cell.v = this.valueText).text = ''
        break
    }
  }

  protected close(name: string) {
    switch (name) {
      case 'sheetData':
        this.inRows = false
        break
      case 'row':
        if (this.row) {
          if (this.row.cells.size) this.done.push({ number: this.row.number, cells: this.row.cells })
          this.row = null
        }
        break
      case 'c':
        if (this.row && this.cell) {
          const value = this.value(this.cell, this.row.numFmt)
          if (value === null || value === undefined) this.row.cells.delete(this.cell.col)
          else this.row.cells.set(this.cell.col, value)
          this.cell = null
        }
        break
    }
  }

  private value(c: OpenCell, rowNumFmt: string | undefined): unknown {
    if (c.f) {
      const result = c.v ? (c.t === 'str' ? xmlDecodeAgain(c.v.text) : parseFloat(c.v.text)) : undefined
      // a formula keeps only a truthy result; a shared formula's dependent (<f t="shared" si="0"/>) all of it
      if (!c.f.text) return c.v ? { formula: '', result } : { formula: '' }
      return result ? { formula: c.f.text, result } : { formula: c.f.text }
    }
    if (!c.v) return null
    const text = c.v.text
    switch (c.t) {
      case 's': {
        const index = parseInt(text, 10)
        return this.ctx.sharedStrings ? this.ctx.sharedStrings.get(index) : { sharedString: index }
      }
      case 'inlineStr':
      case 'str':
        return xmlDecodeAgain(text)
      case 'e':
        return { error: text }
      case 'b':
        return parseInt(text, 10) !== 0
      default: {
        const style = c.s ? this.style(c.s) : null
        const numFmt = style ? style.numFmt : rowNumFmt
        return isDateFormat(numFmt) ? excelDate(parseFloat(text), this.ctx.date1904) : parseFloat(text)
      }
    }
  }
}

/**
 * The workbook's shared strings (xl/sharedStrings.xml) pushed in pieces, each <si> added to the store
 * as exceljs's parser gave it, so that the cells read the same: its text as exceljs collects it (all
 * character data since the last <t> opened, entities decoded), {richText: [{text}, …]} when it has
 * runs (<r>; their fonts are not kept, readCellValue reads only the text), or null without text.
 * A phonetic run's <t> (rPh) restarts the text as it does in exceljs.
 */
export class SharedStringsXmlReader extends XmlPieces {
  private readonly attributes: RowCellAttributes = { r: undefined, s: undefined, t: undefined }
  private value: string | null = null
  private runs: { text: string | null }[] = []

  constructor(private readonly store: SharedStrings) {
    super()
  }

  push(piece: string): void {
    this.feed(piece)
  }

  end(): void {
    this.finish()
  }

  protected wantsText() {
    return true
  }

  protected text(text: string) {
    this.value = this.value ? this.value + text : text
    if (this.value.length > MAX_PENDING) throw new SheetXmlError('a shared string longer than 1 MiB')
  }

  protected open(name: string, s: string, from: number, to: number) {
    // attributes are not used here, but checked as the worksheet's are: a bad one refuses the file
    readAttributes(s, from, to, this.attributes)
    if (name === 'si') {
      this.runs = []
      this.value = null
    } else if (name === 't') this.value = null
  }

  protected close(name: string) {
    if (name === 'r') {
      this.runs.push({ text: this.value })
      this.value = null
    } else if (name === 'si') {
      this.store.push(this.runs.length ? { richText: this.runs } : this.value)
      this.runs = []
      this.value = null
    }
  }
}

/**
 * Where each tag of one text ends: the first > outside a quoted attribute value, or -1 (not yet
 * read). Tags are asked for in order, so the next quote of each kind is remembered, not searched again.
 */
function tagEnds(s: string) {
  let dq = -2
  let sq = -2
  return (from: number): number => {
    let k = from
    for (;;) {
      const gt = s.indexOf('>', k)
      if (gt < 0) return -1
      if (dq !== -1 && dq < k) dq = s.indexOf('"', k)
      if (sq !== -1 && sq < k) sq = s.indexOf("'", k)
      const q = dq < 0 ? sq : sq < 0 ? dq : Math.min(dq, sq)
      if (q < 0 || q > gt) return gt
      const close = s.indexOf(s[q]!, q + 1)
      if (close < 0) return -1
      k = close + 1
    }
  }
}
