import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as postAction, loader as postLoader } from '../../app/routes/enterprise.posts.$postId._index'
import { action as newPostAction } from '../../app/routes/enterprise.posts.new'
import { loader as noticeLoader } from '../../app/routes/enterprise.posts.$postId.notice'
import { loader as postsLoader } from '../../app/routes/enterprise.posts._index'
import { loader as myListLoader } from '../../app/routes/me.posts.$postId'
import { addPostWithoutList } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

let t: TestDatabase
const c: Record<string, string> = {}
let unitId: string
let postId: string

beforeAll(async () => {
  t = await createTestDatabase()
  for (const who of ['hs_admin', 'hs_head', 'hs_vp_safety', 'hs_safety_head', 'jj_admin', 'jj_head']) c[who] = await cookieFor(t.db, who)
  c.worker = await cookieFor(t.db, '17735418902')
  const unit = await t.db.selectFrom('org_units').select('id').where('name', '=', '安全环保部').executeTakeFirstOrThrow()
  unitId = unit.id
})
afterAll(() => t.destroy())

const act = (who: string, fields: Record<string, string>, id = postId) =>
  run(postAction, post(`/enterprise/posts/${id}`, fields, c[who]), { postId: id })
const view = async (who = 'hs_admin', id = postId) =>
  dataOf<any>(await run(postLoader, get(`/enterprise/posts/${id}`, c[who]), { postId: id }))
const messageOf = (res: unknown) => dataOf<any>(res).message as string

describe('一岗一清单: draft → approval in order → published, frozen', () => {
  it('an admin creates a tier-5 post with a draft from the tier-5 template', async () => {
    const res = (await run(
      newPostAction,
      post(
        '/enterprise/posts/new',
        { name: '环保设施操作工', unitId, tier: '5', startFromTemplate: 'on', requiredCertificates: '' },
        c.hs_admin,
      ),
    )) as Response
    expect(res.status).toBe(302)
    postId = res.headers.get('location')!.split('/').pop()!
    const d = await view()
    expect(d.open.status).toBe('draft')
    expect(d.open.version).toBe(1)
    expect(d.open.items.length).toBeGreaterThanOrEqual(8)
    expect(d.open.items[0].text).toBe(d.template.items[0].text)
    expect(d.approvalChain.map((s: any) => s.role)).toEqual(['unit_head', 'deputy', 'principal'])
  })

  it('rejects a bad draft beside each item and keeps the stored draft unchanged', async () => {
    const before = (await view()).open.items
    const res = await act('hs_admin', { intent: 'save', title: '环保设施操作工安全生产责任清单', text: '短', category: '不存在' })
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors).toMatchObject({ 'items.0.text': '职责内容至少4个字', 'items.0.category': '请选择职责类别' })
    expect((await view()).open.items).toEqual(before)
  })

  it('saves edits, additions, removals and a new order', async () => {
    const body = new URLSearchParams()
    body.append('intent', 'save')
    body.append('title', '环保设施操作工安全生产责任清单')
    for (const [text, category, basis] of [
      ['严格执行环保设施操作规程，不违章作业', '岗位操作', '《安全生产法》第五十七条'],
      ['正确佩戴和使用劳动防护用品', '职业健康', ''],
      ['发现事故隐患或者其他不安全因素，立即向现场安全管理人员或者本单位负责人报告', '隐患排查', '《安全生产法》第五十九条'],
    ]) {
      body.append('text', text!)
      body.append('category', category!)
      body.append('legalBasis', basis!)
    }
    const req = new Request(`http://localhost:3000/enterprise/posts/${postId}`, {
      method: 'POST',
      headers: {
        host: 'localhost:3000',
        origin: 'http://localhost:3000',
        cookie: c.hs_admin!,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: body.toString(),
    })
    expect(statusOf(await run(postAction, req, { postId }))).toBe(302)
    const items = (await view()).open.items
    expect(items.map((i: any) => i.category)).toEqual(['岗位操作', '职业健康', '隐患排查'])
    expect(items[1].legalBasis).toBeNull()
  })

  it('heads cannot edit; the admin submits', async () => {
    expect(
      statusOf(
        await act('hs_head', { intent: 'save', title: '改过的标题', text: '严格执行操作规程', category: '岗位操作', legalBasis: '' }),
      ),
    ).toBe(403)
    expect(statusOf(await act('hs_admin', { intent: 'submit' }))).toBe(302)
    expect((await view()).open.status).toBe('submitted')
  })

  it('a submitted list cannot be edited', async () => {
    const res = await act('hs_admin', { intent: 'save', title: '改标题', text: '严格执行操作规程', category: '岗位操作', legalBasis: '' })
    expect(statusOf(res)).toBe(400)
    expect(messageOf(res)).toMatch(/审批中/)
  })

  it('refuses out-of-order approval and approval by a non-holder or a non-head', async () => {
    const outOfOrder = await act('hs_head', { intent: 'approve', confirm: '1' })
    expect(statusOf(outOfOrder)).toBe(400)
    expect(messageOf(outOfOrder)).toBe('当前应由「安全环保部部长」审批，您不能审批这一步')
    expect(statusOf(await act('hs_vp_safety', { intent: 'approve', confirm: '1' }))).toBe(400)
    expect(statusOf(await act('hs_admin', { intent: 'approve', confirm: '1' }))).toBe(403)
    expect(
      statusOf(await run(postAction, post(`/enterprise/posts/${postId}`, { intent: 'approve', confirm: '1' }, c.jj_head), { postId })),
    ).toBe(404)
    expect((await view()).open.approval_step).toBe(0)
  })

  it('a rejection needs a reason and returns the draft', async () => {
    const noReason = await act('hs_safety_head', { intent: 'reject', comment: ' ' })
    expect(statusOf(noReason)).toBe(400)
    expect(dataOf<any>(noReason).fieldErrors.reason).toBe('请填写退回原因')
    expect(statusOf(await act('hs_safety_head', { intent: 'reject', comment: '请补充交接班检查职责' }))).toBe(302)
    const d = await view()
    expect(d.open.status).toBe('draft')
    expect(d.versions[0].events.at(-1)).toMatchObject({ action: 'reject', comment: '请补充交接班检查职责', post_name: '安全环保部部长' })
  })

  it('three heads approve in order, and the last signature publishes', async () => {
    expect(statusOf(await act('hs_admin', { intent: 'submit' }))).toBe(302)
    expect(statusOf(await act('hs_safety_head', { intent: 'approve', confirm: '1', comment: '同意' }))).toBe(302)
    expect(statusOf(await act('hs_head', { intent: 'approve', confirm: '1' }))).toBe(400) // still the 分管负责人's turn
    expect(statusOf(await act('hs_vp_safety', { intent: 'approve', confirm: '1' }))).toBe(302)
    expect(statusOf(await act('hs_head', { intent: 'approve', confirm: '1' }))).toBe(302)
    const d = await view()
    expect(d.open).toBeNull()
    expect(d.published.version).toBe(1)
    expect(d.published.content_hash).toMatch(/^[0-9a-f]{64}$/)
    const actions = d.versions[0].events.map((e: any) => e.action)
    expect(actions.slice(-5)).toEqual(['submit', 'approve', 'approve', 'approve', 'publish'])
  })

  it('the 公示 page shows the list, the three signatures and a QR code to the worker’s page', async () => {
    const n = dataOf<any>(await run(noticeLoader, get(`/enterprise/posts/${postId}/notice`, c.hs_admin), { postId }))
    expect(n.items).toHaveLength(3)
    expect(n.signatures.map((s: any) => s.post_name)).toEqual(['安全环保部部长', '分管安全副总经理', '总经理'])
    expect(n.qr).toMatch(/^<svg/)
  })

  it('the QR code encodes PUBLIC_URL, else the server’s own listen address, never the request’s Host', async () => {
    const saved = { PUBLIC_URL: process.env.PUBLIC_URL, HOST: process.env.HOST, PORT: process.env.PORT }
    const notice = async () => {
      const request = new Request(`http://localhost:3000/enterprise/posts/${postId}/notice`, {
        headers: { host: 'localhost:3000', 'x-forwarded-host': 'evil.example', cookie: c.hs_admin! },
      })
      return dataOf<any>(await run(noticeLoader, request, { postId })).confirmUrl as string
    }
    try {
      process.env.PUBLIC_URL = 'https://azt.example.cn/'
      expect(await notice()).toBe(`https://azt.example.cn/me/posts/${postId}`)
      delete process.env.PUBLIC_URL
      process.env.HOST = '192.168.10.20'
      process.env.PORT = '8080'
      expect(await notice()).toBe(`http://192.168.10.20:8080/me/posts/${postId}`)
      process.env.HOST = '0.0.0.0'
      expect(await notice()).not.toMatch(/localhost:3000|0\.0\.0\.0|evil/)
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
    }
  })

  it('a published version is immutable through every action and in the database itself', async () => {
    const d = await view()
    const versionId = d.published.id
    for (const intent of ['save', 'submit', 'approve', 'reject']) {
      const res = await act(intent === 'approve' || intent === 'reject' ? 'hs_head' : 'hs_admin', {
        intent,
        versionId,
        title: 'x',
        text: '严格执行操作规程',
        category: '岗位操作',
        legalBasis: '',
        comment: 'x',
        confirm: '1',
      })
      expect(statusOf(res), intent).toBe(400)
    }
    await expect(sql`update duty_items set text = 'tampered' where version_id = ${versionId}`.execute(t.owner)).rejects.toThrow(/frozen/)
    await expect(sql`delete from duty_items where version_id = ${versionId}`.execute(t.owner)).rejects.toThrow(/frozen/)
    await expect(
      sql`insert into duty_items (enterprise_id, version_id, position, text, category) select enterprise_id, id, 9, 'x', 'y' from duty_list_versions where id = ${versionId}`.execute(
        t.owner,
      ),
    ).rejects.toThrow(/frozen/)
    await expect(sql`update duty_list_versions set title = 'x' where id = ${versionId}`.execute(t.owner)).rejects.toThrow(/frozen/)
    await expect(sql`update duty_list_versions set status = 'draft' where id = ${versionId}`.execute(t.owner)).rejects.toThrow(/frozen/)
    await expect(sql`delete from duty_list_versions where id = ${versionId}`.execute(t.owner)).rejects.toThrow(/cannot be deleted/)
    await expect(sql`update duty_list_events set comment = 'x' where version_id = ${versionId}`.execute(t.owner)).rejects.toThrow(
      /append-only/,
    )
    expect((await view()).published.items).toEqual(d.published.items)
  })

  it('changing a published list starts a new draft version; publishing it supersedes the old one', async () => {
    expect(statusOf(await act('hs_admin', { intent: 'start' }))).toBe(302)
    let d = await view()
    expect(d.open.version).toBe(2)
    expect(d.open.items.map((i: any) => i.text)).toEqual(d.published.items.map((i: any) => i.text))
    expect(statusOf(await act('hs_admin', { intent: 'start' }))).toBe(400) // only one open version
    expect(statusOf(await act('hs_admin', { intent: 'submit' }))).toBe(302)
    for (const who of ['hs_safety_head', 'hs_vp_safety', 'hs_head'])
      expect(statusOf(await act(who, { intent: 'approve', confirm: '1' }))).toBe(302)
    d = await view()
    expect(d.published.version).toBe(2)
    expect(d.versions.map((v: any) => v.status)).toEqual(['published', 'superseded'])
  })

  it('the posts table shows the list state; another enterprise cannot see the post', async () => {
    const list = dataOf<any>(await run(postsLoader, get('/enterprise/posts?q=环保设施', c.hs_admin)))
    expect(list.page.rows).toMatchObject([{ name: '环保设施操作工', stateLabel: '已发布 v2', holders: 0 }])
    // every demo post has a list (seeds/demo-history.ts): a post added now has none
    await addPostWithoutList(t.owner, '废水处理操作工', 5)
    const none = dataOf<any>(await run(postsLoader, get('/enterprise/posts?status=none&size=100', c.hs_admin)))
    expect(none.page.rows.map((r: any) => r.name)).toContain('废水处理操作工')
    expect(none.page.rows.every((r: any) => r.stateLabel === '无清单')).toBe(true)
    expect(statusOf(await run(postLoader, get('/x', c.jj_admin), { postId }))).toBe(404)
    expect(statusOf(await run(noticeLoader, get('/x', c.jj_admin), { postId }))).toBe(404)
  })

  it('a worker reads only the lists of posts they hold; another post’s QR says so and links to theirs', async () => {
    const own = await t.db.selectFrom('posts').select('id').where('name', '=', '化工操作工（加氢）').executeTakeFirstOrThrow()
    const other = await run(myListLoader, get('/x', c.worker), { postId })
    expect(statusOf(other)).toBe(200)
    expect(dataOf<any>(other)).toEqual({ notMine: { postName: '环保设施操作工', myPosts: [{ id: own.id, name: '化工操作工（加氢）' }] } })
    // nothing of that post's list is sent
    expect(JSON.stringify(dataOf<any>(other))).not.toContain('items')
    // another enterprise's post is still not found
    const foreign = await t.db
      .selectFrom('posts')
      .select('id')
      .where(
        'enterprise_id',
        '!=',
        (await t.db.selectFrom('posts').select('enterprise_id').where('id', '=', postId).executeTakeFirstOrThrow()).enterprise_id,
      )
      .executeTakeFirstOrThrow()
    expect(statusOf(await run(myListLoader, get('/x', c.worker), { postId: foreign.id }))).toBe(404)
    const mine = dataOf<any>(await run(myListLoader, get('/x', c.worker), { postId: own.id }))
    // their own post's list (published in the demo's history) is readable
    expect(mine.version.version).toBeGreaterThan(0)
    expect(mine.items.length).toBeGreaterThan(0)
    expect(statusOf(await run(postLoader, get('/x', c.worker), { postId }))).toBe(403)
  })
})
