import { describe, expect, it } from 'vitest'
import { deriveDrills, deriveDutyLists, deriveOrganisation, deriveTraining, itemWarning } from '../../app/modules/obligations/rules'

describe('derived item states', () => {
  it('item 1 from published lists and confirmations', () => {
    const t = { targetsIssued: 15, targetsSigned: 15, year: 2026 }
    expect(deriveDutyLists({ posts: 12, published: 0, requiring: 0, confirmed: 0, overdue: 0, ...t }).status).toBe('未落实')
    expect(deriveDutyLists({ posts: 12, published: 12, requiring: 15, confirmed: 10, overdue: 0, ...t }).status).toBe('已落实')
    const partial = deriveDutyLists({ posts: 12, published: 12, requiring: 15, confirmed: 10, overdue: 2, ...t })
    expect(partial).toMatchObject({ status: '部分落实', explanation: '2 人逾期未确认' })
    expect(deriveDutyLists({ posts: 12, published: 3, requiring: 4, confirmed: 4, overdue: 0, ...t }).explanation).toBe(
      '9 个岗位未发布清单',
    )
    expect(
      deriveDutyLists({ posts: 12, published: 12, requiring: 4, confirmed: 4, overdue: 0, targetsIssued: 0, targetsSigned: 0, year: 2026 }),
    ).toMatchObject({
      status: '部分落实',
      explanation: '2026年目标责任书未签订',
    })
  })
  it('item 6 from hours and certificates', () => {
    expect(deriveTraining({ workers: 10, short: 0, missingCertificates: 0, expiredCertificates: 0 }).status).toBe('已落实')
    expect(deriveTraining({ workers: 10, short: 10, missingCertificates: 0, expiredCertificates: 0 }).status).toBe('未落实')
    expect(deriveTraining({ workers: 10, short: 0, missingCertificates: 1, expiredCertificates: 0 })).toMatchObject({
      status: '部分落实',
      explanation: '1 人缺证',
    })
  })
  it('item 12 from plans and drill frequency', () => {
    expect(deriveDrills({ plans: 0, overdueRequirements: [], neverDrilledPlans: [] }).status).toBe('未落实')
    expect(deriveDrills({ plans: 2, overdueRequirements: ['现场处置方案演练'], neverDrilledPlans: [] })).toMatchObject({
      status: '部分落实',
      explanation: '逾期：现场处置方案演练',
    })
    expect(deriveDrills({ plans: 2, overdueRequirements: [], neverDrilledPlans: [] }).status).toBe('已落实')
  })
  it('a declared 已落实 contradicted by the records, or with no evidence, is flagged', () => {
    const derived = deriveDrills({ plans: 1, overdueRequirements: ['现场处置方案演练'], neverDrilledPlans: [] })
    expect(itemWarning('已落实', derived, 3)).toBe('声明“已落实”，但记录显示部分落实：逾期：现场处置方案演练')
    expect(itemWarning('已落实', null, 0)).toBe('声明“已落实”，但没有任何佐证资料')
    expect(itemWarning('已落实', null, 1)).toBeNull()
    expect(itemWarning('部分落实', derived, 0)).toBeNull()
  })
})

describe('item 2', () => {
  it('from safety staff and this quarter’s 安委会 meetings', () => {
    expect(deriveOrganisation({ safetyStaff: 2, meetingsThisQuarter: 1, quarterLabel: 'Q' }).status).toBe('已落实')
    expect(deriveOrganisation({ safetyStaff: 2, meetingsThisQuarter: 0, quarterLabel: 'Q' })).toMatchObject({
      status: '部分落实',
      explanation: '本季度尚未召开安委会',
    })
    expect(deriveOrganisation({ safetyStaff: 0, meetingsThisQuarter: 0, quarterLabel: 'Q' }).status).toBe('未落实')
  })
})
