import type { ApprovalStep, Role } from '../../../db/types'
import type { Actor, EnterpriseActor } from '../auth/actor'

// Who may act on a duty list's approval: decided from the database (the actor's current posts),
// never from a flag a route passes in. Pure; tested in tests/unit/signing-policy.test.ts.

export type Decision = { ok: true } | { ok: false; message: string }

/**
 * A head approves (or sends back) the step a submitted list waits at only while holding that step's
 * post today. Anyone else — another head, the admin, a worker — is refused with the step's name.
 */
export function canApproveStep(input: {
  role: Role
  heldPostIds: readonly string[]
  status: string
  step: ApprovalStep | null | undefined
}): Decision {
  if (input.status !== 'submitted' || !input.step) return { ok: false, message: '该清单不在审批中' }
  if (input.role !== 'enterprise_head') return { ok: false, message: '只有企业负责人可以审批责任清单' }
  if (!input.heldPostIds.includes(input.step.postId))
    return { ok: false, message: `当前应由「${input.step.postName}」审批，您不能审批这一步` }
  return { ok: true }
}

/**
 * 撤回: the admin takes a submitted list back to draft — only until its first approval, because a
 * head's signature on what was submitted must not be silently voided. Callers decide on the version
 * read under its row lock, so a withdrawal and the first approval never both succeed.
 */
export function canWithdraw(input: { role: Role; status: string; approvalStep: number | null | undefined }): Decision {
  if (input.role !== 'enterprise_admin') return { ok: false, message: '只有企业安全管理员可以撤回责任清单' }
  if (input.status !== 'submitted') return { ok: false, message: '该清单不在审批中，无需撤回' }
  if ((input.approvalStep ?? 0) > 0) return { ok: false, message: '已有审批人签字，不能撤回；如需修改请由当前审批人退回' }
  return { ok: true }
}

/**
 * Whose lists a person reads: a worker only the posts they hold today (another post's QR code shows
 * them that it is not theirs, and their own), staff every post of the enterprise.
 */
export function readsOnlyHeldPosts(role: Role): boolean {
  return role === 'worker'
}

/** 编辑责任清单: only the enterprise's safety administrator drafts, submits and withdraws lists. */
export function canEditDutyLists(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}

/** The enterprise's staff (admin and heads) read, export and import every post's list. */
export function canOverseeDutyLists(actor: Actor): actor is EnterpriseActor {
  return actor.kind === 'enterprise' && actor.role !== 'worker'
}

/**
 * Who is asked to approve at all: a head with an employee record (the posts they hold decide which
 * step, canApproveStep). Narrows to an enterprise actor with an employee id.
 */
export function isApprover(actor: Actor): actor is EnterpriseActor & { employeeId: string } {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_head' && !!actor.employeeId
}
