import { describe, expect, it } from 'vitest'
import {
  canDirectMajorHazard,
  canEditRiskRegister,
  canReadHazardRegister,
  canReportHazard,
  canSeeHazard,
  canSeeHazardPhotos,
  canTakeStep,
  canVerify,
  photoRequiredToReport,
  reportedHazardSource,
} from '../../app/modules/hazards/policy'
import {
  assessRisk,
  controlLevelProblem,
  isHazardOverdue,
  lecLevel,
  lsLevel,
  needsSpecialPlan,
  nextStatus,
} from '../../app/modules/hazards/rules'
import { LEC_FACTORS } from '../../seeds/dual-prevention'

describe('LEC bands (D = L × E × C)', () => {
  it.each([
    [320.01, 'major'],
    [321, 'major'],
    [320, 'serious'],
    [160.01, 'serious'],
    [160, 'general'],
    [70.01, 'general'],
    [70, 'low'],
    [0.05, 'low'],
    [1000, 'major'],
  ] as const)('D = %s is %s', (d, level) => {
    expect(lecLevel(d)).toBe(level)
  })

  it('computes D from the table values and refuses a value outside the tables', () => {
    expect(assessRisk({ method: 'LEC', l: 6, e: 6, c: 15 })).toEqual({ ok: true, score: 540, level: 'major' })
    expect(assessRisk({ method: 'LEC', l: 3, e: 6, c: 15 })).toEqual({ ok: true, score: 270, level: 'serious' })
    expect(assessRisk({ method: 'LEC', l: 1, e: 6, c: 15 })).toEqual({ ok: true, score: 90, level: 'general' })
    expect(assessRisk({ method: 'LEC', l: 1, e: 6, c: 7 })).toEqual({ ok: true, score: 42, level: 'low' })
    // 0.1 × 0.5 × 1 is 0.05, not 0.05000000000000001
    expect(assessRisk({ method: 'LEC', l: 0.1, e: 0.5, c: 1 })).toMatchObject({ score: 0.05 })
    expect(assessRisk({ method: 'LEC', l: 4, e: 6, c: 15 })).toMatchObject({ ok: false, field: 'scoreL' })
    expect(assessRisk({ method: 'LEC', l: 3, e: 7, c: 15 })).toMatchObject({ ok: false, field: 'scoreE' })
    expect(assessRisk({ method: 'LEC', l: 3, e: 6, c: 16 })).toMatchObject({ ok: false, field: 'scoreC' })
  })

  it('every combination of the tables lands in exactly the band its D says', () => {
    for (const l of LEC_FACTORS.L)
      for (const e of LEC_FACTORS.E)
        for (const c of LEC_FACTORS.C) {
          const r = assessRisk({ method: 'LEC', l: l.value, e: e.value, c: c.value })
          if (!r.ok) throw new Error('refused a table value')
          const d = r.score
          expect(r.level).toBe(d > 320 ? 'major' : d > 160 ? 'serious' : d > 70 ? 'general' : 'low')
        }
  })
})

describe('LS bands (R = L × S)', () => {
  it.each([
    [25, 'major'],
    [20, 'major'],
    [16, 'serious'],
    [15, 'serious'],
    [12, 'general'],
    [9, 'general'],
    [8, 'low'],
    [1, 'low'],
  ] as const)('R = %s is %s', (r, level) => {
    expect(lsLevel(r)).toBe(level)
  })
  it('takes integers 1–5 only', () => {
    expect(assessRisk({ method: 'LS', l: 4, s: 5 })).toEqual({ ok: true, score: 20, level: 'major' })
    expect(assessRisk({ method: 'LS', l: 3, s: 5 })).toEqual({ ok: true, score: 15, level: 'serious' })
    expect(assessRisk({ method: 'LS', l: 3, s: 3 })).toEqual({ ok: true, score: 9, level: 'general' })
    expect(assessRisk({ method: 'LS', l: 2, s: 4 })).toEqual({ ok: true, score: 8, level: 'low' })
    expect(assessRisk({ method: 'LS', l: 6, s: 1 })).toMatchObject({ ok: false, field: 'scoreL' })
    expect(assessRisk({ method: 'LS', l: 2, s: 0 })).toMatchObject({ ok: false, field: 'scoreS' })
    expect(assessRisk({ method: 'LS', l: 2.5, s: 2 })).toMatchObject({ ok: false, field: 'scoreL' })
  })
})

describe('管控层级 and 专项管控方案', () => {
  it('a level is controlled at least at its minimum', () => {
    expect(controlLevelProblem('major', 'company')).toBeNull()
    expect(controlLevelProblem('major', 'workshop')).toBe('重大风险至少由公司级管控')
    expect(controlLevelProblem('serious', 'workshop')).toBeNull()
    expect(controlLevelProblem('serious', 'team')).toMatch(/车间/)
    expect(controlLevelProblem('general', 'post')).toMatch(/班组/)
    expect(controlLevelProblem('low', 'post')).toBeNull()
    expect(controlLevelProblem('low', 'company')).toBeNull()
  })
  it('重大 and 较大 need a 专项管控方案', () => {
    expect([needsSpecialPlan('major'), needsSpecialPlan('serious'), needsSpecialPlan('general'), needsSpecialPlan('low')]).toEqual([
      true,
      true,
      false,
      false,
    ])
  })
})

describe('the hazard state machine', () => {
  const h = (status: any, grade: any = null, hasPlan = false, supervised = false) => ({ status, grade, hasPlan, supervised })
  it('一般: 定级 → 整改 → 验收 → 销号, or back to 整改', () => {
    expect(nextStatus('assign', h('reported'), 'general')).toBe('rectifying')
    expect(nextStatus('assign', h('reported'))).toBeNull()
    expect(nextStatus('assign', h('rectifying', 'general'), 'general')).toBeNull()
    expect(nextStatus('rectify', h('rectifying', 'general'))).toBe('verifying')
    expect(nextStatus('rectify', h('verifying', 'general'))).toBeNull()
    expect(nextStatus('verify_pass', h('verifying', 'general'))).toBe('closed')
    expect(nextStatus('verify_fail', h('verifying', 'general'))).toBe('rectifying')
    expect(nextStatus('verify_pass', h('closed', 'general'))).toBeNull()
    expect(nextStatus('verify_pass', h('rectifying', 'general'))).toBeNull()
  })
  it('重大: 治理中 → 方案 (once) → 申请恢复 → 核销 or 退回; 督办 once, never after closing', () => {
    expect(nextStatus('assign', h('reported'), 'major')).toBe('governing')
    expect(nextStatus('rectify', h('governing', 'major'))).toBeNull()
    expect(nextStatus('resume_request', h('governing', 'major', false))).toBeNull()
    expect(nextStatus('plan', h('governing', 'major', false))).toBe('governing')
    expect(nextStatus('plan', h('governing', 'major', true))).toBeNull()
    expect(nextStatus('resume_request', h('governing', 'major', true))).toBe('resume_requested')
    expect(nextStatus('write_off', h('governing', 'major', true))).toBeNull()
    expect(nextStatus('write_off', h('resume_requested', 'major', true))).toBe('closed')
    expect(nextStatus('return', h('resume_requested', 'major', true))).toBe('governing')
    expect(nextStatus('supervise', h('governing', 'major'))).toBe('governing')
    expect(nextStatus('supervise', h('governing', 'major', false, true))).toBeNull()
    expect(nextStatus('supervise', h('rectifying', 'general'))).toBeNull()
    expect(nextStatus('supervise', h('closed', 'major'))).toBeNull()
  })
  it('overdue: past the deadline while it waits on the enterprise', () => {
    expect(isHazardOverdue({ status: 'rectifying', deadline: '2026-11-29' }, '2026-11-30')).toBe(true)
    expect(isHazardOverdue({ status: 'rectifying', deadline: '2026-11-30' }, '2026-11-30')).toBe(false)
    expect(isHazardOverdue({ status: 'closed', deadline: '2026-11-01' }, '2026-11-30')).toBe(false)
    expect(isHazardOverdue({ status: 'resume_requested', deadline: '2026-11-01' }, '2026-11-30')).toBe(false)
    expect(isHazardOverdue({ status: 'reported', deadline: null }, '2026-11-30')).toBe(false)
  })
})

describe('who takes each step', () => {
  it('only the 应急管理部门 or the industry department 挂牌督办s and 核销s a 重大 hazard, not the 街道 office', () => {
    expect(canDirectMajorHazard(['industry', 'comprehensive']).ok).toBe(true)
    expect(canDirectMajorHazard(['industry']).ok).toBe(true)
    expect(canDirectMajorHazard(['territorial'])).toEqual({ ok: false, message: expect.stringContaining('属地监管') })
    expect(canDirectMajorHazard([]).ok).toBe(false)
  })

  const parties = { responsibleUserId: 'resp', rectifiedBy: 'rect', supervisingDepartmentId: null }
  it('验收 by someone other than the rectifier or the responsible person', () => {
    expect(canVerify({ role: 'enterprise_head', userId: 'rect' }, parties)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/整改人不能验收/),
    })
    expect(canVerify({ role: 'enterprise_admin', userId: 'resp' }, parties)).toMatchObject({ ok: false })
    expect(canVerify({ role: 'worker', userId: 'other' }, parties)).toMatchObject({ ok: false })
    expect(canVerify({ role: 'enterprise_head', userId: 'other' }, parties)).toEqual({ ok: true })
    expect(canTakeStep('verify_pass', { role: 'enterprise_head', userId: 'rect' }, parties).ok).toBe(false)
    expect(canTakeStep('verify_fail', { role: 'enterprise_head', userId: 'other' }, parties).ok).toBe(true)
  })
  it('any person of the enterprise reports; only the admin grades, plans and asks to resume', () => {
    expect(canReportHazard('worker').ok).toBe(true)
    expect(canReportHazard('regulator').ok).toBe(false)
    expect(canTakeStep('assign', { role: 'enterprise_head', userId: 'x' }, parties).ok).toBe(false)
    expect(canTakeStep('assign', { role: 'enterprise_admin', userId: 'x' }, parties).ok).toBe(true)
    expect(canTakeStep('plan', { role: 'worker', userId: 'x' }, parties).ok).toBe(false)
    expect(canTakeStep('resume_request', { role: 'regulator', userId: 'x', departmentId: 'd' }, parties).ok).toBe(false)
  })
  it('the responsible person or the admin records the rectification', () => {
    expect(canTakeStep('rectify', { role: 'enterprise_head', userId: 'resp' }, parties).ok).toBe(true)
    expect(canTakeStep('rectify', { role: 'enterprise_head', userId: 'other' }, parties).ok).toBe(false)
    expect(canTakeStep('rectify', { role: 'enterprise_admin', userId: 'other' }, parties).ok).toBe(true)
    expect(canTakeStep('rectify', { role: 'worker', userId: 'resp' }, parties).ok).toBe(false)
  })
  it('departments 督办 and 核销; once under 督办, only that department 核销s', () => {
    const reg = (departmentId: string) => ({ role: 'regulator' as const, userId: 'r', departmentId })
    expect(canTakeStep('supervise', reg('d1'), parties).ok).toBe(true)
    expect(canTakeStep('supervise', { role: 'enterprise_admin', userId: 'a' }, parties).ok).toBe(false)
    expect(canTakeStep('write_off', reg('d2'), parties).ok).toBe(true)
    expect(canTakeStep('write_off', reg('d2'), { ...parties, supervisingDepartmentId: 'd1' }).ok).toBe(false)
    expect(canTakeStep('return', reg('d1'), { ...parties, supervisingDepartmentId: 'd1' }).ok).toBe(true)
    expect(canTakeStep('write_off', { role: 'enterprise_head', userId: 'h' }, parties).ok).toBe(false)
  })
})

describe('who sees the registers and a hazard', () => {
  it('staff read the hazard and risk registers; a worker has none', () => {
    expect(canReadHazardRegister('enterprise_admin')).toBe(true)
    expect(canReadHazardRegister('enterprise_head')).toBe(true)
    expect(canReadHazardRegister('worker')).toBe(false)
  })
  it('only the 安全管理员 edits the risk register', () => {
    expect(canEditRiskRegister('enterprise_admin')).toBe(true)
    expect(canEditRiskRegister('enterprise_head')).toBe(false)
    expect(canEditRiskRegister('worker')).toBe(false)
  })
  it('a worker sees the hazards they reported and no photos; staff see every hazard and its photos', () => {
    expect(canSeeHazard({ role: 'worker', userId: 'w1' }, 'w1')).toBe(true)
    expect(canSeeHazard({ role: 'worker', userId: 'w1' }, 'w2')).toBe(false)
    expect(canSeeHazard({ role: 'worker', userId: 'w1' }, null)).toBe(false)
    expect(canSeeHazard({ role: 'enterprise_head', userId: 'h' }, 'w2')).toBe(true)
    expect(canSeeHazard({ role: 'enterprise_admin', userId: 'a' }, null)).toBe(true)
    expect(canSeeHazardPhotos('worker')).toBe(false)
    expect(canSeeHazardPhotos('enterprise_head')).toBe(true)
  })
  it('a worker’s 随手拍 needs a photo and is marked as theirs; staff record the enterprise’s own 排查', () => {
    expect(photoRequiredToReport('worker')).toBe(true)
    expect(photoRequiredToReport('enterprise_admin')).toBe(false)
    expect(reportedHazardSource('worker')).toBe('worker')
    expect(reportedHazardSource('enterprise_head')).toBe('self')
    expect(reportedHazardSource('enterprise_admin')).toBe('self')
  })
})

describe('items 13 and 14 of the 二十条, derived from the records', () => {
  it('item 13: no register is 未落实; a unit without risk points or 重大/较大 risks without their 方案 on record is 部分落实', async () => {
    const { deriveRiskControl } = await import('../../app/modules/obligations/rules')
    expect(deriveRiskControl({ units: 5, unitsCovered: 0, risks: 0, majorOrSerious: 0, withoutPlan: 0 }).status).toBe('未落实')
    expect(deriveRiskControl({ units: 5, unitsCovered: 4, risks: 6, majorOrSerious: 0, withoutPlan: 0 })).toMatchObject({
      status: '部分落实',
      explanation: '1 个单元尚未辨识风险点',
    })
    expect(deriveRiskControl({ units: 5, unitsCovered: 5, risks: 6, majorOrSerious: 2, withoutPlan: 2 })).toMatchObject({
      status: '部分落实',
      explanation: '2 项重大、较大风险尚无专项管控方案',
    })
    expect(deriveRiskControl({ units: 5, unitsCovered: 5, risks: 6, majorOrSerious: 2, withoutPlan: 0 }).status).toBe('已落实')
    expect(deriveRiskControl({ units: 5, unitsCovered: 5, risks: 6, majorOrSerious: 0, withoutPlan: 0 }).status).toBe('已落实')
  })
  it('item 14: nothing recorded is 未落实; an overdue hazard or a 重大 one without a 治理方案 is 部分落实', async () => {
    const { deriveHazards } = await import('../../app/modules/obligations/rules')
    const f = { total: 3, open: 1, overdue: 0, closedThisQuarter: 2, majorOpen: 0, majorSupervised: 0, majorWithoutPlan: 0 }
    expect(deriveHazards({ ...f, total: 0, open: 0, closedThisQuarter: 0 }).status).toBe('未落实')
    expect(deriveHazards(f).status).toBe('已落实')
    expect(deriveHazards({ ...f, overdue: 1 })).toMatchObject({ status: '部分落实', explanation: '1 项隐患逾期未整改' })
    expect(deriveHazards({ ...f, majorOpen: 1, majorWithoutPlan: 1 }).status).toBe('部分落实')
  })
})
