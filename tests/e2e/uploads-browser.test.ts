import { describe, expect, it } from 'vitest'
import { signedInPage, useApp } from './harness'

// Issue 13 #4 in the browser: a file of the wrong type or over the limit is refused beside its own
// picker before anything is sent; an upload that takes more than a second shows its progress.
const app = useApp()
const pdf = (bytes: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes, 32), Buffer.from('\n%%EOF')])

describe('uploads in the browser', () => {
  it('refuses beside the picker before sending, and shows progress for a slow upload', async () => {
    const page = await signedInPage(app, 'hs_admin')
    await page.goto('/enterprise/training')
    await page.locator('input[name=topic]').fill('危险化学品泄漏应急处置')
    await page.locator('select[name=kind]').selectOption('年度再培训')
    await page.locator('input[name=heldOn]').fill('2026-11-20')
    await page.locator('input[name=hours]').fill('6')
    await page.locator('input[name=trainer]').fill('刘晓东')
    await page.locator('input[name=place]').fill('三楼培训室')
    await page.getByRole('button', { name: '保存，下一步登记参训人员' }).click()
    await page.waitForURL(/\/enterprise\/training\/[0-9a-f-]{36}/)
    await page.getByRole('heading', { name: '导入签到表' }).waitFor()
    const posts: string[] = []
    page.on('request', (r) => {
      if (r.method() === 'POST') posts.push(r.url())
    })
    const picker = page.getByLabel(/^资料文件/)
    const evidence = page.locator('section', { has: page.getByRole('heading', { name: '佐证资料' }) })

    await picker.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('这不是扫描件，只是一段文字') })
    await evidence.getByText('「说明.txt」不是此处可上传的文件类型').waitFor()
    await picker.setInputFiles({ name: '现场照片.pdf', mimeType: 'application/pdf', buffer: pdf(21 * 1024 * 1024) })
    await evidence.getByText('「现场照片.pdf」超过 20 MB，请压缩或拆分后再上传').waitFor()
    expect(await picker.evaluate((el: HTMLInputElement) => el.files?.length ?? 0)).toBe(0)
    expect(await page.getByText('「现场照片.pdf」超过 20 MB').count()).toBe(1) // beside the evidence picker only
    expect(posts).toEqual([])

    // 3 MB at 1 MB/s: the progress bar shows, then the file is listed
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 1024 * 1024,
    })
    await picker.setInputFiles({ name: '签到表扫描.pdf', mimeType: 'application/pdf', buffer: pdf(3 * 1024 * 1024) })
    await evidence.getByRole('button', { name: '上传' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: /正在上传 \d+%/ })
      .waitFor()
    await page.screenshot({ path: '/tmp/shots/upload-progress.png' })
    expect(Number(await page.getByLabel('上传进度').getAttribute('value'))).toBeLessThan(100)
    await evidence.getByRole('link', { name: '签到表扫描.pdf' }).waitFor({ timeout: 60_000 })
    expect(await page.locator('.upload-progress').count()).toBe(0)
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    await page.context().close()
  })
})
