import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localStore, useEvidenceStore } from '../../app/modules/evidence/storage.server'
import { action as certificatesAction, loader as certificatesLoader } from '../../app/routes/enterprise.certificates'
import { action as obligationAction } from '../../app/routes/enterprise.obligations.$no'
import { action as sessionAction } from '../../app/routes/enterprise.training.$id'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, ORIGIN, run, statusOf } from './requests'

// Uploads through the routes: the type is what the bytes are, a name that says otherwise is refused
// beside the field with nothing written, the stored name follows the content, and a body declared
// larger than the form's budget is refused without being read.

let t: TestDatabase
let admin: string
let dir: string
let employeeId: string

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 32), Buffer.from('\n%%EOF')])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(300, 1)])
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)])

beforeAll(async () => {
  t = await createTestDatabase()
  dir = mkdtempSync(path.join(os.tmpdir(), 'azt-uploads-'))
  useEvidenceStore(localStore(dir))
  admin = await cookieFor(t.db, 'hs_admin')
  employeeId = dataOf<any>(await run(certificatesLoader, get('/enterprise/certificates', admin))).employees.find(
    (e: any) => e.name === '孙鹏',
  ).id
})
afterAll(async () => {
  await t.destroy()
  rmSync(dir, { recursive: true, force: true })
})

const certificateFields = () => ({
  employeeId,
  kind: '特种作业操作证（危险化学品安全作业·加氢工艺作业）',
  number: 'T140702198805101078',
  authority: '山西省应急管理厅',
  issuedOn: '2024-03-05',
  expiresOn: '2030-03-05',
  reviewDueOn: '',
})

function multipart(pathname: string, fields: Record<string, string>, files: Record<string, { name: string; bytes: Buffer }[]>) {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const [k, list] of Object.entries(files)) for (const f of list) form.append(k, new File([new Uint8Array(f.bytes)], f.name))
  return new Request(`${ORIGIN}${pathname}`, {
    method: 'POST',
    headers: { host: 'localhost:3000', origin: ORIGIN, cookie: admin },
    body: form,
  })
}

const storedFiles = () => readdirSync(dir, { recursive: true }).filter((f) => String(f).includes(path.sep)).length
const count = async (table: 'certificates' | 'evidence_files') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('uploads are judged by content, and limited before they are read', () => {
  it('refuses a PNG named 证书扫描.pdf beside the picker, keeps the values and writes nothing', async () => {
    const before = { certificates: await count('certificates'), evidence: await count('evidence_files'), files: storedFiles() }
    const res = await run(
      certificatesAction,
      multipart('/enterprise/certificates', certificateFields(), { scan: [{ name: '证书扫描.pdf', bytes: PNG }] }),
    )
    expect(statusOf(res)).toBe(400)
    const d = dataOf<any>(res)
    expect(d.fieldErrors.scan).toBe('「证书扫描.pdf」的扩展名是 .pdf（PDF），但文件内容是 PNG 图片，名实不符，已拒绝；请确认选对了文件')
    expect(d.values.number).toBe('T140702198805101078')
    expect({ certificates: await count('certificates'), evidence: await count('evidence_files'), files: storedFiles() }).toEqual(before)
  })

  it('refuses a Word file where only a scan (PDF, JPG, PNG) is taken', async () => {
    const docx = Buffer.from('504b0304', 'hex') // not even a whole zip: refused as damaged or not allowed, never stored
    const res = await run(
      certificatesAction,
      multipart('/enterprise/certificates', certificateFields(), { scan: [{ name: '证书.docx', bytes: docx }] }),
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors.scan).toMatch(/「证书\.docx」/)
    expect(storedFiles()).toBe(0)
  })

  it('stores a JPEG sent as 扫描件.jfif under a name whose extension follows the content', async () => {
    const res = await run(
      certificatesAction,
      multipart('/enterprise/certificates', certificateFields(), { scan: [{ name: '扫描件.jfif', bytes: JPG }] }),
    )
    expect(statusOf(res)).toBe(302)
    const stored = await t.db
      .selectFrom('evidence_files')
      .select(['file_name', 'media_type', 'size'])
      .where('owner_kind', '=', 'certificate')
      .execute()
    expect(stored).toEqual([{ file_name: '扫描件.jpg', media_type: 'image/jpeg', size: JPG.length }])
    expect(storedFiles()).toBe(1)
  })

  it('refuses a body declared larger than the form takes without reading a byte of it', async () => {
    let pulled = 0
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++
        c.enqueue(new Uint8Array(64 * 1024))
      },
    })
    const before = { evidence: await count('evidence_files'), files: storedFiles() }
    const request = new Request(`${ORIGIN}/enterprise/obligations/3`, {
      method: 'POST',
      headers: {
        host: 'localhost:3000',
        origin: ORIGIN,
        cookie: admin,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(600 * 1024 * 1024),
      },
      body,
      duplex: 'half',
    } as RequestInit)
    const res = await run(obligationAction, request, { no: '3' })
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors.files).toBe('上传内容共 600 MB，超过上限（每个文件不超过 20 MB），未接收；请压缩或拆分后再上传')
    expect(pulled).toBeLessThanOrEqual(1) // a stream may prime one chunk; nothing is consumed
    expect({ evidence: await count('evidence_files'), files: storedFiles() }).toEqual(before)
  })

  it('counts a file while it streams and stops at the limit, beside the picker', async () => {
    const res = await run(
      obligationAction,
      multipart(
        '/enterprise/obligations/3',
        { status: '已落实', reviewedOn: '2026-11-01' },
        { files: [{ name: '大文件.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)]) }] },
      ),
      { no: '3' },
    )
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors.files).toBe('「大文件.pdf」超过 20 MB，请压缩或拆分后再上传')
  })
})

describe('an upload error appears beside the picker that sent it (issue 13)', () => {
  it('a training session: an evidence upload refused whole is the evidence picker’s, not 导入签到表’s', async () => {
    const hs = (await t.db.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()).id
    const session = await t.db
      .insertInto('training_sessions')
      .values({
        enterprise_id: hs,
        topic: '年度再培训（危化品）',
        kind: '年度再培训',
        level: null,
        status: 'held',
        held_on: '2026-11-20',
        hours: 8,
        trainer: '王工',
        place: '培训室',
        created_by: (await t.db.selectFrom('users').select('id').where('username', '=', 'hs_admin').executeTakeFirstOrThrow()).id,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const oversized = (picker: string | null) =>
      new Request(`${ORIGIN}/enterprise/training/${session.id}${picker ? `?picker=${picker}` : ''}`, {
        method: 'POST',
        headers: {
          host: 'localhost:3000',
          origin: ORIGIN,
          cookie: admin,
          'content-type': 'multipart/form-data; boundary=x',
          'content-length': String(300 * 1024 * 1024),
        },
        body: new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue(new Uint8Array(64 * 1024)) }),
        duplex: 'half',
      } as RequestInit)
    const evidence = await run(sessionAction, oversized('files'), { id: session.id })
    expect(statusOf(evidence)).toBe(400)
    expect(dataOf<any>(evidence)).toMatchObject({ intent: 'evidence', message: expect.stringContaining('超过上限') })
    const sheet = await run(sessionAction, oversized('file'), { id: session.id })
    expect(dataOf<any>(sheet).intent).toBe('import')
  })
})
