// The certificate catalogue (证书目录): every certificate a post can require and a worker can hold,
// with each kind's validity. Reference data, loaded into `certificate_catalogue` by the migration
// 20261130140000 and upserted by every seeding. Post requirements and certificates pick from it; a
// certificate outside it is recorded only as "其他：<名称>".
//
// Sources (the texts are not held in /work/shared/sources; article numbers are cited from memory and
// should be checked against the published texts):
// - 特种作业: 《特种作业人员安全技术培训考核管理规定》（原国家安全生产监督管理总局令第30号，2015年令第80号
//   修正）附件《特种作业目录》, the 11 categories with their numbered operation items; 特种作业操作证 valid
//   6 years (第十九条), reviewed every 3 years (第二十一条; 第二十二条 allows 6 years for 10 years' clean
//   record, so a given 复审 date up to the expiry is accepted).
// - 特种设备: 《特种设备作业人员资格认定分类与项目》（市场监管总局公告2019年第3号）; 《特种设备作业人员证》
//   valid 4 years (《特种设备作业人员监督管理办法》, 复审 every 4 years).
// - 主要负责人和安全生产管理人员安全生产知识和管理能力考核合格证: 《安全生产法》第二十七条 (危险物品的生产、
//   经营、储存、装卸单位以及矿山、金属冶炼单位), 《生产经营单位安全培训规定》; valid 3 years.
// - 建筑施工: 《建筑施工企业主要负责人、项目负责人和专职安全生产管理人员安全生产管理规定》（住房城乡建设部令
//   第17号）A/B/C证 valid 3 years; 《建筑施工特种作业人员管理规定》（建质〔2008〕75号）资格证 valid 2 years.
// - 道路运输: 《道路运输从业人员管理规定》（交通运输部令）从业资格证 valid 6 years; 道路运输企业主要负责人和
//   安全生产管理人员安全考核合格证明 (validity not confirmed here: no limit is enforced, only expiry > issue).

export interface CatalogueSeed {
  /** stable key, ASCII */
  code: string
  kind: string
  category: string
  item: string
  /** the one name shown, stored and matched: unique */
  name: string
  validityYears: number | null
  reviewYears: number | null
  source: string
  /** how a legacy free-text name is recognised: any one of these sets, all of whose words it contains */
  keywords: string[][]
}

const SPECIAL_WORK_SOURCE = '《特种作业人员安全技术培训考核管理规定》（原国家安全监管总局令第30号）附件 特种作业目录'
const SPECIAL_EQUIPMENT_SOURCE = '《特种设备作业人员资格认定分类与项目》（市场监管总局公告2019年第3号）'
const ASSESSMENT_SOURCE = '《安全生产法》第二十七条；《生产经营单位安全培训规定》'
const CONSTRUCTION_SOURCE = '《建筑施工企业主要负责人、项目负责人和专职安全生产管理人员安全生产管理规定》（住房城乡建设部令第17号）'
const CONSTRUCTION_SPECIAL_SOURCE = '《建筑施工特种作业人员管理规定》（建质〔2008〕75号）'
const ROAD_SOURCE = '《道路运输从业人员管理规定》（交通运输部令）'

// 《特种作业目录》: categories 1–10 with their items (11 is "其他作业" the authority designates)
const SPECIAL_WORK: [string, string[]][] = [
  ['电工作业', ['高压电工作业', '低压电工作业', '防爆电气作业']],
  ['焊接与热切割作业', ['熔化焊接与热切割作业', '压力焊作业', '钎焊作业']],
  ['高处作业', ['登高架设作业', '高处安装、维护、拆除作业']],
  ['制冷与空调作业', ['制冷与空调设备运行操作作业', '制冷与空调设备安装修理作业']],
  [
    '煤矿安全作业',
    [
      '煤矿井下电气作业',
      '煤矿井下爆破作业',
      '煤矿安全监测监控作业',
      '煤矿瓦斯检查作业',
      '煤矿安全检查作业',
      '煤矿提升机操作作业',
      '煤矿采煤机（掘进机）操作作业',
      '煤矿瓦斯抽采作业',
      '煤矿防突作业',
      '煤矿探放水作业',
    ],
  ],
  [
    '金属非金属矿山安全作业',
    [
      '金属非金属矿井通风作业',
      '尾矿作业',
      '金属非金属矿山安全检查作业',
      '金属非金属矿山提升机操作作业',
      '金属非金属矿山支柱作业',
      '金属非金属矿山井下电气作业',
      '金属非金属矿山排水作业',
      '金属非金属矿山爆破作业',
    ],
  ],
  ['石油天然气安全作业', ['司钻作业']],
  ['冶金（有色）生产安全作业', ['煤气作业']],
  [
    '危险化学品安全作业',
    [
      '光气及光气化工艺作业',
      '氯碱电解工艺作业',
      '氯化工艺作业',
      '硝化工艺作业',
      '合成氨工艺作业',
      '裂解（裂化）工艺作业',
      '氟化工艺作业',
      '加氢工艺作业',
      '重氮化工艺作业',
      '氧化工艺作业',
      '过氧化工艺作业',
      '胺基化工艺作业',
      '磺化工艺作业',
      '聚合工艺作业',
      '烷基化工艺作业',
      '化工自动化控制仪表作业',
    ],
  ],
  ['烟花爆竹安全作业', ['烟火药制造作业', '黑火药制造作业', '引火线制造作业', '烟花爆竹产品涉药作业', '烟花爆竹储存作业']],
]

// 《特种设备作业人员资格认定分类与项目》: code and item
const SPECIAL_EQUIPMENT: [string, string, string][] = [
  ['特种设备安全管理', 'A', '特种设备安全管理'],
  ['锅炉作业', 'G1', '工业锅炉司炉'],
  ['锅炉作业', 'G2', '电站锅炉司炉'],
  ['锅炉作业', 'G3', '锅炉水处理'],
  ['压力容器作业', 'R1', '快开门式压力容器操作'],
  ['压力容器作业', 'R2', '移动式压力容器充装'],
  ['压力容器作业', 'R3', '氧舱维护保养'],
  ['气瓶作业', 'P', '气瓶充装'],
  ['电梯作业', 'T', '电梯修理'],
  ['起重机作业', 'Q1', '起重机指挥'],
  ['起重机作业', 'Q2', '起重机司机'],
  ['客运索道作业', 'S1', '客运索道修理'],
  ['客运索道作业', 'S2', '客运索道司机'],
  ['大型游乐设施作业', 'Y1', '大型游乐设施修理'],
  ['大型游乐设施作业', 'Y2', '大型游乐设施操作'],
  ['场（厂）内专用机动车辆作业', 'N1', '叉车司机'],
  ['场（厂）内专用机动车辆作业', 'N2', '观光车和观光列车司机'],
  ['安全附件维修作业', 'F', '安全阀校验'],
  ['特种设备焊接作业', 'WM', '金属焊接操作'],
  ['特种设备焊接作业', 'WN', '非金属焊接操作'],
]

// units whose 主要负责人 and 安全生产管理人员 must pass the assessment (安全生产法 第二十七条), and a
// general one for the others (many provinces assess every industry's)
const ASSESSED_UNITS: [string, string, string[]][] = [
  ['CHP', '危险化学品生产单位', ['危险化学品', '生产']],
  ['CHT', '危险化学品经营单位', ['危险化学品', '经营']],
  ['COAL', '煤矿企业', ['煤矿']],
  ['MINE', '金属非金属矿山企业', ['非金属矿山']],
  ['OIL', '石油天然气开采单位', ['石油天然气']],
  ['FWP', '烟花爆竹生产单位', ['烟花爆竹', '生产']],
  ['FWT', '烟花爆竹经营单位', ['烟花爆竹', '经营']],
  ['MET', '金属冶炼单位', ['冶炼']],
  ['GEN', '生产经营单位', []],
]

const CONSTRUCTION_SPECIAL = [
  '建筑电工',
  '普通脚手架架子工',
  '附着升降脚手架架子工',
  '建筑起重信号司索工',
  '建筑起重机械司机（塔式起重机）',
  '建筑起重机械司机（施工升降机）',
  '建筑起重机械司机（物料提升机）',
  '建筑起重机械安装拆卸工（塔式起重机）',
  '建筑起重机械安装拆卸工（施工升降机）',
  '建筑起重机械安装拆卸工（物料提升机）',
  '高处作业吊篮安装拆卸工',
]

const ROAD_QUALIFICATIONS = [
  '道路旅客运输驾驶员',
  '道路货物运输驾驶员',
  '道路危险货物运输驾驶员',
  '道路危险货物运输装卸管理人员',
  '道路危险货物运输押运人员',
]

function build(): CatalogueSeed[] {
  const rows: CatalogueSeed[] = []
  SPECIAL_WORK.forEach(([category, items], c) =>
    items.forEach((item, i) =>
      rows.push({
        code: `TZ-${c + 1}.${i + 1}`,
        kind: '特种作业操作证',
        category,
        item,
        name: `特种作业操作证（${category}·${item}）`,
        validityYears: 6,
        reviewYears: 3,
        source: `${SPECIAL_WORK_SOURCE} ${c + 1}.${i + 1}`,
        // 加氢工艺作业操作证, 加氢工艺操作证: the item alone names it
        keywords: item.length >= 4 ? [[item], [item.replace(/作业$/, '')]] : [[category, item]],
      }),
    ),
  )
  for (const [category, code, item] of SPECIAL_EQUIPMENT) {
    rows.push({
      code: `TS-${code}`,
      kind: '特种设备作业人员证',
      category,
      item: `${code.startsWith('W') ? '' : `${code} `}${item}`,
      name: `特种设备作业人员证（${code.startsWith('W') ? '' : `${code} `}${item}）`,
      validityYears: 4,
      reviewYears: null,
      source: SPECIAL_EQUIPMENT_SOURCE,
      keywords: item.length >= 4 ? [[item]] : [['特种设备', item]],
    })
  }
  for (const [code, unit, words] of ASSESSED_UNITS) {
    for (const [role, roleCode, roleWords] of [
      ['主要负责人', 'P', ['主要负责人']],
      ['安全生产管理人员', 'M', ['安全生产管理人员']],
    ] as const) {
      rows.push({
        code: `KH-${code}-${roleCode}`,
        kind: '安全生产知识和管理能力考核合格证',
        category: unit,
        item: role,
        name: `${unit}${role}安全生产知识和管理能力考核合格证`,
        validityYears: 3,
        reviewYears: null,
        source: ASSESSMENT_SOURCE,
        // the general one is recognised only by its exact name
        keywords: words.length ? [[...words, ...roleWords, '考核合格']] : [],
      })
    }
  }
  for (const [letter, role] of [
    ['A', '主要负责人'],
    ['B', '项目负责人'],
    ['C', '专职安全生产管理人员'],
  ] as const) {
    rows.push({
      code: `JZ-${letter}`,
      kind: '建筑施工企业安全生产考核合格证书',
      category: '建筑施工企业',
      item: `${role}（${letter}证）`,
      name: `建筑施工企业${role}安全生产考核合格证书（${letter}证）`,
      validityYears: 3,
      reviewYears: null,
      source: CONSTRUCTION_SOURCE,
      keywords: [['建筑施工', `${letter}证`]],
    })
  }
  CONSTRUCTION_SPECIAL.forEach((item, i) =>
    rows.push({
      code: `JZTZ-${i + 1}`,
      kind: '建筑施工特种作业操作资格证',
      category: '建筑施工特种作业',
      item,
      name: `建筑施工特种作业操作资格证（${item}）`,
      validityYears: 2,
      reviewYears: null,
      source: CONSTRUCTION_SPECIAL_SOURCE,
      keywords: [[item]],
    }),
  )
  ROAD_QUALIFICATIONS.forEach((item, i) =>
    rows.push({
      code: `DY-${i + 1}`,
      kind: '道路运输从业资格证',
      category: '道路运输从业人员',
      item,
      name: `道路运输从业人员从业资格证（${item}）`,
      validityYears: 6,
      reviewYears: null,
      source: ROAD_SOURCE,
      keywords: [[item]],
    }),
  )
  for (const [role, code] of [
    ['主要负责人', 'P'],
    ['安全生产管理人员', 'M'],
  ] as const) {
    rows.push({
      code: `DY-KH-${code}`,
      kind: '道路运输企业安全考核合格证明',
      category: '道路运输企业',
      item: role,
      name: `道路运输企业${role}安全考核合格证明`,
      validityYears: null,
      reviewYears: null,
      source: '《道路运输企业主要负责人和安全生产管理人员安全考核管理办法》（交通运输部）',
      keywords: [['道路运输', role, '考核']],
    })
  }
  return rows
}

export const certificateCatalogue: CatalogueSeed[] = build()
