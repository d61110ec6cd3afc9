import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// Issue 13 #1 and #13 in the browser: 提交审批 without 保存草稿 submits what is on the screen; leaving
// with unsaved edits asks first; the admin withdraws (撤回) a submitted list; a list sent back comes
// first in the admin's 下一步 with the approver's reason.
const app = useApp()
const EDITED = '在屏幕上改过、没有先点保存草稿的第一条职责 每班巡检污水池两次并记录'

describe('the duty-list editor keeps no surprises', () => {
  it('submits the screen, asks before leaving, withdraws, and shows a returned list first on the home page', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '责任清单').click()
    await admin.getByRole('link', { name: '新建岗位' }).click()
    await admin.locator('input[name=name]').fill('污泥脱水操作工')
    await admin.locator('select[name=unitId]').selectOption({ label: '　安全环保部' })
    await admin.locator('select[name=tier]').selectOption('5')
    await admin.getByRole('button', { name: '创建岗位' }).click()
    await admin.waitForURL(/\/enterprise\/posts\/[0-9a-f-]{36}/)
    const postUrl = new URL(admin.url()).pathname
    await admin.getByRole('heading', { name: '草稿 v1' }).waitFor()

    await admin.locator('.duty-editor textarea[name=text]').first().fill(EDITED)
    await admin.getByText('有未保存的修改').waitFor()
    await admin.screenshot({ path: '/tmp/shots/editor-unsaved.png' })
    // closing or reloading the tab: the browser's own question
    expect(
      await admin.evaluate(() => {
        const event = new Event('beforeunload', { cancelable: true })
        window.dispatchEvent(event)
        return event.defaultPrevented
      }),
    ).toBe(true)
    // a link inside the app: ours
    await nav(admin, '企业首页').click()
    const question = admin.getByRole('alertdialog', { name: '离开本页？' })
    await question.waitFor()
    await admin.screenshot({ path: '/tmp/shots/editor-leave.png' })
    await question.getByRole('button', { name: '留在本页' }).click()
    await question.waitFor({ state: 'detached' })
    expect(new URL(admin.url()).pathname).toBe(postUrl)
    expect(await admin.locator('.duty-editor textarea[name=text]').first().inputValue()).toBe(EDITED)

    // 提交审批 without 保存草稿: what the approvers get is what was on the screen
    await admin.getByRole('button', { name: '提交审批' }).click()
    await admin.getByText('已提交审批。').waitFor()
    await admin.getByRole('heading', { name: '审批中 v1' }).waitFor()
    expect(await admin.locator('.duty-items li').first().textContent()).toContain(EDITED)

    // 撤回 before the first approval
    await admin.getByRole('button', { name: '撤回' }).click()
    await admin.getByText('已撤回，清单回到草稿').waitFor()
    await admin.getByRole('heading', { name: '草稿 v1' }).waitFor()
    await admin.getByRole('button', { name: '提交审批' }).click()
    await admin.getByText('已提交审批。').waitFor()

    const approver = await signedInPage(app, 'hs_safety_head')
    await approver.goto(postUrl)
    await approver.getByLabel('审批意见（退回时必填）').fill('第1条请写明巡检的具体时间')
    await approver.getByRole('button', { name: '退回修改' }).click()
    await approver.getByText('已退回修改。').waitFor()
    await approver.context().close()

    await admin.goto('/enterprise')
    const first = admin.locator('ol.next-actions li').first()
    await first.getByText('「污泥脱水操作工」责任清单 v1 被退回，请修改后重新提交').waitFor()
    expect(await first.textContent()).toContain('第1条请写明巡检的具体时间')
    await admin.screenshot({ path: '/tmp/shots/home-returned.png' })
    await first.getByRole('link').click()
    await admin.getByText(/已被.*退回.*第1条请写明巡检的具体时间/).waitFor()
    await admin.context().close()
  })
})
