import { describe, expect, it } from 'vitest'
import { newRosterSeen, resolveUnit, validateRoster, type RosterContext } from '../../app/modules/org/roster-rules'

const units = [
  { id: 'co', name: '晋中市华晟化工有限公司', path: '晋中市华晟化工有限公司', isRoot: true },
  { id: 'ws', name: '合成车间', path: '合成车间', isRoot: false },
  { id: 'sec', name: '加氢工段', path: '合成车间 / 加氢工段', isRoot: false },
  { id: 't1', name: '一班', path: '合成车间 / 加氢工段 / 一班', isRoot: false },
  { id: 'st', name: '储运车间', path: '储运车间', isRoot: false },
  { id: 't2', name: '一班', path: '储运车间 / 一班', isRoot: false },
]

describe('部门 as people write it', () => {
  it('by name, by path with any separator, with or without the company in front', () => {
    expect(resolveUnit('合成车间', units)).toMatchObject({ id: 'ws' })
    expect(resolveUnit('合成车间/加氢工段/一班', units)).toMatchObject({ id: 't1' })
    expect(resolveUnit('合成车间／加氢工段＞一班', units)).toMatchObject({ id: 't1' })
    expect(resolveUnit('加氢工段/一班', units)).toMatchObject({ id: 't1' })
    expect(resolveUnit('晋中市华晟化工有限公司/储运车间/一班', units)).toMatchObject({ id: 't2' })
    expect(resolveUnit('晋中市华晟化工有限公司', units)).toMatchObject({ id: 'co' })
  })
  it('a name shared by two units asks for the path', () => {
    expect(resolveUnit('一班', units)).toEqual({ error: '部门「一班」有重名，请写完整路径，如：合成车间 / 加氢工段 / 一班' })
  })
})

describe('roster rows', () => {
  const ctx: RosterContext = {
    units,
    posts: new Map([
      [
        't1',
        new Map([
          ['操作工（加氢）', 'p1'],
          ['班长', 'p2'],
        ]),
      ],
    ]),
    existingEmployeeNos: new Set(['HS001']),
    existingPhones: new Set(['13900000000']),
    today: '2026-11-23',
  }
  const row = (n: number, cells: Record<string, unknown>) => ({
    rowNumber: n,
    cells: {
      name: '张三',
      employeeNo: `X${n}`,
      phone: `1380000000${n}`,
      unit: '加氢工段/一班',
      posts: '操作工(加氢)',
      hiredOn: '2024/3/5',
      ...cells,
    },
  })

  it('reads a good row, half-width brackets matching the post’s full-width ones, two posts in one cell', () => {
    const { valid, problems } = validateRoster([row(2, { posts: '操作工(加氢)、班长' })], ctx)
    expect(problems).toEqual([])
    expect(valid[0]).toMatchObject({ postIds: ['p1', 'p2'], employmentType: '正式', hiredOn: '2024-03-05', startOn: '2024-03-05' })
  })
  it('a hire date in the future is refused', () => {
    expect(validateRoster([row(2, { hiredOn: '2027-01-01' })], ctx).problems).toEqual([
      { row: 2, column: '入职日期', message: '入职日期不能晚于今天' },
    ])
  })
})

describe('a roster read a chunk at a time (issue 17)', () => {
  const ctx: RosterContext = {
    units,
    posts: new Map([['t1', new Map([['操作工（加氢）', 'p1']])]]),
    existingEmployeeNos: new Set(['HS001']),
    existingPhones: new Set(['13900000000']),
    existingIdCards: new Map([['11010519491231002X', 'HS001']]),
    today: '2026-11-23',
  }
  const row = (n: number, cells: Record<string, unknown> = {}) => ({
    rowNumber: n,
    cells: {
      name: '张三',
      employeeNo: `X${n}`,
      phone: `1380000${String(n).padStart(4, '0')}`,
      unit: '加氢工段/一班',
      posts: '操作工(加氢)',
      hiredOn: '2024/3/5',
      ...cells,
    },
  })

  it('finds a 工号, 手机号 or 身份证号 repeated in a later chunk, naming the first row', () => {
    const seen = newRosterSeen()
    const first = validateRoster([row(2, { idCard: '110105198001010016' }), row(3)], ctx, seen)
    expect(first.problems).toEqual([])
    expect(first.valid.map((r) => r.row)).toEqual([2, 3])
    const second = validateRoster(
      [row(1002, { employeeNo: 'X2' }), row(1003, { phone: '13800000003' }), row(1004, { idCard: '110105198001010016' })],
      ctx,
      seen,
    )
    expect(second.problems.map((p) => `${p.row}|${p.column}|${p.message}`)).toEqual([
      '1002|工号|工号 X2 与第 2 行重复（一人多岗请在同一行的岗位栏用“、”分隔）',
      '1003|手机号|手机号 13800000003 与第 3 行重复',
      '1004|身份证号|身份证号与第 2 行重复',
    ])
    expect(second.valid).toEqual([])
  })

  it('refuses a 身份证号 already on the roster under another 工号, masked in the message', () => {
    const { problems } = validateRoster([row(2, { idCard: '11010519491231002x' })], ctx)
    expect(problems).toEqual([{ row: 2, column: '身份证号', message: '身份证号 110105********002X 已登记在本企业工号 HS001 名下' }])
  })
})
