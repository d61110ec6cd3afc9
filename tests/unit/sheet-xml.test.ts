import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { inflateRawSync } from 'node:zlib'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { SharedStrings } from '../../app/modules/excel/compact-store'
import { readCellValue } from '../../app/modules/excel/cells'
import { SharedStringsXmlReader, SheetXmlReader, type RawRow, type SheetXmlContext } from '../../app/modules/excel/sheet-xml'
import { readZipDirectory } from '../../app/utils/zip'

// The worksheet reader (sheet-xml.ts) must give exactly the values exceljs's WorksheetReader gave,
// the values readCellValue was written for. Each case is read by both, the XML fed to ours in pieces
// of every size (a piece may end inside a tag, an entity or a character).

interface ExcelJsParts {
  sharedStrings?: unknown[]
  properties?: unknown
  styles: { getStyleModel(id: number): { numFmt?: string } | null }
  _parseStyles(entry: Readable): Promise<void>
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>
  _parseWorksheet(entry: Readable, no: string): Generator<{ value: ExcelJS.stream.xlsx.WorksheetReader }>
}

async function workbookParts(parts: { styles?: string; sharedStrings?: string; date1904?: boolean }) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as ExcelJsParts
  if (parts.styles) await reader._parseStyles(Readable.from([parts.styles]))
  if (parts.sharedStrings) for await (const _ of reader._parseSharedStrings(Readable.from([parts.sharedStrings])));
  reader.properties = { model: { date1904: Boolean(parts.date1904) } }
  const context: SheetXmlContext = {
    sharedStrings: reader.sharedStrings && SharedStrings.of(reader.sharedStrings),
    styleOf: (id) => reader.styles.getStyleModel(id),
    date1904: Boolean(parts.date1904),
  }
  return { reader, context }
}

/** exceljs's reading of a sheet, as the reader before sheet-xml.ts turned it into rows. */
async function byExcelJs(reader: ExcelJsParts, xml: string): Promise<RawRow[]> {
  const rows: RawRow[] = []
  for (const { value: ws } of reader._parseWorksheet(Readable.from([xml]), '1'))
    for await (const row of ws) {
      const cells = new Map<number, unknown>()
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (cell.value !== null && cell.value !== undefined) cells.set(col, cell.value)
      })
      if (cells.size) rows.push({ number: row.number, cells })
    }
  return rows
}

function bySheetXml(context: SheetXmlContext, xml: string, pieceSize: number): RawRow[] {
  const reader = new SheetXmlReader(context)
  const rows: RawRow[] = []
  for (let i = 0; i < xml.length; i += pieceSize) rows.push(...reader.push(xml.slice(i, i + pieceSize)))
  rows.push(...reader.end())
  return rows
}

/** Every .xlsx fixture's zip entries: their names, and each one's text (undefined when it has none). */
function* fixtureWorkbooks() {
  const fixtures = path.join(__dirname, '..', 'fixtures')
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.xlsx'))) {
    const zip = readZipDirectory(readFileSync(path.join(fixtures, name)))
    if (!zip.ok) continue
    const text = (n: string) => {
      const e = zip.checkedEntries.find((x) => x.name === n)
      return e ? (e.method === 0 ? e.data : inflateRawSync(e.data)).toString('utf8') : undefined
    }
    yield { names: zip.checkedEntries.map((e) => e.name), text }
  }
}

const plain = (rows: RawRow[]) => rows.map((r) => ({ number: r.number, cells: [...r.cells].sort((a, b) => a[0] - b[0]) }))

async function expectSame(xml: string, parts: Parameters<typeof workbookParts>[0] = {}, pieces = [1, 3, 7, 64, 1 << 20]) {
  const { reader, context } = await workbookParts(parts)
  const expected = plain(await byExcelJs(reader, xml))
  for (const size of pieces) expect(plain(bySheetXml(context, xml, size)), `pieces of ${size}`).toEqual(expected)
  return expected
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00&quot;元&quot;"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>
</styleSheet>`

const SHARED = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
<si><t>姓名</t></si><si><t xml:space="preserve"> 张 三 </t></si><si><r><rPr><b/></rPr><t>李</t></r><r><t>四</t></r></si><si><t/></si><si><t>A&amp;B &lt;1&gt;</t></si>
</sst>`

const sheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:J9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="3" width="12" style="4" customWidth="1"/></cols><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells></worksheet>`

describe('the worksheet reader gives the values exceljs gave', () => {
  it('every cell type: shared strings (plain, rich, empty, out of range), numbers, dates by cell and row style, booleans, errors, inline and formula strings', async () => {
    const rows = await expectSame(
      sheet(
        `<row r="1" spans="1:9"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>99</v></c><c r="G1" t="s"><v></v></c></row>` +
          `<row r="2"><c r="A2"><v>13800138000</v></c><c r="B2" s="1"><v>45356</v></c><c r="C2" s="2"><v>45356.5</v></c><c r="D2" s="3"><v>12.5</v></c><c r="E2" s="4"><v>7</v></c><c r="F2" s="0"><v>1.5E+17</v></c><c r="G2" s="9"><v>3</v></c><c r="H2"><v></v></c><c r="I2" t="n"><v>-0</v></c></row>` +
          `<row r="3" s="1" customFormat="1"><c r="A3"><v>45000</v></c><c r="B3" s="3"><v>45000</v></c><c r="C3" s="0"><v>45000</v></c></row>` +
          `<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" t="e"><v>#DIV/0!</v></c><c r="E4" t="str"><v>文字</v></c><c r="F4" t="inlineStr"><is><t>行内</t></is></c><c r="G4" t="inlineStr"><is><r><t>甲</t></r><r><rPr><b/></rPr><t>乙</t></r></is></c><c r="H4" t="inlineStr"><is><t xml:space="preserve">  空 格 </t></is></c><c r="I4" t="inlineStr"><is><t></t></is></c><c r="J4" t="inlineStr"></c></row>` +
          `<row r="5"><c r="A5" t="str"><v>&amp;lt;b&amp;gt; &amp;amp; &lt;</v></c><c r="B5" t="inlineStr"><is><t>&#20013;&#x6587;&quot;&apos;</t></is></c><c r="C5" t="str"><v>a\r\nb\rc</v></c><c r="D5"><v> 42 </v></c></row>` +
          `<row r="6"/><row r="7"></row>` +
          `<row r="8"><c r="A8"><f>1+1</f><v>2</v></c><c r="B8"><f>1-1</f><v>0</v></c><c r="C8" t="str"><f>A1&amp;""</f><v>姓名</v></c><c r="D8" t="str"><f>""</f><v></v></c><c r="E8"><f>NA()</f></c><c r="F8" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="G8" t="b"><f>TRUE()</f><v>1</v></c><c r="H8" s="1"><f>TODAY()</f><v>45356</v></c></row>` +
          `<row r="9"><c r="A9"><f t="shared" ref="A9:C9" si="0">ROW()-9</f><v>0</v></c><c r="B9"><f t="shared" si="0"/><v>0</v></c><c r="C9"><f t="shared" si="0"/><v>5</v></c><c r="D9"><f t="shared" si="0"/></c><c r="AA9" t="s"><v>0</v></c></row>`,
      ),
      { styles: STYLES, sharedStrings: SHARED },
    )
    // the cases this test is about are really there (exceljs's reading, which ours equals)
    expect(rows.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 8, 9])
    expect(rows[1]!.cells.find(([c]) => c === 2)![1]).toBeInstanceOf(Date)
    expect(rows[5]!.cells.find(([c]) => c === 2)![1]).toEqual({ formula: '1-1' })
  })

  it('markup around the cells: comments, CDATA, processing instructions, whitespace, a > inside an attribute, prefixes', async () => {
    await expectSame(
      sheet(
        `<!-- a comment with <row r="99"><c r="A99"><v>1</v></c></row> --><?pi x?>\n  <row r="1" x='a>b' y="c'd">\n <c r="A1" t="str">\n<v>  text\n</v>\n</c>\n<c r="B1"><v><![CDATA[77]]>5</v></c></row>` +
          `<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row><row r="3"><c r="A3" s="1" t="d"><v>2024-03-05</v></c></row>`,
      ),
      { styles: STYLES },
    )
  })

  it('attributes and tag names as XML allows them: spaces around =, line breaks, duplicates in other names, entities, spaces before >', async () => {
    await expectSame(
      sheet(
        `<row r = "1"\n spans='1:3' ><c\tr =\n'A1'  t = "s" ><v >0</v ></c ><c r="B1" x14ac:t="n" t="str" s = "1"><v>&#x41;&amp;</v></c><c r="C1" data="&lt;&gt;" t="s"><v>1</v></c></row >` +
          `<row r="2" s="1"><c r="A2" s="3" ><v>45000</v></c><c r='B2' ><v>45000</v></c><c r="AB2" t="b"><v>1</v></c><c r="XFD2"><v>9</v></c></row>`,
      ),
      { styles: STYLES, sharedStrings: SHARED },
    )
    const { context } = await workbookParts({})
    // a bad entity in an attribute this reader does not use still makes the sheet unreadable
    expect(() => bySheetXml(context, sheet(`<row r="1"><c r="A1" x="&bogus;"><v>1</v></c></row>`), 64)).toThrow()
    for (const ref of ['a1', 'A0', 'AAAA1', 'A12345678', 'A', '1', 'A1B', 'XFE1'])
      expect(() => bySheetXml(context, sheet(`<row r="1"><c r="${ref}"><v>1</v></c></row>`), 64), ref).toThrow(/bad cell reference/)
  })

  it('a workbook without shared strings or styles, and the 1904 date system', async () => {
    await expectSame(sheet(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c><c r="C1" s="1"><v>100</v></c></row>`), {})
    await expectSame(sheet(`<row r="1"><c r="A1" s="1"><v>100</v></c><c r="B1" s="2"><v>0</v></c></row>`), {
      styles: STYLES,
      date1904: true,
    })
  })

  it('refuses a sheet whose tags do not match, or with an entity XML does not have', async () => {
    const { context } = await workbookParts({})
    expect(() => bySheetXml(context, sheet(`<row r="1"><c r="A1"><v>1</c></v></row>`), 64)).toThrow()
    expect(() => bySheetXml(context, sheet(`<row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row>`), 64)).toThrow()
  })

  it('refuses hostile sheets as unreadable, in time and memory bounded by the piece, never passing bad text on', async () => {
    const { context } = await workbookParts({})
    const refused = (rows: string, why: RegExp) => expect(() => bySheetXml(context, sheet(rows), 64), rows.slice(0, 60)).toThrow(why)
    // characters XML does not allow: a NUL, a control character, a lone surrogate (jsonb refuses it), junk after the digits
    for (const ref of ['&#0;', '&#x1;', '&#xD800;', '&#x41zz;', '&#1114112;', '&#xFFFE;'])
      refused(`<row r="1"><c r="A1" t="inlineStr"><is><t>张${ref}三</t></is></c></row>`, /character reference/)
    // references outside a sheet: column beyond XFD, row 0, lowercase, a row past 1,048,576, rows repeated or backwards
    refused(`<row r="1"><c r="${'A'.repeat(300)}1"><v>1</v></c></row>`, /cell reference/)
    refused(`<row r="1"><c r="XFE1"><v>1</v></c></row>`, /cell reference/)
    refused(`<row r="1"><c r="A0"><v>1</v></c></row>`, /cell reference/)
    refused(`<row r="1"><c r="a1"><v>1</v></c></row>`, /cell reference/)
    refused(`<row r="1048577"><c r="A1"><v>1</v></c></row>`, /row number/)
    refused(`<row r="1e9"><c r="A1"><v>1</v></c></row>`, /row number/)
    refused(`<row r="2"><c r="A2"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>`, /after row/)
    refused(`<row r="3"><c r="A3"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>`, /after row/)
    // a sheet cut off between tags, inside an element
    expect(() => bySheetXml(context, sheet('<row r="1"><c r="A1"><v>1</v></c></row>').split('</sheetData>')[0]!, 64)).toThrow(/ends inside/)
    // an unfinished comment of 8 MB is refused after 1 MiB, not rescanned piece after piece
    const started = performance.now()
    const reader = new SheetXmlReader(context)
    expect(() => {
      reader.push(sheet('').split('<sheetData>')[0] + '<sheetData><!--')
      for (let i = 0; i < 128; i++) reader.push('x'.repeat(64 * 1024))
    }).toThrow(/longer than 1 MiB/)
    expect(performance.now() - started).toBeLessThan(2000)
    // a stored (not deflated) sheet comes as one piece: 40,000 bare cells and 5 MB with no = after them
    // must not make every tag search the rest of the piece (seconds when it did; a few ms now)
    const bare = new SheetXmlReader(context)
    const flat = sheet(`<row>${'<c/>'.repeat(10_000)}</row>`.repeat(4) + `<x>${'y'.repeat(5 << 20)}</x>`)
    const t0 = performance.now()
    bare.push(flat)
    bare.end()
    expect(performance.now() - t0).toBeLessThan(1000)
    // rows and cells without r are the next ones (as some generators write them)
    const rows = bySheetXml(context, sheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>'), 64)
    expect(plain(rows)).toEqual([
      {
        number: 1,
        cells: [
          [1, 1],
          [2, 2],
        ],
      },
      {
        number: 2,
        cells: [
          [3, 3],
          [4, 4],
        ],
      },
    ])
  })

  it('every .xlsx fixture, read whole and in pieces', async () => {
    let sheets = 0
    for (const { names, text } of fixtureWorkbooks()) {
      for (const name of names.filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
        await expectSame(text(name)!, { styles: text('xl/styles.xml'), sharedStrings: text('xl/sharedStrings.xml') }, [5, 4096, 1 << 22])
        sheets++
      }
    }
    expect(sheets).toBeGreaterThanOrEqual(8)
  })
})

describe('the shared-strings reader gives the values exceljs gave', () => {
  /** exceljs's cached shared strings, and ours read in pieces: the same count, the same text and the same cell value */
  async function expectSameStrings(xml: string, pieces = [1, 3, 7, 64, 1 << 20]) {
    const { reader } = await workbookParts({ sharedStrings: xml })
    const theirs = reader.sharedStrings ?? []
    for (const size of pieces) {
      const ours = new SharedStrings()
      const parser = new SharedStringsXmlReader(ours)
      for (let i = 0; i < xml.length; i += size) parser.push(xml.slice(i, i + size))
      parser.end()
      expect(ours.size, `pieces of ${size}`).toBe(theirs.length)
      theirs.forEach((value, i) => {
        if (typeof value === 'string' || value === null) expect(ours.get(i), `#${i} in pieces of ${size}`).toBe(value)
        else expect(readCellValue(ours.get(i)), `#${i} in pieces of ${size}`).toEqual(readCellValue(value))
      })
    }
    return theirs
  }

  it('plain, rich, empty and phonetic strings; entities, line ends, comments, CDATA and markup between them', async () => {
    const theirs = await expectSameStrings(
      SHARED.replace(
        '</sst>',
        `<si><t>A</t><t>B</t></si><si><r><t>甲</t></r><r><rPr><sz val="11"/><color rgb="FF0000"/><rFont val="宋体"/></rPr><t xml:space="preserve"> 乙 </t></r></si>` +
          `<si><r><rPr><b/></rPr></r><r><t>无字的段</t></r></si><si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>` +
          `<si><t>一\r\n二\r三&#x56DB;&#20116;</t></si><si><t>前<!-- 注释 -->后<![CDATA[不读]]>尾</t></si><si>\n  <t>缩进</t>\n</si><si/><si><x:t>前缀</x:t></si>` +
          `<si><t>${'长'.repeat(20_000)}</t></si>\n</sst>`,
      ),
    )
    // the cases are really there: a rich text, a run without text, a phonetic reading, an empty entry
    expect(theirs.filter((v) => typeof v === 'object' && v !== null)).toHaveLength(3)
    expect(theirs).toContain(null)
  })

  it('every .xlsx fixture', async () => {
    let read = 0
    for (const { text } of fixtureWorkbooks()) {
      const xml = text('xl/sharedStrings.xml')
      if (xml === undefined) continue
      await expectSameStrings(xml, [5, 4096, 1 << 22])
      read++
    }
    expect(read).toBeGreaterThan(5)
  })

  it('refuses shared strings whose tags do not match, with an entity XML does not have, or that break off', () => {
    const read = (xml: string) => {
      const parser = new SharedStringsXmlReader(new SharedStrings())
      parser.push(xml)
      parser.end()
    }
    expect(() => read('<sst><si><t>a</si></t></sst>')).toThrow()
    expect(() => read('<sst><si><t>&nbsp;</t></si></sst>')).toThrow()
    expect(() => read('<sst><si><t>&#0;</t></si></sst>')).toThrow(/character reference/)
    expect(() => read('<sst><si><t>a</t>')).toThrow(/ends inside/)
    // attributes are checked as the worksheet's are, though none is used
    expect(() => read('<sst><si><t x="&bogus;">a</t></si></sst>')).toThrow(/entity/)
    expect(() => read('<sst><si><t x=a>a</t></si></sst>')).toThrow(/quotes/)
  })
})
