import { stripControls } from './form'
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { megabytes, tooLargeMessage, UPLOAD_KINDS, type UploadKindName } from '../modules/evidence/uploads'

// Every upload route reads its form here, and nothing else reads a multipart body. The limits come
// from the one list (modules/evidence/uploads.ts) and are enforced while the body streams in: a
// declared Content-Length over the form's budget is refused before a byte is read, and otherwise the
// bytes of each file, each text field and the whole form are counted as they arrive and reading stops
// at the first overrun. Memory is bounded by the form's budget, never by what a client sends.

/** A file picker of the form: which kind of upload (the one list) and whether it takes several files. */
export interface FileFieldSpec {
  kind: UploadKindName
  multiple?: boolean
}

/** Explicit limits, for callers that are not one of the list's kinds. */
interface Limits {
  maxBytes: number
  maxFiles: number
  /** the message for a file over maxBytes */
  tooLarge?: (fileName: string | null) => string
}

export interface UploadedPart {
  field: string
  name: string
  bytes: Buffer
}

export type ReadFormResult = { ok: true; form: FormData; files: UploadedPart[] } | { ok: false; field: string; message: string }

/** One text field, and all of them together (part headers and boundaries are counted with them). */
export const TEXT_FIELD_BYTES = 64 * 1024
export const TEXT_FIELDS_BYTES = 256 * 1024

class Refused extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

function limitsOf(fields: Record<string, FileFieldSpec | Limits>): Map<string, Limits> {
  const limits = new Map<string, Limits>()
  for (const [field, spec] of Object.entries(fields)) {
    limits.set(
      field,
      'kind' in spec
        ? { maxBytes: UPLOAD_KINDS[spec.kind].maxBytes, maxFiles: spec.multiple ? UPLOAD_KINDS[spec.kind].maxFiles : 1 }
        : spec,
    )
  }
  return limits
}

/** What the whole request may weigh: every picker full, plus the text fields. */
export function formBudget(fields: Record<string, FileFieldSpec | Limits>): number {
  let total = TEXT_FIELDS_BYTES
  for (const l of limitsOf(fields).values()) total += l.maxBytes * l.maxFiles
  return total
}

/** Parts (fields and files) in one multipart form. */
const MAX_PARTS = 200

/**
 * Reads a form with file pickers `fields` (field name → kind): its text fields and every non-empty
 * file. A refusal names the field it belongs beside (`_form` when it is no field's).
 */
export async function readForm(request: Request, fields: Record<string, FileFieldSpec | Limits>): Promise<ReadFormResult> {
  const limits = limitsOf(fields)
  const budget = formBudget(fields)
  const firstField = limits.keys().next().value ?? '_form'
  // A page with several pickers names, in the URL of each form (`?picker=files`, see `pickerAction`),
  // the picker that form sends: readable before the body, so even a refusal of the whole request is
  // shown beside the picker it belongs to, never under another card's.
  const named = new URL(request.url).searchParams.get('picker')
  const sender = named !== null && limits.has(named) ? named : null
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (Number.isFinite(declared) && declared > budget) {
    const perFile = Math.max(...[...limits.values()].map((l) => l.maxBytes))
    return {
      ok: false,
      field: sender ?? (limits.size === 1 ? firstField : '_form'),
      message: `上传内容共 ${megabytes(declared)}，超过上限（每个文件不超过 ${megabytes(perFile)}），未接收；请压缩或拆分后再上传`,
    }
  }
  // a form sent without files (no JavaScript, or nothing chosen) may arrive url-encoded
  if (!/^multipart\/form-data/i.test(request.headers.get('content-type') ?? '')) {
    const text = await readText(request, TEXT_FIELDS_BYTES)
    if (text === null) return { ok: false, field: '_form', message: '表单内容过长，未接收' }
    const form = new FormData()
    for (const [k, v] of new URLSearchParams(text)) form.append(k, stripControls(v))
    return { ok: true, form, files: [] }
  }

  let textBytes = 0
  let parts = 0
  const fileCounts = new Map<string, number>()
  const handler: UploadHandler = async ({ name, filename, data }) => {
    // every part costs parsing, empty ones too: no form of ours has nearly this many
    if (++parts > MAX_PARTS) throw new Refused('_form', '表单内容过多，未接收')
    if (typeof filename !== 'string') {
      const chunks: Uint8Array[] = []
      let size = 0
      for await (const chunk of data) {
        size += chunk.byteLength
        textBytes += chunk.byteLength
        if (size > TEXT_FIELD_BYTES || textBytes > TEXT_FIELDS_BYTES) throw new Refused('_form', '表单内容过长，未接收')
        chunks.push(chunk)
      }
      return stripControls(Buffer.concat(chunks).toString('utf8'))
    }
    const limit = limits.get(name)
    const chunks: Uint8Array[] = []
    let size = 0
    for await (const chunk of data) {
      if (!limit) throw new Refused('_form', '表单包含无法识别的文件，请刷新页面后重试')
      size += chunk.byteLength
      if (size > limit.maxBytes) throw new Refused(name, (limit.tooLarge ?? ((n) => tooLargeMessage(n, limit.maxBytes)))(filename || null))
      chunks.push(chunk)
    }
    // an empty picker still sends a part, with no name and no bytes
    if (size === 0) return undefined
    if (!limit) throw new Refused('_form', '表单包含无法识别的文件，请刷新页面后重试')
    const count = (fileCounts.get(name) ?? 0) + 1
    fileCounts.set(name, count)
    if (count > limit.maxFiles)
      throw new Refused(name, limit.maxFiles === 1 ? '此处只能上传一个文件' : `一次最多上传 ${limit.maxFiles} 个文件`)
    return new File([Buffer.concat(chunks)], filename || '未命名文件')
  }

  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, handler)
  } catch (error) {
    if (error instanceof Refused)
      return { ok: false, field: error.field === '_form' ? (sender ?? '_form') : error.field, message: error.message }
    return { ok: false, field: sender ?? firstField, message: '上传失败，请重新选择文件' }
  }
  const files: UploadedPart[] = []
  for (const [field, value] of [...form.entries()]) {
    if (typeof value === 'string') continue
    files.push({ field, name: value.name || '未命名文件', bytes: Buffer.from(await value.arrayBuffer()) })
    form.delete(field)
  }
  return { ok: true, form, files }
}

/** Reads one uploaded file (an import) from a multipart form, within `maxBytes`, refusing anything else with a Chinese message. */
export async function readUpload(
  request: Request,
  field: string,
  maxBytes: number,
): Promise<{ ok: true; name: string; bytes: Buffer; form: FormData } | { ok: false; message: string }> {
  const read = await readForm(request, {
    [field]: { maxBytes, maxFiles: 1, tooLarge: () => `文件超过 ${megabytes(maxBytes)}，请拆分后再导入` },
  })
  if (!read.ok) return { ok: false, message: read.message }
  const file = read.files.find((f) => f.field === field)
  if (!file) return { ok: false, message: '请选择要导入的文件' }
  return { ok: true, name: file.name || '未命名.xlsx', bytes: file.bytes, form: read.form }
}

/** A request body as text, or null once it passes `max` bytes (reading stops there). */
async function readText(request: Request, max: number): Promise<string | null> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => {})
      return null
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
