import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'

/** Reads one uploaded file from a multipart form, refusing anything over the limit with a Chinese message. */
export async function readUpload(request: Request, field: string, maxBytes: number): Promise<{ ok: true; name: string; bytes: Buffer; form: FormData } | { ok: false; message: string }> {
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, message: `文件超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请拆分后再导入` }
    return { ok: false, message: '上传失败，请重新选择文件' }
  }
  const file = form.get(field)
  if (!file || typeof file === 'string' || file.size === 0) return { ok: false, message: '请选择要导入的文件' }
  return { ok: true, name: file.name || '未命名.xlsx', bytes: Buffer.from(await file.arrayBuffer()), form }
}

/** A multipart form with several file fields: its text fields and every non-empty file, by field name. */
export async function readForm(request: Request, maxBytes: number): Promise<{ ok: true; form: FormData; files: { field: string; name: string; bytes: Buffer }[] } | { ok: false; message: string }> {
  // a form sent without files (no JavaScript, or nothing chosen) may arrive url-encoded
  if (!/multipart\/form-data/i.test(request.headers.get('content-type') ?? '')) return { ok: true, form: await request.formData(), files: [] }
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, message: `单个文件不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB，请压缩后再上传` }
    return { ok: false, message: '上传失败，请重新选择文件' }
  }
  const files: { field: string; name: string; bytes: Buffer }[] = []
  for (const [field, value] of [...form.entries()]) {
    if (typeof value === 'string' || value.size === 0) continue
    files.push({ field, name: value.name || '未命名文件', bytes: Buffer.from(await value.arrayBuffer()) })
    form.delete(field)
  }
  return { ok: true, form, files }
}
