import { isZip, readZipDirectory } from '../../utils/zip'

// What an uploaded file really is, judged by its bytes, never its name. Pure; unit-tested.

export const EVIDENCE_TYPES = {
  // extensions: the names a file of this content may carry; the first is the one a stored name gets
  pdf: { mediaType: 'application/pdf', label: 'PDF', inline: true, extensions: ['.pdf'] },
  png: { mediaType: 'image/png', label: 'PNG 图片', inline: true, extensions: ['.png'] },
  jpg: { mediaType: 'image/jpeg', label: 'JPG 图片', inline: true, extensions: ['.jpg', '.jpeg', '.jpe'] },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word 文档',
    inline: false,
    extensions: ['.docx'],
  },
  xlsx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel 表格',
    inline: false,
    extensions: ['.xlsx'],
  },
} as const

export type EvidenceType = keyof typeof EVIDENCE_TYPES

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

export function sniffEvidence(buf: Buffer, fileName: string): { ok: true; type: EvidenceType } | { ok: false; message: string } {
  if (buf.length === 0) return { ok: false, message: `「${fileName}」是空文件` }
  if (buf.length > MAX_EVIDENCE_BYTES)
    return { ok: false, message: `「${fileName}」超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB，请压缩后再上传` }
  if (buf.subarray(0, 5).toString('latin1') === '%PDF-') return { ok: true, type: 'pdf' }
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { ok: true, type: 'png' }
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { ok: true, type: 'jpg' }
  if (isZip(buf)) {
    const zip = readZipDirectory(buf)
    if (!zip.ok)
      return {
        ok: false,
        message: zip.problem === 'bomb' ? `「${fileName}」解压后过大（疑似压缩炸弹），已拒绝` : `「${fileName}」已损坏，无法识别`,
      }
    if (zip.names.includes('word/document.xml')) return { ok: true, type: 'docx' }
    if (zip.names.includes('xl/workbook.xml')) return { ok: true, type: 'xlsx' }
  }
  return { ok: false, message: `「${fileName}」不是允许的文件类型（PDF、JPG、PNG、Word .docx、Excel .xlsx），请转换后再上传` }
}
