import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor } from '../../app/db.server'
import { approveVersion, withdrawVersion } from '../../app/modules/duties/duties.server'
import { action as postAction, loader as postLoader } from '../../app/routes/enterprise.posts.$postId._index'
import { action as newPostAction } from '../../app/routes/enterprise.posts.new'
import { loader as homeLoader } from '../../app/routes/enterprise._index'
import { actorOf } from './duty-helpers'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, ORIGIN, post, run, statusOf } from './requests'

// Issue 13 #1 and #13: 提交审批 submits what is on the screen; the admin withdraws (撤回) a submitted
// list until the first approval, and a withdrawal racing the first approval ends in exactly one of
// them; a list sent back comes first in the admin's 下一步 with its reason. Runs on both engines.

let t: TestDatabase
const c: Record<string, string> = {}
let unitId: string
const client = { ip: '127.0.0.1', userAgent: 'vitest' }

beforeAll(async () => {
  t = await createTestDatabase()
  for (const who of ['hs_admin', 'hs_safety_head']) c[who] = await cookieFor(t.db, who)
  unitId = (await t.db.selectFrom('org_units').select('id').where('name', '=', '安全环保部').executeTakeFirstOrThrow()).id
})
afterAll(() => t.destroy())

async function newPost(name: string): Promise<string> {
  const res = (await run(
    newPostAction,
    post('/enterprise/posts/new', { name, unitId, tier: '5', startFromTemplate: 'on', requiredCertificates: '' }, c.hs_admin),
  )) as Response
  expect(res.status).toBe(302)
  return res.headers.get('location')!.split('/').pop()!
}
const view = async (postId: string) => dataOf<any>(await run(postLoader, get(`/enterprise/posts/${postId}`, c.hs_admin), { postId }))
const act = (who: string, postId: string, body: URLSearchParams | Record<string, string>) =>
  run(
    postAction,
    new Request(`${ORIGIN}/enterprise/posts/${postId}`, {
      method: 'POST',
      headers: { host: 'localhost:3000', origin: ORIGIN, cookie: c[who]!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    }),
    { postId },
  )

/** The editor's form as the browser sends it: the title and the items on the screen, and the button pressed. */
function editorForm(intent: string, versionId: string, title: string, items: [string, string][]) {
  const body = new URLSearchParams({ intent, versionId, title })
  for (const [text, category] of items) {
    body.append('text', text)
    body.append('category', category)
    body.append('legalBasis', '')
  }
  return body
}

describe('提交审批 submits exactly what is on the screen', () => {
  it('unsaved edits sent with 提交审批 are saved and submitted together; the approver sees the new text', async () => {
    const postId = await newPost('提交即保存岗位')
    const open = (await view(postId)).open
    const res = await act(
      'hs_admin',
      postId,
      editorForm('submit', open.id, '提交即保存岗位安全生产责任清单', [
        ['屏幕上刚改过、没有点保存草稿的第一条职责内容', '岗位操作'],
        ['正确佩戴和使用劳动防护用品', '职业健康'],
      ]),
    )
    expect(statusOf(res)).toBe(302)
    const after = (await view(postId)).open
    expect(after.status).toBe('submitted')
    expect(after.items.map((i: any) => i.text)).toEqual(['屏幕上刚改过、没有点保存草稿的第一条职责内容', '正确佩戴和使用劳动防护用品'])
    const head = dataOf<any>(await run(postLoader, get(`/enterprise/posts/${postId}`, c.hs_safety_head), { postId }))
    expect(head.canApprove).toBe(true)
    expect(head.open.items[0].text).toBe('屏幕上刚改过、没有点保存草稿的第一条职责内容')
  })

  it('a bad item sent with 提交审批 is refused beside its field: nothing saved, nothing submitted', async () => {
    const postId = await newPost('提交校验岗位')
    const open = (await view(postId)).open
    const res = await act('hs_admin', postId, editorForm('submit', open.id, '提交校验岗位清单', [['短', '岗位操作']]))
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).fieldErrors).toMatchObject({ 'items.0.text': '职责内容至少4个字' })
    const after = (await view(postId)).open
    expect(after.status).toBe('draft')
    expect(after.items).toEqual(open.items)
  })
})

describe('撤回 until the first approval', () => {
  it('the admin withdraws a submitted list: back to draft, recorded, and it can be edited and resubmitted', async () => {
    const postId = await newPost('撤回岗位')
    const open = (await view(postId)).open
    expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
    expect((await view(postId)).canWithdraw).toBe(true)
    expect(statusOf(await act('hs_admin', postId, { intent: 'withdraw', versionId: open.id }))).toBe(302)
    const d = await view(postId)
    expect(d.open.status).toBe('draft')
    expect(d.versions[0].events.map((e: any) => e.action)).toEqual(['create', 'submit', 'withdraw'])
    expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
  })

  it('an approver’s confirm step signs only what it showed: after a withdrawal and a resubmission it is refused', async () => {
    const postId = await newPost('撤回后重提岗位')
    const open = (await view(postId)).open
    expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
    // the approver opens the confirm step: it carries the submission it shows
    const shown = dataOf<any>(await run(postLoader, get(`/enterprise/posts/${postId}?confirm=1`, c.hs_safety_head), { postId }))
    expect(shown.approvalKey).toMatch(/#0$/)
    // meanwhile the admin withdraws, changes nothing or anything, and submits again
    expect(statusOf(await act('hs_admin', postId, { intent: 'withdraw', versionId: open.id }))).toBe(302)
    expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
    const stale = await act('hs_safety_head', postId, {
      intent: 'approve',
      confirm: '1',
      versionId: open.id,
      approvalKey: shown.approvalKey,
    })
    expect(statusOf(stale)).toBe(400)
    expect(dataOf<any>(stale).message).toMatch(/已被撤回或重新提交/)
    expect((await view(postId)).open.approval_step).toBe(0)
    // the page as it is now signs
    const fresh = dataOf<any>(await run(postLoader, get(`/enterprise/posts/${postId}?confirm=1`, c.hs_safety_head), { postId }))
    expect(fresh.approvalKey).not.toBe(shown.approvalKey)
    expect(
      statusOf(
        await act('hs_safety_head', postId, { intent: 'approve', confirm: '1', versionId: open.id, approvalKey: fresh.approvalKey }),
      ),
    ).toBe(302)
  })

  it('a head cannot withdraw; after the first approval the admin cannot either', async () => {
    const postId = await newPost('已审批不能撤回岗位')
    const open = (await view(postId)).open
    expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
    expect(statusOf(await act('hs_safety_head', postId, { intent: 'withdraw', versionId: open.id }))).toBe(403)
    const approver = await actorOf(t.db, 'hs_safety_head')
    expect((await withActor(approver, client, (ctx) => approveVersion(ctx, open.id, null))).ok).toBe(true)
    expect((await view(postId)).canWithdraw).toBe(false)
    const res = await act('hs_admin', postId, { intent: 'withdraw', versionId: open.id })
    expect(statusOf(res)).toBe(400)
    expect(dataOf<any>(res).message).toBe('已有审批人签字，不能撤回；如需修改请由当前审批人退回')
    expect((await view(postId)).open.status).toBe('submitted')
  })

  it('a withdrawal racing the first approval: exactly one of them happens, every time', async () => {
    const admin = await actorOf(t.db, 'hs_admin')
    const approver = await actorOf(t.db, 'hs_safety_head')
    for (let round = 0; round < 6; round++) {
      const postId = await newPost(`撤回竞争岗位${round}`)
      const open = (await view(postId)).open
      expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
      const withdraw = () => withActor(admin, client, (ctx) => withdrawVersion(ctx, open.id))
      const approve = () => withActor(approver, client, (ctx) => approveVersion(ctx, open.id, null))
      const [w, a] = round % 2 ? await Promise.all([withdraw(), approve()]) : (await Promise.all([approve(), withdraw()])).reverse()
      expect([w!.ok, a!.ok].filter(Boolean)).toHaveLength(1)
      const d = await view(postId)
      const actions = d.versions[0].events.map((e: any) => e.action)
      if (w!.ok) {
        expect(d.open.status).toBe('draft')
        expect(actions).toEqual(['create', 'submit', 'withdraw'])
      } else {
        expect(d.open.status).toBe('submitted')
        expect(d.open.approval_step).toBe(1)
        expect(actions).toEqual(['create', 'submit', 'approve'])
      }
    }
  })
})

describe('a list sent back comes first in the admin’s 下一步', () => {
  it('with the reason; resubmitting takes it off', async () => {
    const postId = await newPost('退回岗位')
    const open = (await view(postId)).open
    expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
    expect(statusOf(await act('hs_safety_head', postId, { intent: 'reject', versionId: open.id, comment: '第3条请写明巡检频次' }))).toBe(
      302,
    )
    const home = dataOf<any>(await run(homeLoader, get('/enterprise', c.hs_admin)))
    const returned = home.returned.find((r: any) => r.postId === postId)
    expect(returned).toMatchObject({ postName: '退回岗位', version: 1, comment: '第3条请写明巡检频次' })
    expect((await view(postId)).returned).toMatchObject({ comment: '第3条请写明巡检频次' })
    expect(statusOf(await act('hs_admin', postId, { intent: 'submit', versionId: open.id }))).toBe(302)
    const again = dataOf<any>(await run(homeLoader, get('/enterprise', c.hs_admin)))
    expect(again.returned.some((r: any) => r.postId === postId)).toBe(false)
  })
})
