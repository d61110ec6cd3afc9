import { readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loader as postLoader } from '../../app/routes/enterprise.posts.$postId._index'
import { action as commitAction, loader as previewLoader } from '../../app/routes/enterprise.posts.import.$batchId'
import { action as uploadAction } from '../../app/routes/enterprise.posts._index'
import { loader as exportLoader } from '../../app/routes/enterprise.posts.export'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, ORIGIN, run, statusOf } from './requests'

let t: TestDatabase
let admin: string
beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
})
afterAll(() => t.destroy())

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name))

async function preview(bytes: Buffer, name: string) {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], name))
  const res = await run(
    uploadAction,
    new Request(`${ORIGIN}/enterprise/posts`, {
      method: 'POST',
      headers: { host: 'localhost:3000', origin: ORIGIN, cookie: admin },
      body: form,
    }),
  )
  expect(statusOf(res)).toBe(302)
  const batchId = (res as Response).headers.get('location')!.split('/').pop()!
  return { batchId, batch: dataOf<any>(await run(previewLoader, get('/x', admin), { batchId })) }
}
const commit = (batchId: string) =>
  run(commitAction, new Request(`${ORIGIN}/x`, { method: 'POST', headers: { host: 'localhost:3000', origin: ORIGIN, cookie: admin } }), {
    batchId,
  })
const counts = async () => ({
  posts: (
    await t.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
  versions: (
    await t.db
      .selectFrom('duty_list_versions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n,
})

describe('posts and duty lists import', () => {
  it('reports each bad row and writes nothing', async () => {
    const before = await counts()
    const { batch, batchId } = await preview(fixture('posts-lists-bad.xlsx'), 'bad.xlsx')
    expect(batch.problems.map((p: any) => `${p.row}|${p.column}|${p.message}`)).toEqual([
      '2|责任层级|新岗位「新岗位甲」需要填写责任层级（1–5）',
      '3|责任层级|责任层级「第9级」无法识别，应为 1–5 或“第5级”',
      '3|责任层级|新岗位「新岗位乙」需要填写责任层级（1–5）',
      '4|职责内容|职责内容至少4个字',
      '4|职责类别|职责类别「其他」无法识别，应为：组织领导、制度建设、安全投入、教育培训、隐患排查、风险管控、应急管理、职业健康、事故报告、岗位操作',
      '4|安全管理人员|「也许」应填“是”或“否”',
      '5|部门|本企业没有名为「不存在的部门」的部门，请先在组织机构中建立，或检查名称',
      '6|责任层级|岗位「危化品装卸工」现为第5级，与文件中的第2级不一致',
      '7|分管安全|“分管安全”只适用于第2级其他负责人',
    ])
    expect(statusOf(await commit(batchId))).toBe(400)
    expect(await counts()).toEqual(before)
  })

  it('creates new posts with a first draft and gives existing posts a new draft version, all at once', async () => {
    const before = await counts()
    const { batch, batchId } = await preview(fixture('posts-lists.xlsx'), 'lists.xlsx')
    expect(batch.problems).toEqual([])
    expect({ newPosts: batch.newPosts, revised: batch.revisedPosts, items: batch.items }).toEqual({ newPosts: 2, revised: 1, items: 5 })
    expect(statusOf(await commit(batchId))).toBe(302)
    expect(await counts()).toEqual({ posts: before.posts + 2, versions: before.versions + 3 })
    const post = await t.db
      .selectFrom('posts')
      .select(['id', 'tier', 'is_safety_manager'])
      .where('name', '=', '加氢工段安全员')
      .executeTakeFirstOrThrow()
    expect(post).toMatchObject({ tier: 3, is_safety_manager: true })
    const loader = await t.db.selectFrom('posts').select('id').where('name', '=', '危化品装卸工').executeTakeFirstOrThrow()
    const d = dataOf<any>(await run(postLoader, get('/x', admin), { postId: loader.id }))
    expect(d.open.status).toBe('draft')
    expect(d.open.items.map((i: any) => [i.text, i.category])).toEqual([
      ['装卸作业前检查车辆静电接地和防火帽，确认后方可作业', '岗位操作'],
      ['熟知危险化学品泄漏现场处置方案，每半年参加一次演练', '应急管理'],
    ])
    // importing the same file again is refused: those posts now have open drafts
    const again = await preview(fixture('posts-lists.xlsx'), 'lists.xlsx')
    expect(again.batch.problemCount).toBe(3)
  })

  it('exports every list in the import layout, with formula-like text neutralised', async () => {
    await t.db.updateTable('duty_items').set({ text: '@SUM(A1) 不是公式' }).where('text', '=', '正确佩戴和使用劳动防护用品').execute()
    const res = (await run(exportLoader, get('/enterprise/posts/export', admin))) as Response
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect((ws.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['部门', '岗位', '责任层级'])
    const texts: unknown[] = []
    ws.eachRow((row) => texts.push(row.getCell(8).value))
    expect(texts).toContain(`'@SUM(A1) 不是公式`)
  })
})
