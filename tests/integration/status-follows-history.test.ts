import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from './helpers'

// 20261204030000_status_follows_history: a hazard's and an order's status are held to their signed
// history by the database, so no SQL the app's role can send closes a 重大隐患 without its 核销 or an
// order nobody reviewed. The demo's hazards and orders are the ones attacked.

let t: TestDatabase

beforeAll(async () => {
  t = await createTestDatabase()
}, 120_000)
afterAll(async () => {
  await t?.destroy()
})

const userId = async (username: string) =>
  (await t.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id

/** one transaction tagged with the user, as withActor tags a request's (the id is read first: PGlite has one connection) */
const as = async (username: string | null, work: (trx: typeof t.db) => Promise<unknown>) => {
  const id = await userId(username ?? '')
  return t.db.transaction().execute(async (trx) => {
    await sql`select set_config('app.user_id', ${id}, true)`.execute(trx)
    await work(trx)
  })
}

describe('a hazard’s status is where its signed history ended', () => {
  it('cannot be closed, or moved at all, by an UPDATE alone; nor by a step that does not follow the last', async () => {
    const major = await t.db
      .selectFrom('hazards')
      .select(['enterprise_id', 'id', 'status'])
      .where('grade', '=', 'major')
      .where('status', '<>', 'closed')
      .executeTakeFirstOrThrow()
    // 销号 of a 重大隐患 without the department's 核销
    await expect(
      as('hs_admin', (trx) =>
        sql`update hazards set status = 'closed', closed_at = now() where enterprise_id = ${major.enterprise_id} and id = ${major.id}`.execute(
          trx,
        ),
      ),
    ).rejects.toThrow(/last step ended/)
    // any other move too, and by the owner as well: the rule is the data's, not a privilege
    await expect(
      t.owner
        .updateTable('hazards')
        .set({ status: 'verifying' })
        .where('enterprise_id', '=', major.enterprise_id)
        .where('id', '=', major.id)
        .execute(),
    ).rejects.toThrow(/last step ended/)
    // a closing time on an open hazard
    await expect(
      t.db
        .updateTable('hazards')
        .set({ closed_at: new Date() })
        .where('enterprise_id', '=', major.enterprise_id)
        .where('id', '=', major.id)
        .execute(),
    ).rejects.toThrow(/closing time/)

    const last = await t.db
      .selectFrom('hazard_events')
      .select(['seq', 'to_status'])
      .where('enterprise_id', '=', major.enterprise_id)
      .where('hazard_id', '=', major.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    expect(last.to_status).toBe(major.status)
    const step = (seq: number, from: string | null) =>
      as('hs_admin', async (trx) => {
        await trx
          .insertInto('hazard_events')
          .values({
            enterprise_id: major.enterprise_id,
            hazard_id: major.id,
            seq,
            step: 'write_off',
            from_status: from as never,
            to_status: 'closed',
            at: new Date(),
          })
          .execute()
        await trx
          .updateTable('hazards')
          .set({ status: 'closed', closed_at: new Date() })
          .where('enterprise_id', '=', major.enterprise_id)
          .where('id', '=', major.id)
          .execute()
      })
    // a step that pretends to start elsewhere, or skips a number, is refused
    await expect(step(last.seq + 1, 'resume_requested' === last.to_status ? 'governing' : 'resume_requested')).rejects.toThrow(
      /follow its last step/,
    )
    await expect(step(last.seq + 2, last.to_status)).rejects.toThrow(/follow its last step/)
    const after = await t.db.selectFrom('hazards').select(['status', 'closed_at']).where('id', '=', major.id).executeTakeFirstOrThrow()
    expect(after).toEqual({ status: major.status, closed_at: null })
  })

  it('a new hazard’s history starts at step 1 from nothing, and its row says what its first step says', async () => {
    // a graded one as the template, so the row passes its own checks whatever status it claims
    const h = await t.db
      .selectFrom('hazards')
      .selectAll()
      .where('status', '=', 'rectifying')
      .where('grade', '=', 'general')
      .executeTakeFirstOrThrow()
    const { id: _id, no: _no, ...rest } = h
    const insert = (status: string, seq: number, from: string | null) =>
      as('hs_admin', async (trx) => {
        const { max } = await trx
          .selectFrom('hazards')
          .select(sql<number>`max(no)::int`.as('max'))
          .where('enterprise_id', '=', h.enterprise_id)
          .executeTakeFirstOrThrow()
        const row = await trx
          .insertInto('hazards')
          .values({ ...rest, no: max + 1, status: status as never, order_id: null, order_item_no: null } as never)
          .returning('id')
          .executeTakeFirstOrThrow()
        await trx
          .insertInto('hazard_events')
          .values({
            enterprise_id: h.enterprise_id,
            hazard_id: row.id,
            seq,
            step: 'report',
            from_status: from as never,
            to_status: 'reported',
            at: new Date(),
          })
          .execute()
      })
    await expect(insert('closed', 1, null)).rejects.toThrow(/last step ended/)
    await expect(insert('reported', 2, null)).rejects.toThrow(/starts at step 1/)
    await expect(insert('reported', 1, 'closed')).rejects.toThrow(/starts at step 1/)
    await insert('reported', 1, null)
  })
})

describe('a hazard’s steps are the state machine’s, taken by whom it allows', () => {
  it('a step the machine does not allow is refused for everyone; a step written alone, without its row, too', async () => {
    const h = await t.db
      .selectFrom('hazards')
      .select(['enterprise_id', 'id', 'status'])
      .where('status', '=', 'rectifying')
      .where('grade', '=', 'general')
      .executeTakeFirstOrThrow()
    const last = await t.db
      .selectFrom('hazard_events')
      .select(['seq', 'to_status'])
      .where('enterprise_id', '=', h.enterprise_id)
      .where('hazard_id', '=', h.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    const step = (username: string, name: string, to: string, moveRow: boolean) =>
      as(username, async (trx) => {
        await trx
          .insertInto('hazard_events')
          .values({
            enterprise_id: h.enterprise_id,
            hazard_id: h.id,
            seq: last.seq + 1,
            step: name,
            from_status: last.to_status,
            to_status: to as never,
            at: new Date(),
          })
          .execute()
        if (moveRow)
          await trx
            .updateTable('hazards')
            .set({ status: to as never, closed_at: to === 'closed' ? new Date() : null })
            .where('enterprise_id', '=', h.enterprise_id)
            .where('id', '=', h.id)
            .execute()
      })
    // 整改中 straight to 销号, or under a made-up step, is no step of the machine
    await expect(step('hs_admin', 'verify_pass', 'closed', true)).rejects.toThrow(/cannot take the step/)
    await expect(step('hs_admin', 'note', 'rectifying', false)).rejects.toThrow(/cannot take the step/)
    // a legitimate step whose row is left behind is caught at commit
    await expect(step('hs_admin', 'rectify', 'verifying', false)).rejects.toThrow(/last step ended/)
    expect(await t.db.selectFrom('hazards').select('status').where('id', '=', h.id).executeTakeFirstOrThrow()).toEqual({
      status: 'rectifying',
    })
  })
})

// The authority rules bind the app's role; PGlite has one user, the owner, whom they exempt.
describe.skipIf(!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)('who takes a hazard step (PostgreSQL)', () => {
  it('the enterprise cannot 核销 its own 重大隐患, nor put it under 督办; another department cannot 核销 a supervised one', async () => {
    const major = await t.db
      .selectFrom('hazards')
      .select(['enterprise_id', 'id', 'status', 'supervision_department_id'])
      .where('grade', '=', 'major')
      .where('status', '<>', 'closed')
      .where('supervision_department_id', 'is not', null)
      .executeTakeFirstOrThrow()
    const last = await t.db
      .selectFrom('hazard_events')
      .select(['seq', 'to_status'])
      .where('enterprise_id', '=', major.enterprise_id)
      .where('hazard_id', '=', major.id)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()
    const forge = (username: string, name: string, from: string, to: string) =>
      as(username, async (trx) => {
        await trx
          .insertInto('hazard_events')
          .values({
            enterprise_id: major.enterprise_id,
            hazard_id: major.id,
            seq: last.seq + 1,
            step: name,
            from_status: from as never,
            to_status: to as never,
            at: new Date(),
          })
          .execute()
      })
    // the chain is kept (from = the last step's status), so only the authority rule can refuse these
    if (last.to_status === 'resume_requested') {
      await expect(forge('hs_admin', 'write_off', 'resume_requested', 'closed')).rejects.toThrow(/may not take the hazard step/)
      const other = await t.db
        .selectFrom('users')
        .select('username')
        .where('role', '=', 'regulator')
        .where('department_id', 'is not', null)
        .where('department_id', '<>', major.supervision_department_id!)
        .executeTakeFirstOrThrow()
      await expect(forge(other.username!, 'write_off', 'resume_requested', 'closed')).rejects.toThrow(/may not take the hazard step/)
    }
    await expect(forge('hs_admin', 'supervise', last.to_status, last.to_status)).rejects.toThrow(/may not take the hazard step/)
    await expect(forge('hs_head', 'plan', last.to_status, last.to_status)).rejects.toThrow(
      /may not take the hazard step|cannot take the step/,
    )
  })
})

describe('a rectification order’s status follows its answers and reviews', () => {
  it('cannot be accepted, answered or reopened by an UPDATE alone', async () => {
    const orders = await t.db.selectFrom('rectification_orders').select(['enterprise_id', 'id', 'status', 'closed_at']).execute()
    const open = orders.find((o) => o.status !== 'accepted')
    const accepted = orders.find((o) => o.status === 'accepted')
    expect(open && accepted).toBeTruthy()
    const set = (o: typeof open, status: string, closed: Date | null) =>
      t.db
        .updateTable('rectification_orders')
        .set({ status: status as never, closed_at: closed })
        .where('enterprise_id', '=', o!.enterprise_id)
        .where('id', '=', o!.id)
        .execute()
    await expect(set(open, 'accepted', new Date())).rejects.toThrow(/must follow its history/)
    await expect(set(open, open!.status === 'answered' ? 'open' : 'answered', null)).rejects.toThrow(/must follow its history/)
    await expect(set(accepted, 'open', null)).rejects.toThrow(/must follow its history/)
    await expect(set(accepted, 'accepted', null)).rejects.toThrow(/closing time/)
    // the same status written again is allowed (nothing changed)
    await set(open, open!.status, open!.closed_at)
  })

  it('an answer written alone leaves the order behind and is caught; a review recorded before answer_id counts as one', async () => {
    const accepted = await t.db
      .selectFrom('rectification_orders')
      .select(['enterprise_id', 'id'])
      .where('status', '=', 'accepted')
      .executeTakeFirstOrThrow()
    // an answer into an accepted order, its status left as it was
    await expect(
      as('jz_yjj', (trx) =>
        trx
          .insertInto('rectification_events')
          .values({
            enterprise_id: accepted.enterprise_id,
            order_id: accepted.id,
            kind: 'answer',
            note: '补充',
            by_user_id: '00000000-0000-0000-0000-000000000000',
            by_name: '某人',
          })
          .execute(),
      ),
    ).rejects.toThrow(/must follow its history|answered by its enterprise|acting user/)
    // an order whose earlier review names no answer (recorded before 20261130110000): answer, return
    // (no answer_id), answer again — it is answered, and its review is accepted at commit
    const template = await t.db.selectFrom('rectification_orders').selectAll().executeTakeFirstOrThrow()
    const { id: _id, closed_at: _closed, ...copy } = template
    const order = await t.owner
      .insertInto('rectification_orders')
      .values({ ...copy, document_no: `${template.document_no}-旧`, status: 'open', closed_at: null })
      .returning(['enterprise_id', 'id'])
      .executeTakeFirstOrThrow()
    const by = { by_user_id: await userId('jz_yjj'), by_name: '某人', enterprise_id: order.enterprise_id, order_id: order.id }
    await t.owner.transaction().execute(async (trx) => {
      await trx
        .insertInto('rectification_events')
        .values({ ...by, kind: 'answer', note: '第一次' })
        .execute()
      await trx
        .insertInto('rectification_events')
        .values({ ...by, kind: 'return', note: '旧的退回，未记答复' })
        .execute()
      await trx
        .insertInto('rectification_events')
        .values({ ...by, kind: 'answer', note: '第二次' })
        .execute()
      await trx.updateTable('rectification_orders').set({ status: 'answered' }).where('id', '=', order.id).execute()
    })
    const second = await t.db
      .selectFrom('rectification_events')
      .select('id')
      .where('order_id', '=', order.id)
      .where('note', '=', '第二次')
      .executeTakeFirstOrThrow()
    await t.owner.transaction().execute(async (trx) => {
      await trx
        .insertInto('rectification_events')
        .values({ ...by, kind: 'accept', note: '同意', answer_id: second.id })
        .execute()
      await trx.updateTable('rectification_orders').set({ status: 'accepted', closed_at: new Date() }).where('id', '=', order.id).execute()
    })
  })

  // the app's role only: the owner loading the demo is exempt from the signer rules (PGlite has no other)
  it.skipIf(!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)(
    'a review names an answer of the same order; an answer names none',
    async () => {
      const order = await t.db.selectFrom('rectification_orders').select(['enterprise_id', 'id', 'department_id']).executeTakeFirstOrThrow()
      const regulator = await t.db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('role', '=', 'regulator')
        .where('department_id', '=', order.department_id)
        .executeTakeFirstOrThrow()
      const review = (answerId: string | null) =>
        as(regulator.username, (trx) =>
          trx
            .insertInto('rectification_events')
            .values({
              enterprise_id: order.enterprise_id,
              order_id: order.id,
              note: '伪造',
              by_user_id: regulator.id,
              by_name: '某人',
              kind: 'accept',
              answer_id: answerId,
            })
            .execute(),
        )
      await expect(review(null)).rejects.toThrow(/names the answer/)
      const other = await t.db
        .selectFrom('rectification_events')
        .select('id')
        .where('kind', '=', 'answer')
        .where('order_id', '<>', order.id)
        .executeTakeFirstOrThrow()
      await expect(review(other.id)).rejects.toThrow(/same order/)
    },
  )
})

// The signer rules bind the app's role; PGlite has one user, the owner, whom they exempt (as they
// exempt the owner loading the demo), so this runs where the app's role is a role of its own.
describe.skipIf(!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)('who answers and who reviews (PostgreSQL)', () => {
  it('an answer is signed by the acting member of the enterprise; a review only by the issuing department', async () => {
    // a fresh order with no items yet, copied by the owner from one the department issued (the demo's
    // open orders all have a hazard still open, which 20261203010000_order_answer_hazards guards)
    const template = await t.db.selectFrom('rectification_orders').selectAll().executeTakeFirstOrThrow()
    const { id: _id, closed_at: _closed, ...copy } = template
    const order = await t.owner
      .insertInto('rectification_orders')
      .values({ ...copy, document_no: `${template.document_no}-测试`, status: 'open', closed_at: null })
      .returning(['enterprise_id', 'id', 'department_id', 'status'])
      .executeTakeFirstOrThrow()
    const admin = await t.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name'])
      .where('enterprise_id', '=', order.enterprise_id)
      .where('role', '=', 'enterprise_admin')
      .executeTakeFirstOrThrow()
    const answer = (username: string | null, byUserId: string) =>
      as(username, async (trx) => {
        await trx
          .insertInto('rectification_events')
          .values({
            enterprise_id: order.enterprise_id,
            order_id: order.id,
            kind: 'answer',
            note: '已整改',
            by_user_id: byUserId,
            by_name: '某人',
          })
          .execute()
        await trx.updateTable('rectification_orders').set({ status: 'answered' }).where('id', '=', order.id).execute()
      })
    const regulator = await t.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('role', '=', 'regulator')
      .where('department_id', '=', order.department_id)
      .executeTakeFirstOrThrow()
    // in another's name, or by a regulator, refused
    await expect(answer(admin.username, regulator.id)).rejects.toThrow(/acting user/)
    await expect(answer(regulator.username, regulator.id)).rejects.toThrow(/answered by its enterprise/)
    await answer(admin.username, admin.id)
    const answered = await t.db
      .selectFrom('rectification_events')
      .select('id')
      .where('order_id', '=', order.id)
      .where('kind', '=', 'answer')
      .where('by_user_id', '=', admin.id)
      .executeTakeFirstOrThrow()
    const review = (username: string | null, byUserId: string) =>
      as(username, async (trx) => {
        await trx
          .insertInto('rectification_events')
          .values({
            enterprise_id: order.enterprise_id,
            order_id: order.id,
            kind: 'accept',
            note: '同意销号',
            by_user_id: byUserId,
            by_name: '某人',
            answer_id: answered.id,
          })
          .execute()
        await trx
          .updateTable('rectification_orders')
          .set({ status: 'accepted', closed_at: new Date() })
          .where('id', '=', order.id)
          .execute()
      })
    const stranger = await t.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('role', '=', 'regulator')
      .where('department_id', '<>', order.department_id)
      .executeTakeFirstOrThrow()
    await expect(review(admin.username, admin.id)).rejects.toThrow(/department that issued it/)
    await expect(review(stranger.username, stranger.id)).rejects.toThrow(/department that issued it/)
    await review(regulator.username, regulator.id)
    expect(await t.db.selectFrom('rectification_orders').select('status').where('id', '=', order.id).executeTakeFirstOrThrow()).toEqual({
      status: 'accepted',
    })
  })
})
