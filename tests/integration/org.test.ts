import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as unitEditAction } from '../../app/routes/enterprise.org.$unitId'
import { action as orgAction, loader as orgLoader } from '../../app/routes/enterprise.org._index'
import { action as postAction, loader as postLoader } from '../../app/routes/enterprise.posts.$postId._index'
import { action as employeeAction, loader as employeeLoader } from '../../app/routes/enterprise.roster.$employeeId'
import { action as newEmployeeAction } from '../../app/routes/enterprise.roster.new'
import { createTestDatabase, type TestDatabase } from './helpers'
import { cookieFor, dataOf, get, post, run, statusOf } from './requests'

let t: TestDatabase
const c: Record<string, string> = {}
const ids: Record<string, string> = {}
beforeAll(async () => {
  t = await createTestDatabase()
  for (const who of ['hs_admin', 'hs_head', 'jj_admin']) c[who] = await cookieFor(t.db, who)
  const hs = await t.db.selectFrom('enterprises').select('id').where('name', '=', '晋中市华晟化工有限公司').executeTakeFirstOrThrow()
  for (const u of await t.db.selectFrom('org_units').select(['id', 'name']).where('enterprise_id', '=', hs.id).execute()) ids[u.name] = u.id
  for (const p of await t.db.selectFrom('posts').select(['id', 'name']).where('enterprise_id', '=', hs.id).execute()) ids[p.name] = p.id
})
afterAll(() => t.destroy())

describe('org units', () => {
  it('adds a unit with its 分管负责人, which then approves the unit’s lists', async () => {
    const res = await run(
      orgAction,
      post(
        '/enterprise/org',
        { name: '质检中心', kind: '部门', parentId: ids['晋中市华晟化工有限公司']!, supervisorPostId: ids['分管生产技术副总经理']! },
        c.hs_admin,
      ),
    )
    expect(statusOf(res)).toBe(302)
    const tree = dataOf<any>(await run(orgLoader, get('/enterprise/org', c.hs_head)))
    expect(tree.units.find((u: any) => u.name === '质检中心')).toMatchObject({
      kind: '部门',
      depth: 1,
      supervisorName: '分管生产技术副总经理',
    })
  })

  it('refuses a duplicate name, a tier-1 post as 分管负责人 and a unit of another enterprise as parent', async () => {
    const other = await t.db.selectFrom('org_units').select('id').where('name', '=', '安全生产管理部').executeTakeFirstOrThrow()
    const res = await run(
      orgAction,
      post(
        '/enterprise/org',
        { name: '安全环保部', kind: '部门', parentId: ids['晋中市华晟化工有限公司']!, supervisorPostId: ids['总经理']! },
        c.hs_admin,
      ),
    )
    expect(dataOf<any>(res).fieldErrors).toEqual({
      name: '同一上级下已有同名机构',
      supervisorPostId: '分管负责人应为第2级（其他负责人）岗位',
    })
    const foreign = await run(orgAction, post('/enterprise/org', { name: '外来部门', kind: '部门', parentId: other.id }, c.hs_admin))
    expect(dataOf<any>(foreign).fieldErrors.parentId).toBe('请选择本企业的上级机构')
    expect(statusOf(await run(orgAction, post('/enterprise/org', { name: 'x', kind: '部门', parentId: other.id }, c.hs_head)))).toBe(403)
  })

  it('never moves a unit under itself or its own subunit', async () => {
    const res = await run(unitEditAction, post('/x', { name: '合成车间', kind: '车间', parentId: ids['加氢一班']! }, c.hs_admin), {
      unitId: ids['合成车间']!,
    })
    expect(dataOf<any>(res).fieldErrors.parentId).toBe('不能把机构移到它自己或它的下级之下')
  })
})

describe('employees and assignments', () => {
  let employeeId = ''
  it('adds an employee, with checks beside each field', async () => {
    const bad = await run(
      newEmployeeAction,
      post(
        '/enterprise/roster/new',
        {
          name: '周',
          employeeNo: 'HS001',
          phone: '17735418902',
          employmentType: '临时',
          hiredOn: '2099-01-01',
          idCard: '110105194912310021',
        },
        c.hs_admin,
      ),
    )
    expect(statusOf(bad)).toBe(400)
    expect(dataOf<any>(bad).fieldErrors).toEqual({
      name: '请填写姓名',
      employmentType: '请选择用工形式',
      idCard: '身份证号校验位不正确，请核对',
    })
    const dup = await run(
      newEmployeeAction,
      post(
        '/enterprise/roster/new',
        { name: '周平', employeeNo: 'hs001', phone: '177 3541 8902', employmentType: '正式', hiredOn: '2099-01-01', idCard: '' },
        c.hs_admin,
      ),
    )
    expect(dataOf<any>(dup).fieldErrors).toEqual({
      employeeNo: '该工号已被本企业其他职工使用',
      phone: '该手机号已被本企业其他职工使用',
      hiredOn: '入职日期不能晚于今天',
    })
    const ok = (await run(
      newEmployeeAction,
      post(
        '/enterprise/roster/new',
        {
          name: '周平',
          employeeNo: 'HS900',
          phone: '13900009000',
          employmentType: '实习',
          hiredOn: '2026-09-01',
          idCard: '11010519491231002x',
        },
        c.hs_admin,
      ),
    )) as Response
    expect(ok.status).toBe(302)
    employeeId = ok.headers.get('location')!.split('/').pop()!.split('?')[0]!
  })

  it('shows the ID number masked, never in full, and keeps it when the field is left blank', async () => {
    const d = dataOf<any>(await run(employeeLoader, get('/x', c.hs_admin), { employeeId }))
    expect(d.employee.idCardMasked).toBe('110105********002X')
    expect(JSON.stringify(d)).not.toContain('11010519491231002X')
    const res = await run(
      employeeAction,
      post(
        '/x',
        {
          intent: 'update',
          name: '周平',
          employeeNo: 'HS900',
          phone: '13900009001',
          employmentType: '实习',
          hiredOn: '2026-09-01',
          idCard: '',
        },
        c.hs_admin,
      ),
      { employeeId },
    )
    expect(statusOf(res)).toBe(302)
    const row = await t.db.selectFrom('employees').select(['phone', 'id_card']).where('id', '=', employeeId).executeTakeFirstOrThrow()
    expect(row).toEqual({ phone: '13900009001', id_card: '11010519491231002X' })
  })

  it('assigns a post, refuses a start before hiring or a second concurrent assignment, and ends it', async () => {
    const early = await run(employeeAction, post('/x', { intent: 'assign', postId: ids['仪表工']!, startOn: '2026-01-01' }, c.hs_admin), {
      employeeId,
    })
    expect(dataOf<any>(early).fieldErrors).toEqual({ startOn: '任职日期不能早于入职日期' })
    expect(
      statusOf(
        await run(employeeAction, post('/x', { intent: 'assign', postId: ids['仪表工']!, startOn: '2026-09-01' }, c.hs_admin), {
          employeeId,
        }),
      ),
    ).toBe(302)
    const again = await run(employeeAction, post('/x', { intent: 'assign', postId: ids['仪表工']!, startOn: '2026-10-01' }, c.hs_admin), {
      employeeId,
    })
    expect(dataOf<any>(again).fieldErrors).toEqual({ postId: '该职工已在此岗位任职' })
    const d = dataOf<any>(await run(employeeLoader, get('/x', c.hs_admin), { employeeId }))
    const assignmentId = d.employee.assignments[0].id
    const before = await run(employeeAction, post('/x', { intent: 'end', assignmentId, endOn: '2026-08-01' }, c.hs_admin), {
      employeeId,
    })
    expect(dataOf<any>(before).fieldErrors).toEqual({ endOn: '离岗日期不能早于任职日期' })
    expect(
      statusOf(await run(employeeAction, post('/x', { intent: 'end', assignmentId, endOn: '2026-10-31' }, c.hs_admin), { employeeId })),
    ).toBe(302)
    const after = await t.db.selectFrom('assignments').select('end_on').where('id', '=', assignmentId).executeTakeFirstOrThrow()
    expect(after.end_on).toBe('2026-10-31')
  })

  it('another enterprise’s admin gets a 404 for the employee', async () => {
    expect(statusOf(await run(employeeLoader, get('/x', c.jj_admin), { employeeId }))).toBe(404)
    expect(
      statusOf(
        await run(
          employeeAction,
          post('/x', { intent: 'end', assignmentId: '00000000-0000-4000-8000-000000000000', endOn: '2026-10-31' }, c.jj_admin),
          { employeeId },
        ),
      ),
    ).toBe(404)
  })
})

describe('post attributes', () => {
  it('edits a post and refuses 分管安全 on a non-tier-2 post', async () => {
    const postId = ids['仪表工']!
    const bad = await run(
      postAction,
      post(
        '/x',
        { intent: 'post', name: '仪表工', unitId: ids['合成车间']!, tier: '5', inChargeOfSafety: 'on', requiredCertificates: '' },
        c.hs_admin,
      ),
      { postId },
    )
    expect(dataOf<any>(bad).fieldErrors).toEqual({ inChargeOfSafety: '“分管安全”只适用于第2级其他负责人' })
    // certificates come from the catalogue, or as "其他：名称"; free text is refused beside its picker
    const free = await run(
      postAction,
      post(
        '/x',
        {
          intent: 'post',
          name: '仪表维修工',
          unitId: ids['合成车间']!,
          tier: '5',
          'requiredCertificates.0': '特种作业操作证（电工作业·低压电工作业）',
          'requiredCertificates.1': '仪表维修工证',
        },
        c.hs_admin,
      ),
      { postId },
    )
    expect(statusOf(free)).toBe(400)
    expect(dataOf<any>(free).fieldErrors).toEqual({ 'requiredCertificates.1': '请从证书目录中选择；目录中没有的，请填写“其他：证书名称”' })
    expect(dataOf<any>(free).postValues['requiredCertificates.1']).toBe('仪表维修工证')
    const ok = await run(
      postAction,
      post(
        '/x',
        {
          intent: 'post',
          name: '仪表维修工',
          unitId: ids['合成车间']!,
          tier: '5',
          'requiredCertificates.0': '特种作业操作证(电工作业·低压电工作业)',
          'requiredCertificates.2': '其他：仪表维修工证',
        },
        c.hs_admin,
      ),
      { postId },
    )
    expect(statusOf(ok)).toBe(302)
    const d = dataOf<any>(await run(postLoader, get('/x', c.hs_admin), { postId }))
    expect(d.post).toMatchObject({
      name: '仪表维修工',
      requiredCertificates: ['特种作业操作证（电工作业·低压电工作业）', '其他：仪表维修工证'],
    })
  })
})
