import type { Kysely } from 'kysely'
import { actorFromUser, type Actor } from '../../app/modules/auth/actor'
import { approveVersion, startDraft, submitDraft } from '../../app/modules/duties/duties.server'
import type { Database } from '../../db/types'
import { contextFor } from '../../app/db.server'

const client = { ip: '127.0.0.1', userAgent: 'vitest' }

export async function actorOf(db: Kysely<Database>, identifier: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('username', '=', identifier), eb('phone', '=', identifier)]))
    .executeTakeFirstOrThrow()
  return actorFromUser(user)
}

/** Drafts (from the template or the current list), submits and approves a 华晟化工 post's list through the modules. */
export async function publishList(db: Kysely<Database>, postName: string): Promise<string> {
  const admin = await actorOf(db, 'hs_admin')
  if (admin.kind !== 'enterprise') throw new Error('admin')
  const post = await db
    .selectFrom('posts')
    .select('id')
    .where('enterprise_id', '=', admin.enterpriseId)
    .where('name', '=', postName)
    .executeTakeFirstOrThrow()
  const draft = await startDraft(contextFor(db, admin, client), post.id)
  if (!draft.ok) throw new Error(draft.message)
  const submitted = await submitDraft(contextFor(db, admin), draft.versionId)
  if (!submitted.ok) throw new Error(submitted.message)
  for (;;) {
    const v = await db
      .selectFrom('duty_list_versions')
      .select(['status', 'approval_chain', 'approval_step'])
      .where('id', '=', draft.versionId)
      .executeTakeFirstOrThrow()
    if (v.status === 'published') return draft.versionId
    const approved = await approveVersion(
      contextFor(db, await actorOf(db, await stepHolder(db, draft.versionId)), client),
      draft.versionId,
      null,
    )
    if (!approved.ok) throw new Error(approved.message)
  }
}

/** The username of the head holding the post a submitted list waits at. */
export async function stepHolder(db: Kysely<Database>, versionId: string): Promise<string> {
  const v = await db
    .selectFrom('duty_list_versions')
    .select(['approval_chain', 'approval_step'])
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow()
  const step = v.approval_chain![v.approval_step!]!
  const holder = await db
    .selectFrom('assignments as a')
    .innerJoin('users as u', (j) => j.onRef('u.employee_id', '=', 'a.employee_id').on('u.role', '=', 'enterprise_head'))
    .select(['u.username', 'u.phone'])
    .where('a.post_id', '=', step.postId)
    .where('a.end_on', 'is', null)
    .executeTakeFirstOrThrow()
  return (holder.username ?? holder.phone)!
}

/** A post of 华晟's 安全环保部 added by the owner, without a list (every demo post has one: seeds/demo-history.ts). */
export async function addPostWithoutList(owner: Kysely<Database>, name: string, tier = 3) {
  const unit = await owner
    .selectFrom('org_units')
    .select(['id', 'enterprise_id'])
    .where('name', '=', '安全环保部')
    .executeTakeFirstOrThrow()
  await owner
    .insertInto('posts')
    .values({
      enterprise_id: unit.enterprise_id,
      org_unit_id: unit.id,
      name,
      tier,
      is_safety_manager: false,
      in_charge_of_safety: false,
      is_unit_head: false,
      required_certificates: [],
    })
    .execute()
}
