import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, LeaderEntrySource } from '../../../db/types'
import type { RequestContext } from '../../db.server'
import { shanghaiDay } from '../../utils/calendar'
import { fieldErrorsOf } from '../../utils/form'
import { forbidden, notFound } from '../../utils/http'
import { refuse, type Result } from '../../utils/result'
import { recordAudit } from '../audit/audit.server'
import { checkEvidence, type UploadedFile } from '../evidence/evidence.server'
import { EVIDENCE_TYPES } from '../evidence/sniff'
import { evidenceStore } from '../evidence/storage.server'
import { majorHazardStepsBy } from '../hazards/hazards.server'
import { regulatorActivity } from '../supervision/supervision.server'
import {
  isLeaderOf,
  isRecorderOf,
  appointmentProblems,
  mayAppointLeaders,
  mayKeepLedger,
  mayReadMonth,
  mayOverseeRegion,
  maySignLedger,
  mayViewLedger,
  type LedgerBook,
  type LedgerDecision,
  type LedgerViewer,
} from './policy'
import {
  chineseMonth,
  currentSheetMonth,
  recentMonths,
  deadlineOf,
  dueDayOf,
  monthKey,
  periodOf,
  proposalWork,
  submissionState,
  volumeOf,
  type Activity,
  type LedgerMonth,
} from './rules'
import { correctionSchema, entrySchema, proposalKey, type AppointInput } from './schema'

// 安全生产党政同责一岗双责台账 (seed 001, 市安办发〔2017〕14号). A department leader's book, kept by their
// recorder (一人一本): one 履职统计表 a month, proposed from what the portal saw the leader do,
// completed by hand with evidence, signed by the leader — which submits it to the same level's 安委办 —
// and frozen: the tables are append-only for the app's role and their triggers refuse what privileges
// alone cannot (db/migrations/20261202050000_leader_ledger.ts). A correction is a 更正 entry, signed again.

type DB = Kysely<Database>

export interface Book extends LedgerBook {
  leaderId: string
  leaderName: string
  recorderName: string
  departmentId: string
  departmentName: string
  position: 'principal' | 'member'
  title: string
  chargeAreas: string[]
}

async function viewerOf(ctx: RequestContext): Promise<LedgerViewer> {
  const { actor, db } = ctx
  if (actor.kind !== 'regulator' && actor.kind !== 'safety_office') return { userId: actor.userId, role: actor.role, regionCode: null }
  const d = await db.selectFrom('departments').select('region_code').where('id', '=', actor.departmentId).executeTakeFirst()
  return { userId: actor.userId, role: actor.role, regionCode: d?.region_code ?? null }
}

function booksQuery(db: DB) {
  return db
    .selectFrom('leader_ledger_leaders as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .innerJoin('users as r', 'r.id', 'l.recorder_user_id')
    .innerJoin('departments as d', 'd.id', 'l.department_id')
    .select([
      'l.id as leaderId',
      'l.user_id as leaderUserId',
      'l.recorder_user_id as recorderUserId',
      'u.display_name as leaderName',
      'r.display_name as recorderName',
      'd.id as departmentId',
      'd.name as departmentName',
      'd.region_code as regionCode',
      'l.position',
      'l.title',
      'l.charge_areas as chargeAreas',
    ])
}

function decide(d: LedgerDecision): void {
  if (d.ok) return
  throw d.reason === 'not_found' ? notFound() : forbidden(d.message)
}

/** A book the actor may see (the leader, the recorder, the 安委办 of its level); anyone else gets a 404. */
async function bookFor(ctx: RequestContext, leaderId: string): Promise<{ book: Book; viewer: LedgerViewer }> {
  const book = await booksQuery(ctx.db).where('l.id', '=', leaderId).executeTakeFirst()
  if (!book) throw notFound()
  const viewer = await viewerOf(ctx)
  decide(mayViewLedger(viewer, book))
  return { book, viewer }
}

/** The books a regulator keeps or owns: their own (as a leader) and those they record. */
export async function myBooks(ctx: RequestContext) {
  const { actor, db, now } = ctx
  if (actor.kind !== 'regulator') throw notFound()
  const books = await booksQuery(db)
    .where((eb) => eb.or([eb('l.user_id', '=', actor.userId), eb('l.recorder_user_id', '=', actor.userId)]))
    .orderBy('l.position')
    .orderBy('u.display_name')
    .execute()
  const current = currentSheetMonth(now)
  // the month being kept and the eleven before it (a January book still reaches last year's months)
  const recent = recentMonths(current, 12)
  const sheets = books.length
    ? await db
        .selectFrom('leader_ledger_sheets')
        .select(['leader_id', 'year', 'month', 'submitted_at'])
        .where(
          'leader_id',
          'in',
          books.map((b) => b.leaderId),
        )
        .where('year', '>=', recent.at(-1)!.year)
        .execute()
    : []
  return {
    current: monthKey(current),
    years: [...new Set(recent.map((m) => m.year))],
    books: books.map((b) => ({
      ...b,
      role: b.leaderUserId === actor.userId ? ('leader' as const) : ('recorder' as const),
      months: recent.map((m) => {
        const s = sheets.find((x) => x.leader_id === b.leaderId && x.year === m.year && x.month === m.month)
        return { key: monthKey(m), label: chineseMonth(m), state: submissionState(m, s?.submitted_at ?? null, now) }
      }),
    })),
  }
}

// ---- one month ------------------------------------------------------------------------------

interface SheetRow {
  id: string
  submitted_at: Date | null
}

async function findSheet(db: DB, leaderId: string, m: LedgerMonth) {
  return db
    .selectFrom('leader_ledger_sheets')
    .selectAll()
    .where('leader_id', '=', leaderId)
    .where('year', '=', m.year)
    .where('month', '=', m.month)
    .executeTakeFirst()
}

/** The month's sheet, opened (with today's cover) if this is its first entry, and locked for the write. */
async function lockSheet(ctx: RequestContext, book: Book, m: LedgerMonth): Promise<SheetRow> {
  const { db, actor } = ctx
  await db
    .insertInto('leader_ledger_sheets')
    .values({
      leader_id: book.leaderId,
      year: m.year,
      month: m.month,
      leader_name: book.leaderName,
      leader_title: book.title,
      charge_areas: book.chargeAreas,
      department_name: book.departmentName,
      recorder_name: book.recorderName,
      created_by: actor.userId,
    })
    .onConflict((oc) => oc.columns(['leader_id', 'year', 'month']).doNothing())
    .execute()
  return db
    .selectFrom('leader_ledger_sheets')
    .select(['id', 'submitted_at'])
    .where('leader_id', '=', book.leaderId)
    .where('year', '=', m.year)
    .where('month', '=', m.month)
    .forUpdate()
    .executeTakeFirstOrThrow()
}

async function entriesOf(db: DB, sheetId: string) {
  const rows = await db
    .selectFrom('leader_ledger_entries as e')
    .leftJoin('leader_ledger_withdrawals as w', 'w.entry_id', 'e.id')
    .select([
      'e.id',
      'e.seq',
      'e.occurred_on as occurredOn',
      'e.work',
      'e.participants',
      'e.remark',
      'e.source_kind as sourceKind',
      'e.source_id as sourceId',
      'e.correction_of as correctionOf',
      'e.created_by_name as createdBy',
      'w.withdrawn_at as withdrawnAt',
    ])
    .where('e.sheet_id', '=', sheetId)
    .orderBy('e.seq')
    .execute()
  const files = await db
    .selectFrom('leader_ledger_files')
    .select(['id', 'entry_id', 'file_name'])
    .where('sheet_id', '=', sheetId)
    .orderBy('uploaded_at')
    .execute()
  return rows.map((r) => ({ ...r, files: files.filter((f) => f.entry_id === r.id).map((f) => ({ id: f.id, name: f.file_name })) }))
}

async function signaturesOf(db: DB, sheetId: string) {
  return db
    .selectFrom('leader_ledger_signatures')
    .select(['seq', 'signer_name as signerName', 'signed_at as signedAt', 'last_entry_seq as lastEntrySeq', 'entry_count as entryCount'])
    .where('sheet_id', '=', sheetId)
    .orderBy('seq')
    .execute()
}

/** The instants bounding a month's period (Asia/Shanghai days, the end exclusive). */
function periodInstants(m: LedgerMonth): { from: Date; to: Date } {
  const p = periodOf(m)
  const to = new Date(`${p.to}T00:00:00+08:00`)
  return { from: new Date(`${p.from}T00:00:00+08:00`), to: new Date(to.getTime() + 86_400_000) }
}

/** What the portal saw the leader do this month, as proposed lines of the table. */
export async function activityOf(db: DB, book: Book, m: LedgerMonth): Promise<Activity[]> {
  const { from, to } = periodInstants(m)
  const who = { userId: book.leaderUserId, name: book.leaderName, departmentId: book.departmentId }
  const seen = await regulatorActivity(db, who, from, to)
  const hazards = await majorHazardStepsBy(db, who, from, to)
  const out: Activity[] = [
    ...seen.inspections.map((i) => ({
      kind: 'inspection' as const,
      sourceId: i.id,
      day: shanghaiDay(new Date(i.inspected_at)),
      enterpriseName: i.enterpriseName,
      detail: i.place,
      participants: i.inspectors,
    })),
    ...seen.issued.map((o) => ({
      kind: 'order_issued' as const,
      sourceId: o.id,
      day: shanghaiDay(new Date(o.issued_at)),
      enterpriseName: o.enterpriseName,
      detail: o.document_no,
      participants: book.leaderName,
    })),
    ...seen.reviewed.map((v) => ({
      kind: 'order_reviewed' as const,
      sourceId: v.id,
      day: shanghaiDay(new Date(v.at)),
      enterpriseName: v.enterpriseName,
      detail: v.document_no,
      participants: book.leaderName,
      accepted: v.kind === 'accept',
    })),
    ...hazards.map((h) => ({
      kind: h.step === 'supervise' ? ('hazard_supervise' as const) : ('hazard_write_off' as const),
      sourceId: h.hazardId,
      day: shanghaiDay(new Date(h.at)),
      enterpriseName: h.enterpriseName,
      detail: h.supervisionNo ? `${h.supervisionNo}，${h.description.slice(0, 40)}` : h.description.slice(0, 40),
      participants: h.byName,
    })),
  ]
  return out.sort((a, b) => a.day.localeCompare(b.day))
}

/** A month of a book: its cover, entries, signatures, what may be done, and the proposals for the recorder. */
export async function monthView(ctx: RequestContext, leaderId: string, m: LedgerMonth) {
  const { db, now } = ctx
  const { book, viewer } = await bookFor(ctx, leaderId)
  const sheet = await findSheet(db, leaderId, m)
  // the 安委办 sees a month once the leader has signed and submitted it; before that, only its status
  const readable = mayReadMonth(viewer, book, { submitted: !!sheet?.submitted_at }).ok
  const entries = sheet && readable ? await entriesOf(db, sheet.id) : []
  const signatures = sheet && readable ? await signaturesOf(db, sheet.id) : []
  const covered = signatures.at(-1)?.lastEntrySeq ?? 0
  const submitted = !!sheet?.submitted_at
  const keeps = mayKeepLedger(viewer, book).ok
  const signs = maySignLedger(viewer, book).ok
  const live = entries.filter((e) => !e.withdrawnAt)
  const unsigned = live.filter((e) => e.seq > covered)
  const taken = new Set(live.filter((e) => e.sourceId).map((e) => `${e.sourceKind}:${e.sourceId}`))
  const proposals =
    keeps && !submitted
      ? (await activityOf(db, book, m))
          .filter((a) => !taken.has(`${a.kind}:${a.sourceId}`))
          .map((a) => ({ key: `${a.kind}:${a.sourceId}`, kind: a.kind, day: a.day, work: proposalWork(a), participants: a.participants }))
      : []
  const period = periodOf(m)
  return {
    book,
    month: m,
    period,
    dueDay: dueDayOf(m),
    state: submissionState(m, sheet?.submitted_at ?? null, now),
    submittedAt: sheet?.submitted_at ?? null,
    cover: sheet
      ? {
          leaderName: sheet.leader_name,
          title: sheet.leader_title,
          chargeAreas: sheet.charge_areas,
          departmentName: sheet.department_name,
          recorderName: sheet.recorder_name,
        }
      : {
          leaderName: book.leaderName,
          title: book.title,
          chargeAreas: book.chargeAreas,
          departmentName: book.departmentName,
          recorderName: book.recorderName,
        },
    /** false when the viewer (the 安委办) may not read this month yet: it is not submitted */
    readable,
    entries: entries.map((e) => ({ ...e, signed: e.seq <= covered })),
    signatures,
    proposals,
    can: {
      keep: keeps && !submitted,
      correct: keeps && submitted,
      // the leader signs a month not yet submitted, or the 更正 entries appended since the last signature
      sign: signs && (!submitted || unsigned.length > 0),
    },
    viewerRole: isLeaderOf(viewer, book) ? 'leader' : isRecorderOf(viewer, book) ? 'recorder' : 'office',
  }
}

async function keeperBook(ctx: RequestContext, leaderId: string): Promise<Book> {
  const { book, viewer } = await bookFor(ctx, leaderId)
  decide(mayKeepLedger(viewer, book))
  return book
}

async function nextSeq(db: DB, sheetId: string): Promise<number> {
  const r = await db
    .selectFrom('leader_ledger_entries')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('sheet_id', '=', sheetId)
    .executeTakeFirst()
  return Number(r?.max ?? 0) + 1
}

/** The recorder takes proposed lines into the month (each once). */
export async function acceptProposals(
  ctx: RequestContext,
  leaderId: string,
  m: LedgerMonth,
  keys: string[],
): Promise<Result<{ added: number }>> {
  const { db, actor } = ctx
  const book = await keeperBook(ctx, leaderId)
  if (!keys.length) return refuse('请勾选要记入台账的工作')
  if (keys.some((k) => !proposalKey.safeParse(k).success)) return refuse('所选工作无法识别，请刷新页面后重试')
  const sheet = await lockSheet(ctx, book, m)
  if (sheet.submitted_at) return refuse('本月台账已报送，只能追加更正')
  const live = (await entriesOf(db, sheet.id)).filter((e) => !e.withdrawnAt)
  const taken = new Set(live.filter((e) => e.sourceId).map((e) => `${e.sourceKind}:${e.sourceId}`))
  // only what the portal itself proposes for this leader and month: a key from another leader's
  // activity, or one made up, matches nothing here
  const proposed = new Map((await activityOf(db, book, m)).map((a) => [`${a.kind}:${a.sourceId}`, a]))
  let seq = await nextSeq(db, sheet.id)
  let added = 0
  for (const key of new Set(keys)) {
    const a = proposed.get(key)
    if (!a || taken.has(key)) continue
    await db
      .insertInto('leader_ledger_entries')
      .values({
        sheet_id: sheet.id,
        seq: seq++,
        occurred_on: a.day,
        work: proposalWork(a).slice(0, 500),
        participants: a.participants.slice(0, 200),
        remark: '',
        source_kind: a.kind as LeaderEntrySource,
        source_id: a.sourceId,
        created_by: actor.userId,
        created_by_name: actor.displayName,
      })
      .execute()
    added++
  }
  if (!added) return refuse('所选工作已记入台账或不属于本月')
  return { ok: true, added }
}

async function storeFiles(ctx: RequestContext, book: Book, sheetId: string, entryId: string, files: UploadedFile[]) {
  const checked = checkEvidence(files)
  if (!checked.ok) return checked
  for (const [i, f] of files.entries()) {
    const key = `${book.departmentId}/${randomUUID()}`
    await evidenceStore().put(key, f.bytes)
    await ctx.db
      .insertInto('leader_ledger_files')
      .values({
        sheet_id: sheetId,
        entry_id: entryId,
        file_name: checked.names[i]!,
        media_type: EVIDENCE_TYPES[checked.types[i]!].mediaType,
        size: f.bytes.length,
        sha256: createHash('sha256').update(f.bytes).digest('hex'),
        storage_key: key,
        uploaded_by: ctx.actor.userId,
        uploaded_at: ctx.now,
      })
      .execute()
  }
  return { ok: true as const }
}

/** Why a day cannot be recorded in the month (outside its period, or not yet come), or null. */
function dayInPeriod(day: string, m: LedgerMonth, now: Date): string | null {
  const p = periodOf(m)
  if (day < p.from || day > p.to) return `本月台账记录 ${p.from} 至 ${p.to} 的工作（每月26日起记入下月）`
  if (day > shanghaiDay(now)) return '时间不能晚于今天：台账记录已经做过的工作'
  return null
}

/**
 * The line the same form already made in this month, if it made one: a form sent again (a double click,
 * a resent page, a phone's retry) carries the key of the form shown, and is answered with that line.
 * Called under the sheet's row lock, which every write to the month takes, so twenty sendings at once
 * find one line; the unique key (sheet_id, form_key) stands behind it.
 */
async function lineOfForm(db: DB, sheetId: string, formKey: string | undefined, kind: 'line' | 'correction'): Promise<string | null> {
  if (!formKey) return null
  // a line answers only its own kind of form: a 更正 never reads as done because an added line shared its key
  const row = await db
    .selectFrom('leader_ledger_entries')
    .select('id')
    .where('sheet_id', '=', sheetId)
    .where('form_key', '=', formKey)
    .where('source_kind', kind === 'correction' ? '=' : '<>', 'correction')
    .executeTakeFirst()
  return row?.id ?? null
}

/**
 * The recorder adds a meeting, a study of a key problem, a site visit…, with its evidence. Once per form
 * shown: the same form sent again stores neither a second line nor its files a second time.
 */
export async function addEntry(
  ctx: RequestContext,
  leaderId: string,
  m: LedgerMonth,
  values: Record<string, string>,
  files: UploadedFile[],
): Promise<Result<{ entryId: string }>> {
  const { db, actor } = ctx
  const book = await keeperBook(ctx, leaderId)
  const parsed = entrySchema.safeParse(values)
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) }
  const outside = dayInPeriod(parsed.data.occurredOn, m, ctx.now)
  if (outside) return { ok: false, fieldErrors: { occurredOn: outside } }
  const checked = checkEvidence(files)
  if (!checked.ok) return { ok: false, fieldErrors: { files: checked.message } }
  const sheet = await lockSheet(ctx, book, m)
  // looked for before the submission is: a line sent again after the leader signed was still recorded
  const earlier = await lineOfForm(db, sheet.id, parsed.data.formKey, 'line')
  if (earlier) return { ok: true, entryId: earlier }
  if (sheet.submitted_at) return refuse('本月台账已报送，只能追加更正')
  const row = await db
    .insertInto('leader_ledger_entries')
    .values({
      sheet_id: sheet.id,
      seq: await nextSeq(db, sheet.id),
      occurred_on: parsed.data.occurredOn,
      work: parsed.data.work,
      participants: parsed.data.participants,
      remark: parsed.data.remark,
      source_kind: parsed.data.kind,
      form_key: parsed.data.formKey ?? null,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const stored = await storeFiles(ctx, book, sheet.id, row.id, files)
  if (!stored.ok) return { ok: false, fieldErrors: { files: stored.message } }
  return { ok: true, entryId: row.id }
}

/** The recorder takes a draft line out again (before the leader signs; the database refuses it after). */
export async function withdrawEntry(ctx: RequestContext, leaderId: string, m: LedgerMonth, entryId: string): Promise<Result> {
  const { db, actor } = ctx
  const book = await keeperBook(ctx, leaderId)
  const sheet = await lockSheet(ctx, book, m)
  if (sheet.submitted_at) return refuse('本月台账已报送，不能删除条目，只能追加更正')
  const entry = (await entriesOf(db, sheet.id)).find((e) => e.id === entryId)
  if (!entry) throw notFound()
  if (entry.withdrawnAt) return { ok: true }
  await db.insertInto('leader_ledger_withdrawals').values({ entry_id: entryId, sheet_id: sheet.id, withdrawn_by: actor.userId }).execute()
  return { ok: true }
}

/** 更正: appended to a submitted month by the recorder, once per form shown; the leader signs it again. */
export async function appendCorrection(
  ctx: RequestContext,
  leaderId: string,
  m: LedgerMonth,
  values: Record<string, string>,
): Promise<Result> {
  const { db, actor } = ctx
  const book = await keeperBook(ctx, leaderId)
  const parsed = correctionSchema.safeParse(values)
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) }
  const outside = dayInPeriod(parsed.data.occurredOn, m, ctx.now)
  if (outside) return { ok: false, fieldErrors: { occurredOn: outside } }
  const sheet = await lockSheet(ctx, book, m)
  // the same 更正 sent again is the one already appended (and signed, or waiting for the leader)
  if (await lineOfForm(db, sheet.id, parsed.data.formKey, 'correction')) return { ok: true }
  if (!sheet.submitted_at) return refuse('本月台账尚未报送，请直接修改条目')
  const entries = await entriesOf(db, sheet.id)
  const target = parsed.data.correctionOf ? entries.find((e) => e.id === parsed.data.correctionOf) : null
  if (parsed.data.correctionOf && !target) return { ok: false, fieldErrors: { correctionOf: '请选择本月台账中的条目' } }
  await db
    .insertInto('leader_ledger_entries')
    .values({
      sheet_id: sheet.id,
      seq: await nextSeq(db, sheet.id),
      occurred_on: parsed.data.occurredOn,
      work: parsed.data.work,
      participants: parsed.data.participants,
      remark: target
        ? `更正第${target.seq}项${parsed.data.remark ? `；${parsed.data.remark}` : ''}`
        : `补记${parsed.data.remark ? `；${parsed.data.remark}` : ''}`,
      source_kind: 'correction',
      correction_of: target?.id ?? null,
      form_key: parsed.data.formKey ?? null,
      created_by: actor.userId,
      created_by_name: actor.displayName,
    })
    .execute()
  return { ok: true }
}

function contentHash(
  cover: object,
  entries: { seq: number; occurredOn: string; work: string; participants: string; remark: string }[],
): string {
  const canonical = JSON.stringify({
    cover,
    entries: entries.map((e) => [e.seq, e.occurredOn, e.work, e.participants, e.remark]),
  })
  return createHash('sha256').update(canonical).digest('hex')
}

/**
 * 本人签字: the leader signs what the recorder prepared. The first signature submits the month to the
 * 安委办 (submitted_at); a later one signs the 更正 entries appended since. Under the sheet's row lock,
 * numbered (unique per sheet), so two clicks sign once.
 */
export async function signMonth(ctx: RequestContext, leaderId: string, m: LedgerMonth): Promise<Result<{ seq: number }>> {
  const { db, actor, now, client } = ctx
  const { book, viewer } = await bookFor(ctx, leaderId)
  decide(maySignLedger(viewer, book))
  const sheet = await lockSheet(ctx, book, m)
  const entries = (await entriesOf(db, sheet.id)).filter((e) => !e.withdrawnAt)
  const signatures = await signaturesOf(db, sheet.id)
  const covered = signatures.at(-1)?.lastEntrySeq ?? 0
  const all = await nextSeq(db, sheet.id)
  if (signatures.length && all - 1 <= covered) return refuse('本月台账已签字报送，没有新的更正需要签字')
  if (!signatures.length && now.getTime() < new Date(`${periodOf(m).from}T00:00:00+08:00`).getTime())
    return refuse('本月尚未开始，不能签字')
  const full = await findSheet(db, leaderId, m)
  const seq = signatures.length + 1
  await db
    .insertInto('leader_ledger_signatures')
    .values({
      sheet_id: sheet.id,
      seq,
      signed_by: actor.userId,
      signer_name: actor.displayName,
      signed_at: now,
      last_entry_seq: all - 1,
      entry_count: entries.length,
      content_hash: contentHash(
        { leader: full!.leader_name, title: full!.leader_title, areas: full!.charge_areas, department: full!.department_name },
        entries,
      ),
    })
    .execute()
  if (!sheet.submitted_at) await db.updateTable('leader_ledger_sheets').set({ submitted_at: now }).where('id', '=', sheet.id).execute()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: null,
    action: seq === 1 ? 'leader_ledger.submit' : 'leader_ledger.sign_correction',
    target: `${leaderId}/${monthKey(m)}`,
    result: 'ok',
    ...client,
  })
  return { ok: true, seq }
}

// ---- the 安委办 ---------------------------------------------------------------------------------

/** The 安委办's month: every leader of its level's departments, who has submitted, who is late. */
export async function officeMonth(ctx: RequestContext, m: LedgerMonth) {
  const { db, now, actor } = ctx
  if (actor.kind !== 'safety_office') throw notFound()
  const viewer = await viewerOf(ctx)
  decide(mayOverseeRegion(viewer, viewer.regionCode ?? ''))
  const books = await booksQuery(db)
    .where('d.region_code', '=', viewer.regionCode!)
    .orderBy('d.name')
    .orderBy('l.position')
    .orderBy('u.display_name')
    .execute()
  const sheets = books.length
    ? await db
        .selectFrom('leader_ledger_sheets as s')
        .leftJoin('leader_ledger_entries as e', 'e.sheet_id', 's.id')
        .select(['s.leader_id', 's.submitted_at', (eb) => eb.fn.count<number>('e.id').as('entries')])
        .where(
          's.leader_id',
          'in',
          books.map((b) => b.leaderId),
        )
        .where('s.year', '=', m.year)
        .where('s.month', '=', m.month)
        .groupBy(['s.leader_id', 's.submitted_at'])
        .execute()
    : []
  const rows = books.map((b) => {
    const s = sheets.find((x) => x.leader_id === b.leaderId)
    return {
      ...b,
      submittedAt: s?.submitted_at ?? null,
      // a draft's content, its number of lines included, is the recorder's until the leader submits it
      entries: s?.submitted_at ? Number(s.entries) : null,
      state: submissionState(m, s?.submitted_at ?? null, now),
    }
  })
  const office = await db.selectFrom('departments').select('name').where('id', '=', actor.departmentId).executeTakeFirst()
  return {
    officeName: office?.name ?? '',
    month: m,
    dueDay: dueDayOf(m),
    deadlinePassed: now.getTime() > deadlineOf(m).getTime(),
    rows,
    counts: {
      submitted: rows.filter((r) => r.state === 'submitted' || r.state === 'submitted_late').length,
      late: rows.filter((r) => r.state === 'late' || r.state === 'submitted_late').length,
      missing: rows.filter((r) => r.state === 'late' || r.state === 'pending').length,
    },
  }
}

// ---- printing -----------------------------------------------------------------------------------

/**
 * A year's volume of a book (cover, 总目录, every month's table and signatures, pages numbered), or
 * one month of it. Only what was signed is printed as signed; an unsigned month prints as 未签字.
 */
export async function printVolume(ctx: RequestContext, leaderId: string, year: number, onlyMonth: number | null) {
  const { db, actor, client } = ctx
  const { book, viewer } = await bookFor(ctx, leaderId)
  // the 安委办 prints what was submitted to it; the drafts stay with the leader and the recorder
  const sheets = (
    await db
      .selectFrom('leader_ledger_sheets')
      .selectAll()
      .where('leader_id', '=', leaderId)
      .where('year', '=', year)
      .$if(onlyMonth !== null, (q) => q.where('month', '=', onlyMonth!))
      .orderBy('month')
      .execute()
  ).filter((s) => mayReadMonth(viewer, book, { submitted: !!s.submitted_at }).ok)
  const months = []
  for (const s of sheets) {
    const entries = (await entriesOf(db, s.id)).filter((e) => !e.withdrawnAt)
    const signatures = await signaturesOf(db, s.id)
    const covered = signatures.at(-1)?.lastEntrySeq ?? 0
    months.push({
      month: s.month,
      submittedAt: s.submitted_at,
      signatures,
      // the printed table numbers the lines 1, 2, … (序号); an unsigned 更正 is not printed as part of the record
      entries: entries
        .filter((e) => e.seq <= covered || !signatures.length)
        .map((e, i) => ({ seq: i + 1, occurredOn: e.occurredOn, work: e.work, participants: e.participants, remark: e.remark })),
    })
  }
  const volume = volumeOf(months.map((x) => ({ month: x.month, entries: x.entries, signed: x.signatures.length > 0 })))
  const first = sheets[0]
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: null,
    action: 'leader_ledger.print',
    target: `${leaderId}/${year}`,
    result: 'ok',
    ...client,
  })
  return {
    year,
    onlyMonth,
    cover: first
      ? {
          leaderName: first.leader_name,
          title: first.leader_title,
          chargeAreas: first.charge_areas,
          departmentName: first.department_name,
          recorderName: first.recorder_name,
        }
      : {
          leaderName: book.leaderName,
          title: book.title,
          chargeAreas: book.chargeAreas,
          departmentName: book.departmentName,
          recorderName: book.recorderName,
        },
    position: book.position,
    months,
    volume,
  }
}

/** An entry's evidence file, to whoever may see the book. */
export async function openLedgerFile(ctx: RequestContext, fileId: string) {
  const { db, actor, client } = ctx
  const f = await db
    .selectFrom('leader_ledger_files as f')
    .innerJoin('leader_ledger_sheets as s', 's.id', 'f.sheet_id')
    .select(['f.file_name', 'f.media_type', 'f.storage_key', 's.leader_id', 's.submitted_at'])
    .where('f.id', '=', fileId)
    .executeTakeFirst()
  if (!f) throw notFound()
  const { book, viewer } = await bookFor(ctx, f.leader_id)
  decide(mayReadMonth(viewer, book, { submitted: !!f.submitted_at }))
  await recordAudit(db, { userId: actor.userId, enterpriseId: null, action: 'leader_ledger.file', target: fileId, result: 'ok', ...client })
  const inline = Object.values(EVIDENCE_TYPES).some((t) => t.mediaType === f.media_type && t.inline)
  return { fileName: f.file_name, mediaType: f.media_type, inline, bytes: await evidenceStore().get(f.storage_key) }
}

// ---- appointments (the platform administrator) --------------------------------------------------

/** The regulator accounts that may be appointed, and the books appointed so far. */
export async function appointments(ctx: RequestContext) {
  const { db, actor } = ctx
  decide(mayAppointLeaders(actor.role))
  const accounts = await db
    .selectFrom('users as u')
    .innerJoin('departments as d', 'd.id', 'u.department_id')
    .innerJoin('regions as r', 'r.code', 'd.region_code')
    .select(['u.id', 'u.display_name as name', 'u.username', 'd.id as departmentId', 'd.name as departmentName', 'r.name as regionName'])
    .where('u.role', '=', 'regulator')
    .orderBy('d.region_code')
    .orderBy('d.name')
    .orderBy('u.display_name')
    .execute()
  const books = await booksQuery(db)
    .select('r.username as recorderUsername')
    .orderBy('d.region_code')
    .orderBy('d.name')
    .orderBy('l.position')
    .execute()
  return { accounts, books }
}

async function accountOf(db: DB, userId: string) {
  const u = await db.selectFrom('users').select(['id', 'role', 'department_id']).where('id', '=', userId).executeTakeFirst()
  return u ? { id: u.id, role: u.role, departmentId: u.department_id } : null
}

/**
 * Marks a department account as a leader with a book (主要领导/班子成员, 职务, 分管行业领域) and names its
 * recorder; appointing again changes the cover and the recorder from the next month opened (a month
 * already opened keeps the cover it was opened with). Audited with the before and after.
 */
export async function appointLeader(ctx: RequestContext, input: AppointInput): Promise<Result<{ leaderId: string }>> {
  const { db, actor, client, now } = ctx
  decide(mayAppointLeaders(actor.role))
  const [leader, recorder] = await Promise.all([accountOf(db, input.userId), accountOf(db, input.recorderUserId)])
  const fieldErrors = appointmentProblems({ leader, recorder, position: input.position, chargeAreas: input.chargeAreas })
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors }
  // the leader's account row orders appointments of the same leader made at once: each reads the
  // appointment it replaces after the one before has committed, so the audit says appoint once and
  // every reappointment's before is the appointment it really replaced
  await db.selectFrom('users').select('id').where('id', '=', input.userId).forNoKeyUpdate().execute()
  const before = await db.selectFrom('leader_ledger_leaders').selectAll().where('user_id', '=', input.userId).executeTakeFirst()
  const values = {
    department_id: leader!.departmentId!,
    position: input.position,
    title: input.title,
    charge_areas: input.chargeAreas,
    recorder_user_id: input.recorderUserId,
  }
  const row = await db
    .insertInto('leader_ledger_leaders')
    .values({ user_id: input.userId, ...values, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .returning('id')
    .executeTakeFirstOrThrow()
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId: null,
    action: before ? 'leader_ledger.reappoint' : 'leader_ledger.appoint',
    target: input.userId,
    result: 'ok',
    detail: {
      before: before
        ? { position: before.position, title: before.title, chargeAreas: before.charge_areas, recorder: before.recorder_user_id }
        : null,
      after: { position: input.position, title: input.title, chargeAreas: input.chargeAreas, recorder: input.recorderUserId },
    },
    ...client,
  })
  return { ok: true, leaderId: row.id }
}
