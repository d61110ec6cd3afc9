import { describe, expect, it } from 'vitest'
import { canApproveStep, canWithdraw } from '../../app/modules/duties/policy'
import { canSignSelfCheck } from '../../app/modules/obligations/policy'
import { canSignReport, principalPost } from '../../app/modules/reports/policy'
import { canReviewOrder, canSignInspection } from '../../app/modules/supervision/policy'

// Who may sign is decided from the actor's current posts and tiers (DESIGN 3.0), one pure function each.

const gm = { postId: 'p1', postName: '总经理', tier: 1 }
const vp = { postId: 'p2', postName: '分管安全副总经理', tier: 2 }
const chief = { postId: 'p3', postName: '安全环保部部长', tier: 3 }

describe('the 主要负责人 signs reports, 自查 and inspection records', () => {
  for (const [name, rule] of [
    ['canSignReport', canSignReport],
    ['canSignSelfCheck', canSignSelfCheck],
    ['canSignInspection', canSignInspection],
  ] as const) {
    it(`${name}: a head holding a tier-1 post today may, with that post`, () => {
      expect(rule({ role: 'enterprise_head', posts: [vp, gm] })).toEqual({ ok: true, post: gm })
    })
    it(`${name}: a head holding only tier-2/3 posts may not (the 分管安全副总 is not the 主要负责人)`, () => {
      const d = rule({ role: 'enterprise_head', posts: [vp, chief] })
      expect(d.ok).toBe(false)
      expect(!d.ok && d.message).toMatch(/主要负责人/)
    })
    it(`${name}: a head with no current post may not`, () => {
      expect(rule({ role: 'enterprise_head', posts: [] }).ok).toBe(false)
    })
    it(`${name}: an admin or a worker holding a tier-1 post in the roster may not (role first)`, () => {
      expect(rule({ role: 'enterprise_admin', posts: [gm] }).ok).toBe(false)
      expect(rule({ role: 'worker', posts: [gm] }).ok).toBe(false)
      expect(rule({ role: 'regulator', posts: [gm] }).ok).toBe(false)
    })
  }
  it('principalPost picks the tier-1 post among several', () => {
    expect(principalPost('enterprise_head', [chief, gm, vp])).toEqual(gm)
    expect(principalPost('enterprise_head', [chief, vp])).toBeNull()
  })
})

describe('canApproveStep', () => {
  const step = { role: 'deputy' as const, postId: 'p2', postName: '分管安全副总经理' }
  it('the holder of the step’s post approves a submitted list', () => {
    expect(canApproveStep({ role: 'enterprise_head', heldPostIds: ['p2'], status: 'submitted', step })).toEqual({ ok: true })
  })
  it('a head at another step, even the 主要负责人, may not approve this one', () => {
    expect(canApproveStep({ role: 'enterprise_head', heldPostIds: ['p1'], status: 'submitted', step })).toEqual({
      ok: false,
      message: '当前应由「分管安全副总经理」审批，您不能审批这一步',
    })
  })
  it('nothing to approve on a draft, a published list or past the last step', () => {
    expect(canApproveStep({ role: 'enterprise_head', heldPostIds: ['p2'], status: 'draft', step })).toEqual({
      ok: false,
      message: '该清单不在审批中',
    })
    expect(canApproveStep({ role: 'enterprise_head', heldPostIds: ['p2'], status: 'published', step })).toEqual({
      ok: false,
      message: '该清单不在审批中',
    })
    expect(canApproveStep({ role: 'enterprise_head', heldPostIds: ['p2'], status: 'submitted', step: undefined })).toEqual({
      ok: false,
      message: '该清单不在审批中',
    })
  })
  it('an admin or a worker holding the post may not', () => {
    expect(canApproveStep({ role: 'enterprise_admin', heldPostIds: ['p2'], status: 'submitted', step }).ok).toBe(false)
    expect(canApproveStep({ role: 'worker', heldPostIds: ['p2'], status: 'submitted', step }).ok).toBe(false)
  })
})

describe('canReviewOrder', () => {
  it('only a regulator of the issuing department', () => {
    expect(canReviewOrder({ role: 'regulator', departmentId: 'd1', issuingDepartmentId: 'd1' })).toEqual({ ok: true })
    expect(canReviewOrder({ role: 'regulator', departmentId: 'd2', issuingDepartmentId: 'd1' })).toEqual({
      ok: false,
      message: '只有下达指令的部门可以复查',
    })
    expect(canReviewOrder({ role: 'regulator', departmentId: null, issuingDepartmentId: 'd1' }).ok).toBe(false)
    expect(canReviewOrder({ role: 'enterprise_head', departmentId: 'd1', issuingDepartmentId: 'd1' }).ok).toBe(false)
  })
})

describe('canWithdraw (撤回)', () => {
  it('the admin withdraws a submitted list until the first approval, and nobody else ever', () => {
    expect(canWithdraw({ role: 'enterprise_admin', status: 'submitted', approvalStep: 0 })).toEqual({ ok: true })
    expect(canWithdraw({ role: 'enterprise_admin', status: 'submitted', approvalStep: 1 })).toEqual({
      ok: false,
      message: '已有审批人签字，不能撤回；如需修改请由当前审批人退回',
    })
    expect(canWithdraw({ role: 'enterprise_admin', status: 'draft', approvalStep: null }).ok).toBe(false)
    expect(canWithdraw({ role: 'enterprise_admin', status: 'published', approvalStep: null }).ok).toBe(false)
    expect(canWithdraw({ role: 'enterprise_head', status: 'submitted', approvalStep: 0 }).ok).toBe(false)
    expect(canWithdraw({ role: 'worker', status: 'submitted', approvalStep: 0 }).ok).toBe(false)
  })
})
