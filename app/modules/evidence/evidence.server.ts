import { createHash, randomUUID } from 'node:crypto'
import type { ExpressionBuilder } from 'kysely'
import type { Database, EvidenceOwnerKind } from '../../../db/types'
import { forbidden, notFound } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { isInScope, regulatorScope } from '../reference/scope.server'
import { isEvidenceOwnerKind, knownOwners } from './kinds'
import { canAttachEvidence, canOpenEvidence } from './policy'
import { EVIDENCE_TYPES } from './sniff'
import { evidenceStore } from './storage.server'
import { judgeUpload, UPLOAD_KINDS, type UploadKindName } from './uploads'
import type { RequestContext } from '../../db.server'

// The one evidence facility: every module attaches files to its records through it. Type by content,
// size limit, stored outside the web root, served only to the record's enterprise.

export interface UploadedFile {
  name: string
  bytes: Buffer
}

/**
 * Checks every file first, against what the picker takes (`accept`, one of UPLOAD_KINDS); stores
 * nothing unless all of them are acceptable. Type by content; the stored name follows the content.
 */
export function checkEvidence(
  files: UploadedFile[],
  accept: UploadKindName = 'evidence',
): { ok: true; types: (keyof typeof EVIDENCE_TYPES)[]; names: string[] } | { ok: false; message: string } {
  if (files.length > UPLOAD_KINDS[accept].maxFiles) return { ok: false, message: `一次最多上传 ${UPLOAD_KINDS[accept].maxFiles} 个文件` }
  const types: (keyof typeof EVIDENCE_TYPES)[] = []
  const names: string[] = []
  for (const f of files) {
    const judged = judgeUpload(f.bytes, f.name, accept)
    if (!judged.ok) return judged
    types.push(judged.type)
    names.push(judged.storedName)
  }
  return { ok: true, types, names }
}

/** Stores checked files as evidence of one record (in the caller's transaction for the rows). */
export async function attachEvidence(
  ctx: RequestContext,
  owner: { kind: EvidenceOwnerKind; id: string },
  files: (UploadedFile & { slot: string })[],
  accept: UploadKindName = 'evidence',
) {
  const { db, actor, now } = ctx
  if (!canAttachEvidence(actor, owner.kind)) throw forbidden()
  const checked = checkEvidence(files, accept)
  if (!checked.ok) return checked
  for (const [i, f] of files.entries()) {
    const type = checked.types[i]!
    const key = `${actor.enterpriseId}/${randomUUID()}`
    await evidenceStore().put(key, f.bytes)
    await db
      .insertInto('evidence_files')
      .values({
        enterprise_id: actor.enterpriseId,
        owner_kind: owner.kind,
        owner_id: owner.id,
        slot: f.slot,
        file_name: checked.names[i]!,
        media_type: EVIDENCE_TYPES[type].mediaType,
        size: f.bytes.length,
        sha256: createHash('sha256').update(f.bytes).digest('hex'),
        storage_key: key,
        uploaded_by: actor.userId,
        // the app's clock, not the database's: a report's evidence is what was uploaded before its
        // signature (uploaded_at <= published_at), and both times must come from the same clock
        uploaded_at: now,
      })
      .execute()
  }
  return { ok: true as const }
}

export async function evidenceOf(ctx: RequestContext, owner: { kind: string; id: string }) {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  if (!isEvidenceOwnerKind(owner.kind)) return []
  return db
    .selectFrom('evidence_files')
    .select(['id', 'slot', 'file_name', 'media_type', 'size', 'uploaded_at'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('owner_kind', '=', owner.kind)
    .where('owner_id', '=', owner.id)
    .orderBy('uploaded_at')
    .execute()
}

/**
 * The stored files of one record of the acting enterprise, with their bytes, in the order asked: what
 * a module carries on to the record that replaces a draft (a check's photos go to the hazards found
 * when it is signed). Ids not of this record are skipped.
 */
export async function evidenceFilesOf(
  ctx: RequestContext,
  owner: { kind: EvidenceOwnerKind; id: string },
  ids: string[],
): Promise<UploadedFile[]> {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  if (!ids.length) return []
  const rows = await db
    .selectFrom('evidence_files')
    .select(['id', 'file_name', 'storage_key'])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('owner_kind', '=', owner.kind)
    .where('owner_id', '=', owner.id)
    .where('id', 'in', ids)
    .execute()
  const out: UploadedFile[] = []
  for (const id of ids) {
    const r = rows.find((x) => x.id === id)
    if (r) out.push({ name: r.file_name, bytes: await evidenceStore().get(r.storage_key) })
  }
  return out
}

/** A file for download or preview — only to users of the enterprise that owns it; otherwise 404. */
export async function openEvidence(ctx: RequestContext, id: string) {
  const { db, actor, client } = ctx
  if (!canOpenEvidence(actor)) throw notFound()
  const f = await db
    .selectFrom('evidence_files')
    .selectAll()
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!f) throw notFound()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: actor.enterpriseId,
    action: 'evidence.open',
    target: id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  const inline = Object.values(EVIDENCE_TYPES).some((t) => t.mediaType === f.media_type && t.inline)
  return { fileName: f.file_name, mediaType: f.media_type, inline, bytes: await evidenceStore().get(f.storage_key) }
}

/**
 * The files of many records of one kind, in one query, for an overview (drills' plans and reports,
 * certificate scans). The caller has already decided the reader may see this enterprise's records.
 */
export async function evidenceOfOwners(db: RequestContext['db'], enterpriseId: string, ownerKind: EvidenceOwnerKind, ownerIds: string[]) {
  if (!ownerIds.length) return []
  return db
    .selectFrom('evidence_files')
    .select(['id', 'owner_id', 'slot', 'file_name'])
    .where('enterprise_id', '=', enterpriseId)
    .where('owner_kind', '=', ownerKind)
    .where('owner_id', 'in', ownerIds)
    .execute()
}

/** How many files each of several owners has, in one query (owners share the id, differ by kind). */
export async function evidenceCounts(ctx: RequestContext, asked: string[], ownerId: string): Promise<Map<string, number>> {
  const { db, actor } = ctx
  if (actor.kind !== 'enterprise') throw notFound()
  const kinds = asked.filter(isEvidenceOwnerKind)
  if (!kinds.length) return new Map()
  const rows = await db
    .selectFrom('evidence_files')
    .select(['owner_kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('enterprise_id', '=', actor.enterpriseId)
    .where('owner_id', '=', ownerId)
    .where('owner_kind', 'in', kinds)
    .groupBy('owner_kind')
    .execute()
  return new Map(rows.map((r) => [r.owner_kind, Number(r.n)]))
}

/** Files hanging on any of these records, uploaded by `asOf` when given. */
function ownedByAny(owners: { kind: EvidenceOwnerKind; id: string }[], asOf?: Date) {
  return (eb: ExpressionBuilder<Database, 'evidence_files'>) =>
    eb.and([
      eb.or(owners.map((o) => eb.and([eb('owner_kind', '=', o.kind), eb('owner_id', '=', o.id)]))),
      ...(asOf ? [eb('uploaded_at', '<=', asOf)] : []),
    ])
}

/**
 * Files of an enterprise in the regulator's scope, for the read-only views behind a report or an
 * order; out of scope reads as "not found". Uploaded at or before `asOf` when given (what the
 * report stood on when it was signed).
 */
export async function evidenceForRegulator(ctx: RequestContext, enterpriseId: string, asked: { kind: string; id: string }[], asOf?: Date) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const owners = knownOwners(asked)
  if (!owners.length) return []
  return db
    .selectFrom('evidence_files')
    .select(['id', 'owner_kind', 'owner_id', 'slot', 'file_name', 'media_type', 'size', 'uploaded_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where(ownedByAny(owners, asOf))
    .orderBy('uploaded_at')
    .execute()
}

/**
 * Every file of the given record kinds of an enterprise in the regulator's scope (一企一档 lists every
 * record of those kinds, so all their files belong to a listed record); one indexed query, however many
 * records there are. Out of scope reads as "not found".
 */
export async function evidenceOfKindsForRegulator(ctx: RequestContext, enterpriseId: string, asked: string[]) {
  const { db } = ctx
  const scope = await regulatorScope(ctx)
  if (!(await isInScope(db, scope, enterpriseId))) throw notFound()
  const kinds = asked.filter(isEvidenceOwnerKind)
  if (!kinds.length) return []
  return db
    .selectFrom('evidence_files')
    .select(['id', 'owner_kind', 'owner_id', 'slot', 'file_name', 'media_type', 'size', 'uploaded_at'])
    .where('enterprise_id', '=', enterpriseId)
    .where('owner_kind', 'in', kinds)
    .orderBy('uploaded_at')
    .execute()
}

/**
 * A regulator opens one file of an enterprise in scope, and only one that hangs on the record the
 * regulator is reading (`owners`, uploaded by `asOf` when given); anything else is "not found". The
 * caller logs the read where the enterprise sees it.
 */
export async function openEvidenceAsRegulator(
  ctx: RequestContext,
  enterpriseId: string,
  id: string,
  within: { owners: { kind: string; id: string }[]; asOf?: Date },
) {
  const { db, actor, client } = ctx
  const scope = await regulatorScope(ctx)
  const owners = knownOwners(within.owners)
  if (!(await isInScope(db, scope, enterpriseId)) || !owners.length) throw notFound()
  const f = await db
    .selectFrom('evidence_files')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('id', '=', id)
    .where(ownedByAny(owners, within.asOf))
    .executeTakeFirst()
  if (!f) throw notFound()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'evidence.regulator_open',
    target: id,
    result: 'ok',
    ...client,
    at: ctx.now,
  })
  const inline = Object.values(EVIDENCE_TYPES).some((t) => t.mediaType === f.media_type && t.inline)
  return {
    fileName: f.file_name,
    mediaType: f.media_type,
    inline,
    bytes: await evidenceStore().get(f.storage_key),
    departmentName: scope.departmentName,
  }
}

/** A stored file as the browser gets it: images and PDFs inline and sandboxed, the rest downloaded. */
export function evidenceResponse(file: { fileName: string; mediaType: string; inline: boolean; bytes: Buffer }): Response {
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'Content-Type': file.mediaType,
      'Content-Disposition': `${file.inline ? 'inline' : 'attachment'}; filename="evidence"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  })
}
