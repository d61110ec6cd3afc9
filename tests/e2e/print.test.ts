import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { nav, signedInPage, useApp } from './harness'

// Issue 13 #6: the six printed documents on A4, as Chromium prints them. A list of 15 duties (the
// issue's 11 ran to two pages, with 审批签字 alone at the foot of page 1) fits one page; no page ends
// with a heading; a signature block is never split over two pages.
const app = useApp()
const dir = mkdtempSync(path.join(os.tmpdir(), 'azt-print-'))
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)

interface Printed {
  pages: number
  /** each page's lines of text, blank lines dropped */
  text: string[][]
  file: string
}

/** Prints the page as Chromium does (A4, the page's own @page rules) and reads the PDF back per page. */
async function print(page: Page, name: string): Promise<Printed> {
  await page.emulateMedia({ media: 'print' })
  const file = path.join(dir, `${name}.pdf`)
  writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }))
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1])
  const text: string[][] = []
  for (let p = 1; p <= pages; p++) {
    const out = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', file, '-'], { encoding: 'utf8' })
    text.push(
      out
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    )
  }
  return { pages, text, file }
}

/** Checks the rules every print keeps, and returns the printout. */
async function checkPrint(page: Page, name: string, maxPages: number): Promise<Printed> {
  const headings = (await page.locator('.a4 h1, .a4 h2, .a4 h3').allTextContents()).map((h) => h.trim()).filter(Boolean)
  const blocks = (await page.locator('.a4 .sign-block').allInnerTexts()).map((b) =>
    b
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  )
  const printed = await print(page, name)
  expect.soft(printed.pages, `${name}: pages`).toBeLessThanOrEqual(maxPages)
  printed.text.forEach((lines, i) => {
    if (i === printed.text.length - 1) return
    const last = lines.at(-1) ?? ''
    // a page's last line (page numbers are not printed: headers and footers are off)
    expect
      .soft(
        headings.find((h) => last === h || last.startsWith(`${h} `)),
        `${name}: page ${i + 1} ends with a heading: ${last}`,
      )
      .toBeUndefined()
  })
  // every signature block: its first and last lines on the same page
  for (const block of blocks) {
    const first = block[0]!
    const last = block.at(-1)!
    // a line's first cell, spaces aside (pdftotext lays cells out with spaces, innerText with tabs)
    const key = (line: string) => line.split('\t')[0]!.replace(/\s+/g, '').slice(0, 12)
    const pageOf = (line: string) => printed.text.findIndex((lines) => lines.join('').replace(/\s+/g, '').includes(key(line)))
    expect.soft(pageOf(first), `${name}: signature block split: ${first} … ${last}`).toBe(pageOf(last))
  }
  await page.emulateMedia({ media: 'screen' })
  return printed
}

const EXTRA_DUTIES = [
  '严格执行污水处理站操作规程，按时巡检并如实记录运行参数，发现异常立即报告班组长',
  '熟知污水处理站硫化氢中毒现场处置方案，每半年参加一次演练，掌握正压式空气呼吸器的使用',
  '进入污水池、集水井等有限空间作业前，执行先通风、再检测、后作业，并设专人监护',
  '正确佩戴和使用劳动防护用品，保管好本岗位的气体检测仪、防毒面具等应急器材',
  '参加班前会和岗位安全培训，掌握本岗位危险有害因素和防范措施，拒绝违章指挥和强令冒险作业',
]

let postUrl = ''
let acknowledgementUrl = ''
let selfCheckUrl = ''
let reportUrl = ''

describe('printed documents on A4', () => {
  it('prepares a published list of 15 duties, a confirmation, a 自查, a report, an inspection and an order', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await nav(admin, '责任清单').click()
    await admin.getByRole('link', { name: '新建岗位' }).click()
    await admin.locator('input[name=name]').fill('污水处理操作工')
    await admin.locator('select[name=unitId]').selectOption({ label: '　安全环保部' })
    await admin.locator('select[name=tier]').selectOption('5')
    await admin.getByRole('button', { name: '创建岗位' }).click()
    await admin.waitForURL(/\/enterprise\/posts\/[0-9a-f-]{36}/)
    postUrl = new URL(admin.url()).pathname
    const texts = admin.locator('.duty-editor textarea[name=text]')
    await texts.first().waitFor()
    while ((await texts.count()) < 15) {
      const n = await texts.count()
      await admin.getByRole('button', { name: '添加一条职责' }).click()
      await expect.poll(() => texts.count()).toBe(n + 1)
      await texts.last().fill(EXTRA_DUTIES[n % EXTRA_DUTIES.length]!)
    }
    await admin.getByRole('button', { name: '保存草稿' }).click()
    await admin.getByText('草稿已保存。').waitFor()
    await admin.getByRole('button', { name: '提交审批' }).click()
    await admin.getByText('已提交审批。').waitFor()
    for (const who of ['hs_safety_head', 'hs_vp_safety', 'hs_head']) {
      const head = await signedInPage(app, who)
      await head.goto(postUrl)
      await head.getByLabel('审批意见（退回时必填）').fill('同意')
      await head.getByRole('button', { name: '同意并签字' }).click()
      // the signature's confirm step (issue 13 #14)
      await head.getByRole('region', { name: '确认同意并签字' }).getByRole('button', { name: '确认签字' }).click()
      await head.getByText('已审批通过。').waitFor()
      await head.context().close()
    }

    // 孙鹏 takes the post and confirms its list
    await nav(admin, '花名册').click()
    await admin.locator('table.data tbody tr', { hasText: '孙鹏' }).getByRole('link').first().click()
    await admin.waitForURL(/\/enterprise\/roster\/[^/]+$/)
    const employeeUrl = new URL(admin.url()).pathname
    const postOption = admin.locator('select[name=postId] option', { hasText: '污水处理操作工' })
    await admin.locator('select[name=postId]').selectOption((await postOption.getAttribute('value'))!)
    await admin.getByRole('button', { name: '安排', exact: true }).click()
    await admin.locator('table', { hasText: '污水处理操作工' }).waitFor()
    const worker = await signedInPage(app, '17735418902', { viewport: { width: 375, height: 740 } })
    await worker.goto(`/me/posts/${postUrl.split('/').at(-1)}`)
    await worker.locator('input[name=read]').check()
    await worker.locator('input[name=typedName]').fill('孙鹏')
    await worker.getByRole('button', { name: '确认签字' }).click()
    await worker.getByText('签字确认成功。本记录已存档，不可修改。').waitFor()
    await worker.context().close()
    await admin.goto(employeeUrl)
    acknowledgementUrl = (await admin.getByRole('link', { name: '确认书' }).first().getAttribute('href'))!

    // a 自查, signed by the 主要负责人
    await admin.goto('/enterprise/self-checks')
    await admin.getByRole('button', { name: '开始自查' }).click()
    await admin.waitForURL(/\/enterprise\/self-checks\/[0-9a-f-]{36}$/)
    selfCheckUrl = new URL(admin.url()).pathname

    // a status report, published by the 主要负责人
    await nav(admin, '状况报告').click()
    await admin.getByRole('button', { name: '编制本期报告' }).click()
    await admin.getByText('待主要负责人签字发布').waitFor()
    await admin.context().close()
    const head = await signedInPage(app, 'hs_head')
    await head.goto(selfCheckUrl)
    await head.getByRole('button', { name: '主要负责人签字' }).click()
    await head.getByRole('region', { name: '确认签署主体责任二十条自查表' }).getByRole('button', { name: '确认签字' }).click()
    await head.getByText(/主要负责人签字：\s*\S/).waitFor()
    await nav(head, '状况报告').click()
    await head.locator('table.data tbody a').first().click()
    await head.waitForURL(/\/enterprise\/reports\/[^/]+$/)
    reportUrl = new URL(head.url()).pathname
    await head.getByRole('button', { name: '签字并发布' }).click()
    await head.getByRole('button', { name: '确认签字并发布' }).click()
    await head.getByText(/签字确认台账锚点（签字发布时冻结）：第 \d+ 条/).waitFor()
    await head.context().close()

    // an inspection with an order of three items
    const regulator = await signedInPage(app, 'jz_yjj')
    await regulator.locator('table.data tbody tr', { hasText: '华晟' }).getByRole('link').first().click()
    await regulator.getByRole('link', { name: '记录监督检查' }).click()
    await regulator.locator('input[name=inspectors]').fill('王建国、李明')
    await regulator.locator('textarea[name=content]').fill('全员安全生产责任制落实情况；应急预案与演练；特种作业人员持证上岗情况')
    await regulator.locator('textarea[name=problems]').fill('加氢一班部分员工未签字确认岗位责任清单；现场处置方案演练记录缺少评估报告')
    await regulator.locator('textarea[name=handling]').fill('下达责令限期整改指令书，逾期不改的依法处理')
    await regulator.getByLabel('同时下达责令限期整改指令').check()
    for (const n of [1, 2, 3]) {
      await regulator.getByLabel(`第${n}项存在问题`).fill(`第${n}项问题：加氢一班员工未签字确认岗位责任清单`)
      await regulator.getByLabel(`第${n}项整改要求`).fill('组织学习并全部签字确认，报送签字记录')
      await regulator.getByLabel(`第${n}项整改期限`).fill(inDays(10 + n))
    }
    await regulator.getByRole('button', { name: '签字并保存检查记录' }).click()
    await regulator.getByRole('heading', { name: '责令限期整改指令书' }).waitFor()
    await regulator.context().close()
  })

  it('each of the six prints on A4 within its pages, no heading ends a page, no signature block is split', async () => {
    const admin = await signedInPage(app, 'hs_admin')
    await admin.goto(`${postUrl}/notice`)
    await admin.locator('.a4 ol.duty-items > li').nth(14).waitFor()
    const notice = await checkPrint(admin, 'notice', 1)
    expect.soft(notice.pages).toBe(1)
    expect(notice.text[0]!.join('\n')).toContain('审批签字')

    await admin.goto(acknowledgementUrl)
    await checkPrint(admin, 'acknowledgement', 1)

    await admin.goto(selfCheckUrl)
    await checkPrint(admin, 'self-check', 3)

    await admin.goto(reportUrl)
    await checkPrint(admin, 'report', 3)

    await nav(admin, '检查整改').click()
    await admin.locator('table.data', { hasText: '检查时间' }).locator('tbody a').first().click()
    await admin.getByRole('heading', { name: '安全生产监督检查记录' }).waitFor()
    await checkPrint(admin, 'inspection', 2)

    await nav(admin, '检查整改').click()
    await admin.locator('table.data', { hasText: '整改期限' }).locator('tbody a').first().click()
    await admin.getByRole('heading', { name: '责令限期整改指令书' }).waitFor()
    await checkPrint(admin, 'order', 2)
    await admin.context().close()
    console.log(`printed to ${dir}`)
  })
})
