import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// The closed loop of issue 7: the head publishes a report; the regulator finds the enterprise by a
// filter, opens the report, records an inspection with a rectification order; the enterprise
// closes the item's hazard (issue 15: one loop) and answers it with evidence; the regulator accepts. The demo has a year of history (通达 reports monthly
// too, 华晟 has inspections and orders of its own): the journey finds 华晟 by name as well, and picks
// the newest order and inspection, its own, which the lists show first.
const app = useApp()
const evidence = (name: string) => path.join(__dirname, '..', 'fixtures', 'evidence', name)
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const shots = path.join(__dirname, '..', '..', '.tmp', 'shots')
async function shot(page: Page, name: string) {
  await mkdir(shots, { recursive: true })
  await page.screenshot({ path: path.join(shots, `supervision-${name}.png`), fullPage: true })
}
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

describe('publish, inspect, rectify', () => {
  it('the head publishes a status report', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '状况报告').click()
    await admin.getByRole('button', { name: '编制本期报告' }).click()
    await admin.getByText('待主要负责人签字发布').waitFor()
    await admin.context().close()

    const head = await signedInPage(app, 'hs_head')
    await nav(head, '状况报告').click()
    await head.locator('table.data tbody a').first().click()
    await head.getByRole('button', { name: '签字并发布' }).click()
    await head.getByRole('button', { name: '确认签字并发布' }).click()
    // wait for what only a published report shows (the frozen anchor), not for text the draft also has:
    // closing the browser while the signature is still on its way would lose it
    await head.getByText(/签字确认台账锚点（签字发布时冻结）：第 \d+ 条/).waitFor()
    await head.context().close()
  })

  it('the regulator finds it by a filter, reads the report, records an inspection with an order', async () => {
    const page = await signedInPage(app, 'jz_yjj')
    await page.getByRole('heading', { name: '监管企业' }).waitFor()
    await page.locator('select[name=age]').selectOption('month')
    await page.locator('input[name=q]').fill('华晟')
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/age=month/)
    // the enterprise list is the first table (the per-region shares follow it)
    const rows = page.locator('table.data').first().locator('tbody tr')
    // the URL changes as the navigation starts; the rows follow when its data arrives
    // (an empty list has one row too, its 暂无 line: count the rows that name the enterprise)
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(1)
    await rows.filter({ hasText: '华晟' }).waitFor()
    await rows
      .first()
      .getByRole('link', { name: /天前|今天/ })
      .click()
    await page.getByRole('heading', { name: '安全生产状况报告' }).waitFor()
    await page.getByRole('link', { name: '返回企业' }).click()

    await page.getByRole('link', { name: '记录监督检查' }).click()
    await page.locator('input[name=inspectors]').fill('王建国、李明')
    await page.locator('textarea[name=content]').fill('全员安全生产责任制落实情况')
    await page.locator('textarea[name=problems]').fill('加氢一班部分员工未签字确认岗位责任清单')
    await page.locator('textarea[name=handling]').fill('下达责令限期整改指令书')
    await page.getByLabel('同时下达责令限期整改指令').check()
    await page.getByLabel('第1项存在问题').fill('加氢一班员工未签字确认岗位责任清单')
    await page.getByLabel('第1项整改要求').fill('组织学习并全部签字确认')
    await page.getByLabel('第1项整改期限').fill('2020-01-01')
    await page.getByRole('button', { name: '签字并保存检查记录' }).click()
    await page.getByText('整改期限须晚于今天').waitFor()
    expect(await page.locator('textarea[name=problems]').inputValue()).toBe('加氢一班部分员工未签字确认岗位责任清单')
    await page.getByLabel('第1项整改期限').fill(inDays(10))
    await page.getByRole('button', { name: '签字并保存检查记录' }).click()
    await page.getByRole('heading', { name: '责令限期整改指令书' }).waitFor()
    await page.getByText(/待整改（期限/).waitFor()
    await page.context().close()
  })

  it('the enterprise closes the item’s hazard, answers with evidence and the regulator accepts', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '检查整改').click()
    await admin.locator('table.data tbody a').first().click()
    await admin.waitForURL(/\/enterprise\/supervision\/orders\/[0-9a-f-]{36}/)
    const orderUrl = admin.url()
    // one closed loop: while the item's hazard is open the answer is refused beside the item
    await admin.locator('textarea[name=note]').fill('已组织加氢一班学习岗位责任清单，全员签字确认')
    await admin.locator('input[name=files]').setInputFiles(evidence('drill-assessment.pdf'))
    await admin.getByRole('button', { name: '报送复查' }).click()
    await admin
      .getByRole('alert')
      .filter({ hasText: /^第1项对应的隐患第\d+号尚未闭环（当前：待定级）/ })
      .waitFor()
    expect(await admin.locator('textarea[name=note]').inputValue()).toBe('已组织加氢一班学习岗位责任清单，全员签字确认')
    await shot(admin, '1-answer-refused-hazard-open')
    // the item's hazard, linked from the answer form: graded and assigned, rectified, accepted by another head
    await admin.locator('.order-answer-hazards a').first().click()
    await admin.getByRole('heading', { name: '定级并指派' }).waitFor()
    await admin.waitForURL(/\/enterprise\/hazards\/[0-9a-f-]{36}/)
    const hazardUrl = admin.url()
    await admin.locator('select[name=grade]').selectOption('general')
    await admin.locator('select[name=responsibleUserId]').selectOption({ label: '郭志强' })
    await admin.locator('input[name=deadline]').fill(inDays(10))
    await admin.locator('textarea[name=measures]').fill('组织加氢一班学习岗位责任清单并逐人签字确认')
    await admin.locator('input[name=funds]').fill('0')
    await admin.getByRole('button', { name: '定级并指派' }).click()
    await admin.getByText('已定级并指派整改责任人。').waitFor()
    const team = await signedInPage(app, 'hs_team')
    await team.goto(hazardUrl)
    await team.locator('textarea[name=note]').fill('加氢一班全员已学习并签字确认')
    await team.locator('input[name=photos]').setInputFiles({ name: '签字记录.png', mimeType: 'image/png', buffer: PHOTO })
    await team.getByRole('button', { name: '整改完成，提交验收' }).click()
    await team.getByText('已登记整改完成，等待验收。').waitFor()
    await team.context().close()
    const verifier = await signedInPage(app, 'hs_head')
    await verifier.goto(hazardUrl)
    await verifier.locator('select[name=decision]').selectOption('pass')
    await verifier.locator('textarea[name=note]').fill('签字记录齐全，同意销号')
    await verifier.getByRole('button', { name: '提交验收结论' }).click()
    await verifier.getByText('验收结论已记录。').waitFor()
    await verifier.context().close()

    await admin.goto(orderUrl)
    await admin.locator('.order-answer-hazards .badge', { hasText: '已闭环' }).waitFor()
    await admin.locator('textarea[name=note]').fill('已组织加氢一班学习岗位责任清单，全员签字确认')
    await admin.locator('input[name=files]').setInputFiles(evidence('drill-assessment.pdf'))
    await admin.getByRole('button', { name: '报送复查' }).click()
    await admin.getByText('整改情况已报送，等待监管部门复查。').waitFor()
    // the answer carries the hazard's record: measures, who accepted it, its photo
    await admin.locator('table.answer-hazards').getByText('签字记录齐全，同意销号', { exact: false }).waitFor()
    await shot(admin, '2-answered-with-hazard-record')
    await admin.getByRole('link', { name: 'drill-assessment.pdf' }).waitFor()
    await admin.context().close()

    const page = await signedInPage(app, 'jz_yjj')
    await page.locator('select[name=age]').selectOption('month')
    await page.locator('input[name=q]').fill('华晟')
    await page.getByRole('button', { name: '筛选' }).click()
    await page.waitForURL(/age=month/)
    const list = page.locator('table.data').first()
    await expect.poll(() => list.locator('tbody tr').count(), { timeout: 15_000 }).toBe(1)
    await list.locator('tbody a').first().click()
    await page.locator('table.data a', { hasText: '责改' }).first().click()
    await page.locator('table.answer-hazards').getByRole('link', { name: '签字记录.png' }).waitFor()
    await shot(page, '3-regulator-review')
    await page.getByLabel('整改合格，予以销号').check()
    await page.locator('textarea[name=note]').fill('现场核查，整改到位')
    await page.getByRole('button', { name: '提交复查结论' }).click()
    await page.getByText('已复查合格，指令销号。').waitFor()
    await page.getByText('复查合格，予以销号').waitFor()
    await page.context().close()

    const head = await signedInPage(app, 'hs_head')
    await nav(head, '检查整改').click()
    // the demo's own accepted order is 已销号 too
    await head.getByText('已销号').first().waitFor()
    await head.getByText('待您签字').first().waitFor()
    await head.locator('table.data', { hasText: '检查时间' }).locator('tbody a').first().click()
    await head.getByRole('button', { name: /的名义签字$/ }).click()
    await head.getByRole('region', { name: '确认在检查记录上签字' }).getByRole('button', { name: '确认签字' }).click()
    await head
      .getByText(/已签字|，20/)
      .first()
      .waitFor()
    await head.context().close()
  })
})
