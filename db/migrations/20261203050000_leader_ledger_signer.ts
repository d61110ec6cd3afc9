import { sql, type Kysely } from 'kysely'

// Who signed a leader's month is who acted: the signature trigger of 20261202050000_leader_ledger holds
// signed_by to the book's leader, but the leader is whatever leader_ledger_leaders says, and that row is
// now written by the portal's appointments. So the signature is also held to the user the request's
// transaction is tagged with (app.user_id), through signer_is_actor of 20261202110000_signer_is_actor
// (the owner loading the demo is exempt there), as the 履职记录 and 考核 signers are.
// Frozen in time: never edit after it lands.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create trigger leader_ledger_signatures_signer_is_actor before insert or update on leader_ledger_signatures
    for each row execute function signer_is_actor('signed_by')`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists leader_ledger_signatures_signer_is_actor on leader_ledger_signatures`.execute(db)
}
