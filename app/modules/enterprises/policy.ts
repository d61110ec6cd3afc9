import type { Actor } from '../auth/actor'

// Who may change an enterprise's profile (企业信息). Pure; tested in tests/unit/module-policy.test.ts.

/** Only the enterprise's own safety administrator edits its profile. */
export function canEditEnterpriseProfile(actor: Actor): boolean {
  return actor.kind === 'enterprise' && actor.role === 'enterprise_admin'
}

/**
 * 行业 and 所在地区 decide which departments supervise the enterprise (reference/scope.server.ts inScope):
 * the supervised party does not choose its supervisors. An enterprise that moved itself to another
 * city, street or industry from its own profile would leave the department that put its 重大隐患
 * under 挂牌督办, or issued its 整改指令, unable to read, 复查 or 核销 them. A change of either is the
 * platform administrator's, who sets them when the enterprise is registered.
 */
export function canChangeSupervisionKeys(actor: Actor): boolean {
  return actor.kind === 'platform'
}

export const SUPERVISION_KEY_REFUSAL = '行业和所在地区决定本企业的监管部门，不能由企业自行变更；如需变更，请联系平台管理员'

/**
 * 企业名称 and 统一社会信用代码 are the enterprise's registered identity: regulators find it by them, and
 * the provincial push (reports/push) names it by the credit code. An enterprise that rewrote its own code
 * or name would be another enterprise in every list and export from then on. A change (更名, a new
 * licence) is the platform administrator's, recorded with what it was.
 */
export function canChangeRegisteredIdentity(actor: Actor): boolean {
  return actor.kind === 'platform'
}

export const IDENTITY_REFUSAL = '企业名称和统一社会信用代码按营业执照登记，不能由企业自行变更；如有更名或换照，请联系平台管理员'
