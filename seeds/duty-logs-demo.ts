import type { Kysely } from 'kysely'
import type { Database } from '../db/types'
import { suggestedResult, weightedScore } from '../app/modules/dutylogs/rules'
import { assessorFor } from '../app/modules/dutylogs/policy'
import { loadOrgGraph } from '../app/modules/org/org.server'

// Demo 履职记录 and 责任制考核 for 晋中市华晟化工有限公司 (《安全生产法》第二十二条): quarterly 考核 with the
// 董事会 assessing the 主要负责人; three signed months of 履职记录 (2026年8–10月) for four heads, one with
// a signed 更正; and, for every post whose list is already published when this runs, the 2026年第3季度
// 考核 by the next step up its approval chain. Loaded by the demo seed (one line in seeds/seed.ts) after
// the accounts exist, as the owner (signed rows are history, not signatures made through the app);
// skipped when the enterprise already has 履职记录. The current month is left to be kept.

const CREDIT_CODE = '91140702MA0GR4KT4R'

type Entry = [day: string, content: string, participants: string, remark?: string]

const LOGS: { username: string; months: Record<string, Entry[]>; correction?: { month: string; content: string } }[] = [
  {
    username: 'hs_head',
    months: {
      '2026-09': [
        ['2026-09-08', '主持召开第三季度安全生产委员会会议，部署国庆节前安全大检查', '安委会全体委员'],
        ['2026-09-22', '带队到合成车间检查加氢装置联锁投用情况', '李文斌、王海峰、陈建军'],
      ],
      '2026-10': [
        ['2026-10-12', '审定2027年度安全生产投入计划', '李文斌、张丽萍'],
        ['2026-10-26', '到储运车间检查甲醇储罐区防雷防静电设施', '冯建华、刘晓东', '发现1处接地线松动，已责令整改'],
      ],
    },
  },
  {
    username: 'hs_vp_safety',
    months: {
      '2026-08': [
        ['2026-08-05', '组织汛期安全专项检查', '张丽萍、刘晓东'],
        ['2026-08-19', '参加晋中市应急管理局危化品企业安全生产约谈会', '张丽萍'],
      ],
      '2026-09': [
        ['2026-09-08', '参加第三季度安全生产委员会会议', '安委会全体委员'],
        ['2026-09-16', '组织甲醇泄漏现场处置方案实战演练', '储运车间全体人员', '演练评估报告已存档'],
      ],
      '2026-10': [['2026-10-20', '到加氢工段检查动火作业票证管理', '杨国庆、刘晓东']],
    },
    correction: { month: '2026-09', content: '更正：9月16日演练参加人员应为“储运车间及安全环保部共18人”。' },
  },
  {
    username: 'hs_safety_head',
    months: {
      '2026-08': [
        ['2026-08-12', '为新入职员工讲授厂级安全教育（8学时）', '新员工6人'],
        ['2026-08-26', '组织全厂隐患排查，汇总隐患12项', '各车间安全员'],
      ],
      '2026-09': [['2026-09-25', '验收合成车间动火作业隐患整改', '陈建军', '验收合格，销号']],
      '2026-10': [
        ['2026-10-09', '修订《安全生产责任制考核办法》', '刘晓东'],
        ['2026-10-28', '编制第三季度隐患排查治理统计分析', '刘晓东'],
      ],
    },
  },
  {
    username: 'hs_storage',
    months: {
      '2026-08': [['2026-08-18', '主持储运车间班前安全讲话并检查装卸作业', '储运车间全体人员']],
      '2026-09': [['2026-09-16', '参加甲醇泄漏现场处置方案实战演练', '储运车间全体人员']],
      '2026-10': [['2026-10-22', '检查叉车、装卸鹤管完好情况', '韩小军、武强']],
    },
  },
]

export async function seedDutyLogsDemo(db: Kysely<Database>): Promise<void> {
  const enterprise = await db.selectFrom('enterprises').select('id').where('credit_code', '=', CREDIT_CODE).executeTakeFirst()
  if (!enterprise) return
  const enterpriseId = enterprise.id
  const already = await db.selectFrom('duty_log_months').select('id').where('enterprise_id', '=', enterpriseId).limit(1).executeTakeFirst()
  if (already) return
  const admin = await db.selectFrom('users').select('id').where('username', '=', 'hs_admin').executeTakeFirstOrThrow()
  await db
    .insertInto('assessment_settings')
    .values({
      enterprise_id: enterpriseId,
      period: 'quarter',
      principal_assessor: 'board',
      updated_by: admin.id,
      updated_at: new Date('2026-07-01T09:00:00+08:00'),
    })
    .onConflict((oc) => oc.column('enterprise_id').doNothing())
    .execute()

  for (const log of LOGS) {
    const user = await db
      .selectFrom('users')
      .select(['id', 'display_name', 'employee_id'])
      .where('username', '=', log.username)
      .executeTakeFirst()
    if (!user?.employee_id) continue
    const posts = await db
      .selectFrom('assignments as a')
      .innerJoin('posts as p', (j) => j.onRef('p.enterprise_id', '=', 'a.enterprise_id').onRef('p.id', '=', 'a.post_id'))
      .select('p.name')
      .where('a.enterprise_id', '=', enterpriseId)
      .where('a.employee_id', '=', user.employee_id)
      .where('a.end_on', 'is', null)
      .execute()
    for (const [month, entries] of Object.entries(log.months)) {
      const signedAt = new Date(`${month}-28T17:30:00+08:00`)
      const m = await db
        .insertInto('duty_log_months')
        .values({
          enterprise_id: enterpriseId,
          employee_id: user.employee_id,
          month,
          created_at: new Date(`${month}-01T09:00:00+08:00`),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db
        .insertInto('duty_log_entries')
        .values(
          entries.map(([day, content, participants, remark]) => ({
            enterprise_id: enterpriseId,
            month_id: m.id,
            occurred_on: day,
            content,
            participants,
            remark: remark ?? '',
            source: null,
            created_by: user.id,
            created_at: new Date(`${day}T18:00:00+08:00`),
          })),
        )
        .execute()
      // signed as the app signs: the entries first, then the month (the trigger freezes it from here)
      await db
        .updateTable('duty_log_months')
        .set({ signed_by: user.id, signed_name: user.display_name, signed_posts: posts.map((p) => p.name).join('、'), signed_at: signedAt })
        .where('enterprise_id', '=', enterpriseId)
        .where('id', '=', m.id)
        .execute()
      if (log.correction?.month === month) {
        const c = await db
          .insertInto('duty_log_corrections')
          .values({
            enterprise_id: enterpriseId,
            month_id: m.id,
            content: log.correction.content,
            created_by: user.id,
            created_at: new Date(`${month}-30T10:00:00+08:00`),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await db
          .updateTable('duty_log_corrections')
          .set({ signed_by: user.id, signed_name: user.display_name, signed_at: new Date(`${month}-30T10:00:00+08:00`) })
          .where('enterprise_id', '=', enterpriseId)
          .where('id', '=', c.id)
          .execute()
      }
    }
  }
  await seedAssessments(db, enterpriseId, admin.id)
}

/**
 * 2026年第3季度考核 of the current holders of every managing post whose list is published when the demo loads
 * (the demo history may publish lists; the plain demo has none, and then there is nothing to assess).
 * The assessor is who the module's rule names; here the 储运车间主任 for the 装卸工 and so on, recorded
 * with the scores the list's 考核标准 call for.
 */
async function seedAssessments(db: Kysely<Database>, enterpriseId: string, adminId: string) {
  const published = await db
    .selectFrom('duty_list_versions as v')
    .innerJoin('assignments as a', (j) => j.onRef('a.enterprise_id', '=', 'v.enterprise_id').onRef('a.post_id', '=', 'v.post_id'))
    .select(['v.id as versionId', 'v.post_id as postId', 'a.employee_id as employeeId'])
    .where('v.enterprise_id', '=', enterpriseId)
    .where('v.status', '=', 'published')
    .where('a.end_on', 'is', null)
    .execute()
  const graph = await loadOrgGraph(db, enterpriseId)
  for (const [n, p] of published.entries()) {
    const post = graph.posts.find((g) => g.id === p.postId)
    // the managers (tiers 1–4) are assessed; the front-line posts' 考核 is left for the 部门负责人 to do, so
    // the home's 下一步 and the 考核 page show work still due
    if (!post || post.tier >= 5) continue
    const rule = assessorFor({ post, units: graph.units, posts: graph.posts, principalAssessor: 'board' })
    if (rule.kind === 'none' || rule.kind === 'self') continue
    const assessor =
      rule.kind === 'board'
        ? { id: adminId, name: '董事会', post: '董事会（安全管理员登记）' }
        : await db
            .selectFrom('assignments as a')
            .innerJoin('users as u', (j) => j.onRef('u.enterprise_id', '=', 'a.enterprise_id').onRef('u.employee_id', '=', 'a.employee_id'))
            .select(['u.id', 'u.display_name as name'])
            .where('a.enterprise_id', '=', enterpriseId)
            .where('a.post_id', '=', rule.postId)
            .where('a.end_on', 'is', null)
            .executeTakeFirst()
            .then((u) => (u ? { id: u.id, name: u.name, post: rule.postName } : null))
    if (!assessor) continue
    const items = await db
      .selectFrom('duty_items')
      .select(['position', 'text', 'criterion', 'weight'])
      .where('enterprise_id', '=', enterpriseId)
      .where('version_id', '=', p.versionId)
      .orderBy('position')
      .execute()
    if (!items.length) continue
    const scored = items.map((i, k) => ({ ...i, weight: i.weight ?? 1, score: 70 + ((n * 7 + k * 3) % 30) }))
    const total = weightedScore(scored)!
    const result = suggestedResult(total)
    const a = await db
      .insertInto('assessments')
      .values({
        enterprise_id: enterpriseId,
        employee_id: p.employeeId,
        post_id: p.postId,
        version_id: p.versionId,
        period_kind: 'quarter',
        period_key: '2026-Q3',
        assessor_kind: rule.kind,
        assessor_user_id: assessor.id,
        assessor_name: assessor.name,
        assessor_post: assessor.post,
        total_score: total,
        result,
        comment: '岗位职责履行基本到位，继续加强隐患排查和培训记录。',
        follow_up: result === '不合格' ? '由考核人督促整改，下季度复核。' : null,
        created_at: new Date('2026-10-10T10:00:00+08:00'),
      })
      .onConflict((oc) => oc.columns(['enterprise_id', 'employee_id', 'post_id', 'period_key']).doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!a) continue
    await db
      .insertInto('assessment_scores')
      .values(
        scored.map((i) => ({
          enterprise_id: enterpriseId,
          assessment_id: a.id,
          position: i.position,
          item_text: i.text,
          criterion: i.criterion ?? '按职责内容履职到位',
          weight: i.weight,
          score: i.score,
        })),
      )
      .execute()
  }
}
