import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as certAction, loader as certLoader } from '../../app/routes/enterprise.certificates'
import { action as sessionUpload, loader as sessionLoader } from '../../app/routes/enterprise.training.$id'
import { action as commitAction, loader as previewLoader } from '../../app/routes/enterprise.training.import.$batchId'
import { action as trainingAction, loader as trainingLoader } from '../../app/routes/enterprise.training._index'
import { todayInShanghai } from '../../app/utils/dates'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, ORIGIN, post, run, statusOf } from './requests'

let t: TestDatabase
let admin: string
let other: string
let sessionId: string
beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
  other = await cookieFor(t.db, 'jj_admin')
})
afterAll(() => t.destroy())

const fixture = (name: string) => readFileSync(path.join(__dirname, '..', 'fixtures', name))
function upload(bytes: Buffer, cookie = admin) {
  const form = new FormData()
  form.append('file', new File([new Uint8Array(bytes)], 'sheet.xlsx'))
  return new Request(`${ORIGIN}/x`, { method: 'POST', headers: { host: 'localhost:3000', origin: ORIGIN, cookie }, body: form })
}
const hoursOf = async (no: string) =>
  dataOf<any>(await run(trainingLoader, get(`/enterprise/training?year=2026&q=${no}&size=100`, admin))).hours.page.rows.find(
    (r: any) => r.employeeNo === no,
  )

describe('training sessions, sign-in sheet import and hours', () => {
  it('refuses a 三级教育 session without a level and a held session in the future', async () => {
    const res = await run(
      trainingAction,
      post(
        '/x',
        {
          topic: '新员工厂级安全教育',
          kind: '岗前三级教育',
          level: '',
          status: 'held',
          heldOn: '2099-01-01',
          hours: '8',
          trainer: '刘晓东',
          place: '培训室',
          assessment: '',
        },
        admin,
      ),
    )
    expect(dataOf<any>(res).fieldErrors).toMatchObject({
      level: expect.stringMatching(/请选择级别/),
      heldOn: expect.stringMatching(/不能晚于今天/),
    })
  })

  it('imports attendance all-or-nothing, and credits hours only to those who passed', async () => {
    const res = (await run(
      trainingAction,
      post(
        '/x',
        {
          topic: '危险化学品泄漏应急处置',
          kind: '年度再培训',
          level: '',
          status: 'held',
          heldOn: '2026-11-20',
          hours: '6',
          trainer: '刘晓东',
          place: '三楼培训室',
          assessment: '闭卷考试',
        },
        admin,
      ),
    )) as Response
    sessionId = res.headers.get('location')!.split('/').pop()!.split('?')[0]!
    const before = await hoursOf('HS009')
    const before015 = await hoursOf('HS015')

    const bad = (await run(sessionUpload, upload(fixture('attendance-bad.xlsx')), { id: sessionId })) as Response
    const badId = bad.headers.get('location')!.split('/').pop()!
    const badBatch = dataOf<any>(await run(previewLoader, get('/x', admin), { batchId: badId }))
    expect(badBatch.problems.map((p: any) => `${p.row}|${p.column}|${p.message}`)).toEqual([
      '2|考核结果|考核结果“优秀”应为 合格 或 不合格',
      '3|姓名|工号 HS010 在花名册中是“马俊杰”，与“张冒名”不符',
      '4|工号|花名册中没有工号 HS999',
    ])
    expect(statusOf(await run(commitAction, post('/x', {}, admin), { batchId: badId }))).toBe(400)

    const good = (await run(sessionUpload, upload(fixture('attendance-signin.xlsx')), { id: sessionId })) as Response
    const goodId = good.headers.get('location')!.split('/').pop()!
    expect(dataOf<any>(await run(previewLoader, get('/x', admin), { batchId: goodId })).problems).toEqual([])
    expect(statusOf(await run(commitAction, post('/x', {}, admin), { batchId: goodId }))).toBe(302)
    const session = dataOf<any>(await run(sessionLoader, get('/x', admin), { id: sessionId }))
    expect(session.session.attendees.map((a: any) => [a.employee_no, a.result])).toEqual([
      ['HS009', '合格'],
      ['HS010', '合格'],
      ['HS015', '不合格'],
    ])
    expect((await hoursOf('HS009')).achieved).toBe(before.achieved + 6)
    expect((await hoursOf('HS015')).achieved).toBe(before015.achieved) // 不合格: no hours
    expect((await hoursOf('HS009')).required).toBe(20) // high-risk industry: 20 hours a year
  })

  it('another enterprise cannot see or import into the session', async () => {
    expect(statusOf(await run(sessionLoader, get('/x', other), { id: sessionId }))).toBe(404)
    expect(statusOf(await run(sessionUpload, upload(fixture('attendance-signin.xlsx'), other), { id: sessionId }))).toBe(404)
  })
})

describe('certificates', () => {
  beforeAll(async () => {
    // the demo's history registered 孙鹏's certificate: he starts without one here
    const e = await t.owner.selectFrom('employees').select('id').where('employee_no', '=', 'HS009').executeTakeFirstOrThrow()
    await t.owner.deleteFrom('certificates').where('employee_id', '=', e.id).execute()
  })

  it('lists workers on posts that require a certificate they lack, and clears them once registered', async () => {
    const year = Number(todayInShanghai().slice(0, 4))
    const before = dataOf<any>(await run(certLoader, get('/enterprise/certificates', admin)))
    const gap = before.missing.find((m: any) => m.employeeNo === 'HS009')
    expect(gap).toMatchObject({ problem: '未持证' })
    const employee = await t.db.selectFrom('employees').select('id').where('employee_no', '=', 'HS009').executeTakeFirstOrThrow()
    const bad = await run(
      certAction,
      post(
        '/x',
        {
          employeeId: employee.id,
          kind: gap.kind,
          number: 'T1407',
          authority: '晋中市应急管理局',
          issuedOn: '2024-01-01',
          expiresOn: '2023-01-01',
          reviewDueOn: '',
        },
        admin,
      ),
    )
    expect(dataOf<any>(bad).fieldErrors).toEqual({ expiresOn: '有效期至应晚于发证日期' })
    expect(
      statusOf(
        await run(
          certAction,
          post(
            '/x',
            {
              employeeId: employee.id,
              kind: gap.kind,
              number: 'T140702',
              authority: '晋中市应急管理局',
              // from the tests' year, so the 复审 is still ahead whatever the clock says
              issuedOn: `${year - 1}-01-01`,
              expiresOn: `${year + 5}-01-01`,
              reviewDueOn: `${year + 2}-01-01`,
            },
            admin,
          ),
        ),
      ),
    ).toBe(302)
    const after = dataOf<any>(await run(certLoader, get('/enterprise/certificates', admin)))
    expect(after.missing.some((m: any) => m.employeeNo === 'HS009' && m.kind === gap.kind)).toBe(false)
    expect(after.certificates.find((c: any) => c.number === 'T140702')).toMatchObject({ number: 'T140702', state: 'valid' })
  })
})
