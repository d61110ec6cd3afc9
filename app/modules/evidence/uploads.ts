import { EVIDENCE_TYPES, MAX_EVIDENCE_BYTES, sniffEvidence, type EvidenceType } from './sniff'

// The one list of what each file picker takes: the content types, how many files and how large. The
// server's streaming limits, the content check, the browser's `accept` and the note beside every
// picker all come from here. Pure and isomorphic (the pages import it); unit-tested.

export interface UploadKind {
  types: readonly EvidenceType[]
  maxBytes: number
  /** files in one request for this picker's form (the request is refused above maxFiles × maxBytes) */
  maxFiles: number
}

/** Spreadsheets to import (the roster, posts and lists, the sign-in sheet): checked by the excel pipeline. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024

export const UPLOAD_KINDS = {
  /** attachments to records: training, items of the twenty, drills, answers to orders */
  evidence: { types: ['pdf', 'jpg', 'png', 'docx', 'xlsx'], maxBytes: MAX_EVIDENCE_BYTES, maxFiles: 5 },
  /** a certificate's scan */
  scan: { types: ['pdf', 'jpg', 'png'], maxBytes: MAX_EVIDENCE_BYTES, maxFiles: 1 },
  /** one document: an emergency plan, meeting minutes */
  document: { types: ['pdf', 'docx', 'jpg', 'png'], maxBytes: MAX_EVIDENCE_BYTES, maxFiles: 1 },
  /** photos of a hazard taken on a phone (a worker's report, the rectified site) */
  photo: { types: ['jpg', 'png'], maxBytes: MAX_EVIDENCE_BYTES, maxFiles: 3 },
  /** an Excel workbook to import */
  import: { types: ['xlsx'], maxBytes: MAX_IMPORT_BYTES, maxFiles: 1 },
} as const satisfies Record<string, UploadKind>

export type UploadKindName = keyof typeof UPLOAD_KINDS

export const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

/** The browser's `accept`: the extensions and media types of the kind's content types. */
export function acceptOf(kind: UploadKindName): string {
  return UPLOAD_KINDS[kind].types.flatMap((t) => [...EVIDENCE_TYPES[t].extensions, EVIDENCE_TYPES[t].mediaType]).join(',')
}

/** 「PDF、JPG 图片、PNG 图片」 */
export function typeLabels(types: readonly EvidenceType[]): string {
  return types.map((t) => `${EVIDENCE_TYPES[t].label}（${EVIDENCE_TYPES[t].extensions[0]}）`).join('、')
}

/** The note beside a picker. */
export function uploadHint(kind: UploadKindName, multiple = false): string {
  const k = UPLOAD_KINDS[kind]
  return `支持 ${typeLabels(k.types)}；${multiple && k.maxFiles > 1 ? `最多 ${k.maxFiles} 个文件，每个` : ''}不超过 ${megabytes(k.maxBytes)}`
}

export function tooLargeMessage(fileName: string | null, maxBytes: number): string {
  return `${fileName ? `「${fileName}」` : '文件'}超过 ${megabytes(maxBytes)}，请压缩或拆分后再上传`
}

// extensions people's files carry that say "this is some other kind of file": replaced by the
// content's own when the content turns out to be an accepted type; anything else is kept and extended
const OTHER_FILE_EXTENSIONS = new Set([
  '.jfif',
  '.pjpeg',
  '.pjp',
  '.heic',
  '.heif',
  '.webp',
  '.gif',
  '.bmp',
  '.tif',
  '.tiff',
  '.doc',
  '.xls',
  '.wps',
  '.et',
  '.ofd',
  '.txt',
  '.rtf',
  '.bin',
  '.dat',
  '.tmp',
  '.file',
  '.zip',
])

function extensionOf(name: string): string {
  const m = /\.[^.\s]{1,8}$/.exec(name)
  return m ? m[0].toLowerCase() : ''
}

/** A file name fit to store and show: no control characters, no path, at most 120 characters, never empty. */
function cleanName(name: string): string {
  // control characters, and the bidi controls that make 「gpj.exe」 display as 「exe.jpg」
  const base = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .split(/[/\\]/)
    .pop()!
    .trim()
  return base || '未命名文件'
}

export type UploadVerdict = { ok: true; type: EvidenceType; storedName: string } | { ok: false; message: string }

/**
 * Judges one uploaded file for a picker: its type is what its bytes are (sniffEvidence), it must be one
 * the picker takes, and a name that declares another accepted type is refused (a PNG named 证书扫描.pdf).
 * The stored name's extension follows the content: 扫描件.jfif holding a JPEG is stored as 扫描件.jpg.
 */
export function judgeUpload(bytes: Buffer, fileName: string, kind: UploadKindName = 'evidence'): UploadVerdict {
  const name = cleanName(fileName)
  const allowed: readonly EvidenceType[] = UPLOAD_KINDS[kind].types
  if (bytes.length > UPLOAD_KINDS[kind].maxBytes) return { ok: false, message: tooLargeMessage(name, UPLOAD_KINDS[kind].maxBytes) }
  const sniffed = sniffEvidence(bytes, name)
  if (!sniffed.ok) return sniffed.message.includes('不是允许的文件类型') ? { ok: false, message: notAllowed(name, allowed) } : sniffed
  const ext = extensionOf(name)
  const declared = (Object.keys(EVIDENCE_TYPES) as EvidenceType[]).find((t) =>
    (EVIDENCE_TYPES[t].extensions as readonly string[]).includes(ext),
  )
  if (declared && declared !== sniffed.type) {
    return {
      ok: false,
      message: `「${name}」的扩展名是 ${ext}（${EVIDENCE_TYPES[declared].label}），但文件内容是 ${EVIDENCE_TYPES[sniffed.type].label}，名实不符，已拒绝；请确认选对了文件`,
    }
  }
  if (!allowed.includes(sniffed.type)) return { ok: false, message: notAllowed(name, allowed) }
  const contentExt = EVIDENCE_TYPES[sniffed.type].extensions[0]
  const base = declared
    ? name.slice(0, name.length - ext.length)
    : OTHER_FILE_EXTENSIONS.has(ext)
      ? name.slice(0, name.length - ext.length)
      : name
  const storedName = `${(base || '未命名文件').slice(0, 120)}${declared ? ext : contentExt}`
  return { ok: true, type: sniffed.type, storedName }
}

function notAllowed(name: string, allowed: readonly EvidenceType[]): string {
  return `「${name}」不是允许的文件类型（此处只接受 ${typeLabels(allowed)}），请转换后再上传`
}

// ---------------------------------------------------------------------------------------------
// The browser's own check, before anything is sent (the server checks again, by the same list).

/** What the first bytes of a file say it is, as far as the browser can tell cheaply (sniff.ts decides on the server). */
export function contentTypeOfHead(head: Uint8Array): 'pdf' | 'png' | 'jpg' | 'zip' | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b)
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'pdf' // %PDF-
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png'
  if (starts(0xff, 0xd8, 0xff)) return 'jpg'
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip' // .docx and .xlsx are zip files
  return null
}

/** How many leading bytes contentTypeOfHead needs. */
export const HEAD_BYTES = 8

/**
 * Why the files chosen in a picker cannot be sent, or null: too many, empty, too large, or content
 * that is none of the picker's types. Judged by content as the server judges, so a JPEG named
 * 扫描件.jfif passes here as it does there.
 */
export function chosenFilesProblem(
  kind: UploadKindName,
  files: readonly { name: string; size: number; head: Uint8Array }[],
  multiple = false,
): string | null {
  const k: UploadKind = UPLOAD_KINDS[kind]
  const maxFiles = multiple ? k.maxFiles : 1
  if (files.length > maxFiles) return maxFiles === 1 ? '此处只能上传一个文件' : `一次最多上传 ${maxFiles} 个文件`
  for (const f of files) {
    if (f.size === 0) return `「${f.name}」是空文件`
    if (f.size > k.maxBytes) return tooLargeMessage(f.name, k.maxBytes)
    const type = contentTypeOfHead(f.head)
    const accepted =
      type === 'zip' ? k.types.some((t) => t === 'docx' || t === 'xlsx') : type !== null && (k.types as readonly string[]).includes(type)
    if (!accepted) return `「${f.name}」不是此处可上传的文件类型；${uploadHint(kind, multiple)}`
  }
  return null
}

/**
 * The action of a form on a page with several pickers: names the picker it sends, so the server
 * puts any refusal beside it (utils/upload.server.ts reads it before the body).
 */
export const pickerAction = (field: string) => `?picker=${encodeURIComponent(field)}`
