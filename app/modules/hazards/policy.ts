import type { Role } from '../../../db/types'
import type { ScopeType } from '../reference/rules'
import type { HazardStep } from './rules'

// Who may take each step of a hazard (隐患排查治理). Pure; tested in tests/unit/hazard-policy.test.ts.
// The module asks these before it writes; the database signs each step with the acting user and
// refuses a rectifier's own 验收 as well (hazard_events_signer).

export type Decision = { ok: true } | { ok: false; message: string }
const no = (message: string): Decision => ({ ok: false, message })
const yes: Decision = { ok: true }

export interface HazardActor {
  role: Role
  userId: string
  /** regulators: their department */
  departmentId?: string | null
}

export interface HazardParties {
  responsibleUserId: string | null
  /** who signed the latest 整改完成 */
  rectifiedBy: string | null
  /** the department that 挂牌督办 it, if any */
  supervisingDepartmentId: string | null
}

/**
 * The enterprise's registers (隐患台账, 风险分级管控清单, 公示栏, 告知卡, 四色图) and their exports are read by its
 * 管理员 and 负责人; a worker has no register, only the hazards they reported themselves.
 */
export function canReadHazardRegister(role: Role): boolean {
  return role !== 'worker'
}

/** A worker sees the hazards they reported (随手拍), nothing else; staff see every hazard of the enterprise. */
export function canSeeHazard(viewer: { role: Role; userId: string }, foundByUserId: string | null): boolean {
  return viewer.role !== 'worker' || foundByUserId === viewer.userId
}

/** The report and rectification photos of a hazard are for staff: a worker's page shows the hazard without them. */
export function canSeeHazardPhotos(role: Role): boolean {
  return role !== 'worker'
}

/** A worker's 随手拍 needs a photo; staff recording a hazard from an inspection may describe it alone. */
export function photoRequiredToReport(role: Role): boolean {
  return role === 'worker'
}

/** Where a reported hazard comes from (隐患来源): a worker's 随手拍, or the enterprise's own 排查 by its staff. */
export function reportedHazardSource(role: Role): 'worker' | 'self' {
  return role === 'worker' ? 'worker' : 'self'
}

/** The risk register (风险分级管控清单) is kept by the 安全管理员: only they see its edit forms. */
export function canEditRiskRegister(role: Role): boolean {
  return role === 'enterprise_admin'
}

/** Any person of the enterprise may report a hazard (《安全生产法》第五十九条). */
export function canReportHazard(role: Role): Decision {
  return role === 'enterprise_admin' || role === 'enterprise_head' || role === 'worker' ? yes : no('只有本企业人员可以报告隐患')
}

/**
 * 验收 by someone other than the rectifier: neither the person who recorded the rectification nor
 * the person responsible for it accepts it.
 */
export function canVerify(actor: HazardActor, parties: HazardParties): Decision {
  if (actor.role !== 'enterprise_admin' && actor.role !== 'enterprise_head') return no('只有企业安全管理员或负责人可以验收')
  if (actor.userId === parties.rectifiedBy) return no('整改人不能验收自己整改的隐患，请由其他负责人验收')
  if (actor.userId === parties.responsibleUserId) return no('整改责任人不能验收本人负责的隐患，请由其他负责人验收')
  return yes
}

export function canTakeStep(step: HazardStep, actor: HazardActor, parties: HazardParties): Decision {
  const staff = actor.role === 'enterprise_admin' || actor.role === 'enterprise_head'
  switch (step) {
    case 'assign':
    case 'plan':
    case 'resume_request':
      // 定级、治理方案 and the request to resume are the enterprise's management decisions
      return actor.role === 'enterprise_admin' ? yes : no('只有企业安全管理员可以办理此步骤')
    case 'rectify':
      if (!staff) return no('只有整改责任人或企业安全管理员可以登记整改完成')
      return actor.role === 'enterprise_admin' || actor.userId === parties.responsibleUserId
        ? yes
        : no('只有整改责任人或企业安全管理员可以登记整改完成')
    case 'verify_pass':
    case 'verify_fail':
      return canVerify(actor, parties)
    case 'supervise':
      return actor.role === 'regulator' && actor.departmentId ? yes : no('只有监管部门可以挂牌督办')
    case 'recheck_fail':
      // which department (the one that issued the order) is the orders module's check: canOpenOrderHazards
      return actor.role === 'regulator' && actor.departmentId ? yes : no('只有下达整改指令的监管部门可以复查')
    case 'write_off':
    case 'return':
      if (actor.role !== 'regulator' || !actor.departmentId) return no('只有监管部门可以核销')
      // once a department 挂牌督办 a hazard, only it 核销s it
      if (parties.supervisingDepartmentId && parties.supervisingDepartmentId !== actor.departmentId)
        return no('该隐患由其他部门挂牌督办，由督办部门核销')
      return yes
  }
}

/**
 * 挂牌督办 and 核销 of a 重大事故隐患 are the supervising department's (16号令 §14–§18): the 应急管理部门
 * (综合监管) or the industry's department. A 街道（乡镇）office supervises its area's enterprises
 * (属地监管) and sees their 重大 hazards, but neither puts one under 督办 nor writes one off.
 */
export function canDirectMajorHazard(scopeTypes: readonly ScopeType[]): Decision {
  return scopeTypes.includes('comprehensive') || scopeTypes.includes('industry')
    ? yes
    : no('属地监管的街道（乡镇）不能挂牌督办或核销重大事故隐患，由应急管理部门或行业主管部门办理')
}

/**
 * A rectification order's items become hazards in the enterprise's register (source 监管部门检查): only
 * the department that issued the order records them, by the regulator who acts for it.
 */
export function canOpenOrderHazards(actor: HazardActor, issuingDepartmentId: string): Decision {
  if (actor.role !== 'regulator' || !actor.departmentId) return no('只有下达整改指令的监管部门可以登记检查发现的隐患')
  return actor.departmentId === issuingDepartmentId ? yes : no('只有下达整改指令的监管部门可以登记检查发现的隐患')
}
