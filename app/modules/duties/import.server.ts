import type { Kysely } from 'kysely'
import type { Database } from '../../../db/types'
import { todayInShanghai } from '../../utils/dates'
import { matchKey } from '../../utils/form'
import { forbidden } from '../../utils/http'
import { recordAudit } from '../audit/audit.server'
import { enterpriseAdmin } from '../auth/actor'
import { createBatch, loadBatch, markCommitted } from '../excel/batches.server'
import { readSheet, templateWorkbook, withCellProblems } from '../excel/workbook.server'
import { insertPost, loadOrgGraph, unitPath } from '../org/org.server'
import { POST_IMPORT_COLUMNS, validatePostImport, type PostImportContext, type PostImportGroup } from './import-rules'
import { DUTY_CATEGORIES } from './rules'
import { canOverseeDutyLists } from './policy'
import type { RequestContext } from '../../db.server'

type DB = Kysely<Database>

async function importContext(db: DB, enterpriseId: string): Promise<PostImportContext> {
  const graph = await loadOrgGraph(db, enterpriseId)
  const open = await db
    .selectFrom('duty_list_versions')
    .select('post_id')
    .where('enterprise_id', '=', enterpriseId)
    .where('status', 'in', ['draft', 'submitted'])
    .execute()
  const withOpen = new Set(open.map((o) => o.post_id))
  const posts: PostImportContext['posts'] = new Map()
  for (const p of graph.posts) {
    if (!posts.has(p.unitId)) posts.set(p.unitId, new Map())
    posts.get(p.unitId)!.set(matchKey(p.name), { id: p.id, name: p.name, tier: p.tier, hasOpenVersion: withOpen.has(p.id) })
  }
  return { units: graph.units.map((u) => ({ id: u.id, name: u.name, path: unitPath(graph.units, u.id), isRoot: !u.parentId })), posts }
}

export async function previewPostsImport(ctx: RequestContext, file: { name: string; bytes: Buffer }) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以导入岗位清单')
  const sheet = await readSheet(file.bytes, POST_IMPORT_COLUMNS)
  if (!sheet.ok) return sheet
  if (!sheet.rows.length) return { ok: false as const, message: '文件中没有数据行' }
  if (sheet.rows.length > 20_000) return { ok: false as const, message: '一次最多导入 20000 行，请拆分文件' }
  const checked = validatePostImport(sheet.rows, await importContext(db, enterpriseId))
  const groups = checked.groups
  const problems = withCellProblems(sheet.problems, checked.problems)
  const batchId = await createBatch(db, enterpriseId, actor.userId, {
    kind: 'posts',
    fileName: file.name,
    rowCount: sheet.rows.length,
    rows: groups,
    problems,
  })
  return { ok: true as const, batchId }
}

export async function getPostsImportBatch(ctx: RequestContext, batchId: string) {
  const { db, actor } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以导入岗位清单')
  const b = await loadBatch<PostImportGroup>(db, enterpriseId, batchId, 'posts')
  return {
    ...b,
    problems: b.problems.slice(0, 500),
    problemCount: b.problems.length,
    newPosts: b.rows.filter((g) => !g.postId).length,
    revisedPosts: b.rows.filter((g) => g.postId).length,
    items: b.rows.reduce((n, g) => n + g.items.length, 0),
    rows: b.rows.slice(0, 100),
  }
}

/** All or nothing: new posts with their first draft, new draft versions for existing posts. */
export async function commitPostsImport(ctx: RequestContext, batchId: string) {
  const { db, actor, client } = ctx
  const enterpriseId = enterpriseAdmin(actor, '只有企业安全管理员可以导入岗位清单')
  const b = await loadBatch<PostImportGroup>(db, enterpriseId, batchId, 'posts', true)
  if (b.status !== 'previewed') return { ok: false as const, message: '这批数据已经导入过或已放弃' }
  if (b.problems.length) return { ok: false as const, message: '文件中有错误，整批未导入；请修改后重新上传' }
  // Re-checked against the posts as they are now: someone may have created or drafted one since the preview.
  const importCtx = await importContext(db, enterpriseId)
  for (const g of b.rows) {
    const now = importCtx.posts.get(g.unitId)?.get(matchKey(g.postName))
    if ((g.postId && (!now || now.id !== g.postId || now.hasOpenVersion)) || (!g.postId && now)) {
      return { ok: false as const, message: `预览之后岗位「${g.postName}」已有变化，整批未导入；请重新上传` }
    }
  }
  for (const g of b.rows) {
    let postId = g.postId
    if (!postId) {
      postId = await insertPost(db, enterpriseId, {
        unitId: g.unitId,
        name: g.postName,
        tier: g.tier,
        isSafetyManager: g.isSafetyManager,
        isUnitHead: g.isUnitHead,
        inChargeOfSafety: g.inChargeOfSafety,
      })
    }
    const last = await db
      .selectFrom('duty_list_versions')
      .select(['version', 'title'])
      .where('enterprise_id', '=', enterpriseId)
      .where('post_id', '=', postId)
      .orderBy('version', 'desc')
      .executeTakeFirst()
    const v = await db
      .insertInto('duty_list_versions')
      .values({
        enterprise_id: enterpriseId,
        post_id: postId,
        version: (last?.version ?? 0) + 1,
        status: 'draft',
        title: last?.title ?? `${g.postName}安全生产责任清单`,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('duty_items')
      .values(
        g.items.map((i, position) => ({
          enterprise_id: enterpriseId,
          version_id: v.id,
          position,
          text: i.text,
          category: i.category,
          legal_basis: i.legalBasis,
        })),
      )
      .execute()
    await db
      .insertInto('duty_list_events')
      .values({
        enterprise_id: enterpriseId,
        version_id: v.id,
        action: 'create',
        user_id: actor.userId,
        actor_name: actor.displayName,
        comment: `由 Excel 导入（${b.fileName}）`,
      })
      .execute()
  }
  await markCommitted(db, enterpriseId, batchId)
  await recordAudit(db, {
    userId: actor.userId,
    enterpriseId,
    action: 'duty_list.import',
    target: batchId,
    result: 'ok',
    ...client,
    detail: { posts: b.rows.length },
  })
  return { ok: true as const, posts: b.rows.length }
}

export const DUTY_EXPORT_COLUMNS = [
  { header: '部门', key: 'unit', width: 26 },
  { header: '岗位', key: 'post', width: 20 },
  { header: '责任层级', key: 'tier', width: 9 },
  { header: '安全管理人员', key: 'isSafetyManager', width: 8 },
  { header: '部门负责人', key: 'isUnitHead', width: 8 },
  { header: '分管安全', key: 'inChargeOfSafety', width: 8 },
  { header: '序号', key: 'no', width: 6 },
  { header: '职责内容', key: 'text', width: 60 },
  { header: '职责类别', key: 'category', width: 10 },
  { header: '法律依据', key: 'legalBasis', width: 30 },
  { header: '版本', key: 'version', width: 6 },
  { header: '状态', key: 'status', width: 8 },
  { header: '发布日期', key: 'publishedOn', width: 12 },
]

const STATUS_LABEL = { draft: '草稿', submitted: '审批中', published: '现行', superseded: '已废止' } as const

/** Every post's current list (the published one, else the one being drafted), item by item. Re-importable. */
export async function* dutyListExportRows(ctx: RequestContext): AsyncGenerator<Record<string, unknown>> {
  const { db, actor, client } = ctx
  if (!canOverseeDutyLists(actor)) throw forbidden()
  const enterpriseId = actor.enterpriseId
  await recordAudit(db, { userId: actor.userId, enterpriseId, action: 'duty_list.export', result: 'ok', ...client })
  const graph = await loadOrgGraph(db, enterpriseId)
  const versions = await db
    .selectFrom('duty_list_versions as v')
    .select(['v.id', 'v.post_id', 'v.version', 'v.status', 'v.published_at'])
    .where('v.enterprise_id', '=', enterpriseId)
    .where('v.status', 'in', ['published', 'draft', 'submitted'])
    .execute()
  const current = new Map<string, (typeof versions)[number]>()
  for (const v of versions) if (!current.has(v.post_id) || v.status === 'published') current.set(v.post_id, v)
  const unitIndex = new Map(graph.units.map((u, i) => [u.id, i]))
  const posts = [...graph.posts].sort(
    (a, b) => (unitIndex.get(a.unitId) ?? 0) - (unitIndex.get(b.unitId) ?? 0) || a.tier - b.tier || a.name.localeCompare(b.name, 'zh'),
  )
  const yes = (b: boolean) => (b ? '是' : '否')
  for (const p of posts) {
    const v = current.get(p.id)
    const base = {
      unit: unitPath(graph.units, p.unitId),
      post: p.name,
      tier: p.tier,
      isSafetyManager: yes(p.isSafetyManager),
      isUnitHead: yes(p.isUnitHead),
      inChargeOfSafety: yes(p.inChargeOfSafety),
    }
    if (!v) {
      yield { ...base, status: '无清单' }
      continue
    }
    const items = await db
      .selectFrom('duty_items')
      .select(['position', 'text', 'category', 'legal_basis'])
      .where('enterprise_id', '=', enterpriseId)
      .where('version_id', '=', v.id)
      .orderBy('position')
      .execute()
    for (const i of items) {
      yield {
        ...base,
        no: i.position + 1,
        text: i.text,
        category: i.category,
        legalBasis: i.legal_basis ?? '',
        version: v.version,
        status: STATUS_LABEL[v.status],
        publishedOn: v.published_at ? todayInShanghai(new Date(v.published_at)) : '',
      }
    }
  }
}

export function postsTemplate(): Promise<Buffer> {
  return templateWorkbook({
    title: '岗位安全生产责任清单导入模板（一行一条职责）',
    columns: DUTY_EXPORT_COLUMNS.slice(0, 10).map((c) => ({
      header: c.header,
      width: c.width,
      note:
        c.key === 'tier'
          ? '1 主要负责人 / 2 其他负责人 / 3 职能部门负责人及人员 / 4 生产单元负责人 / 5 其他从业人员；新岗位必填'
          : c.key === 'category'
            ? `可选：${DUTY_CATEGORIES.join('、')}；空白按“岗位操作”`
            : c.key === 'unit'
              ? '与组织机构中的名称一致；有重名时写完整路径'
              : undefined,
    })),
    example: [
      '安全环保部',
      '环保设施操作工',
      5,
      '否',
      '否',
      '否',
      1,
      '严格执行环保设施操作规程，按时巡检并如实记录运行参数',
      '岗位操作',
      '《安全生产法》第五十七条',
    ],
    notes: [
      '1. 一行一条职责；同一部门、同一岗位的多行组成该岗位的一份清单，顺序即条目顺序。',
      '2. 岗位不存在时新建岗位，并生成第 1 版草稿；岗位已存在时生成新的修订草稿（岗位不能已有草稿或审批中的版本）。',
      '3. 导入的清单是草稿，需在系统中提交，由部门负责人、分管负责人、主要负责人依次审批后发布。',
      '4. 导出的“全部责任清单”与本模板列相同，可修改后再导入。',
    ],
  })
}
