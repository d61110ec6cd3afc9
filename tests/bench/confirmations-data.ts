import { sql, type Kysely } from 'kysely'
import type { Database } from '../../db/types'

/**
 * Confirmations of a large enterprise, for `npm run bench`: 10,000 workers (工号 B000000…, made here
 * unless the roster import already made them) holding 20,000 assignments on 60 posts with published
 * lists, about half confirmed.
 */
export async function largeConfirmationData(db: Kysely<Database>, eid: string, userId: string) {
  await sql`insert into employees (enterprise_id, name, employee_no, phone, employment_type, hired_on)
    select ${eid}, '职工' || g, 'B' || lpad(g::text, 6, '0'), (15000000000 + g)::text, '正式', date '2020-01-01' + (g % 1500)
    from generate_series(0, 9999) g
    on conflict do nothing`.execute(db)
  await sql`insert into posts (enterprise_id, org_unit_id, name, tier, is_safety_manager)
    select ${eid}, (select id from org_units where enterprise_id = ${eid} and parent_id is not null order by sort offset (g % 5) limit 1),
           '批量岗位' || g, 1 + (g % 5), g % 11 = 0
    from generate_series(1, 60) g`.execute(db)
  await sql`insert into duty_list_versions (enterprise_id, post_id, version, status, title, content_hash, created_by, published_at)
    select ${eid}, p.id, 1, 'published', p.name || '安全生产责任清单', md5(p.id::text), ${userId}, now() - ((row_number() over (order by p.id)) % 30) * interval '1 day'
    from posts p where p.enterprise_id = ${eid} and p.name like '批量岗位%'`.execute(db)
  await sql`delete from assignments where enterprise_id = ${eid} and employee_id in (select id from employees where enterprise_id = ${eid} and employee_no like 'B%')`.execute(
    db,
  )
  await sql`with e as (select id, row_number() over (order by employee_no) as n from employees where enterprise_id = ${eid} and employee_no like 'B%'),
                 p as (select id, row_number() over (order by name) as n from posts where enterprise_id = ${eid} and name like '批量岗位%')
    insert into assignments (enterprise_id, employee_id, post_id, start_on)
    select ${eid}, e.id, p.id, current_date - ((e.n % 40)::int) from e join p on p.n = 1 + (e.n % 60) or p.n = 1 + ((e.n * 7 + 3) % 60)`.execute(
    db,
  )
  await sql`insert into acknowledgements (enterprise_id, seq, employee_id, post_id, assignment_id, version_id, version, content_hash, user_id,
                                          confirmed_at, signature_kind, signature, prev_hash, row_hash)
    select a.enterprise_id, (select coalesce(max(seq), 0) from acknowledgements where enterprise_id = ${eid}) + row_number() over (order by a.id), a.employee_id, a.post_id, a.id, v.id, 1, v.content_hash, ${userId},
           now(), 'typed', 'bench', repeat('0', 64), md5(a.id::text)
    from assignments a join duty_list_versions v on v.enterprise_id = a.enterprise_id and v.post_id = a.post_id and v.status = 'published'
    where a.enterprise_id = ${eid} and hashtext(a.id::text) % 2 = 0
    on conflict do nothing`.execute(db)
  await sql`analyze`.execute(db)
  const counts = await sql<{ a: number; k: number }>`select (select count(*)::int from assignments where enterprise_id = ${eid}) a,
                                                          (select count(*)::int from acknowledgements where enterprise_id = ${eid}) k`.execute(
    db,
  )
  return counts.rows[0]!
}
