import { describe, expect, it } from 'vitest'
import { canOpenOrderHazards } from '../../app/modules/hazards/policy'
import { orderDeadlineProblem, orderItemHazardLabel } from '../../app/modules/hazards/rules'

describe('rectification order items → hazards (one closed loop)', () => {
  it('only the issuing department opens the hazards of its order', () => {
    const regulator = { role: 'regulator' as const, userId: 'u1', departmentId: 'd1' }
    expect(canOpenOrderHazards(regulator, 'd1')).toEqual({ ok: true })
    expect(canOpenOrderHazards(regulator, 'd2').ok).toBe(false)
    expect(canOpenOrderHazards({ role: 'enterprise_admin', userId: 'u2', departmentId: null }, 'd1').ok).toBe(false)
    expect(canOpenOrderHazards({ role: 'regulator', userId: 'u3', departmentId: null }, 'd1').ok).toBe(false)
  })

  it("the department's deadline is the outer limit of the enterprise's 整改期限", () => {
    expect(orderDeadlineProblem('2026-12-10', '2026-12-10')).toBeNull()
    expect(orderDeadlineProblem('2026-12-09', '2026-12-10')).toBeNull()
    expect(orderDeadlineProblem('2026-12-11', '2026-12-10')).toBe('整改期限不能晚于监管部门责令的期限（2026-12-10）')
    expect(orderDeadlineProblem('2027-06-30', null)).toBeNull()
  })

  it('an item reads its hazard as 隐患第N号 with its state, and the Shanghai day it was 销号', () => {
    expect(orderItemHazardLabel({ no: 7, status: 'rectifying', closedAt: null })).toBe('隐患第7号 · 整改中')
    // 2026-12-03 17:30 UTC is already 4 December in Shanghai
    expect(orderItemHazardLabel({ no: 7, status: 'closed', closedAt: '2026-12-03T17:30:00.000Z' })).toBe('隐患第7号 · 已销号（2026-12-04）')
  })
})
