import { existsSync, readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from './harness'
import { startServer, type RunningServer } from './server'

// A 60 MB upload to the built server, streamed the way a client sends it: the refusal arrives before
// the body has been sent (from Content-Length at once; without it, once 20 MB have streamed in), in
// under a second on loopback, while the server's memory never grows by the file's size, and nothing
// is written.

const FILE_BYTES = 60 * 1024 * 1024
const CHUNK = Buffer.alloc(64 * 1024, 0x41)
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

let server: RunningServer
let cookie = ''
let employeeId = ''

beforeAll(async () => {
  server = await startServer()
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: new URLSearchParams({ identifier: 'hs_admin', password: DEMO_PASSWORD, redirectTo: '' }),
  })
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  expect(cookie).toContain('=')
  const page = await (await fetch(`${server.url}/enterprise/certificates`, { headers: { cookie } })).text()
  employeeId = /<option value="([0-9a-f-]{36})">孙鹏/.exec(page)![1]!
}, 180_000)
afterAll(async () => {
  await server?.stop()
}, 60_000)

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024

interface Outcome {
  status: number
  body: string
  /** from the first byte sent to the response's headers */
  ms: number
  /** what the client had handed to the socket when the answer came */
  sentBytes: number
  /** the server's resident memory at its highest during the upload, above what it was before */
  rssGrowth: number
}

/** POSTs the certificate form with a 60 MB "scan", streamed in 64 KB chunks, and stops sending once answered. */
function uploadHuge(withLength: boolean): Promise<Outcome> {
  const boundary = '----azt' + Date.now()
  const fields = {
    employeeId,
    kind: '特种作业操作证（危险化学品安全作业·加氢工艺作业）',
    number: 'T140702198805101078',
    authority: '山西省应急管理厅',
    issuedOn: '2024-03-05',
    expiresOn: '2030-03-05',
    reviewDueOn: '',
  }
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="scan"; filename="证书扫描.png"\r\nContent-Type: image/png\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  const total = head.length + FILE_BYTES + tail.length
  const url = new URL('/enterprise/certificates', server.url)
  const baseline = rssOf(server.pid)
  let peak = baseline
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(server.pid))
  }, 10)
  return new Promise((resolve, reject) => {
    const started = performance.now()
    let sent = 0
    let answered = false
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie,
        origin: server.url,
        ...(withLength ? { 'content-length': String(total) } : { 'transfer-encoding': 'chunked' }),
      },
    })
    req.on('response', (res) => {
      answered = true
      const ms = performance.now() - started
      const sentBytes = sent
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        clearInterval(sampler)
        peak = Math.max(peak, rssOf(server.pid))
        req.destroy()
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), ms, sentBytes, rssGrowth: peak - baseline })
      })
    })
    req.on('error', (e) => {
      clearInterval(sampler)
      if (!answered) reject(e)
    })
    const write = (buf: Buffer) => {
      sent += buf.length
      return req.write(buf)
    }
    void (async () => {
      write(head)
      // A server that refuses on the headers alone answers at once and closes: a client that kept
      // writing meanwhile would see EPIPE before it read the answer. Give the answer a moment first.
      for (let waited = 0; waited < 500 && !answered; waited += 10) await new Promise((r) => setTimeout(r, 10))
      if (answered || req.destroyed) return
      write(PNG_HEAD)
      let body = PNG_HEAD.length
      while (body < FILE_BYTES && !answered && !req.destroyed) {
        const piece = CHUNK.subarray(0, Math.min(CHUNK.length, FILE_BYTES - body))
        body += piece.length
        if (!write(piece))
          await new Promise<void>((r) => {
            const done = () => {
              req.off('drain', done).off('close', done)
              r()
            }
            req.on('drain', done).on('close', done)
          })
      }
      if (!answered && !req.destroyed) req.end(tail)
    })()
  })
}

const storedFiles = () =>
  existsSync(server.evidenceDir) ? readdirSync(server.evidenceDir, { recursive: true }).filter((f) => String(f).includes('/')).length : 0

describe('a 60 MB upload is refused while it streams in', () => {
  it('with Content-Length: refused before reading, under 1 s, memory flat, nothing written', async () => {
    const r = await uploadHuge(true)
    console.log(
      `Content-Length 60 MB: answered in ${r.ms.toFixed(0)} ms after ${(r.sentBytes / 1048576).toFixed(1)} MB sent; server RSS +${(r.rssGrowth / 1048576).toFixed(1)} MB`,
    )
    expect(r.status).toBe(400)
    expect(r.body).toContain('超过上限（每个文件不超过 20 MB），未接收')
    expect(r.ms).toBeLessThan(1000)
    expect(r.sentBytes).toBeLessThan(FILE_BYTES)
    expect(r.rssGrowth).toBeLessThan(15 * 1024 * 1024)
    expect(storedFiles()).toBe(0)
  })

  // A browser always declares the length of a form it sends. A body without one could hide anything
  // the parser buffers before a file's bytes are counted (a part header that never ends, thousands of
  // empty parts), so the server refuses it before reading (app/server-guards.mjs checkRequestBody).
  it('without Content-Length (chunked): refused before anything is read, memory flat, nothing written', async () => {
    const r = await uploadHuge(false)
    console.log(
      `chunked 60 MB: answered in ${r.ms.toFixed(0)} ms after ${(r.sentBytes / 1048576).toFixed(1)} MB sent; server RSS +${(r.rssGrowth / 1048576).toFixed(1)} MB`,
    )
    expect(r.status).toBe(411)
    expect(r.body).toContain('请求缺少长度（Content-Length），未接收')
    expect(r.ms).toBeLessThan(1000)
    expect(r.sentBytes).toBeLessThan(FILE_BYTES)
    expect(r.rssGrowth).toBeLessThan(45 * 1024 * 1024)
    expect(storedFiles()).toBe(0)
  })

  it('the server still answers afterwards, and no certificate was recorded', async () => {
    const page = await (await fetch(`${server.url}/enterprise/certificates`, { headers: { cookie } })).text()
    // the demo's certificates are listed; the refused uploads' certificate is not among them
    expect(page).toContain('证书台账')
    expect(page).not.toContain('T140702198805101078')
  })
})
