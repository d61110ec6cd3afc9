import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { todayInShanghai } from '../../app/utils/dates'
import { nav, signedInPage, useApp } from './harness'

// Record a session with attendance imported from a fixture .xlsx and see the hours credited.
const app = useApp()

describe('教育培训 in the browser', () => {
  it('records a session, imports the sign-in sheet and credits the hours', async () => {
    const page = await signedInPage(app, 'hs_admin')
    const context = page.context()
    await nav(page, '教育培训').click()
    const row = page.locator('table.data tbody tr', { hasText: 'HS009' })
    const before = Number(await row.locator('td').nth(4).textContent())

    await page.locator('input[name=topic]').fill('危险化学品泄漏应急处置')
    await page.locator('select[name=kind]').selectOption('年度再培训')
    // today on the tests' clock: the hours count in the year the page shows, whatever the date
    await page.locator('input[name=heldOn]').fill(todayInShanghai())
    await page.locator('input[name=hours]').fill('6')
    await page.locator('input[name=trainer]').fill('刘晓东')
    await page.locator('input[name=place]').fill('三楼培训室')
    await page.getByRole('button', { name: '保存，下一步登记参训人员' }).click()
    await page.getByText('培训已登记。').waitFor()

    await page.getByLabel('选择签到表文件').setInputFiles(path.join(__dirname, '..', 'fixtures', 'attendance-signin.xlsx'))
    await page.getByRole('button', { name: '上传并预览' }).click()
    await page.getByText('全部检查通过').waitFor()
    await page.getByRole('button', { name: '确认导入 3 名参训人员' }).click()
    await page.getByText('参训人员（3）').waitFor()

    await page.goto('/enterprise/training')
    const after = Number(await page.locator('table.data tbody tr', { hasText: 'HS009' }).locator('td').nth(4).textContent())
    expect(after).toBe(before + 6)
    await context.close()
  })
})
