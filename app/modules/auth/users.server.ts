import type { Kysely } from 'kysely'
import type { Database, Role } from '../../../db/types'

// The one place a `users` row is created or given its first password: the platform (an enterprise's
// admin, a regulator), an enterprise's invitation (a worker, without a password until redeemed) and
// the seeds all come here, so the account rules live with auth.

type DB = Kysely<Database>

export interface NewUser {
  role: Role
  displayName: string
  username?: string | null
  phone: string | null
  /** from hashPassword (callers hash outside their transaction: it costs 32 MiB and a few hundred ms) */
  passwordHash: string | null
  enterpriseId?: string | null
  employeeId?: string | null
  departmentId?: string | null
  /** someone else chose the password: its owner changes it at the first sign-in */
  mustChangePassword?: boolean
}

export async function createUser(db: DB, u: NewUser) {
  return db
    .insertInto('users')
    .values({
      username: u.username ?? null,
      phone: u.phone,
      display_name: u.displayName,
      password_hash: u.passwordHash,
      role: u.role,
      enterprise_id: u.enterpriseId ?? null,
      employee_id: u.employeeId ?? null,
      department_id: u.departmentId ?? null,
      ...(u.mustChangePassword ? { must_change_password: true } : {}),
    })
    .returning(['id', 'role', 'password_hash'])
    .executeTakeFirstOrThrow()
}

/**
 * An invited worker sets their first password: only a worker account that has never had one (never
 * an existing account's). False when the account is not such an account (already activated).
 */
export async function setFirstWorkerPassword(db: DB, userId: string, passwordHash: string, now: Date): Promise<boolean> {
  const activated = await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, password_changed_at: now })
    .where('id', '=', userId)
    .where('role', '=', 'worker')
    .where('password_hash', 'is', null)
    .returning('id')
    .executeTakeFirst()
  return !!activated
}
