import { applyPrivileges } from '../../db/privileges'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as catalogueMigration from '../../db/migrations/20261130140000_certificate_catalogue'
import { action as certAction, loader as certLoader } from '../../app/routes/enterprise.certificates'
import { action as newPostAction } from '../../app/routes/enterprise.posts.new'
import { createTestDatabase, type TestDatabase } from './helpers'
import { todayInShanghai } from '../../app/utils/dates'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

// The certificate catalogue end to end through the routes and the migration: picking from it, the
// kind's date rules with nothing written on a refusal, a requirement met by the catalogue item, and
// free text written before the catalogue matched where unambiguous and listed for the admin otherwise.

let t: TestDatabase
let admin: string
let sunpeng: string
const HYDRO = '特种作业操作证（危险化学品安全作业·加氢工艺作业）'

beforeAll(async () => {
  t = await createTestDatabase()
  admin = await cookieFor(t.db, 'hs_admin')
  sunpeng = (
    await t.db.selectFrom('employees').select('id').where('employee_no', '=', 'HS009').where('name', '=', '孙鹏').executeTakeFirstOrThrow()
  ).id
})
afterAll(async () => {
  await t.destroy()
})

const certificates = async () =>
  Number(
    (
      await t.db
        .selectFrom('certificates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
// Dates reckoned from the tests' clock (AZT_TEST_NOW), on 5 March so that no year lacks the day: issued
// last year, its 3-yearly 复审 and its 6-year validity well ahead of any "today".
const Y = Number(todayInShanghai().slice(0, 4))
const ISSUED = `${Y - 1}-03-05`
const REVIEW_DUE = `${Y + 2}-03-05`
const EXPIRES = `${Y + 5}-03-05`
const form = (over: Record<string, string> = {}) => ({
  employeeId: sunpeng,
  kind: HYDRO,
  number: 'T140702199001011234',
  authority: '山西省应急管理厅',
  issuedOn: ISSUED,
  expiresOn: EXPIRES,
  reviewDueOn: '',
  ...over,
})
const overview = async () => dataOf<any>(await run(certLoader, get('/enterprise/certificates', admin)))

describe('certificates pick from the catalogue', () => {
  beforeAll(async () => {
    // the demo's history gave the 加氢 operators their certificates: these two start without one
    const ids = await t.owner.selectFrom('employees').select('id').where('employee_no', 'in', ['HS009', 'HS010']).execute()
    await t.owner
      .deleteFrom('certificates')
      .where(
        'employee_id',
        'in',
        ids.map((e) => e.id),
      )
      .execute()
  })

  it('refuses bad values beside their fields, keeps the values and writes nothing', async () => {
    const before = await certificates()
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ expiresOn: '2044-03-05' }, { expiresOn: `特种作业操作证有效期6年，有效期至不能晚于${EXPIRES}` }],
      [{ issuedOn: '2099-01-01', expiresOn: '2100-01-01' }, { issuedOn: '发证日期不能晚于今天' }],
      [{ kind: '加氢工艺作业操作证' }, { kind: '请从证书目录中选择；目录中没有的，请填写“其他：证书名称”' }],
      [{ kind: '其他：' }, { kind: '请在“其他：”后填写证书名称' }],
      [{ reviewDueOn: `${Y + 6}-01-01` }, { reviewDueOn: '复审日期应在发证日期和有效期之间' }],
    ]
    for (const [over, errors] of cases) {
      const res = await run(certAction, post('/enterprise/certificates', form(over), admin))
      expect(statusOf(res)).toBe(400)
      expect(dataOf<any>(res).fieldErrors).toEqual(errors)
      expect(dataOf<any>(res).values).toMatchObject(over)
    }
    expect(await certificates()).toBe(before)
  })

  it('a post requiring 加氢工艺作业 is satisfied by a certificate of that catalogue item; the 复审 date is derived', async () => {
    const gap = (await overview()).missing.filter((m: any) => m.employeeNo === 'HS009')
    expect(gap).toEqual([expect.objectContaining({ kind: HYDRO, problem: '未持证' })])
    expect(
      statusOf(
        await run(certAction, post('/enterprise/certificates', form({ kind: '特种作业操作证(危险化学品安全作业·加氢工艺作业)' }), admin)),
      ),
    ).toBe(302)
    const row = await t.db
      .selectFrom('certificates')
      .select(['kind', 'catalogue_code', 'review_due_on'])
      .where('employee_id', '=', sunpeng)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ kind: HYDRO, catalogue_code: 'TZ-9.8', review_due_on: REVIEW_DUE })
    const after = await overview()
    expect(after.missing.some((m: any) => m.employeeNo === 'HS009')).toBe(false)
    expect(after.certificates.find((c: any) => c.employee_id === sunpeng)).toMatchObject({ state: 'valid', stateLabel: '有效' })
  })

  it('a certificate issued in the future (written before this rule) shows 未生效 and does not satisfy the post', async () => {
    const e = await t.db.selectFrom('employees').select('id').where('employee_no', '=', 'HS010').executeTakeFirstOrThrow()
    await t.db
      .insertInto('certificates')
      .values({
        enterprise_id: (await t.db.selectFrom('employees').select('enterprise_id').where('id', '=', e.id).executeTakeFirstOrThrow())
          .enterprise_id,
        employee_id: e.id,
        kind: HYDRO,
        catalogue_code: 'TZ-9.8',
        number: 'T-FUTURE',
        authority: '山西省应急管理厅',
        issued_on: '2099-01-01',
        expires_on: '2104-01-01',
        review_due_on: null,
        created_by: sunpeng,
      })
      .execute()
    const d = await overview()
    expect(d.certificates.find((c: any) => c.number === 'T-FUTURE')).toMatchObject({ state: 'not_yet', stateLabel: '未生效' })
    expect(d.missing.find((m: any) => m.employeeNo === 'HS010')).toMatchObject({ kind: HYDRO, problem: '证书未生效' })
  })

  it('a new post’s requirements come from the catalogue; free text is refused beside its picker, nothing written', async () => {
    const unitId = (await t.db.selectFrom('org_units').select('id').where('name', '=', '加氢工段').executeTakeFirstOrThrow()).id
    const posts = async () =>
      Number(
        (
          await t.db
            .selectFrom('posts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await posts()
    const bad = await run(
      newPostAction,
      post('/enterprise/posts/new', { name: '加氢装置外操', unitId, tier: '5', 'requiredCertificates.0': '加氢证' }, admin),
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<any>(bad).fieldErrors).toEqual({ 'requiredCertificates.0': '请从证书目录中选择；目录中没有的，请填写“其他：证书名称”' })
    expect(await posts()).toBe(before)
    expect(
      statusOf(
        await run(
          newPostAction,
          post('/enterprise/posts/new', { name: '加氢装置外操', unitId, tier: '5', 'requiredCertificates.0': HYDRO }, admin),
        ),
      ),
    ).toBe(302)
    expect(
      await t.db.selectFrom('posts').select('required_certificates').where('name', '=', '加氢装置外操').executeTakeFirstOrThrow(),
    ).toEqual({ required_certificates: [HYDRO] })
  })
})

describe('free text written before the catalogue', () => {
  it('is matched by the migration where unambiguous and listed for the admin to resolve where not', async () => {
    const enterpriseId = (await t.db.selectFrom('employees').select('enterprise_id').where('id', '=', sunpeng).executeTakeFirstOrThrow())
      .enterprise_id
    const welder = (await t.db.selectFrom('employees').select('id').where('employee_no', '=', 'HS010').executeTakeFirstOrThrow()).id
    const postId = (await t.db.selectFrom('posts').select('id').where('name', '=', '化工操作工（加氢）').executeTakeFirstOrThrow()).id
    // back to the schema before the catalogue, with what people had typed then
    // (as the schema's owner: the app's role may not run migrations or rewrite certificates)
    await catalogueMigration.down(t.owner)
    await sql`insert into certificates (enterprise_id, employee_id, kind, number, authority, issued_on, expires_on, created_by)
      values (${enterpriseId}, ${welder}, '加氢工艺作业操作证', 'T-OLD-1', '晋中市应急管理局', '2024-01-01', '2030-01-01', ${sunpeng}),
             (${enterpriseId}, ${welder}, '电工证', 'T-OLD-2', '晋中市应急管理局', '2024-01-01', '2030-01-01', ${sunpeng}),
             (${enterpriseId}, ${welder}, '焊工证', 'T-OLD-3', '晋中市应急管理局', '2024-01-01', '2044-01-01', ${sunpeng})`.execute(t.owner)
    await sql`update posts set required_certificates = array['加氢工艺操作证', '焊工证'] where id = ${postId}`.execute(t.owner)
    await catalogueMigration.up(t.owner)
    // as db:migrate does after migrating: the re-created catalogue table is granted to the app's role
    if (t.engine === 'pg') await applyPrivileges(t.owner)

    const old1 = await t.db
      .selectFrom('certificates')
      .select(['kind', 'catalogue_code'])
      .where('number', '=', 'T-OLD-1')
      .executeTakeFirstOrThrow()
    expect(old1).toEqual({ kind: HYDRO, catalogue_code: 'TZ-9.8' })
    const old2 = await t.db
      .selectFrom('certificates')
      .select(['kind', 'catalogue_code'])
      .where('number', '=', 'T-OLD-2')
      .executeTakeFirstOrThrow()
    expect(old2).toEqual({ kind: '电工证', catalogue_code: null })
    expect(
      (await t.db.selectFrom('posts').select('required_certificates').where('id', '=', postId).executeTakeFirstOrThrow())
        .required_certificates,
    ).toEqual([HYDRO, '焊工证'])
    // the certificates the migration re-created lost their catalogue link in down(): the demo's own are matched again by name
    expect(
      await t.db.selectFrom('certificates').select('catalogue_code').where('employee_id', '=', sunpeng).executeTakeFirstOrThrow(),
    ).toEqual({ catalogue_code: 'TZ-9.8' })

    const d = await overview()
    expect(d.unresolvedCertificates).toEqual([
      expect.objectContaining({ kind: '电工证', number: 'T-OLD-2' }),
      expect.objectContaining({ kind: '焊工证', number: 'T-OLD-3' }),
    ])
    expect(d.unresolvedRequirements).toEqual([{ postId, postName: '化工操作工（加氢）', kind: '焊工证' }])
    // the worker whose only certificate was not yet in force now holds the matched old one
    expect(d.missing.some((m: any) => m.employeeNo === 'HS010' && m.kind === HYDRO)).toBe(false)
  })

  it('the admin resolves them on the certificates page; a value outside the catalogue is refused beside its row', async () => {
    const [cert, twentyYears] = (await overview()).unresolvedCertificates
    // a 20-year card cannot become a 特种作业操作证 (6 years) by being filed under one
    const tooLong = await run(
      certAction,
      post(
        '/enterprise/certificates',
        { intent: 'resolve-certificate', certificateId: twentyYears.id, value: '特种作业操作证（焊接与热切割作业·熔化焊接与热切割作业）' },
        admin,
      ),
    )
    expect(statusOf(tooLong)).toBe(400)
    expect(dataOf<any>(tooLong).resolve.message).toMatch(/证书日期不符.*有效期6年/)
    const bad = await run(
      certAction,
      post('/enterprise/certificates', { intent: 'resolve-certificate', certificateId: cert.id, value: '电工' }, admin),
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<any>(bad).resolve).toEqual({
      target: `resolve-certificate:${cert.id}:`,
      message: '请从证书目录中选择；目录中没有的，请填写“其他：证书名称”',
    })
    expect(
      statusOf(
        await run(
          certAction,
          post(
            '/enterprise/certificates',
            { intent: 'resolve-certificate', certificateId: cert.id, value: '特种作业操作证（电工作业·低压电工作业）' },
            admin,
          ),
        ),
      ),
    ).toBe(302)
    const req = (await overview()).unresolvedRequirements[0]
    expect(
      statusOf(
        await run(
          certAction,
          post(
            '/enterprise/certificates',
            {
              intent: 'resolve-requirement',
              postId: req.postId,
              legacy: req.kind,
              value: '特种作业操作证（焊接与热切割作业·熔化焊接与热切割作业）',
            },
            admin,
          ),
        ),
      ),
    ).toBe(302)
    const d = await overview()
    expect(d.unresolvedCertificates).toEqual([expect.objectContaining({ number: 'T-OLD-3' })])
    expect(d.unresolvedRequirements).toEqual([])
    expect(
      await t.db.selectFrom('certificates').select(['kind', 'catalogue_code']).where('number', '=', 'T-OLD-2').executeTakeFirstOrThrow(),
    ).toEqual({ kind: '特种作业操作证（电工作业·低压电工作业）', catalogue_code: 'TZ-1.2' })
    // once filed, a certificate is not re-filed (an 电工 card does not become a 加氢 one)
    const again = await run(
      certAction,
      post('/enterprise/certificates', { intent: 'resolve-certificate', certificateId: cert.id, value: HYDRO }, admin),
    )
    expect(statusOf(again)).toBe(400)
    expect(dataOf<any>(again).resolve.message).toBe('该证书已归入证书目录，不能再改；如登记有误，请重新登记证书')
    expect(
      await t.db.selectFrom('certificates').select('catalogue_code').where('number', '=', 'T-OLD-2').executeTakeFirstOrThrow(),
    ).toEqual({ catalogue_code: 'TZ-1.2' })
  })
})
