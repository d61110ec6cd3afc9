import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { hashPassword } from '../app/modules/auth/password.server'
import { currentSheetMonth, periodOf, proposalWork, type LedgerMonth } from '../app/modules/leaderledger/rules'
import type { Database, LeaderEntrySource, LeaderPosition } from '../db/types'

// Demo 一岗双责台账 (seed 001, 市安办发〔2017〕14号) for 晋中市: the 安委办 of the city, leaders of the
// 应急管理局 and the 住建局 with their recorders, and a year of signed monthly sheets — each month one
// real inspection (an inspections row the ledger proposed), a meeting and a piece of research. The
// 住建局 局长 submitted one month late and has not submitted last month, so the 安委办 page shows both.
// In the current month each leader has an inspection recorded and nothing in the ledger yet: the
// recorder's page proposes it. Loaded by the demo seed (one line in seeds/seed.ts) after the
// enterprises and regulator accounts; skipped once the leaders exist.

const PASSWORD = 'Anzetong@2026'
const OFFICE = { name: '晋中市安全生产委员会办公室', kind: 'safety_office', regionCode: '140700' }

interface LeaderSeed {
  username: string
  name: string
  department: string
  position: LeaderPosition
  title: string
  areas: string[]
  recorder: string
  /** the enterprise its inspections go to (by 统一社会信用代码) */
  creditCode: string
  colleague: string
}

const RECORDERS = [
  { username: 'jz_yjj_clerk', name: '李晓燕', department: '晋中市应急管理局' },
  { username: 'jz_zjj_clerk', name: '陈静', department: '晋中市住房和城乡建设局' },
]

export const LEADERS: LeaderSeed[] = [
  {
    username: 'jz_yjj_chief',
    name: '王建国',
    department: '晋中市应急管理局',
    position: 'principal',
    title: '局长',
    areas: [],
    recorder: 'jz_yjj_clerk',
    creditCode: '91140702MA0GR4KT4R',
    colleague: '张磊',
  },
  {
    username: 'jz_yjj_deputy',
    name: '赵志刚',
    department: '晋中市应急管理局',
    position: 'member',
    title: '副局长',
    areas: ['危险化学品', '非煤矿山', '烟花爆竹'],
    recorder: 'jz_yjj_clerk',
    creditCode: '91140702MA0GR4KT4R',
    colleague: '郭峰',
  },
  {
    username: 'jz_zjj_chief',
    name: '刘卫东',
    department: '晋中市住房和城乡建设局',
    position: 'principal',
    title: '局长',
    areas: [],
    recorder: 'jz_zjj_clerk',
    creditCode: '91140702MA0K7D2Q4L',
    colleague: '马瑞',
  },
]

const MEETINGS = [
  '在局三楼会议室召开全市安全生产形势分析会',
  '在局党组会议室传达学习上级安全生产会议精神并研究部署本月工作',
  '在市政府第二会议室参加市安委会全体（扩大）会议',
  '在局会议室召开节前安全生产工作部署会',
]
const RESEARCH = [
  '研究解决重点企业特殊作业审批流于形式的问题，明确整改要求',
  '听取行业领域安全专项整治进展汇报，研究解决执法检查力量不足问题',
  '研究部署汛期、高温时段安全防范措施',
  '研究重大事故隐患排查整治中发现的共性问题，提出监管措施',
]

const pad = (n: number) => String(n).padStart(2, '0')
const at = (day: string, time: string) => new Date(`${day}T${time}:00+08:00`)

function monthsBefore(m: LedgerMonth, n: number): LedgerMonth {
  const d = new Date(Date.UTC(m.year, m.month - 1 - n, 1))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 }
}

export async function seedLeaderLedgerDemo(trx: Kysely<Database>, hashes: Map<string, string>, now = new Date()): Promise<void> {
  const hash = hashes.get(PASSWORD) ?? (await hashPassword(PASSWORD))
  const office = await trx
    .insertInto('departments')
    .values({ name: OFFICE.name, kind: OFFICE.kind, region_code: OFFICE.regionCode })
    .onConflict((oc) => oc.columns(['region_code', 'name']).doUpdateSet({ kind: OFFICE.kind }))
    .returning('id')
    .executeTakeFirstOrThrow()
  const departmentId = async (name: string) =>
    (await trx.selectFrom('departments').select('id').where('name', '=', name).where('region_code', '=', '140700').executeTakeFirst())?.id
  const account = async (username: string, name: string, role: 'regulator' | 'safety_office', department: string) => {
    const existing = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()
    if (existing) return existing.id
    return (
      await trx
        .insertInto('users')
        .values({ username, display_name: name, password_hash: hash, role, department_id: department })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  }
  await account('jz_awb', '晋中市安委办（孙丽）', 'safety_office', office.id)
  if (await trx.selectFrom('leader_ledger_leaders').select('id').limit(1).executeTakeFirst()) return

  const recorderIds = new Map<string, string>()
  for (const r of RECORDERS) {
    const dept = await departmentId(r.department)
    if (!dept) return
    recorderIds.set(r.username, await account(r.username, r.name, 'regulator', dept))
  }
  const current = currentSheetMonth(now)
  for (const [li, l] of LEADERS.entries()) {
    const dept = await departmentId(l.department)
    const enterprise = await trx
      .selectFrom('enterprises')
      .select(['id', 'name', 'address'])
      .where('credit_code', '=', l.creditCode)
      .executeTakeFirst()
    if (!dept || !enterprise) continue
    const userId = await account(l.username, l.name, 'regulator', dept)
    const recorderId = recorderIds.get(l.recorder)!
    const recorderName = RECORDERS.find((r) => r.username === l.recorder)!.name
    const leader = await trx
      .insertInto('leader_ledger_leaders')
      .values({
        user_id: userId,
        department_id: dept,
        position: l.position,
        title: l.title,
        charge_areas: l.areas,
        recorder_user_id: recorderId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    // the enterprise's head signed each record on the day (history, not a signature made through the
    // app: the owner loads it), so the demo adds no inspection awaiting the enterprise's signature
    const head = await trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('enterprise_id', '=', enterprise.id)
      .where('role', '=', 'enterprise_head')
      .orderBy('username')
      .executeTakeFirst()
    const inspect = async (inspectedAt: Date) =>
      trx
        .insertInto('inspections')
        .values({
          enterprise_id: enterprise.id,
          department_id: dept,
          department_name: l.department,
          inspected_at: inspectedAt,
          place: enterprise.address || enterprise.name,
          inspectors: `${l.name}、${l.colleague}`,
          content: '安全生产主体责任落实情况、重大危险源管控、特殊作业管理',
          problems: '部分特殊作业票证填写不规范',
          handling: '当场责令改正',
          inspector_user_id: userId,
          inspector_name: l.name,
          head_user_id: head?.id ?? null,
          head_name: head?.display_name ?? null,
          head_signed_at: head ? new Date(Math.min(inspectedAt.getTime() + 2 * 3_600_000, now.getTime())) : null,
        })
        .returning(['id', 'inspected_at'])
        .executeTakeFirstOrThrow()

    // this month: an inspection the ledger has not taken in yet (the recorder's proposals), on the
    // month's first day, never later than now (an inspection recorded after the seed stays the latest)
    const start = at(periodOf(current).from, '00:00')
    await inspect(new Date(Math.max(start.getTime(), Math.min(at(periodOf(current).from, '09:30').getTime(), now.getTime() - 60_000))))

    for (let back = 12; back >= 1; back--) {
      const m = monthsBefore(current, back)
      // the 住建局 局长 has not submitted last month
      if (l.username === 'jz_zjj_chief' && back === 1) continue
      const p = periodOf(m)
      const sheet = await trx
        .insertInto('leader_ledger_sheets')
        .values({
          leader_id: leader.id,
          year: m.year,
          month: m.month,
          leader_name: l.name,
          leader_title: l.title,
          charge_areas: l.areas,
          department_name: l.department,
          recorder_name: recorderName,
          created_by: recorderId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const d = (n: number) => `${m.year}-${pad(m.month)}-${pad(n)}`
      const inspectionDay = d(8 + li)
      const rows: { day: string; work: string; participants: string; kind: LeaderEntrySource; source: string | null }[] = [
        {
          day: `${p.from.slice(0, 8)}28`,
          work: MEETINGS[(back + li) % MEETINGS.length]!,
          participants: `${l.name}、班子成员、各科室负责人`,
          kind: 'meeting',
          source: null,
        },
      ]
      // the 分管 leader inspects every month, a 主要领导 every quarter
      if (l.position === 'member' || back % 3 === 0) {
        const inspection = await inspect(at(inspectionDay, '09:30'))
        const work = proposalWork({
          kind: 'inspection',
          sourceId: inspection.id,
          day: inspectionDay,
          enterpriseName: enterprise.name,
          detail: '',
          participants: '',
        })
        rows.push({ day: inspectionDay, work, participants: `${l.name}、${l.colleague}`, kind: 'inspection', source: inspection.id })
      }
      rows.push({
        day: d(15 + li),
        work: RESEARCH[(back + 2 * li) % RESEARCH.length]!,
        participants: `${l.name}、${l.colleague}`,
        kind: 'research',
        source: null,
      })
      if (back % 3 === 0)
        rows.push({
          day: d(20),
          work: `到${enterprise.name}施工及生产现场督导节前安全检查`,
          participants: `${l.name}、${recorderName}`,
          kind: 'site_visit',
          source: null,
        })
      for (const [i, r] of rows.entries()) {
        await trx
          .insertInto('leader_ledger_entries')
          .values({
            sheet_id: sheet.id,
            seq: i + 1,
            occurred_on: r.day,
            work: r.work,
            participants: r.participants,
            source_kind: r.kind,
            source_id: r.source,
            created_by: recorderId,
            created_by_name: recorderName,
          })
          .execute()
      }
      // signed on the 24th; the 住建局 局长 signed four months ago only on the 28th (逾期报送)
      const signedAt = at(d(l.username === 'jz_zjj_chief' && back === 4 ? 28 : 24), '16:00')
      await trx
        .insertInto('leader_ledger_signatures')
        .values({
          sheet_id: sheet.id,
          seq: 1,
          signed_by: userId,
          signer_name: l.name,
          signed_at: signedAt,
          last_entry_seq: rows.length,
          entry_count: rows.length,
          content_hash: createHash('sha256').update(JSON.stringify(rows)).digest('hex'),
        })
        .execute()
      await trx.updateTable('leader_ledger_sheets').set({ submitted_at: signedAt }).where('id', '=', sheet.id).execute()
    }
  }
}
