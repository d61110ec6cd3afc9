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
