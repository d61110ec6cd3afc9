import type { Role } from '../../../db/types'

// Who may do what in 隐患排查. Pure; tested in tests/unit/check-policy.test.ts. The module asks these
// before it writes; the database signs each check with the acting user and refuses one by a person not
// holding the plan's post on the day (checks_signer), whatever the module decided.

export type Decision = { ok: true } | { ok: false; message: string }
const no = (message: string): Decision => ({ ok: false, message })
const yes: Decision = { ok: true }

/** Plans are the enterprise's management decision: its safety administrator keeps them. */
export function canManagePlans(role: Role): Decision {
  return role === 'enterprise_admin' ? yes : no('只有企业安全管理员可以制定排查计划')
}

/** The plans, their completion and the check records: the enterprise's admin and heads. */
export function canReviewChecks(role: Role): Decision {
  return role === 'enterprise_admin' || role === 'enterprise_head' ? yes : no('只有企业安全管理员或负责人可以查看排查记录')
}

/**
 * A check is done, and signed, by a person holding the plan's post (the people holding the post do
 * the check): a worker, or an admin or head who holds that post too. The posts are those the database
 * holds for their employee record today.
 */
export function canDoCheck(actor: { role: Role; employeeId: string | null }, heldPostIds: readonly string[], planPostId: string): Decision {
  if (actor.role !== 'worker' && actor.role !== 'enterprise_admin' && actor.role !== 'enterprise_head') return no('只有本企业人员可以排查')
  if (!actor.employeeId) return no('您的账号未关联员工档案，不能签字排查')
  return heldPostIds.includes(planPostId) ? yes : no('该排查计划由其他岗位的人员执行')
}

/**
 * A plan's schedule (frequency, shifts, post, first day) is what its checks were counted against: once a
 * check is recorded it stays, and a different schedule is a new plan. Its name, items and last day may
 * still change.
 */
export function canChangeSchedule(checksRecorded: number): Decision {
  return checksRecorded === 0
    ? yes
    : no('该计划已有排查记录，频次、岗位和开始日期不能再改；如需调整，请停用本计划（填写结束日期）并新建计划')
}
