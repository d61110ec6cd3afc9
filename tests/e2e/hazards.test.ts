import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// 双重预防 in the browser (issue 15): a worker on a 375 px phone reports a hazard with a photo; the
// admin grades and assigns it; the rectifier records the work and cannot accept it; a head accepts it
// (销号). A 重大 hazard: reported to the department, 挂牌督办 by the regulator (the enterprise's home
// shows it), 治理方案, the request to resume, and the department's 核销.
// Screenshots go to .tmp/shots/hazards-*.png for a person to look at.

const app = useApp()
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const shots = path.join(root, '.tmp/shots')
const PHONE = { width: 375, height: 740 }
// a real 1×1 PNG, so the page can show it
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10)

async function shot(page: Page, name: string) {
  await mkdir(shots, { recursive: true })
  await page.screenshot({ path: path.join(shots, `hazards-${name}.png`), fullPage: true })
}

/** Client-side state (the 重大 fields) needs the page hydrated before it is used. */
async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined)
  await page.waitForLoadState('networkidle')
}

let generalUrl = ''
let majorUrl = ''

describe('风险分级管控清单', () => {
  it('the admin registers a risk; its level comes from the scores; a too-low control level is refused beside the field', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '风险管控').click()
    await admin.getByRole('heading', { name: '风险分级管控清单', exact: true }).waitFor()
    await hydrated(admin)
    await admin.locator('select[name=riskPointId]').selectOption({ label: '甲醇储罐区' })
    await admin.locator('input[name=hazardSource]').fill('储罐呼吸阀堵塞（e2e）')
    await admin.locator('input[name=accidentTypes]').fill('储罐超压破裂、火灾')
    await admin.locator('select[name=scoreL]').selectOption('1')
    await admin.locator('select[name=scoreE]').selectOption('6')
    await admin.locator('select[name=scoreC]').selectOption('15')
    await admin.locator('select[name=controlLevel]').selectOption('post')
    await admin.locator('select[name=postId]').selectOption({ label: '危化品装卸工' })
    await admin.locator('textarea[name=measure_management]').fill('每周检查呼吸阀，冬季防冻')
    await admin.getByRole('button', { name: '登记并评价' }).click()
    await admin.getByText('一般风险至少由班组级管控').waitFor()
    expect(await admin.locator('input[name=hazardSource]').inputValue()).toBe('储罐呼吸阀堵塞（e2e）')
    await admin.locator('select[name=controlLevel]').selectOption('team')
    await admin.getByRole('button', { name: '登记并评价' }).click()
    await admin.getByText('危险源已登记，风险等级已按评价结果确定。').waitFor()
    await admin.locator('tr', { hasText: '储罐呼吸阀堵塞（e2e）' }).getByText('D = 1 × 6 × 15 = 90').waitFor()
    // the new risk is shown among its point's risks: the table is filtered by that point, in SQL
    expect(new URL(admin.url()).searchParams.get('point')).toMatch(/^[0-9a-f-]{36}$/)
    await admin
      .locator('.pager')
      .getByText(/共 \d+ 条/)
      .waitFor()
    expect(await admin.locator('tbody tr').count()).toBe(await admin.locator('tbody tr', { hasText: '甲醇储罐区' }).count())
    await shot(admin, '0-risk-register')
    await admin.context().close()
  })
})

describe('一般隐患: from the worker’s photo to 销号', () => {
  it('a worker on a phone reads the post’s risks and reports a hazard with a photo', async () => {
    const phone = await signedInPage(app, '17735418902', { viewport: PHONE })
    await phone.getByRole('heading', { name: '岗位风险告知' }).waitFor()
    await shot(phone, '1-worker-home-375')
    await phone.getByRole('link', { name: '报告隐患' }).first().click()
    await phone.getByRole('heading', { name: '报告隐患' }).waitFor()
    await phone.getByRole('button', { name: '提交报告' }).click()
    await phone.getByText('请填写隐患部位').waitFor()
    await phone.locator('input[name=place]').fill('加氢车间二层平台（e2e）')
    await phone.locator('textarea[name=description]').fill('氢气压缩机出口法兰处有轻微泄漏声')
    await phone.locator('input[name=photos]').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PHOTO })
    await phone.getByRole('button', { name: '提交报告' }).click()
    await phone.getByText(/隐患已报告，编号 第\d+号/).waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await shot(phone, '2-worker-reported-375')
    await phone.context().close()
  })

  it('the admin grades and assigns it', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '隐患治理').click()
    await admin.getByRole('heading', { name: '隐患排查治理台账' }).waitFor()
    await shot(admin, '3-register')
    await admin.locator('table.data tbody tr').filter({ hasText: '加氢车间二层平台（e2e）' }).getByRole('link').first().click()
    await admin.getByRole('heading', { name: '定级并指派' }).waitFor()
    generalUrl = admin.url()
    await admin.locator('select[name=grade]').selectOption('general')
    await admin.locator('select[name=responsibleUserId]').selectOption({ label: '郭志强' })
    await admin.locator('input[name=deadline]').fill(inDays(-3))
    await admin.locator('textarea[name=measures]').fill('更换法兰垫片并做气密试验')
    await admin.locator('input[name=funds]').fill('1200')
    await admin.getByRole('button', { name: '定级并指派' }).click()
    await admin.getByText('整改期限不能早于今天').waitFor()
    expect(await admin.locator('textarea[name=measures]').inputValue()).toBe('更换法兰垫片并做气密试验')
    await admin.locator('input[name=deadline]').fill(inDays(7))
    await admin.getByRole('button', { name: '定级并指派' }).click()
    await admin.getByText('已定级并指派整改责任人。').waitFor()
    await admin.getByRole('img', { name: '现场.png' }).waitFor()
    await shot(admin, '4-assigned')
    await admin.context().close()
  })

  it('the rectifier records the work and cannot accept it; another head accepts it', async () => {
    const team = await signedInPage(app, 'hs_team')
    await team.goto(generalUrl)
    await team.locator('textarea[name=note]').fill('已更换垫片，气密试验合格')
    await team.locator('input[name=photos]').setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: PHOTO })
    await team.getByRole('button', { name: '整改完成，提交验收' }).click()
    await team.getByText('已登记整改完成，等待验收。').waitFor()
    await team.getByText('整改人不能验收自己整改的隐患，请由其他负责人验收').waitFor()
    expect(await team.getByRole('button', { name: '提交验收结论' }).count()).toBe(0)
    await shot(team, '5-rectified-no-self-acceptance')
    await team.context().close()

    const head = await signedInPage(app, 'hs_head')
    await head.goto(generalUrl)
    await head.locator('select[name=decision]').selectOption('pass')
    await head.locator('textarea[name=note]').fill('复查合格，同意销号')
    await head.getByRole('button', { name: '提交验收结论' }).click()
    await head.getByText('验收结论已记录。').waitFor()
    await head.locator('h1 .badge', { hasText: '已销号' }).waitFor()
    await head.getByText('验收合格，销号').waitFor()
    await shot(head, '6-closed')
    await head.context().close()
  })
})

describe('重大隐患: 报告 → 挂牌督办 → 治理 → 申请恢复 → 核销', () => {
  it('the admin records a 重大 hazard and reports it to the department', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await admin.goto('/me/hazards/new')
    await admin.locator('input[name=place]').fill('加氢反应釜区（e2e）')
    await admin.locator('textarea[name=description]').fill('紧急停车系统联锁被旁路，未投入使用')
    await admin.getByRole('button', { name: '提交报告' }).click()
    await admin.getByRole('heading', { name: '定级并指派' }).waitFor()
    majorUrl = admin.url()
    await hydrated(admin)
    await admin.locator('select[name=grade]').selectOption('major')
    await admin.locator('textarea[name=situation]').waitFor()
    await admin.locator('select[name=responsibleUserId]').selectOption({ label: '陈建军' })
    await admin.locator('input[name=deadline]').fill(inDays(40))
    await admin.locator('input[name=funds]').fill('280000')
    await admin.locator('textarea[name=measures]').fill('停用加氢装置，修复联锁回路')
    await admin.locator('select[name=criterionCode]').selectOption('hc-4')
    await admin.locator('textarea[name=situation]').fill('联锁回路故障后被旁路，紧急停车系统未投用')
    await admin.locator('textarea[name=severity]').fill('超温超压时无法自动停车，可能引发火灾爆炸；整改需停车，难度较大')
    await admin.locator('input[name=stopWork]').check()
    await admin.locator('input[name=stopWorkNote]').fill('加氢装置停车')
    await admin.getByRole('button', { name: '定级并报告监管部门' }).click()
    await admin.getByText('已定级并指派整改责任人。').waitFor()
    await admin.getByRole('heading', { name: /制定治理方案/ }).waitFor()
    await shot(admin, '7-major-reported')
    await admin.context().close()
  })

  it('the department sees it at once, flagged red, and 挂牌督办s it', async () => {
    const reg = await signedInPage(app, 'jz_yjj')
    await reg.getByRole('heading', { name: '监管企业' }).waitFor()
    await reg.locator('.stat', { hasText: '重大隐患未销号' }).waitFor()
    await reg
      .locator('.badge', { hasText: /重大隐患 \d+ 项/ })
      .first()
      .waitFor()
    await shot(reg, '8-dashboard-flag')
    await nav(reg, '重大隐患').click()
    await reg.getByRole('heading', { name: '重大事故隐患' }).waitFor()
    await reg
      .locator('table.data tbody tr')
      .filter({ hasText: '加氢反应釜区（e2e）' })
      .getByRole('link', { name: /^第\d+号$/ })
      .click()
    await reg.getByRole('heading', { name: '挂牌督办' }).waitFor()
    await reg.locator('input[name=deadline]').fill(inDays(30))
    await reg.locator('textarea[name=note]').fill('限期整改，每周报送治理进展')
    await reg.getByRole('button', { name: '挂牌督办' }).click()
    await reg.getByText('已挂牌督办。').waitFor()
    await reg
      .getByText(/督〔\d{4}〕\d+号/)
      .first()
      .waitFor()
    await shot(reg, '9-supervised')
    await reg.context().close()
  })

  it('the enterprise sees the 督办 on its home, plans the work and asks to resume', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await admin.locator('.supervised-hazard', { hasText: '加氢反应釜区（e2e）' }).waitFor()
    await shot(admin, '10-home-supervision')
    await admin.goto(majorUrl)
    await admin.locator('textarea[name=goal]').fill('恢复紧急停车系统并投入使用')
    await admin.locator('textarea[name=method]').fill('更换联锁回路和切断阀，全回路联校')
    await admin.locator('textarea[name=funds]').fill('28万元已列支')
    await admin.locator('textarea[name=organisation]').fill('设备部牵头，合成车间配合')
    await admin.locator('textarea[name=timeline]').fill('督办期限前完成')
    await admin.locator('textarea[name=safety]').fill('停车置换，执行现场处置方案')
    await admin.getByRole('button', { name: '保存治理方案' }).click()
    await admin.getByText('治理方案已记录。').waitFor()
    await admin.locator('textarea[name=note]').fill('联锁回路已更换，联校合格')
    await admin.locator('textarea[name=assessment]').fill('经专家评估，符合恢复生产条件')
    await admin.getByRole('button', { name: '提交恢复生产申请' }).click()
    await admin.getByText('已提交恢复生产申请，等待监管部门核销。').first().waitFor()
    await shot(admin, '11-resume-requested')
    await admin.context().close()
  })

  it('the department 核销s it', async () => {
    const reg = await signedInPage(app, 'jz_yjj')
    await nav(reg, '重大隐患').click()
    await reg
      .locator('table.data tbody tr')
      .filter({ hasText: '加氢反应釜区（e2e）' })
      .getByRole('link', { name: /^第\d+号$/ })
      .click()
    await reg.getByRole('heading', { name: '审查恢复生产申请' }).waitFor()
    await reg.locator('select[name=decision]').selectOption('write_off')
    await reg.locator('textarea[name=note]').fill('核查属实，同意恢复生产，予以核销')
    await reg.getByRole('button', { name: '提交审查结论' }).click()
    await reg.getByText('审查结论已记录。').waitFor()
    await reg.locator('h1 .badge', { hasText: '已销号' }).waitFor()
    await shot(reg, '12-written-off')
    await reg.context().close()
  })
})
