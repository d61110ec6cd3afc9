import { describe, expect, it } from 'vitest'
import { todayInShanghai } from '../../app/utils/dates'
import { nav, newPage, PHONE, signedInPage, takeOnWorker, useApp } from './harness'

// The worker's journey on a 375 px phone: invitation link → password → read → sign with a finger →
// confirmed; the officer's overview shows 已确认, and 需重新确认 once a new version is published.
// The worker is a newcomer the officer takes on here: every demo worker has a year of history (an
// account, lists confirmed), so none of them is waiting for an invitation.

const POST = '化工操作工（加氢）'
const NEWCOMER = { name: '尉晓峰', employeeNo: 'HS902', phone: '13700000902' }
const app = useApp()
const as = (who: string) => signedInPage(app, who)

/** The admin drafts (or revises) the operators' list and the three heads approve it. */
async function publishOperatorList() {
  const admin = await as('hs_admin')
  await admin.goto(`/enterprise/posts?q=${encodeURIComponent(POST)}`)
  await admin.locator('table.data tbody a').first().click()
  await admin.waitForURL(/\/enterprise\/posts\/[0-9a-f-]{36}$/)
  const postUrl = new URL(admin.url()).pathname
  await admin.getByRole('button', { name: /模板生成清单|修订清单/ }).click()
  await admin.getByRole('button', { name: '提交审批' }).click()
  await admin.getByText('已提交审批。').waitFor()
  for (const head of ['hs_team', 'hs_vp_prod', 'hs_head']) {
    const page = await as(head)
    await page.goto(postUrl)
    await page.getByRole('button', { name: '同意并签字' }).click()
    await page.getByRole('button', { name: '确认签字' }).click()
    await page.getByText('已审批通过。').waitFor()
    await page.context().close()
  }
  await admin.context().close()
}

describe('签字确认 on a phone', () => {
  let inviteUrl = ''

  it('the officer takes on a newcomer, publishes the list and prints the invitation sheet of 加氢一班', async () => {
    const admin = await as('hs_admin')
    await takeOnWorker(admin, NEWCOMER, POST, todayInShanghai())
    await publishOperatorList()
    await nav(admin, '签字确认').click()
    await admin.getByRole('link', { name: '打印邀请单' }).click()
    await admin.locator('select[name=unitId]').selectOption({ label: '　　　加氢一班' })
    await admin.getByRole('button', { name: '生成邀请单' }).click()
    const card = admin.locator('.invite-card', { hasText: NEWCOMER.name })
    await card.waitFor()
    expect(await card.locator('svg').count()).toBe(1)
    inviteUrl = (await card.locator('a.invite-link').getAttribute('href'))!
    expect(inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/)
    await admin.context().close()
  })

  it('the worker opens the link, sets a password, reads, signs with a finger and confirms', async () => {
    const phone = await newPage(app, { viewport: PHONE })
    await phone.goto(inviteUrl)
    await phone.getByText(NEWCOMER.name).waitFor()
    await phone.locator('input[name=password]').fill('Yuxiaofeng2026')
    await phone.locator('input[name=confirm]').fill('Yuxiaofeng2026')
    await phone.getByRole('button', { name: '激活并查看我的岗位' }).click()
    await phone.waitForURL(/\/me$/)
    await phone.getByText(/需要您处理的事项（\d+）/).waitFor()
    // the list as published today (the demo's year has had versions before it)
    await phone.getByRole('link', { name: new RegExp(`${POST.replace(/[()（）]/g, '.')}责任清单 v\\d+ 待确认`) }).click()
    await phone.waitForURL(/\/me\/posts\//)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)

    await phone.getByRole('button', { name: '确认签字' }).click()
    await phone.getByText('请先勾选“我已阅读并熟知本岗位安全生产责任”').waitFor()

    await phone.locator('input[name=read]').check()
    const pad = phone.locator('canvas.signature-pad')
    await pad.scrollIntoViewIfNeeded()
    await phone.waitForFunction(() => document.querySelector('canvas.signature-pad')?.getAttribute('data-ready') === 'true')
    const box = (await pad.boundingBox())!
    await phone.mouse.move(box.x + 30, box.y + 100)
    await phone.mouse.down()
    for (const [dx, dy] of [
      [60, 40],
      [110, 90],
      [160, 30],
      [220, 110],
      [280, 60],
    ])
      await phone.mouse.move(box.x + dx!, box.y + dy!, { steps: 5 })
    await phone.mouse.up()
    await phone.getByText('已签名').waitFor()
    await phone.getByRole('button', { name: '确认签字' }).click()
    await phone.getByText('签字确认成功。本记录已存档，不可修改。').waitFor()
    await phone.getByText('已确认', { exact: true }).waitFor()
    await phone.context().close()
  })

  it('the officer’s overview shows 已确认, then 需重新确认 after a new version is published', async () => {
    const admin = await as('hs_admin')
    await admin.goto(`/enterprise/confirmations?q=${encodeURIComponent(NEWCOMER.name)}`)
    await admin.locator('table.data tbody').getByText('已确认').waitFor()
    await admin.context().close()

    await publishOperatorList()

    const again = await as('hs_admin')
    await again.goto(`/enterprise/confirmations?q=${encodeURIComponent(NEWCOMER.name)}`)
    await again.locator('table.data tbody').getByText('需重新确认').waitFor()
    await again.context().close()
  })
})
