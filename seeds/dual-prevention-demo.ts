import { sql, type Kysely } from 'kysely'
import type { Database, HazardStatus } from '../db/types'
import { assessRisk, type Scores } from '../app/modules/hazards/rules'
import type { ControlLevel, RISK_POINT_KINDS } from './dual-prevention'

// Demo 双重预防 data: a risk register (风险点、危险源、分级管控措施) and hazards for two demo enterprises.
// 晋中市华晟化工有限公司 has hazards in every state of the loop, one 重大 under the 晋中市应急管理局's
// 挂牌督办; 晋中通达物流运输有限公司 (the exemplary one) has every unit's risk points identified and its
// hazards closed or in time. Loaded by the demo seed (seeds/seed.ts) once the accounts exist and before
// the demo's year of history runs, so that every monthly report freezes items 13/14 as the enterprise
// actually keeps them; an enterprise that already has a register or hazards is skipped. Each history
// row is signed the way the app signs it: app.user_id set to the acting account before the insert.

interface PointSeed {
  name: string
  kind: (typeof RISK_POINT_KINDS)[number]
  unit: string
  location: string
}

const HUASHENG_POINTS: PointSeed[] = [
  { name: '加氢反应区', kind: '设备设施', unit: '加氢工段', location: '合成车间一层' },
  { name: '甲醇储罐区', kind: '区域场所', unit: '储运车间', location: '厂区东北角' },
  { name: '动火作业', kind: '作业活动', unit: '合成车间', location: '' },
]

interface RiskSeed {
  point: string
  source: string
  accidents: string
  scores: Scores
  control: ControlLevel
  post: string
  measures: Record<string, string>
}

const HUASHENG_RISKS: RiskSeed[] = [
  {
    point: '加氢反应区',
    source: '加氢反应釜超温超压',
    accidents: '火灾、爆炸',
    scores: { method: 'LEC', l: 3, e: 6, c: 40 },
    control: 'company',
    post: '化工操作工（加氢）',
    measures: {
      engineering: '温度、压力高高联锁切断进料，紧急泄放至火炬系统',
      management: '严格执行工艺操作规程和工艺卡片，每小时巡检记录',
      training: '岗前培训加氢工艺操作和异常工况处置',
      ppe: '防静电工作服、安全帽、防护眼镜',
      emergency: '加氢反应失控现场处置方案，每半年演练一次',
    },
  },
  {
    point: '加氢反应区',
    source: '氢气管线法兰泄漏',
    accidents: '火灾、爆炸',
    scores: { method: 'LS', l: 3, s: 5 },
    control: 'workshop',
    post: '化工操作工（加氢）',
    measures: {
      engineering: '可燃气体检测报警仪，报警联锁启动事故风机',
      management: '法兰定期紧固、泄漏检测与修复（LDAR）',
      ppe: '便携式氢气检测仪',
    },
  },
  {
    point: '甲醇储罐区',
    source: '甲醇装卸过程静电积聚',
    accidents: '火灾、中毒',
    scores: { method: 'LEC', l: 1, e: 6, c: 15 },
    control: 'team',
    post: '危化品装卸工',
    measures: {
      engineering: '鹤管静电接地报警器，装车流速控制',
      management: '装卸作业票证管理，专人监护',
      ppe: '防静电服、防毒面具',
    },
  },
  {
    point: '动火作业',
    source: '动火点周边可燃物未清理',
    accidents: '火灾',
    scores: { method: 'LS', l: 2, s: 4 },
    control: 'team',
    post: '加氢一班班长',
    measures: { management: '执行 GB 30871 动火作业票，动火分析合格后作业', emergency: '现场配备灭火器材，专人监火' },
  },
]

type Step = { step: string; to: HazardStatus; by: string; note?: string; daysAgo: number }
interface HazardSeed {
  place: string
  description: string
  source: 'worker' | 'self'
  foundBy: string
  daysAgo: number
  status: HazardStatus
  grade?: 'general' | 'major'
  responsible?: string
  measures?: string
  deadlineInDays?: number
  funds?: string
  major?: boolean
  steps: Step[]
}

const HUASHENG_HAZARDS: HazardSeed[] = [
  {
    place: '储运车间装车站台',
    description: '2号鹤管静电接地夹线缆破损',
    source: 'worker',
    foundBy: '17735418902',
    daysAgo: 0,
    status: 'reported',
    steps: [],
  },
  {
    place: '合成车间二层平台',
    description: '平台东侧护栏一段松动',
    source: 'worker',
    foundBy: '19834561277',
    daysAgo: 6,
    status: 'rectifying',
    grade: 'general',
    responsible: 'hs_synthesis',
    measures: '更换护栏立柱并焊接加固',
    deadlineInDays: 5,
    funds: '800',
    steps: [{ step: 'assign', to: 'rectifying', by: 'hs_admin', note: '更换护栏立柱并焊接加固', daysAgo: 5 }],
  },
  {
    place: '甲醇储罐区',
    description: '防火堤内有杂草和油污',
    source: 'self',
    foundBy: 'hs_admin',
    daysAgo: 12,
    status: 'verifying',
    grade: 'general',
    responsible: 'hs_storage',
    measures: '清除杂草和油污，每周巡查',
    deadlineInDays: -2,
    steps: [
      { step: 'assign', to: 'rectifying', by: 'hs_admin', note: '清除杂草和油污，每周巡查', daysAgo: 12 },
      { step: 'rectify', to: 'verifying', by: 'hs_storage', note: '已清理完毕，纳入周巡查', daysAgo: 3 },
    ],
  },
  {
    place: '加氢工段控制室',
    description: '可燃气体报警仪 GD-203 超期未检定',
    source: 'self',
    foundBy: 'hs_admin',
    daysAgo: 30,
    status: 'closed',
    grade: 'general',
    responsible: 'hs_hydro',
    measures: '送检并更换备用探头',
    deadlineInDays: -20,
    funds: '1500',
    steps: [
      { step: 'assign', to: 'rectifying', by: 'hs_admin', note: '送检并更换备用探头', daysAgo: 30 },
      { step: 'rectify', to: 'verifying', by: 'hs_hydro', note: '已检定合格，证书存档', daysAgo: 24 },
      { step: 'verify_pass', to: 'closed', by: 'hs_safety_head', note: '验收合格，销号', daysAgo: 23 },
    ],
  },
  {
    place: '加氢反应区',
    description: '加氢反应釜紧急停车系统联锁被旁路，未投入使用',
    source: 'self',
    foundBy: 'hs_safety_head',
    daysAgo: 8,
    status: 'governing',
    grade: 'major',
    responsible: 'hs_synthesis',
    measures: '停用加氢装置，修复联锁回路，恢复紧急停车系统',
    deadlineInDays: 40,
    funds: '280000',
    major: true,
    steps: [
      { step: 'assign', to: 'governing', by: 'hs_admin', note: '停用加氢装置，修复联锁回路，恢复紧急停车系统', daysAgo: 8 },
      { step: 'supervise', to: 'governing', by: 'jz_yjj', note: '限期整改，每周报送治理进展', daysAgo: 6 },
      { step: 'plan', to: 'governing', by: 'hs_admin', daysAgo: 5 },
    ],
  },
]

const PLAN = {
  goal: '恢复加氢反应釜紧急停车系统并投入使用',
  method: '更换故障联锁回路和切断阀，全回路联校',
  funds: '治理资金28万元已列支，备件已到货',
  organisation: '设备部牵头，合成车间、仪表班配合',
  timeline: '督办期限前完成，联校合格后申请恢复生产',
  safety: '治理期间加氢装置停车、置换，执行加氢反应失控现场处置方案',
}

// 通达: every department and fleet has its risk points, none rated 较大 or above; its hazards are
// closed or within their deadlines (all found and handled by the safety department's accounts)
const TONGDA_POINTS: PointSeed[] = [
  { name: '危险货物罐车运输', kind: '作业活动', unit: '危险货物运输车队', location: '' },
  { name: '普通货物车辆运行', kind: '作业活动', unit: '普通货物运输车队', location: '' },
  { name: '动态监控中心', kind: '区域场所', unit: '运营调度部', location: '公司办公楼二层' },
  { name: '车辆安全例检', kind: '作业活动', unit: '安全技术部', location: '公司停车场' },
]

const TONGDA_RISKS: RiskSeed[] = [
  {
    point: '危险货物罐车运输',
    source: '罐车罐体或阀门泄漏',
    accidents: '火灾、中毒',
    scores: { method: 'LS', l: 2, s: 5 },
    control: 'workshop',
    post: '危险货物运输驾驶员',
    measures: {
      engineering: '罐车紧急切断阀、导静电装置每日出车前检查',
      management: '执行危险货物道路运输规则（JT/T 617），押运员全程押运',
      emergency: '车载应急处置卡和应急器材，泄漏处置每半年演练',
    },
  },
  {
    point: '普通货物车辆运行',
    source: '驾驶员疲劳驾驶',
    accidents: '车辆伤害',
    scores: { method: 'LS', l: 2, s: 4 },
    control: 'team',
    post: '货运驾驶员',
    measures: { engineering: '动态监控系统疲劳驾驶报警', management: '连续驾驶不超过4小时，停车休息不少于20分钟' },
  },
  {
    point: '动态监控中心',
    source: '监控报警未及时处置',
    accidents: '车辆伤害',
    scores: { method: 'LS', l: 2, s: 3 },
    control: 'post',
    post: '动态监控员',
    measures: { management: '24小时值守，报警5分钟内提醒驾驶员并登记处置结果' },
  },
  {
    point: '车辆安全例检',
    source: '制动、轮胎等安全部件带病运行',
    accidents: '车辆伤害',
    scores: { method: 'LS', l: 1, s: 4 },
    control: 'team',
    post: '专职安全员',
    measures: { management: '出车前、行车中、收车后三检制度，例检记录存档' },
  },
]

const TONGDA_HAZARDS: HazardSeed[] = [
  {
    place: '危险货物运输车队',
    description: '晋K·D3721 罐车导静电拖地带磨损过短',
    source: 'self',
    foundBy: 'td_admin',
    daysAgo: 40,
    status: 'closed',
    grade: 'general',
    responsible: 'td_admin',
    measures: '更换导静电拖地带，全队罐车逐车排查',
    deadlineInDays: -33,
    funds: '600',
    steps: [
      { step: 'assign', to: 'rectifying', by: 'td_admin', note: '更换导静电拖地带，全队罐车逐车排查', daysAgo: 40 },
      { step: 'rectify', to: 'verifying', by: 'td_admin', note: '已更换并完成全队排查', daysAgo: 37 },
      { step: 'verify_pass', to: 'closed', by: 'td_head', note: '验收合格，销号', daysAgo: 36 },
    ],
  },
  {
    place: '公司停车场',
    description: '停车场东侧消防通道堆放轮胎',
    source: 'self',
    foundBy: 'td_admin',
    daysAgo: 4,
    status: 'rectifying',
    grade: 'general',
    responsible: 'td_admin',
    measures: '清理轮胎至库房，施划禁停标线',
    deadlineInDays: 3,
    steps: [{ step: 'assign', to: 'rectifying', by: 'td_admin', note: '清理轮胎至库房，施划禁停标线', daysAgo: 4 }],
  },
]

interface DemoRegister {
  creditCode: string
  points: PointSeed[]
  risks: RiskSeed[]
  hazards: HazardSeed[]
}

const DEMO_REGISTERS: DemoRegister[] = [
  { creditCode: '91140702MA0GR4KT4R', points: HUASHENG_POINTS, risks: HUASHENG_RISKS, hazards: HUASHENG_HAZARDS },
  { creditCode: '91140781MA0HB9LC98', points: TONGDA_POINTS, risks: TONGDA_RISKS, hazards: TONGDA_HAZARDS },
]

/** The register was drawn up before the demo's year starts: every report of the year finds it. */
const REGISTERED_DAYS_AGO = 390

export async function seedDualPreventionDemo(db: Kysely<Database>, now: Date): Promise<void> {
  for (const demo of DEMO_REGISTERS) await seedRegister(db, demo, now)
}

async function seedRegister(db: Kysely<Database>, demo: DemoRegister, now: Date): Promise<void> {
  const enterprise = await db.selectFrom('enterprises').select('id').where('credit_code', '=', demo.creditCode).executeTakeFirst()
  if (!enterprise) return
  const enterpriseId = enterprise.id
  const hasHazards = await db.selectFrom('hazards').select('id').where('enterprise_id', '=', enterpriseId).limit(1).executeTakeFirst()
  const hasPoints = await db.selectFrom('risk_points').select('id').where('enterprise_id', '=', enterpriseId).limit(1).executeTakeFirst()
  if (hasHazards || hasPoints) return
  const units = new Map(
    (await db.selectFrom('org_units').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).execute()).map((u) => [
      u.name,
      u.id,
    ]),
  )
  const posts = new Map(
    (await db.selectFrom('posts').select(['id', 'name']).where('enterprise_id', '=', enterpriseId).execute()).map((p) => [p.name, p.id]),
  )
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'phone', 'display_name', 'department_id'])
    .where((eb) => eb.or([eb('enterprise_id', '=', enterpriseId), eb('username', '=', 'jz_yjj')]))
    .execute()
  const user = (key: string) => {
    const u = users.find((x) => x.username === key || x.phone === key)
    if (!u) throw new Error(`demo account ${key} missing`)
    return u
  }
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000)
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)

  const pointIds = new Map<string, string>()
  for (const p of demo.points) {
    const row = await db
      .insertInto('risk_points')
      .values({
        enterprise_id: enterpriseId,
        unit_id: units.get(p.unit)!,
        name: p.name,
        kind: p.kind,
        location: p.location,
        created_at: ago(REGISTERED_DAYS_AGO),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    pointIds.set(p.name, row.id)
  }
  for (const r of demo.risks) {
    const assessed = assessRisk(r.scores)
    if (!assessed.ok) throw new Error(assessed.message)
    await db
      .insertInto('risks')
      .values({
        enterprise_id: enterpriseId,
        risk_point_id: pointIds.get(r.point)!,
        hazard_source: r.source,
        accident_types: r.accidents,
        method: r.scores.method,
        score_l: r.scores.l,
        score_e: r.scores.method === 'LEC' ? r.scores.e : null,
        score_c: r.scores.method === 'LEC' ? r.scores.c : null,
        score_s: r.scores.method === 'LS' ? r.scores.s : null,
        score: assessed.score,
        level: assessed.level,
        control_level: r.control,
        post_id: posts.get(r.post)!,
        measures: JSON.stringify(Object.entries(r.measures).map(([kind, content]) => ({ kind, content }))),
        created_at: ago(REGISTERED_DAYS_AGO),
        updated_at: ago(REGISTERED_DAYS_AGO),
      })
      .execute()
  }

  const signAs = (key: string) => sql`select set_config('app.user_id', ${user(key).id}, true)`.execute(db)
  let no = 0
  for (const h of demo.hazards) {
    no++
    const finder = user(h.foundBy)
    const responsible = h.responsible ? user(h.responsible) : null
    const supervise = h.steps.find((s) => s.step === 'supervise')
    const rectify = [...h.steps].reverse().find((s) => s.step === 'rectify')
    const row = await db
      .insertInto('hazards')
      .values({
        enterprise_id: enterpriseId,
        no,
        source: h.source,
        place: h.place,
        description: h.description,
        found_by_user_id: finder.id,
        found_by_name: finder.display_name,
        found_at: ago(h.daysAgo),
        status: h.status,
        grade: h.grade ?? null,
        responsible_user_id: responsible?.id ?? null,
        responsible_name: responsible?.display_name ?? null,
        measures: h.measures ?? null,
        deadline: h.deadlineInDays === undefined ? null : day(h.deadlineInDays),
        funds: h.funds ?? null,
        criterion_code: h.major ? 'hc-4' : null,
        situation: h.major ? '联锁回路故障后被旁路，紧急停车系统未投用，系设备维护不到位所致' : null,
        severity: h.major ? '超温超压时无法自动停车，可能引发火灾爆炸；需停车更换回路，整改难度较大' : null,
        stop_work: h.major ? true : null,
        stop_work_note: h.major ? '加氢装置停车，其余装置正常运行' : null,
        workers_congress_on: h.major ? day(-7) : null,
        reported_at: h.major ? ago(8) : null,
        plan: h.steps.some((s) => s.step === 'plan') ? JSON.stringify(PLAN) : null,
        rectified_by: rectify && h.status === 'verifying' ? user(rectify.by).id : null,
        closed_at: h.status === 'closed' ? ago(h.steps.at(-1)!.daysAgo) : null,
        supervision_department_id: supervise ? user('jz_yjj').department_id : null,
        supervision_department_name: supervise ? '晋中市应急管理局' : null,
        // numbered in the year it was put under 督办 (as superviseHazard numbers), not the seed's year
        supervision_no: supervise ? `晋中应急督〔${day(-supervise.daysAgo).slice(0, 4)}〕1号` : null,
        supervision_deadline: supervise ? day(30) : null,
        supervised_at: supervise ? ago(supervise.daysAgo) : null,
        updated_at: ago(h.steps.at(-1)?.daysAgo ?? h.daysAgo),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const history: Step[] = [{ step: 'report', to: 'reported', by: h.foundBy, daysAgo: h.daysAgo }, ...h.steps]
    let from: HazardStatus | null = null
    for (const [i, s] of history.entries()) {
      await signAs(s.by)
      await db
        .insertInto('hazard_events')
        .values({
          enterprise_id: enterpriseId,
          hazard_id: row.id,
          seq: i + 1,
          step: s.step,
          from_status: from,
          to_status: s.to,
          note: s.note ?? '',
          detail: JSON.stringify(s.step === 'plan' ? PLAN : {}),
          at: ago(s.daysAgo),
        })
        .execute()
      from = s.to
    }
  }
  await sql`select set_config('app.user_id', '', true)`.execute(db)
}
