import { describe, expect, it } from 'vitest'
import { acceptOf, chosenFilesProblem, judgeUpload, uploadHint, UPLOAD_KINDS } from '../../app/modules/evidence/uploads'

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 32)])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)])
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 2)])

describe('the one list of what each picker takes', () => {
  it('feeds the browser’s accept and the note beside the picker from the same types and limit', () => {
    expect(acceptOf('scan')).toBe('.pdf,application/pdf,.jpg,.jpeg,.jpe,image/jpeg,.png,image/png')
    expect(acceptOf('import')).toBe('.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(uploadHint('scan')).toBe('支持 PDF（.pdf）、JPG 图片（.jpg）、PNG 图片（.png）；不超过 20 MB')
    expect(uploadHint('evidence', true)).toContain(`最多 ${UPLOAD_KINDS.evidence.maxFiles} 个文件，每个不超过 20 MB`)
  })
})

describe('judgeUpload: type by content, name checked against it', () => {
  it('accepts a file whose name agrees with its content, keeping the name', () => {
    expect(judgeUpload(PDF, '证书.pdf', 'scan')).toEqual({ ok: true, type: 'pdf', storedName: '证书.pdf' })
    expect(judgeUpload(JPG, '现场.JPEG', 'evidence')).toEqual({ ok: true, type: 'jpg', storedName: '现场.jpeg' })
  })
  it('refuses a content that contradicts the declared type (a PNG named 证书扫描.pdf)', () => {
    const r = judgeUpload(PNG, '证书扫描.pdf', 'scan')
    expect(r).toEqual({
      ok: false,
      message: '「证书扫描.pdf」的扩展名是 .pdf（PDF），但文件内容是 PNG 图片，名实不符，已拒绝；请确认选对了文件',
    })
  })
  it('gives the stored name the content’s extension when the name declares none, or another kind of file', () => {
    expect(judgeUpload(JPG, '扫描件.jfif', 'scan')).toMatchObject({ ok: true, storedName: '扫描件.jpg' })
    expect(judgeUpload(PNG, '截图', 'scan')).toMatchObject({ ok: true, storedName: '截图.png' })
    expect(judgeUpload(PDF, '2026.11.30 会议纪要', 'document')).toMatchObject({ ok: true, storedName: '2026.11.30 会议纪要.pdf' })
  })
  it('refuses a type the picker does not take, naming what it takes', () => {
    expect(judgeUpload(PDF, 'a.pdf', 'import')).toEqual({
      ok: false,
      message: '「a.pdf」不是允许的文件类型（此处只接受 Excel 表格（.xlsx）），请转换后再上传',
    })
  })
  it('strips paths and control characters from the name', () => {
    expect(judgeUpload(PDF, '..\\..\\etc/pass\u0000wd.pdf', 'scan')).toMatchObject({ ok: true, storedName: 'passwd.pdf' })
    // a right-to-left override would show 证书\u202Efdp.exe as 证书exe.pdf
    expect(judgeUpload(PDF, '证书\u202Efdp.pdf', 'scan')).toMatchObject({ ok: true, storedName: '证书fdp.pdf' })
  })
  it('refuses what is over the kind’s limit', () => {
    expect(judgeUpload(Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]), 'big.pdf', 'scan')).toEqual({
      ok: false,
      message: '「big.pdf」超过 20 MB，请压缩或拆分后再上传',
    })
  })
})

describe('chosenFilesProblem: the browser refuses before sending, by the same list and by content', () => {
  const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34])
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0])
  const text = new TextEncoder().encode('hello wo')
  it('passes what the server takes, judged by content (a JPEG named .jfif too)', () => {
    expect(chosenFilesProblem('evidence', [{ name: '签到表.pdf', size: 1000, head: pdf }], true)).toBeNull()
    expect(chosenFilesProblem('scan', [{ name: '扫描件.jfif', size: 1000, head: jpeg }])).toBeNull()
    expect(chosenFilesProblem('evidence', [{ name: '试卷.docx', size: 1000, head: zip }], true)).toBeNull()
  })
  it('refuses a 30 MB file, an empty one, another type, and too many', () => {
    expect(chosenFilesProblem('evidence', [{ name: '现场照片.pdf', size: 30 * 1024 * 1024, head: pdf }], true)).toBe(
      '「现场照片.pdf」超过 20 MB，请压缩或拆分后再上传',
    )
    expect(chosenFilesProblem('evidence', [{ name: '空.pdf', size: 0, head: new Uint8Array() }], true)).toBe('「空.pdf」是空文件')
    expect(chosenFilesProblem('scan', [{ name: '说明.txt', size: 10, head: text }])).toMatch(
      /^「说明.txt」不是此处可上传的文件类型；支持 PDF/,
    )
    expect(chosenFilesProblem('scan', [{ name: '证书.docx', size: 10, head: zip }])).toMatch(/不是此处可上传的文件类型/)
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, size: 10, head: pdf }))
    expect(chosenFilesProblem('evidence', six, true)).toBe('一次最多上传 5 个文件')
    expect(chosenFilesProblem('scan', six.slice(0, 2))).toBe('此处只能上传一个文件')
  })
})
