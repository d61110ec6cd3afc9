import { sql, type Kysely } from 'kysely'
import { matchLegacyName } from '../../app/modules/training/catalogue'
import { certificateCatalogue } from '../../seeds/certificate-catalogue'

// The certificate catalogue (证书目录, seeds/certificate-catalogue.ts with its sources) as a reference
// table; certificates point at their catalogue item. Certificates and post requirements written as
// free text before are matched to the catalogue where exactly one item fits (their names become the
// catalogue's); the rest stay as written and are listed on the certificates page for the admin to
// resolve. Unlike other migrations this one reads the seed file and the matching rule: they are
// reference data and a pure function, and later seedings upsert the same rows.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('certificate_catalogue')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('validity_years', 'smallint', (c) => c.check(sql`validity_years between 1 and 20`))
    .addColumn('review_years', 'smallint', (c) => c.check(sql`review_years between 1 and 20`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute()
  await db
    .insertInto('certificate_catalogue')
    .values(
      certificateCatalogue.map((c, i) => ({
        code: c.code,
        kind: c.kind,
        category: c.category,
        item: c.item,
        name: c.name,
        validity_years: c.validityYears,
        review_years: c.reviewYears,
        source: c.source,
        sort: i + 1,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute()

  await db.schema
    .alterTable('certificates')
    .addColumn('catalogue_code', 'text', (c) => c.references('certificate_catalogue.code'))
    .execute()

  // one update per distinct legacy name, not per row: a city has hundreds of thousands of certificates
  const kinds = await db.selectFrom('certificates').select('kind').distinct().execute()
  for (const { kind } of kinds as { kind: string }[]) {
    const code = matchLegacyName(kind, certificateCatalogue)
    if (!code) continue
    const name = certificateCatalogue.find((c) => c.code === code)!.name
    await db.updateTable('certificates').set({ catalogue_code: code, kind: name }).where('kind', '=', kind).execute()
  }
  const required = await sql<{ name: string }>`select distinct unnest(required_certificates) as name from posts`.execute(db)
  for (const { name: legacy } of required.rows) {
    const code = matchLegacyName(legacy, certificateCatalogue)
    if (!code) continue
    const name = certificateCatalogue.find((c) => c.code === code)!.name
    if (name === legacy) continue
    await sql`update posts set required_certificates = array_replace(required_certificates, ${legacy}, ${name}) where ${legacy} = any(required_certificates)`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('certificates').dropColumn('catalogue_code').execute()
  await db.schema.dropTable('certificate_catalogue').execute()
}
