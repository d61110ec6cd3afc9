import type { Role } from '../../../db/types'
import { forbidden, notFound } from '../../utils/http'

// The one object that says who is acting and within what scope; every module function takes it.
export type EnterpriseRole = 'enterprise_admin' | 'enterprise_head' | 'worker'

export type Actor =
  | {
      kind: 'enterprise'
      userId: string
      role: EnterpriseRole
      displayName: string
      enterpriseId: string
      employeeId: string | null
    }
  | { kind: 'regulator'; userId: string; role: 'regulator'; displayName: string; departmentId: string }
  | { kind: 'platform'; userId: string; role: 'platform_admin'; displayName: string }
  /** 安委办: the 安全生产委员会办公室 of its department's level (region), receiving the leaders' 台账 */
  | { kind: 'safety_office'; userId: string; role: 'safety_office'; displayName: string; departmentId: string }

/** A person of an enterprise (admin, head or worker); policy predicates narrow an actor to it. */
export type EnterpriseActor = Extract<Actor, { kind: 'enterprise' }>

export const ROLE_LABELS: Record<Role, string> = {
  enterprise_admin: '企业安全管理员',
  enterprise_head: '企业负责人',
  worker: '从业人员',
  regulator: '监管人员',
  platform_admin: '平台管理员',
  safety_office: '安委办',
}

export function actorFromUser(user: {
  id: string
  role: Role
  display_name: string
  enterprise_id: string | null
  employee_id: string | null
  department_id: string | null
}): Actor {
  switch (user.role) {
    case 'enterprise_admin':
    case 'enterprise_head':
    case 'worker':
      return {
        kind: 'enterprise',
        userId: user.id,
        role: user.role,
        displayName: user.display_name,
        enterpriseId: user.enterprise_id!,
        employeeId: user.employee_id,
      }
    case 'regulator':
      return { kind: 'regulator', userId: user.id, role: 'regulator', displayName: user.display_name, departmentId: user.department_id! }
    case 'platform_admin':
      return { kind: 'platform', userId: user.id, role: 'platform_admin', displayName: user.display_name }
    case 'safety_office':
      return {
        kind: 'safety_office',
        userId: user.id,
        role: 'safety_office',
        displayName: user.display_name,
        departmentId: user.department_id!,
      }
  }
}

/** The home page of each role. */
export function homePath(role: Role): string {
  switch (role) {
    case 'enterprise_admin':
    case 'enterprise_head':
      return '/enterprise'
    case 'worker':
      return '/me'
    case 'regulator':
      return '/regulator/enterprises'
    case 'platform_admin':
      return '/platform/enterprises'
    case 'safety_office':
      return '/office/ledgers'
  }
}

/** The enterprise of an admin or head acting on their enterprise's records (workers and others are refused). */
export function enterpriseStaff(actor: Actor): string {
  if (actor.kind !== 'enterprise' || actor.role === 'worker') throw forbidden()
  return actor.enterpriseId
}

/** The enterprise of its safety administrator; anyone else is refused with the given reason. */
export function enterpriseAdmin(actor: Actor, refusal: string): string {
  if (actor.kind !== 'enterprise') throw notFound()
  if (actor.role !== 'enterprise_admin') throw forbidden(refusal)
  return actor.enterpriseId
}

/** The signed-in person's own employee record (我的履责); anyone without one sees nothing of this kind (404). */
export function ownEmployee(actor: Actor): { enterpriseId: string; employeeId: string } {
  if (actor.kind !== 'enterprise' || !actor.employeeId) throw notFound()
  return { enterpriseId: actor.enterpriseId, employeeId: actor.employeeId }
}
