import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia'
import type { Database } from '../../../db/types'

/** What the sessions table stores instead of the session id: a stolen table yields no usable cookie. */
export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex')
}

/**
 * Lucia v3 adapter over Kysely. Lucia hands us the raw session id; we store and look up only its
 * SHA-256. getUserSessions can therefore return only hashed ids — Lucia uses it for listing, never
 * to build cookies.
 */
export class KyselySessionAdapter implements Adapter {
  constructor(private readonly getDb: () => Promise<Kysely<Database>>) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const db = await this.getDb()
    const row = await db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.user_id',
        'sessions.expires_at',
        'users.id as uid',
        'users.role',
        'users.display_name',
        'users.enterprise_id',
        'users.employee_id',
        'users.department_id',
        'users.must_change_password',
      ])
      .where('sessions.id', '=', hashSessionId(sessionId))
      .executeTakeFirst()
    if (!row) return [null, null]
    return [
      { id: sessionId, userId: row.user_id, expiresAt: new Date(row.expires_at), attributes: {} },
      {
        id: row.uid,
        attributes: {
          role: row.role,
          display_name: row.display_name,
          enterprise_id: row.enterprise_id,
          employee_id: row.employee_id,
          department_id: row.department_id,
          must_change_password: row.must_change_password,
        },
      },
    ]
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const db = await this.getDb()
    const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute()
    return rows.map((r) => ({ id: r.id, userId: r.user_id, expiresAt: new Date(r.expires_at), attributes: {} }))
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const db = await this.getDb()
    await db
      .insertInto('sessions')
      .values({ id: hashSessionId(session.id), user_id: session.userId, expires_at: session.expiresAt })
      .execute()
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    const db = await this.getDb()
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', hashSessionId(sessionId)).execute()
  }

  async deleteSession(sessionId: string): Promise<void> {
    const db = await this.getDb()
    await db.deleteFrom('sessions').where('id', '=', hashSessionId(sessionId)).execute()
  }

  async deleteUserSessions(userId: string): Promise<void> {
    const db = await this.getDb()
    await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
  }

  async deleteExpiredSessions(): Promise<void> {
    const db = await this.getDb()
    await db.deleteFrom('sessions').where('expires_at', '<=', new Date()).execute()
  }
}
