import { sql, type Kysely } from 'kysely'

// Issue 15 §4: a regulator's rectification order item becomes a hazard in the enterprise's register
// (source 监管部门检查), so the order and the hazard are one closed loop. Frozen in time: never edit
// after it lands.
//  - hazards.order_id / order_item_no: the item the hazard came from; the key carries enterprise_id
//    (Citus, and a cross-tenant link is impossible); one hazard per item (unique), so an item recorded
//    twice at once still makes one hazard;
//  - a hazard linked to an order is a 监管部门检查 hazard, and only such a hazard.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('hazards')
    .addColumn('order_id', 'uuid')
    .addColumn('order_item_no', 'integer')
    .execute()
  await db.schema
    .alterTable('hazards')
    .addForeignKeyConstraint(
      'hazards_order_item_fk',
      ['enterprise_id', 'order_id', 'order_item_no'],
      'rectification_items',
      ['enterprise_id', 'order_id', 'no'],
    )
    .execute()
  await db.schema
    .alterTable('hazards')
    .addCheckConstraint(
      'hazards_order_item_ck',
      sql`(order_id is null and order_item_no is null) or (order_id is not null and order_item_no is not null and source = 'regulator')`,
    )
    .execute()
  await sql`create unique index hazards_order_item_uq on hazards (enterprise_id, order_id, order_item_no) where order_id is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists hazards_order_item_uq`.execute(db)
  await db.schema.alterTable('hazards').dropConstraint('hazards_order_item_ck').ifExists().execute()
  await db.schema.alterTable('hazards').dropConstraint('hazards_order_item_fk').ifExists().execute()
  await db.schema.alterTable('hazards').dropColumn('order_item_no').dropColumn('order_id').execute()
}
