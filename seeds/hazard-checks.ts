// 隐患排查 reference data: the kinds of check (排查类型) and how often a plan recurs (排查频次). Pure
// data, read by app/modules/checks/rules.ts and the plan form (no table: it changes only with the code
// that applies it).
//
// Sources:
// - 《安全生产法》(2021) 第四十一条 (in /work/shared/sources): the enterprise 建立健全并落实生产安全事故隐患
//   排查治理制度 and records what it finds — the duty to check at all; it sets no kinds or frequencies.
// - 原国家安全监管总局令第16号《安全生产事故隐患排查治理暂行规定》(2008) 第八条、第十条: the enterprise
//   organises 定期 checks of its places, equipment and posts, by its own staff (not held in the sources;
//   cited from memory).
// - The five kinds and the frequencies: 《危险化学品企业安全风险隐患排查治理导则》(应急〔2019〕78号) §4.3
//   lists 日常排查、综合性排查、专业性（专项）排查、季节性排查、重点时段及节假日前排查 and gives the usual
//   frequencies (装置操作人员现场巡检 间隔不大于2小时 i.e. every shift; 基层车间（装置）直接管理人员 每天;
//   基层单位（厂）每周; 综合性排查 企业每季度、车间每月; 专项排查 每年; 季节性、节假日前 before each
//   season and holiday). Not held in the sources; cited from memory — UNSURE of the section numbers.
//   GB/T 33000-2016《企业安全生产标准化基本规范》5.5.3 (隐患排查) names 综合检查、专业检查、季节性检查、
//   节假日检查和日常检查 as well (from memory).
// - 节假日: 《北京市安全生产条例》(2022) 第四十四条 (in the sources): 国家法定节假日期间 enterprises 加强隐患
//   排查治理 — the reason a 节假日 plan is its own kind.
// - 宁波《生产经营单位安全生产主体责任规定》(2021) 第五条(八) (in the sources): 主要负责人 每季度至少组织落实
//   一次安全生产工作全面检查 — the quarterly 综合 check.

export type CheckKind = 'daily' | 'comprehensive' | 'special' | 'seasonal' | 'holiday'
export type CheckFrequency = 'shift' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly'

export interface CheckKindSeed {
  code: CheckKind
  name: string
  /** what the kind is for, shown on the plan form */
  note: string
  /** the frequency the form proposes for this kind */
  usualFrequency: CheckFrequency
  source: string
}

export const CHECK_KINDS: readonly CheckKindSeed[] = [
  {
    code: 'daily',
    name: '日常排查',
    note: '岗位人员交接班、巡回检查，班组、车间每日检查',
    usualFrequency: 'shift',
    source: '应急〔2019〕78号 §4.3；GB/T 33000-2016 5.5.3',
  },
  {
    code: 'comprehensive',
    name: '综合性排查',
    note: '以管控措施落实为重点的全面排查',
    usualFrequency: 'quarterly',
    source: '应急〔2019〕78号 §4.3（企业每季度、车间每月）；宁波规定第五条(八)（每季度全面检查）',
  },
  {
    code: 'special',
    name: '专项排查',
    note: '工艺、设备、电气、仪表、消防等专业性排查',
    usualFrequency: 'yearly',
    source: '应急〔2019〕78号 §4.3（专业性排查每年不少于一次）',
  },
  {
    code: 'seasonal',
    name: '季节性排查',
    note: '春季防雷防静电、夏季防汛防暑、秋季防火、冬季防冻防凝',
    usualFrequency: 'quarterly',
    source: '应急〔2019〕78号 §4.3；GB/T 33000-2016 5.5.3',
  },
  {
    code: 'holiday',
    name: '节假日排查',
    note: '重大活动及法定节假日前的排查，节日期间每日检查',
    usualFrequency: 'daily',
    source: '北京市安全生产条例（2022）第四十四条；应急〔2019〕78号 §4.3',
  },
]

export interface CheckFrequencySeed {
  code: CheckFrequency
  name: string
  /** the period a check of this frequency covers */
  period: string
  source: string
}

export const CHECK_FREQUENCIES: readonly CheckFrequencySeed[] = [
  { code: 'shift', name: '每班', period: '当天每个班次', source: '应急〔2019〕78号 §4.3（操作人员巡检，每班）' },
  { code: 'daily', name: '每日', period: '自然日', source: '应急〔2019〕78号 §4.3（车间直接管理人员每天）' },
  { code: 'weekly', name: '每周', period: '周一至周日', source: '应急〔2019〕78号 §4.3（基层单位每周）' },
  { code: 'monthly', name: '每月', period: '自然月', source: '应急〔2019〕78号 §4.3（车间综合性排查每月）' },
  { code: 'quarterly', name: '每季度', period: '自然季度', source: '应急〔2019〕78号 §4.3；宁波规定第五条(八)' },
  { code: 'yearly', name: '每年', period: '自然年', source: '应急〔2019〕78号 §4.3（专业性排查每年）' },
]

/** A 每班 plan: how many shifts a day may have (四班三倒 has three a day). */
export const MAX_SHIFTS_PER_DAY = 4
