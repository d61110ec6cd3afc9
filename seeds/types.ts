// Shapes of the reference and demo data kept in seeds/. seeds/seed.ts loads them, idempotently.

export type RegionLevel = 1 | 2 | 3 | 4 // 省 / 市 / 县区 / 乡镇街道

export interface RegionSeed {
  /** GB/T 2260 code (6 digits) for province/city/county; 9-digit GB/T 10114 code for 乡镇/街道 */
  code: string
  name: string
  parentCode: string | null
  level: RegionLevel
}

/** A kind of supervising department; the same kind exists in every city and county. */
export type DepartmentKind =
  | 'emergency' // 应急管理局 (综合监管 + 行业监管 of 危化/非煤矿山/烟花爆竹/工贸)
  | 'housing' // 住房和城乡建设局
  | 'transport' // 交通运输局
  | 'market' // 市场监督管理局 (特种设备)
  | 'energy' // 能源局 / 煤炭局
  | 'education' // 教育局
  | 'health' // 卫生健康委员会
  | 'culture_tourism' // 文化和旅游局
  | 'commerce' // 商务局
  | 'agriculture' // 农业农村局
  | 'water' // 水利局
  | 'street' // 乡镇人民政府 / 街道办事处 (属地监管)

export interface IndustrySeed {
  code: string // short stable code, e.g. 'hazchem'
  name: string // 危险化学品
  /** 高危行业 in 《生产经营单位安全培训规定》 (煤矿、非煤矿山、危险化学品、烟花爆竹、金属冶炼) */
  highRisk: boolean
  /** 《生产安全事故应急条例》 §8 units that must drill every half-year */
  halfYearlyDrills: boolean
  /** the 行业主管部门 kinds (管行业必须管安全) */
  supervisors: DepartmentKind[]
  sort: number
}

export interface DepartmentSeed {
  /** stable key used by the demo accounts */
  key: string
  name: string
  kind: DepartmentKind
  regionCode: string
}

export type EmploymentType = '正式' | '劳务派遣' | '实习' | '外包'
export type OrgUnitKind = '公司' | '部门' | '车间' | '工段' | '班组'

export interface OrgUnitSeed {
  key: string
  name: string
  kind: OrgUnitKind
  parentKey: string | null
  /** the tier-2 post in charge of this unit (分管负责人); units below inherit it */
  supervisorPostKey?: string
}

export interface PostSeed {
  key: string
  name: string
  unitKey: string
  tier: 1 | 2 | 3 | 4 | 5
  /** 安全管理人员 */
  isSafetyManager: boolean
  /** tier 2 分管安全 (its acknowledgement deadline is one month) */
  inChargeOfSafety: boolean
  /** the head (负责人) of its unit: approves the unit's duty lists */
  isUnitHead: boolean
  requiredCertificates: string[] // e.g. ['危险化学品安全作业证', '特种作业操作证（电工）']
}

export interface EmployeeSeed {
  key: string
  name: string
  employeeNo: string
  phone: string // ^1[3-9]\d{9}$, unique across the whole data set
  employmentType: EmploymentType
  hiredOn: string // YYYY-MM-DD
  idCard: string | null // 18 chars with a valid ISO 7064 MOD 11-2 check digit, or null
  posts: { postKey: string; startOn: string; endOn?: string }[]
  /**
   * The story's newest hires: their hiredOn and posts' start are written as seen from the reference
   * moment (DEMO_REFERENCE_DAY) and move with the seed moment, so that whenever the demo is seeded they
   * joined a few months before (三级教育 this year, no account activated yet).
   */
  movesWithSeed?: true
}

/** The day the demo's fixed dates of recent events are written from (the tests' default clock). */
export const DEMO_REFERENCE_DAY = '2026-11-30'

export interface AccountSeed {
  role: 'enterprise_admin' | 'enterprise_head' | 'worker' | 'regulator' | 'platform_admin'
  username: string | null
  phone: string | null
  displayName: string
  password: string
  /** for enterprise roles: the employee this account belongs to (worker, head; admin optional) */
  employeeKey?: string
  departmentKey?: string
}

export interface EnterpriseSeed {
  key: string
  name: string
  creditCode: string // 统一社会信用代码, valid GB 32100 check character
  industryCode: string
  regionCode: string // the most specific region: a 街道 where known, else a county
  address: string
  legalRepresentative: string
  principalName: string // 主要负责人
  phone: string
  orgUnits: OrgUnitSeed[]
  posts: PostSeed[]
  employees: EmployeeSeed[]
  accounts: AccountSeed[]
}

/** 职责类别 of a duty item */
export type DutyCategory =
  '组织领导' | '制度建设' | '安全投入' | '教育培训' | '隐患排查' | '风险管控' | '应急管理' | '职业健康' | '事故报告' | '岗位操作'

export interface DutyItemSeed {
  text: string
  category: DutyCategory
  /** 法律依据, e.g. '《安全生产法》第二十一条' */
  legalBasis: string | null
}

/** The starting list for a new post of a tier (一岗一清单 templates). */
export interface DutyTemplateSeed {
  tier: 1 | 2 | 3 | 4 | 5
  /** a variant within a tier, e.g. tier 2 分管安全 vs other deputies, tier 3 安全管理人员 */
  variant: string
  title: string
  items: DutyItemSeed[]
}
