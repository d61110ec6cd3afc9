import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { parseChoice, type CatalogueItem } from './catalogue'

/** The certificate catalogue (reference data, seeds/certificate-catalogue.ts), in its order. */
export async function loadCatalogue(db: Kysely<Database>): Promise<CatalogueItem[]> {
  const rows = await db
    .selectFrom('certificate_catalogue')
    .select(['code', 'kind', 'category', 'item', 'name', 'validity_years', 'review_years'])
    .orderBy('sort')
    .execute()
  return rows.map((r) => ({
    code: r.code,
    kind: r.kind,
    category: r.category,
    item: r.item,
    name: r.name,
    validityYears: r.validity_years,
    reviewYears: r.review_years,
  }))
}

/**
 * A post's required certificates as picked ([form field, value] pairs): each a catalogue name or
 * "其他：名称", a message beside the field otherwise. A name the post already carries from before the
 * catalogue passes unchanged (it stays listed for resolving), so the post can still be edited.
 */
export async function checkRequirements(
  db: Kysely<Database>,
  picked: readonly (readonly [string, string])[],
  kept: readonly string[] = [],
): Promise<{ ok: true; names: string[] } | { ok: false; fieldErrors: Record<string, string> }> {
  if (!picked.length) return { ok: true, names: [] }
  const catalogue = await loadCatalogue(db)
  const names: string[] = []
  const fieldErrors: Record<string, string> = {}
  for (const [field, value] of picked) {
    if (kept.includes(value)) {
      names.push(value)
      continue
    }
    const choice = parseChoice(value, catalogue)
    if (choice.ok) names.push(choice.name)
    else fieldErrors[field] ??= choice.message
  }
  return Object.keys(fieldErrors).length ? { ok: false, fieldErrors } : { ok: true, names: [...new Set(names)] }
}
