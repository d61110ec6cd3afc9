import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sniffEvidence } from '../../app/modules/evidence/sniff'

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name))

describe('evidence type by content, never by name', () => {
  it('recognises PDF, PNG, JPG, .xlsx', () => {
    expect(sniffEvidence(fixture('evidence/drill-scheme.pdf'), 'x.pdf')).toEqual({ ok: true, type: 'pdf' })
    expect(sniffEvidence(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'x.png')).toEqual({ ok: true, type: 'png' })
    expect(sniffEvidence(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), 'x.jpg')).toEqual({ ok: true, type: 'jpg' })
    expect(sniffEvidence(fixture('roster-messy-valid.xlsx'), 'x.xlsx')).toEqual({ ok: true, type: 'xlsx' })
  })
  it('refuses a renamed text file, an empty file and an executable, naming the file', () => {
    expect(sniffEvidence(fixture('evidence/not-a-pdf.pdf'), 'not-a-pdf.pdf')).toMatchObject({
      ok: false,
      message: expect.stringContaining('「not-a-pdf.pdf」不是允许的文件类型'),
    })
    expect(sniffEvidence(Buffer.alloc(0), 'empty.pdf')).toEqual({ ok: false, message: '「empty.pdf」是空文件' })
    expect(sniffEvidence(Buffer.from('MZ\x90\x00'), 'setup.pdf').ok).toBe(false)
  })
})
