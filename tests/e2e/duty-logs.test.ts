import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { nav, PHONE, signedInPage, useApp } from './harness'

// 责任制考核 and 履职记录 in the browser (《安全生产法》第二十二条): the officer gives the 装卸工's list a
// 考核标准 and the three heads approve it; the 储运车间主任 (部门负责人) assesses 韩小军 with the evidence
// beside the form; 韩小军 signs having seen it on his phone; item 1 of the 二十条 counts it; the
// 主任 then keeps his own month from the approval he signed and signs it.

const app = useApp()
const as = (who: string, options = {}) => signedInPage(app, who, options)
const POST = '危化品装卸工'
const WORKER = '19834561277' // 韩小军
const SHOTS = '/tmp/shots/duty-logs'
mkdirSync(SHOTS, { recursive: true })

async function assessmentFigure(): Promise<string> {
  const admin = await as('hs_admin')
  await admin.goto('/enterprise/obligations/1')
  const row = admin.locator('table.data tr').filter({ hasText: /季度责任制考核/ })
  const text = (await row.textContent()) ?? ''
  await admin.context().close()
  return text
}

describe('责任制考核 in the browser', () => {
  let before = ''

  it('the officer adds a 考核标准 to the list and the three heads approve it', async () => {
    const admin = await as('hs_admin')
    await admin.goto(`/enterprise/posts?q=${encodeURIComponent(POST)}`)
    await admin.locator('table.data tbody a').first().click()
    await admin.waitForURL(/\/enterprise\/posts\/[0-9a-f-]{36}$/)
    const postUrl = new URL(admin.url()).pathname
    await admin.getByRole('button', { name: /模板生成清单|修订清单/ }).click()
    await admin.locator('.duty-editor input[name=criterion]').first().fill('装卸作业前检查静电接地，全年无违章')
    await admin.locator('.duty-editor input[name=weight]').first().fill('40')
    // a weight without a criterion is refused beside the field, nothing lost
    await admin.locator('.duty-editor input[name=weight]').nth(1).fill('30')
    await admin.getByRole('button', { name: '保存草稿' }).click()
    await admin.getByText('填写权重前请先填写考核标准').waitFor()
    await admin.locator('.duty-editor input[name=criterion]').nth(1).fill('按时参加班组安全活动和应急演练')
    await admin.getByRole('button', { name: '提交审批' }).click()
    await admin.getByText('已提交审批。').waitFor()
    for (const head of ['hs_storage', 'hs_vp_prod', 'hs_head']) {
      const page = await as(head)
      await page.goto(postUrl)
      await page.getByRole('button', { name: '同意并签字' }).click()
      await page.getByRole('button', { name: '确认签字' }).click()
      await page.getByText('已审批通过。').waitFor()
      await page.context().close()
    }
    await admin.goto(postUrl)
    await admin
      .getByText(/考核标准：装卸作业前检查静电接地，全年无违章（权重 40）/)
      .first()
      .waitFor()
    await admin.context().close()
    before = await assessmentFigure()
    // the demo assessed its managers; the front-line posts are still due
    expect(before).toMatch(/\d+ \/ \d+/)
  })

  it('the 部门负责人 assesses the worker, with the evidence beside the form', async () => {
    const page = await as('hs_storage')
    await nav(page, '责任制考核').click()
    await page.getByText(/待您考核 \d+ 人/).waitFor()
    const row = page.locator('table.data tbody tr').filter({ hasText: '韩小军' })
    await row.getByRole('link', { name: '考核' }).click()
    await page.getByRole('heading', { name: /责任制考核：韩小军（危化品装卸工）/ }).waitFor()
    await page.getByText('平台记录').first().waitFor()
    await page.locator('.evidence-panel dt').filter({ hasText: '责任清单签字确认' }).first().waitFor()
    const scores = page.locator('input[name=score]')
    expect(await scores.count()).toBe(2)
    // a bad score and a 不合格 without a follow-up are refused beside their fields, values kept
    await scores.nth(0).fill('120')
    await scores.nth(1).fill('70')
    await page.locator('select[name=result]').selectOption('不合格')
    await page.locator('textarea[name=comment]').fill('静电接地检查记录不全')
    await page.getByRole('button', { name: '提交考核结果' }).click()
    await page.getByText('得分不能大于100').waitFor()
    await page.getByText('考核不合格须填写整改跟进措施').waitFor()
    expect(await scores.nth(1).inputValue()).toBe('70')
    await page.screenshot({ path: `${SHOTS}/assess-form-errors.png`, fullPage: true })
    await scores.nth(0).fill('90')
    await page.locator('select[name=result]').selectOption('合格')
    await page.locator('textarea[name=comment]').fill('装卸作业规范，静电接地检查到位；演练参与需加强')
    await page.getByRole('button', { name: '提交考核结果' }).click()
    await page.waitForURL(/\/enterprise\/assessments\/[0-9a-f-]{36}/)
    await page.getByRole('heading', { name: '安全生产责任制考核表' }).waitFor()
    await page.getByText('待签字').waitFor()
    await page.screenshot({ path: `${SHOTS}/assessment-desktop.png`, fullPage: true })
    // the 考核表 prints on A4
    await page.emulateMedia({ media: 'print' })
    writeFileSync(`${SHOTS}/assessment.pdf`, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }))
    execFileSync('pdftoppm', ['-png', '-r', '60', `${SHOTS}/assessment.pdf`, `${SHOTS}/assessment-print`])
    const text = execFileSync('pdftotext', ['-layout', `${SHOTS}/assessment.pdf`, '-'], { encoding: 'utf8' })
    expect(text).toMatch(/安全生产责任制考核表/)
    expect(text).toMatch(/装卸作业前检查静电接/)
    await page.context().close()
  })

  it('the worker signs having seen it, on the phone', async () => {
    const phone = await as(WORKER, { viewport: PHONE })
    await phone.goto('/me')
    await phone.getByRole('link', { name: /考核结果（危化品装卸工）：请查看并签字/ }).click()
    await phone.getByRole('heading', { name: '我的考核结果' }).waitFor()
    await phone.getByRole('button', { name: '签字确认已阅' }).click()
    const confirm = phone.getByRole('region', { name: '确认已阅考核结果' })
    await confirm.getByText(/考核结果：合格/).waitFor()
    await phone.screenshot({ path: `${SHOTS}/worker-confirm-375.png`, fullPage: true })
    await confirm.getByRole('button', { name: '确认签字' }).click()
    await phone.waitForURL(/signed=1/)
    await phone.locator('.sign-block').filter({ hasText: '被考核人签字' }).getByText('韩小军').waitFor()
    await expect.poll(() => phone.getByRole('button', { name: '签字确认已阅' }).count()).toBe(0)
    // nothing overflows the phone's width
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width + 1)
    await phone.screenshot({ path: `${SHOTS}/worker-signed-375.png`, fullPage: true })
    await phone.context().close()
  })

  it('item 1 of the 二十条 counts the assessment', async () => {
    const after = await assessmentFigure()
    const n = (s: string) => Number(/(\d+) \/ \d+/.exec(s)?.[1])
    expect(n(after)).toBe(n(before) + 1)
  })

  it('the 主任 keeps his month from the approval he signed, and signs it', async () => {
    const page = await as('hs_storage')
    await page.goto('/me/duty-log')
    await page.getByRole('heading', { name: '我的履职记录' }).waitFor()
    await page.locator('table.data tbody a').first().click()
    await page.getByText(/审批签字「危化品装卸工」安全生产责任清单/).waitFor()
    await page.getByRole('button', { name: '添加所选事项' }).click()
    await page
      .locator('table.duty-log-table')
      .getByText(/审批签字「危化品装卸工」/)
      .waitFor()
    await page.getByRole('button', { name: '本人签字存档' }).click()
    await page.getByRole('button', { name: '确认签字' }).click()
    await page.waitForURL(/signed=1/)
    await page.locator('.sign-block .sign-name').waitFor()
    await expect.poll(() => page.getByRole('button', { name: '删除此条' }).count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/duty-log-signed.png`, fullPage: true })
    await page.context().close()
  })
})
