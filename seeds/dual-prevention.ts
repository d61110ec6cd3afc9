// 双重预防 reference data: the risk bands of the two scoring methods, the kinds of 管控措施, the 管控层级,
// and the 重大事故隐患判定标准 checklists. Pure data, read by app/modules/hazards/rules.ts (no table: it
// changes only with the code that applies it).
//
// Sources (not held in /work/shared/sources; cited from memory — each flagged where unsure):
// - 《安全生产法》(2021) 第四条、第二十一条(五)、第四十一条 (in the sources): 双重预防 itself.
// - LEC (作业条件危险性评价法, Graham–Kinney): D = L × E × C with the classic tables of L (0.1–10), E
//   (0.5–10) and C (1–100) and the five bands D>320 / 160–320 / 70–160 / 20–70 / <20. The four-colour
//   mapping used by the provincial 双重预防 guides (e.g. 山东 DB37/T 2882-2016《安全生产风险分级管控
//   体系通则》附录; 晋中 follows the same practice): >320 重大/红, 160–320 较大/橙, 70–160 一般/黄,
//   ≤70 低/蓝 (the original's bands 4 and 5 merged). EDGES: the source tables print "160～320", which
//   leaves an exact 160 or 320 ambiguous; we follow the original Graham–Kinney reading that each band's
//   upper edge belongs to it (160 < D ≤ 320 is 较大), so D = 320 is 较大, D = 160 一般, D = 70 低.
//   UNSURE: some enterprise guides write "D ≥ 320 重大"; change `min`/`inclusive` here if the
//   supervising department says so.
// - LS (风险矩阵法): R = L × S, L and S each 1–5; bands as in DB37/T 2882-2016 附录 (and most provincial
//   guides): R 20–25 重大/红, 15–16 较大/橙, 9–12 一般/黄, 1–8 低/蓝 (R takes only products of 1–5, so
//   13, 14, 17–19 never occur). UNSURE: a few provinces use 17–25 / 10–16 / 5–9 / 1–4; kept here only.
// - 管控措施 kinds: 工程技术、管理、培训教育、个体防护、应急处置 (DB37/T 2882-2016 §5.5 and 国务院安委办
//   《关于实施遏制重特大事故工作指南构建双重预防机制的意见》安委办〔2016〕11号).
// - 管控层级: 公司（厂）级、车间（部门）级、班组级、岗位级; 重大 risks at least 公司 level, 较大 at least
//   车间, 一般 at least 班组, 低 at least 岗位 (安委办〔2016〕11号: "上一级负责管控的风险，下一级必须同时
//   负责管控"; the minimum per level is the common provincial practice).
// - 工贸: 《工贸企业重大事故隐患判定标准》（应急管理部令第10号，2023年4月14日公布，2023年5月15日施行）.
//   第三条 (every 工贸 enterprise) is reproduced with confidence; the 粉尘爆炸、液氨制冷、有限空间 articles
//   are from memory — UNSURE of the article numbers (we cite them by subject) and of exact wording.
//   The industry articles (冶金、有色、建材、机械、轻工、纺织、烟草、商贸) are not reproduced.
// - 化工和危险化学品: 《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》
//   （安监总管三〔2017〕121号）, its twenty items. UNSURE whether a newer 部令 has replaced it by now;
//   if so, replace this list and name it.
// - The hazard loop itself: 原国家安全监管总局令第16号《安全生产事故隐患排查治理暂行规定》§10–§23
//   (§14 statistics and 重大隐患 report; §15 治理方案's seven parts; §16 stop-work; §17–§18 评估 and
//   恢复生产 application to the department).

export type RiskLevel = 'major' | 'serious' | 'general' | 'low'

export interface RiskLevelSeed {
  level: RiskLevel
  /** 重大风险 … */
  name: string
  /** 红 / 橙 / 黄 / 蓝 */
  colour: string
  /** for the page */
  hex: string
  /** the lowest 管控层级 allowed for this level */
  minControlLevel: ControlLevel
}

export const RISK_LEVELS: readonly RiskLevelSeed[] = [
  { level: 'major', name: '重大风险', colour: '红', hex: '#d4380d', minControlLevel: 'company' },
  { level: 'serious', name: '较大风险', colour: '橙', hex: '#fa8c16', minControlLevel: 'workshop' },
  { level: 'general', name: '一般风险', colour: '黄', hex: '#fadb14', minControlLevel: 'team' },
  { level: 'low', name: '低风险', colour: '蓝', hex: '#1677ff', minControlLevel: 'post' },
]

/** A band: the score belongs to `level` when it is above `above` (strictly), highest band first. */
export interface BandSeed {
  level: RiskLevel
  above: number
  label: string
}

/** LEC: D = L × E × C. */
export const LEC_BANDS: readonly BandSeed[] = [
  { level: 'major', above: 320, label: 'D > 320' },
  { level: 'serious', above: 160, label: '160 < D ≤ 320' },
  { level: 'general', above: 70, label: '70 < D ≤ 160' },
  { level: 'low', above: 0, label: 'D ≤ 70' },
]

/** The values each LEC factor may take (the classic tables). */
export const LEC_FACTORS = {
  L: [
    { value: 10, text: '完全可以预料' },
    { value: 6, text: '相当可能' },
    { value: 3, text: '可能，但不经常' },
    { value: 1, text: '可能性小，完全意外' },
    { value: 0.5, text: '很不可能，可以设想' },
    { value: 0.2, text: '极不可能' },
    { value: 0.1, text: '实际不可能' },
  ],
  E: [
    { value: 10, text: '连续暴露' },
    { value: 6, text: '每天工作时间内暴露' },
    { value: 3, text: '每周一次或偶然暴露' },
    { value: 2, text: '每月一次暴露' },
    { value: 1, text: '每年几次暴露' },
    { value: 0.5, text: '非常罕见地暴露' },
  ],
  C: [
    { value: 100, text: '10人以上死亡' },
    { value: 40, text: '3～9人死亡' },
    { value: 15, text: '1～2人死亡' },
    { value: 7, text: '严重（重伤）' },
    { value: 3, text: '重大，致残' },
    { value: 1, text: '引人注目，需要救护' },
  ],
} as const

/** LS: R = L × S, each 1–5. R ≥ 20 重大, 15–16 较大, 9–12 一般, ≤ 8 低. */
export const LS_BANDS: readonly BandSeed[] = [
  { level: 'major', above: 19, label: '20 ≤ R ≤ 25' },
  { level: 'serious', above: 14, label: '15 ≤ R ≤ 16' },
  { level: 'general', above: 8, label: '9 ≤ R ≤ 12' },
  { level: 'low', above: 0, label: '1 ≤ R ≤ 8' },
]

export const LS_SCALE = { min: 1, max: 5 } as const

export const CONTROL_MEASURE_KINDS = [
  { code: 'engineering', name: '工程技术措施' },
  { code: 'management', name: '管理措施' },
  { code: 'training', name: '培训教育措施' },
  { code: 'ppe', name: '个体防护措施' },
  { code: 'emergency', name: '应急处置措施' },
] as const
export type ControlMeasureKind = (typeof CONTROL_MEASURE_KINDS)[number]['code']

export const CONTROL_LEVELS = [
  { code: 'company', name: '公司级', rank: 4 },
  { code: 'workshop', name: '车间（部门）级', rank: 3 },
  { code: 'team', name: '班组级', rank: 2 },
  { code: 'post', name: '岗位级', rank: 1 },
] as const
export type ControlLevel = (typeof CONTROL_LEVELS)[number]['code']

export const RISK_POINT_KINDS = ['区域场所', '设备设施', '作业活动'] as const

export interface MajorHazardCriterion {
  /** stable key: standard:item */
  code: string
  text: string
}
export interface MajorHazardStandard {
  code: string
  name: string
  source: string
  /** industries (industries.code) the standard applies to */
  industries: readonly string[]
  sections: readonly { title: string; items: readonly MajorHazardCriterion[] }[]
  note?: string
}

const items = (prefix: string, texts: string[]) => texts.map((text, i) => ({ code: `${prefix}-${i + 1}`, text }))

export const MAJOR_HAZARD_STANDARDS: readonly MajorHazardStandard[] = [
  {
    code: 'gongmao-2023',
    name: '工贸企业重大事故隐患判定标准',
    source: '应急管理部令第10号（2023年4月14日公布，2023年5月15日起施行）',
    industries: ['industrialTrade', 'metallurgy'],
    note: '专项条款据记忆整理，条号未列出，请以公布文本为准；冶金、有色、建材、机械、轻工、纺织、烟草、商贸等行业条款未收录。',
    sections: [
      {
        title: '第三条 工贸企业（通用）',
        items: items('gm-general', [
          '未对承包单位、承租单位的安全生产工作统一协调、管理，或者未定期进行安全检查的',
          '特种作业人员未按照规定经专门的安全作业培训并取得相应资格，上岗作业的',
          '金属冶炼企业主要负责人、安全生产管理人员未按照规定经考核合格的',
        ]),
      },
      {
        title: '存在粉尘爆炸危险的工贸企业',
        items: items('gm-dust', [
          '粉尘爆炸危险场所设置在非框架结构的多层建筑物内，或者与居民区、员工宿舍、会议室等人员聚集场所安全距离不符合有关标准规范要求的',
          '不同类别的可燃性粉尘、可燃性粉尘与可燃气体等易加剧爆炸危险的介质共用一套除尘系统，或者不同建（构）筑物、不同防火分区共用一套除尘系统、除尘系统互联互通的',
          '干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施的',
          '铝镁等金属粉尘除尘系统采用正压除尘方式，或者其他可燃性粉尘除尘系统采用正压吹送粉尘时，未采取火花探测消除等防范点燃源措施的',
          '除尘系统采用重力沉降室除尘，或者采用干式巷道式构筑物作为除尘风道的',
          '铝镁等金属粉尘、木质粉尘的干式除尘系统未按照规定设置锁气卸灰装置的',
          '除尘器、收尘仓等划分为20区的粉尘爆炸危险场所电气设备不符合防爆要求的',
          '粉碎、研磨、造粒等易产生机械点燃源的工艺设备前，未按照规定设置去除铁、石等异物的装置的',
          '遇湿自燃金属粉尘收集、堆放、储存场所未采取通风等防止氢气积聚措施，或者干式收集、堆放、储存场所未采取防水、防潮措施的',
          '未落实粉尘清理制度，造成作业现场积尘严重的',
        ]),
      },
      {
        title: '使用液氨制冷的工贸企业',
        items: items('gm-ammonia', [
          '包装、分割、产品整理场所的空调系统采用氨直接蒸发制冷的',
          '快速冻结装置未设置在单独的作业间内，或者快速冻结装置作业间内作业人员数量超过9人的',
        ]),
      },
      {
        title: '存在硫化氢、一氧化碳等中毒风险有限空间作业的工贸企业',
        items: items('gm-confined', [
          '未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志的',
          '未落实有限空间作业审批，或者未执行“先通风、再检测、后作业”要求，或者作业现场未设置监护人员的',
        ]),
      },
    ],
  },
  {
    code: 'hazchem-2017',
    name: '化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）',
    source: '安监总管三〔2017〕121号',
    industries: ['hazchem'],
    note: '如已有新的部令或标准替代本试行标准，请替换本清单并注明出处。',
    sections: [
      {
        title: '判定标准（二十项）',
        items: items('hc', [
          '危险化学品生产、经营单位主要负责人和安全生产管理人员未依法经考核合格',
          '特种作业人员未持证上岗',
          '涉及“两重点一重大”的生产装置、储存设施外部安全防护距离不符合国家标准要求',
          '涉及重点监管危险化工工艺的装置未实现自动化控制，系统未实现紧急停车功能，装备的自动化控制系统、紧急停车系统未投入使用',
          '构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能；涉及毒性气体、液化气体、剧毒液体的一级、二级重大危险源的危险化学品罐区未配备独立的安全仪表系统',
          '全压力式液化烃储罐未按国家标准设置注水措施',
          '液化烃、液氨、液氯等易燃易爆、有毒有害液化气体的充装未使用万向管道充装系统',
          '光气、氯气等剧毒气体及硫化氢气体管道穿越除厂区（包括化工园区、工业园区）外的公共区域',
          '地区架空电力线路穿越生产区且不符合国家标准要求',
          '在役化工装置未经正规设计且未进行安全设计诊断',
          '使用淘汰落后安全技术工艺、设备目录列出的工艺、设备',
          '涉及可燃和有毒有害气体泄漏的场所未按国家标准设置检测报警装置，爆炸危险场所未按国家标准安装使用防爆电气设备',
          '控制室或机柜间面向具有火灾、爆炸危险性装置一侧不满足国家标准关于防火防爆的要求',
          '化工生产装置未按国家标准要求设置双重电源供电，自动化控制系统未设置不间断电源',
          '安全阀、爆破片等安全附件未正常投用',
          '未建立与岗位相匹配的全员安全生产责任制或者未制定实施生产安全事故隐患排查治理制度',
          '未制定操作规程和工艺控制指标',
          '未按照国家标准制定动火、进入受限空间等特殊作业管理制度，或者制度未有效执行',
          '新开发的危险化学品生产工艺未经小试、中试、工业化试验直接进行工业化生产；国内首次使用的化工工艺未经过省级人民政府有关部门组织的安全可靠性论证；新建装置未制定试生产方案投料开车；精细化工企业未按规范性文件要求开展反应安全风险评估',
          '未按国家标准分区分类储存危险化学品，超量、超品种储存危险化学品，相互禁配物质混放混存',
        ]),
      },
    ],
  },
]

/** 隐患来源 (issue 15 §3). */
export const HAZARD_SOURCES = [
  { code: 'self', name: '自查' },
  { code: 'check', name: '排查任务' },
  { code: 'worker', name: '员工报告' },
  { code: 'regulator', name: '监管部门检查' },
] as const
export type HazardSource = (typeof HAZARD_SOURCES)[number]['code']
