// npm run seed:scale — a whole city on the real database: 20,000 enterprises of 晋中市 with about
// 1,000,000 workers and a year of their records (duty lists and confirmations, training, certificates,
// plans and drills, monthly status reports, inspections and rectification orders), for `npm run bench`
// to measure the regulator's pages at the scale DESIGN §4 names.
//
// How it stays fast: the structure (enterprises, units, posts, sessions, plans, inspections: ~10 rows
// per enterprise) is planned in Node with a seeded PRNG and loaded as JSON batches; everything per
// worker (employees, assignments, accounts, confirmations, attendance, certificates) and the reports
// are made by set-based `insert … select` in Postgres. Per-row randomness in SQL comes from
// hashint8extended(key, salt), not random(): the same key gives the same value wherever an expression
// is evaluated, so the data are reproducible and a planner that evaluates an expression twice cannot
// make two halves of one row disagree.
//
// Everything happens in one transaction: a failed run leaves nothing behind. Scale enterprises are
// the ones whose 统一社会信用代码 carries SCALE_MARK in its organisation-code part; `--reset` removes
// exactly those and everything that hangs off them.
import { createHash, randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { GENESIS_HASH } from '../../app/modules/acknowledgements/rules'
import { canonicalContent } from '../../app/modules/duties/rules'
import { creditCodeCheckChar } from '../../app/modules/enterprises/rules'
import { departmentShortName } from '../../app/modules/reference/rules'
import { documentNumber } from '../../app/modules/supervision/rules'
import { addDays, shanghaiInstant, weekdayOf } from '../../app/utils/calendar'
import { todayInShanghai } from '../../app/utils/dates'
import { dutyTemplates } from '../../seeds/duty-templates'
import { obligations } from '../../seeds/obligations'
import { industries as referenceIndustries, regions } from '../../seeds/reference'
import {
  generalProblems,
  givenNameChars,
  revisionItems,
  roads,
  scaleCounties,
  scaleIndustries,
  surnames,
  tradeNameChars,
  trainers,
  userAgents,
  type ScaleIndustry,
} from '../../seeds/scale'
import type { Database } from '../../db/types'
import { HAZARD_TABLES, loadHazards } from './seed-scale-hazards'

type DB = Kysely<Database>

/**
 * Characters 9–12 of a scale enterprise's credit code (the organisation code starts there). Real codes
 * issued since 2015 start that part with MA + a check-free serial; MA9Y followed by the enterprise's
 * number in base 31 is ours alone, so the scale data can be found and removed without a schema change.
 */
export const SCALE_MARK = 'MA9Y'
const scaleEnterprises = sql`(select id from enterprises where substr(credit_code, 9, 4) = ${SCALE_MARK})`

export interface ScaleOptions {
  enterprises: number
  /** the city's head-count, spread over the enterprises (at least 6 each) */
  workers: number
  /** PRNG seed: the same seed and sizes give the same city (ids aside) */
  seed?: number
  /** the moment the city is "now"; reports, deadlines and ages are counted back from it */
  now?: Date
  onProgress?: (message: string) => void
  /** load with every trigger in force even as superuser — the path a non-superuser gets; slower */
  keepTriggers?: boolean
}

export interface ScaleSummary {
  seconds: number
  counts: Record<string, number>
  /** per scale enterprise: how many published reports it should have (12 for one reporting all year) */
  expectedReports: Map<string, number>
  /** per reporting pattern, how many enterprises follow it */
  patterns: Record<ReportingPattern, number>
}

type ReportingPattern = 'regular' | 'stopped' | 'late' | 'never'
type Diligence = 'good' | 'fair' | 'lax'

const MIN_SIZE = 6
const MAX_SIZE = 12_000
const DAY = 86_400_000

// ---------------------------------------------------------------------------------------------
// Small deterministic helpers

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Rng {
  constructor(private next: () => number) {}
  static seeded(seed: number) {
    return new Rng(mulberry32(seed))
  }
  float() {
    return this.next()
  }
  chance(p: number) {
    return this.next() < p
  }
  int(min: number, max: number) {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }
  weighted<T>(items: readonly T[], weight: (t: T) => number): T {
    const total = items.reduce((s, t) => s + weight(t), 0)
    let x = this.next() * total
    for (const t of items) if ((x -= weight(t)) < 0) return t
    return items[items.length - 1]!
  }
  gauss() {
    const u = 1 - this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[items[i], items[j]] = [items[j]!, items[i]!]
    }
    return items
  }
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle([...items]).slice(0, Math.max(0, Math.min(n, items.length)))
  }
}

/** Exactly round(n × share) of each kind (largest remainder), in random order: a 50-enterprise run still has every kind. */
function quotas<T>(rng: Rng, n: number, kinds: { kind: T; share: number }[]): T[] {
  const total = kinds.reduce((s, k) => s + k.share, 0)
  const exact = kinds.map((k) => (n * k.share) / total)
  const counts = exact.map(Math.floor)
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r)
  for (let left = n - counts.reduce((s, c) => s + c, 0), j = 0; left > 0; left--, j++) counts[order[j % order.length]!.i]!++
  return rng.shuffle(kinds.flatMap((k, i) => Array<T>(counts[i]!).fill(k.kind)))
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
function cnNumber(n: number): string {
  if (n <= 10) return CN_DIGITS[n]!
  if (n < 20) return `十${CN_DIGITS[n - 10]}`
  return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`
}

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function creditCode(countyCode: string, n: number): string {
  let serial = ''
  for (let i = 0, x = n; i < 5; i++, x = Math.floor(x / 31)) serial = CREDIT_CHARSET[x % 31]! + serial
  const first17 = `91${countyCode}${SCALE_MARK}${serial}`
  return first17 + creditCodeCheckChar(first17)!
}

/** Shanghai wall-clock time as an instant (UTC+8, no daylight saving). */
function shanghai(y: number, m: number, d: number, hh = 0, mm = 0): Date {
  return shanghaiInstant(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, hh, mm)
}
function ymd(date: Date): string {
  return todayInShanghai(date)
}
function dayStart(day: string): Date {
  return shanghaiInstant(day)
}

function personName(rng: Rng): string {
  return rng.pick(surnames) + rng.pick(givenNameChars) + (rng.chance(0.7) ? rng.pick(givenNameChars) : '')
}

// ---------------------------------------------------------------------------------------------
// The plan made in Node: enterprises and everything there are only a few of per enterprise

interface EnterprisePlan {
  n: number
  id: string
  name: string
  short: string
  creditCode: string
  industry: ScaleIndustry
  highRisk: boolean
  halfYearly: boolean
  regionCode: string
  countyCode: string
  address: string
  legalRepresentative: string
  principalName: string
  phone: string
  size: number
  pattern: ReportingPattern
  diligence: Diligence
  onboardAt: Date
  reportAt: Date[]
  revisionAt: Date | null
  cohorts: string[]
  groups: number
  lastRound: string
  ackNever: number
  ackLate: number
  certLax: number
  trainSkip: number
  drillLax: boolean
  noPlans: boolean
  meetingMissing: boolean
  itemsUnmet: number[]
  itemsPartial: number[]
  itemsNa: number[]
  itemsUnassessed: number[]
  adminUserId: string
  headUserId: string
  firstUnitName: string
}

interface UnitRow {
  e: string
  id: string
  parent: string | null
  name: string
  kind: string
  sort: number
  sup: string | null
}

interface PostRow {
  e: string
  id: string
  unit: string
  name: string
  tier: number
  sm: boolean
  ics: boolean
  uh: boolean
  certs: string[]
  arch: number
  holders: number
  ord0: number
  g0: number
  /** principal: its holder is the 主要负责人 (enterprise_head account); admin: first holder keeps the ledgers (enterprise_admin) */
  role: 'principal' | 'admin' | 'other'
  holder: string | null
  v2: boolean
}

interface Archetype {
  id: number
  name: string
  tier: number
  variant: string
}

const DERIVED_ITEMS = [1, 2, 6, 12]
const DECLARED_ITEMS = obligations.map((o) => o.no).filter((no) => !DERIVED_ITEMS.includes(no))
const MAJOR_HAZARD_INDUSTRIES = new Set(['hazchem', 'nonCoalMine', 'fireworks', 'metallurgy', 'coalMine'])
const SERVICE_INDUSTRIES = new Set(['school', 'medical', 'hotel', 'mall', 'entertainment', 'scenicSpot'])

function planCity(options: Required<Pick<ScaleOptions, 'enterprises' | 'workers' | 'seed'>> & { now: Date }) {
  const rng = Rng.seeded(options.seed)
  const { enterprises: count, workers: total, now } = options
  const today = ymd(now)
  const [ty, tm] = today.split('-').map(Number) as [number, number]
  const refIndustry = new Map(referenceIndustries.map((i) => [i.code, i]))
  const streets = regions.filter((r) => r.level === 4)

  // Who reports how, and how carefully they keep their records: exact shares, so small runs show every case.
  const industries = quotas(
    rng,
    count,
    scaleIndustries.map((i) => ({ kind: i, share: i.share })),
  )
  const patterns = quotas<ReportingPattern>(rng, count, [
    { kind: 'regular', share: 84 },
    { kind: 'stopped', share: 7 },
    { kind: 'late', share: 4 },
    { kind: 'never', share: 5 },
  ])
  const diligences = quotas<Diligence>(rng, count, [
    { kind: 'good', share: 62 },
    { kind: 'fair', share: 23 },
    { kind: 'lax', share: 15 },
  ])

  // Head-counts: log-normal around a median of ~22 (most enterprises 10–50 people), scaled by industry,
  // then fitted to the requested total within [MIN_SIZE, MAX_SIZE].
  if (total < count * MIN_SIZE) throw new Error(`至少需要 ${count * MIN_SIZE} 名从业人员（每家企业不少于 ${MIN_SIZE} 人）`)
  if (total > count * MAX_SIZE) throw new Error(`从业人员过多：每家企业不超过 ${MAX_SIZE} 人`)
  const raw = industries.map((i) => 22 * i.sizeFactor * Math.exp(1.1 * rng.gauss()))
  let sizes = fitSizes(raw, total)
  // A city has its one very large employer (DESIGN §4: ~10,000 workers): at full size the largest
  // enterprise is made 1% of the city, the others share the rest.
  const top = sizes.reduce((best, x, i) => (x > sizes[best]! ? i : best), 0)
  const pinned = Math.min(MAX_SIZE, Math.round(total / 100))
  if (count >= 200 && sizes[top]! < pinned) {
    const rest = fitSizes(
      raw.filter((_, i) => i !== top),
      total - pinned,
    )
    sizes = raw.map((_, i) => (i === top ? pinned : rest[i < top ? i : i - 1]!))
  }

  const plans: EnterprisePlan[] = []
  for (let k = 0; k < count; k++) {
    const n = k + 1
    const industry = industries[k]!
    const ref = refIndustry.get(industry.code)!
    const county = rng.weighted(scaleCounties, (c) => c.weight)
    const countyStreets = streets.filter((s) => s.parentCode === county.code)
    const street = countyStreets.length && rng.chance(0.7) ? rng.pick(countyStreets) : null
    const trade = rng.pick(tradeNameChars) + rng.pick(tradeNameChars)
    const prefix = rng.weighted(
      [
        { p: '山西', w: 3 },
        { p: '晋中', w: 2 },
        { p: county.short, w: 5 },
      ],
      (x) => x.w,
    ).p
    const name = `${prefix}${trade}${rng.pick(industry.suffixes)}`
    const principal = personName(rng)
    const pattern = patterns[k]!
    const diligence = diligences[k]!
    const lax = diligence === 'lax'
    const fair = diligence === 'fair'
    const flag = (good: number, fairP: number, laxP: number) => rng.chance(lax ? laxP : fair ? fairP : good)

    // Monthly reports on a habitual day (1st–10th) and hour; the 12 latest slots not in the future.
    const habitDay = rng.int(1, 10)
    const habitHour = rng.int(9, 17)
    const slots: Date[] = []
    for (let back = 0; slots.length < 12; back++) {
      const y = ty + Math.floor((tm - 1 - back) / 12)
      const m = ((((tm - 1 - back) % 12) + 12) % 12) + 1
      const at = shanghai(y, m, habitDay, habitHour, rng.int(0, 59))
      if (at.getTime() < now.getTime()) slots.push(at)
    }
    const stop = rng.int(2, 3)
    const joined = rng.int(3, 9)
    const reportAt =
      pattern === 'regular' ? slots : pattern === 'stopped' ? slots.slice(stop) : pattern === 'late' ? slots.slice(0, joined) : []
    const onboardAt =
      pattern === 'late'
        ? new Date(slots[joined - 1]!.getTime() - rng.int(7, 40) * DAY)
        : new Date(slots[11]!.getTime() - rng.int(10, 120) * DAY)
    const revisionAt =
      now.getTime() - onboardAt.getTime() > 90 * DAY && rng.chance(0.3)
        ? new Date(onboardAt.getTime() + 60 * DAY + rng.float() * (now.getTime() - onboardAt.getTime() - 65 * DAY))
        : null

    // Hiring cohorts of the past year: new workers start together on the first Monday of a month.
    const size = sizes[k]!
    const cohortCount = Math.min(12, Math.max(1, Math.round((size * 0.12) / 4)))
    const cohorts = rng
      .sample([...Array(12).keys()], cohortCount)
      .map((back) => firstMonday(ty + Math.floor((tm - 1 - back) / 12), ((((tm - 1 - back) % 12) + 12) % 12) + 1))
      .filter((d) => d < today)
      .sort()

    const highRisk = ref.highRisk
    const itemsUnmet = flag(0, 0.1, 0.45) ? rng.sample([3, 4, 5, 9, 11, 13, 14, 15, 16, 18], rng.int(1, 3)) : []
    const itemsNa = [
      ...(MAJOR_HAZARD_INDUSTRIES.has(industry.code) ? [] : [10]),
      ...(SERVICE_INDUSTRIES.has(industry.code) && rng.chance(0.5) ? [18] : []),
    ].filter((no) => !itemsUnmet.includes(no))
    const open = DECLARED_ITEMS.filter((no) => !itemsUnmet.includes(no) && !itemsNa.includes(no))
    const itemsPartial = diligence === 'good' ? [] : rng.sample(open, rng.int(0, 3))
    const itemsUnassessed =
      lax && rng.chance(0.3)
        ? rng.sample(
            open.filter((no) => !itemsPartial.includes(no)),
            rng.int(1, 4),
          )
        : []

    plans.push({
      n,
      id: randomUUID(),
      name,
      short: trade,
      creditCode: creditCode(county.code, n),
      industry,
      highRisk,
      halfYearly: ref.halfYearlyDrills,
      regionCode: street?.code ?? county.code,
      countyCode: county.code,
      address: `山西省晋中市${regions.find((r) => r.code === county.code)!.name}${street?.name ?? ''}${rng.pick(roads)}${rng.int(1, 399)}号`,
      legalRepresentative: rng.chance(0.7) ? principal : personName(rng),
      principalName: principal,
      phone: `0354-${rng.int(2000000, 8999999)}`,
      size,
      pattern,
      diligence,
      onboardAt,
      reportAt,
      revisionAt,
      cohorts,
      groups: Math.ceil(size / 150),
      lastRound: '',
      ackNever: flag(0.03, 0.45, 0.85) ? (lax ? 0.08 + rng.float() * 0.3 : 0.04 + rng.float() * 0.12) : 0,
      ackLate: diligence === 'good' ? 0 : rng.float() * (lax ? 0.2 : 0.08),
      certLax: flag(0.02, 0.2, 0.5) ? 0.2 + rng.float() * 0.4 : 0,
      trainSkip: flag(0.03, 0.25, 0.6) ? 0.05 + rng.float() * 0.35 : 0,
      drillLax: flag(0.01, 0.15, 0.5),
      noPlans: lax && rng.chance(0.15),
      meetingMissing: diligence !== 'good' && rng.chance(0.5),
      itemsUnmet,
      itemsPartial,
      itemsNa,
      itemsUnassessed,
      adminUserId: randomUUID(),
      headUserId: randomUUID(),
      firstUnitName: industry.units[0]!,
    })
  }
  return { plans, rng, today }
}

function firstMonday(y: number, m: number): string {
  const first = `${y}-${String(m).padStart(2, '0')}-01`
  return addDays(first, (8 - weekdayOf(first)) % 7)
}

/** Scales raw sizes to the total, each within [MIN_SIZE, MAX_SIZE], and hands out the rounding remainder. */
function fitSizes(raw: number[], total: number): number[] {
  const sizes = raw.map(() => MIN_SIZE)
  let free = raw.map((_, i) => i)
  for (let round = 0; round < 10 && free.length; round++) {
    const open = new Set(free)
    const fixed = sizes.reduce((s, x, i) => s + (open.has(i) ? 0 : x), 0)
    const rawFree = free.reduce((s, i) => s + raw[i]!, 0)
    const scale = (total - fixed) / rawFree
    const next: number[] = []
    for (const i of free) {
      const s = Math.round(raw[i]! * scale)
      if (s < MIN_SIZE) sizes[i] = MIN_SIZE
      else if (s > MAX_SIZE) sizes[i] = MAX_SIZE
      else {
        sizes[i] = s
        next.push(i)
      }
    }
    if (next.length === free.length) break
    free = next
  }
  let diff = total - sizes.reduce((s, x) => s + x, 0)
  const order = sizes.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s)
  for (let j = 0; diff !== 0; j = (j + 1) % order.length) {
    const i = order[j]!.i
    if (diff > 0 && sizes[i]! < MAX_SIZE) {
      sizes[i]!++
      diff--
    } else if (diff < 0 && sizes[i]! > MIN_SIZE) {
      sizes[i]!--
      diff++
    }
  }
  return sizes
}

/** Units and posts of one enterprise, and how many people hold each post (the sum is its size). */
function planOrganisation(e: EnterprisePlan, rng: Rng, archetypes: Map<string, Archetype>, counters: { g: number }) {
  const ind = e.industry
  const units: UnitRow[] = []
  const posts: PostRow[] = []
  let sort = 0
  const unit = (name: string, kind: string, parent: string | null): UnitRow => {
    const u = { e: e.id, id: randomUUID(), parent, name, kind, sort: sort++, sup: null as string | null }
    units.push(u)
    return u
  }
  const archOf = (name: string, tier: number, variant: string) => {
    const key = `${tier}|${variant}|${name}`
    let a = archetypes.get(key)
    if (!a) archetypes.set(key, (a = { id: archetypes.size + 1, name, tier, variant }))
    return a.id
  }
  const post = (
    u: UnitRow,
    name: string,
    tier: number,
    holders: number,
    o: Partial<Pick<PostRow, 'sm' | 'ics' | 'uh' | 'role' | 'holder'>> & { certs?: (string | null)[] } = {},
  ) => {
    const sm = o.sm ?? false
    const ics = o.ics ?? false
    const variant =
      tier === 1
        ? 'principal'
        : tier === 2
          ? ics
            ? 'safety_deputy'
            : 'deputy'
          : tier === 3
            ? sm
              ? 'safety_officer'
              : 'department_head'
            : tier === 4
              ? 'unit_head'
              : 'worker'
    const p: PostRow = {
      e: e.id,
      id: randomUUID(),
      unit: u.id,
      name,
      tier,
      sm,
      ics,
      uh: o.uh ?? false,
      certs: (o.certs ?? []).filter((c): c is string => !!c),
      arch: archOf(name, tier, variant),
      holders,
      ord0: 0,
      g0: 0,
      role: o.role ?? 'other',
      holder: o.holder ?? null,
      v2: false,
    }
    posts.push(p)
    return p
  }

  const S = e.size
  const root = unit(e.name, '公司', null)
  post(root, ind.principalTitle, 1, 1, { uh: true, role: 'principal', holder: e.principalName, certs: [ind.principalCertificate] })
  const safetyDeputy = post(root, `分管安全${ind.deputyTitle}`, 2, 1, { ics: true, certs: [ind.managerCertificate] })
  const prodDeputy = S >= 40 ? post(root, `分管生产${ind.deputyTitle}`, 2, 1) : null
  const officers = Math.min(40, Math.max(1, Math.round(S / 150)))
  if (S >= 20) {
    const dept = unit(MAJOR_HAZARD_INDUSTRIES.has(ind.code) ? '安全环保部' : '安全管理部', '部门', root.id)
    dept.sup = safetyDeputy.id
    post(dept, `${dept.name}部长`, 3, 1, { sm: true, uh: true, certs: [ind.managerCertificate] })
    post(dept, '专职安全员', 3, officers, { sm: true, role: 'admin', certs: [ind.managerCertificate] })
  } else {
    post(root, '兼职安全员', 3, 1, { sm: true, role: 'admin', certs: [ind.managerCertificate] })
  }
  if (S >= 60) {
    const office = unit('综合办公室', '部门', root.id)
    post(office, '综合办公室主任', 3, 1, { uh: true })
  }
  const management = posts.reduce((s, p) => s + p.holders, 0)
  const k = S < 30 ? 1 : Math.min(40, Math.max(1, Math.round(S / 120)))
  const workers = S - management - k
  for (let i = 0; i < k; i++) {
    const base = ind.units[i % ind.units.length]!
    const round = Math.floor(i / ind.units.length)
    const name = round === 0 ? base : base.replace(/(车间|队|部|区|中心|房|站|班|处)$/, `${cnNumber(round + 1)}$1`)
    const u = unit(name, ind.unitKind, root.id)
    u.sup = (prodDeputy ?? safetyDeputy).id
    post(u, `${name}${ind.unitHeadTitle}`, 4, 1, { uh: true, certs: [ind.unitHeadCertificate] })
    let w = Math.floor(workers / k) + (i < workers % k ? 1 : 0)
    const special = w >= 4 ? Math.max(1, Math.round(w * 0.12)) : 0
    if (special) post(u, ind.special.name, 5, special, { certs: [ind.special.certificate] })
    w -= special
    const teams = w >= 60 ? Math.min(8, Math.max(2, Math.floor(w / 45))) : 0
    if (!teams) {
      if (w > 0) post(u, ind.operator, 5, w)
      continue
    }
    w -= teams // each team's leader
    for (let t = 0; t < teams; t++) {
      const team = unit(`${name}${cnNumber(t + 1)}班`, '班组', u.id)
      post(team, `${cnNumber(t + 1)}班班长`, 4, 1, { uh: true })
      const tw = Math.floor(w / teams) + (t < w % teams ? 1 : 0)
      if (tw > 0) post(team, ind.operator, 5, tw)
    }
  }
  // A revision (v2) of a few lists, published on the enterprise's revision day.
  if (e.revisionAt) for (const p of rng.sample(posts, rng.int(1, 3))) p.v2 = true
  let ord = 1
  for (const p of posts) {
    p.ord0 = ord
    p.g0 = counters.g
    ord += p.holders
    counters.g += p.holders
  }
  if (ord - 1 !== S) throw new Error(`内部错误：${e.name} 岗位人数合计 ${ord - 1} ≠ ${S}`)
  return { units, posts }
}

function archetypeContent(a: Archetype, version: number) {
  const template = dutyTemplates.find((t) => t.tier === a.tier && t.variant === a.variant) ?? dutyTemplates.find((t) => t.tier === a.tier)!
  const items = template.items.map((i) => ({ text: i.text, category: i.category, legalBasis: i.legalBasis }))
  if (version === 2) items.push(revisionItems[a.tier]!)
  const title = `${a.name}安全生产责任清单`
  const hash = createHash('sha256')
    .update(canonicalContent({ postName: a.name, version, title, items }))
    .digest('hex')
  return { title, items, hash }
}

interface SessionRow {
  e: string
  id: string
  seqno: number
  topic: string
  kind: string
  level: string | null
  status: 'planned' | 'held'
  held_on: string
  hours: number
  trainer: string
  place: string
  assessment: string
  created_by: string
  created_at: string
  grp: number | null
  cohort: string | null
  last_round: boolean
}

function planTraining(e: EnterprisePlan, rng: Rng, today: string, seq: { n: number }): SessionRow[] {
  const rows: SessionRow[] = []
  const year = Number(today.slice(0, 4))
  const elapsed = Math.max(1, Math.round((dayStart(today).getTime() - dayStart(`${year}-01-01`).getTime()) / DAY))
  const rounds = e.highRisk ? 3 : 2
  const hours = e.highRisk ? 8 : 4
  const place = e.industry.code === 'construction' ? '项目部会议室' : rng.pick(['公司会议室', '培训教室', '职工之家'])
  const add = (
    r: Omit<SessionRow, 'e' | 'id' | 'seqno' | 'created_by' | 'created_at' | 'trainer' | 'place' | 'assessment'> & { trainer?: string },
  ) => {
    rows.push({
      e: e.id,
      id: randomUUID(),
      seqno: seq.n++,
      trainer: r.trainer ?? rng.pick(trainers),
      place,
      assessment: rng.pick(['闭卷考试', '现场提问', '实操考核', '开卷考试']),
      created_by: e.adminUserId,
      created_at: new Date(dayStart(r.held_on).getTime() + (r.status === 'held' ? 1.7 : -6) * DAY).toISOString(),
      ...r,
    })
  }
  const clampPast = (d: string) => (d < today ? d : addDays(today, -1))
  // Annual re-training: one round late last year, then `rounds` rounds spread over this year so far;
  // large enterprises train in groups of ~150 over consecutive days.
  const roundDays = [`${year - 1}-${rng.pick(['11', '12'])}-${String(rng.int(3, 20)).padStart(2, '0')}`]
  for (let i = 1; i <= rounds; i++) roundDays.push(addDays(`${year}-01-01`, Math.floor((elapsed * (i - 0.6)) / rounds)))
  roundDays.forEach((day, i) => {
    for (let g = 0; g < e.groups; g++) {
      add({
        topic: i === 0 ? `${year - 1}年度冬季全员安全教育培训` : `${year}年度第${cnNumber(i)}期全员安全教育再培训`,
        kind: '年度再培训',
        level: null,
        status: 'held',
        held_on: clampPast(addDays(day, g % 10)),
        hours,
        grp: g,
        cohort: null,
        last_round: i === rounds,
      })
    }
  })
  e.lastRound = clampPast(roundDays[rounds]!)
  add({
    topic: `${year}年度主要负责人和安全管理人员再培训`,
    kind: '负责人及安全管理人员',
    level: null,
    status: 'held',
    held_on: clampPast(addDays(`${year}-01-01`, Math.floor(elapsed * 0.3))),
    hours: e.highRisk ? 16 : 12,
    trainer: '晋中市安全生产培训中心',
    grp: null,
    cohort: null,
    last_round: false,
  })
  // 岗前三级教育 for each hiring cohort, the three days before it starts.
  const levelHours = e.highRisk ? [24, 24, 24] : e.industry.code === 'construction' ? [12, 12, 8] : [8, 8, 8]
  for (const cohort of e.cohorts) {
    ;(['厂级', '车间级', '班组级'] as const).forEach((level, i) => {
      add({
        topic: `${cohort.slice(0, 4)}年${Number(cohort.slice(5, 7))}月新入职人员${level}安全教育`,
        kind: '岗前三级教育',
        level,
        status: 'held',
        held_on: addDays(cohort, i - 3),
        hours: levelHours[i]!,
        grp: null,
        cohort,
        last_round: false,
      })
    })
  }
  if (rng.chance(0.3)) {
    add({
      topic: `${year}年度冬季消防安全专题培训`,
      kind: '年度再培训',
      level: null,
      status: 'planned',
      held_on: addDays(today, rng.int(5, 40)),
      hours: 4,
      grp: null,
      cohort: null,
      last_round: false,
    })
  }
  return rows
}

interface PlanRow {
  e: string
  id: string
  kind: string
  title: string
  version: string
  issued_on: string
  filed_on: string | null
  reviewed_on: string | null
  created_by: string
}
interface DrillRow {
  e: string
  id: string
  plan_id: string
  held_on: string
  form: '桌面' | '实战'
  participants: number
  summary: string
  created_by: string
}

const DRILL_SUMMARIES = [
  '演练按方案完成，各小组响应及时，暴露出应急通讯联络不畅的问题，已制定改进措施',
  '演练达到预期目的，人员疏散用时较上次缩短，已完成演练评估报告',
  '演练中发现部分人员对应急物资存放位置不熟悉，已组织补充培训',
  '演练过程规范有序，评估认为预案可操作，建议补充夜间情景',
]

function planEmergency(e: EnterprisePlan, rng: Rng, today: string): { plans: PlanRow[]; drills: DrillRow[] } {
  if (e.noPlans) return { plans: [], drills: [] }
  const onboard = ymd(e.onboardAt)
  const plans: PlanRow[] = []
  const plan = (kind: string, title: string) => {
    const issued = addDays(onboard, -rng.int(20, 900))
    plans.push({
      e: e.id,
      id: randomUUID(),
      kind,
      title,
      version: `${issued.slice(0, 4)}版`,
      issued_on: issued,
      filed_on: e.diligence === 'lax' && rng.chance(0.3) ? null : addDays(issued, rng.int(5, 25)),
      reviewed_on: rng.chance(0.2) ? addDays(issued, rng.int(300, 700)) : null,
      created_by: e.adminUserId,
    })
  }
  plan('综合预案', `${e.short}生产安全事故综合应急预案`)
  for (const t of rng.sample(e.industry.specialPlans, rng.int(1, Math.min(3, e.industry.specialPlans.length)))) plan('专项预案', t)
  plan('现场处置方案', `${e.firstUnitName}火灾事故现场处置方案`)
  if (e.size >= 50) plan('现场处置方案', `${e.firstUnitName}${rng.pick(['触电', '机械伤害', '中毒窒息', '灼烫'])}事故现场处置方案`)
  for (const p of plans) if (p.reviewed_on && p.reviewed_on >= today) p.reviewed_on = null

  // Drills per calendar period since half a year before joining; a lax enterprise lets the latest lapse.
  const drills: DrillRow[] = []
  const from = addDays(onboard, -183)
  const lapse = e.drillLax ? rng.pick(['cs', 'onsite', 'both'] as const) : null
  for (const req of ['cs', 'onsite'] as const) {
    const half = req === 'onsite' || e.halfYearly
    const candidates = plans.filter((p) => (req === 'onsite') === (p.kind === '现场处置方案'))
    const periods: { start: string; end: string }[] = []
    for (let y = Number(from.slice(0, 4)); y <= Number(today.slice(0, 4)); y++) {
      if (half) periods.push({ start: `${y}-01-01`, end: `${y}-06-30` }, { start: `${y}-07-01`, end: `${y}-12-31` })
      else periods.push({ start: `${y}-01-01`, end: `${y}-12-31` })
    }
    const live = periods.filter((p) => p.end >= from && p.start < today)
    live.forEach((p, i) => {
      const latest = i >= live.length - 2
      if (lapse && (lapse === 'both' || lapse === req) && latest) return
      // the current period is still running: a careful enterprise has often drilled already, not always
      if (i === live.length - 1 && rng.chance(0.4)) return
      const start = p.start > from ? p.start : from
      const end = p.end < today ? p.end : addDays(today, -1)
      if (end < start) return
      const span = Math.round((dayStart(end).getTime() - dayStart(start).getTime()) / DAY)
      drills.push({
        e: e.id,
        id: randomUUID(),
        plan_id: rng.pick(candidates).id,
        held_on: addDays(start, rng.int(0, span)),
        form: rng.chance(0.3) ? '桌面' : '实战',
        participants: Math.max(3, Math.min(e.size, Math.round(e.size * (0.1 + rng.float() * 0.5)), 300)),
        summary: rng.pick(DRILL_SUMMARIES),
        created_by: e.adminUserId,
      })
    })
  }
  return { plans, drills }
}

interface Department {
  id: string
  name: string
  kind: string
  region_code: string
}
interface Regulator {
  id: string
  display_name: string
  department_id: string
}

function planSupervision(
  plans: EnterprisePlan[],
  rng: Rng,
  now: Date,
  departments: Department[],
  regulators: Regulator[],
  /** orders already issued, per `department id|year` (the demo's): numbering continues after them */
  issuedBefore = new Map<string, number>(),
) {
  const inspections: Record<string, unknown>[] = []
  const orders: Record<string, unknown>[] = []
  const items: Record<string, unknown>[] = []
  const events: Record<string, unknown>[] = []
  const city = departments.filter((d) => d.region_code === '140700')
  const emergency = city.find((d) => d.kind === 'emergency')
  if (!emergency) return { inspections, orders, items, events }
  const inspectorOf = (d: Department) => regulators.find((r) => r.department_id === d.id) ?? null
  const refIndustry = new Map(referenceIndustries.map((i) => [i.code, i]))
  const numbers = new Map<string, number>(issuedBefore)
  const pending: { order: Record<string, unknown>; dept: Department; issued: Date }[] = []

  for (const e of plans) {
    if (!rng.chance(e.diligence === 'lax' ? 0.4 : e.diligence === 'fair' ? 0.2 : 0.1)) continue
    const visits = rng.chance(0.2) ? 2 : 1
    for (let v = 0; v < visits; v++) {
      const kinds = refIndustry.get(e.industry.code)?.supervisors ?? []
      let dept = city.find((d) => kinds.includes(d.kind as never)) ?? emergency
      if (dept.kind === 'emergency' && e.countyCode === '140702' && rng.chance(0.5))
        dept = departments.find((d) => d.region_code === '140702' && d.kind === 'emergency') ?? dept
      if (e.regionCode === '140702002' && rng.chance(0.2))
        dept = departments.find((d) => d.kind === 'street' && d.region_code === '140702002') ?? dept
      // a department with no inspector account on the platform leaves it to the 应急管理局 (综合监管)
      if (!inspectorOf(dept)) dept = emergency
      const inspector = inspectorOf(dept)
      if (!inspector) continue
      const earliest = Math.max(e.onboardAt.getTime() + 7 * DAY, now.getTime() - 330 * DAY)
      const day = ymd(new Date(earliest + rng.float() * (now.getTime() - earliest - DAY)))
      const [y, m, d] = day.split('-').map(Number) as [number, number, number]
      const at = shanghai(y, m, d, rng.int(9, 15), rng.int(0, 59))
      const found = rng.chance(e.diligence === 'lax' ? 0.95 : e.diligence === 'fair' ? 0.75 : 0.5)
        ? rng.sample([...e.industry.problems, ...generalProblems], rng.int(1, 4))
        : []
      const withOrder = found.length > 0 && rng.chance(0.85)
      const id = randomUUID()
      const ageDays = (now.getTime() - at.getTime()) / DAY
      const outcome = rng.float()
      const signed = ageDays > 2 ? outcome < 0.9 : outcome < 0.4
      const refused = !signed && ageDays > 2 && outcome < 0.93
      const partner = personName(rng)
      inspections.push({
        e: e.id,
        id,
        department_id: dept.id,
        department_name: dept.name,
        inspected_at: at.toISOString(),
        place: e.address,
        inspectors: `${inspector.display_name}（执法证号 ${rng.int(14070000, 14079999)}）、${partner}（执法证号 ${rng.int(14070000, 14079999)}）`,
        content: `检查安全生产责任制落实、从业人员教育培训和持证上岗、应急预案及演练、隐患排查治理情况，抽查${e.industry.units[0]}现场`,
        problems: found.length ? found.map((p, i) => `${i + 1}. ${p}`).join('\n') : '未发现明显问题',
        handling: withOrder
          ? '责令限期整改，当场下达《责令限期整改指令书》'
          : found.length
            ? '现场责令改正，已当场整改完毕'
            : '未发现违法行为，现场反馈检查意见',
        inspector_user_id: inspector.id,
        inspector_name: inspector.display_name,
        created_at: new Date(at.getTime() + 2 * 3600_000).toISOString(),
        head_user_id: signed ? e.headUserId : null,
        head_name: signed ? e.principalName : null,
        head_signed_at: signed ? new Date(at.getTime() + rng.int(20, 90) * 60_000).toISOString() : null,
        refusal_note: refused ? '企业负责人拒绝在检查记录上签字，已由两名执法人员签名并录像备查' : null,
        refusal_recorded_at: refused ? new Date(at.getTime() + 40 * 60_000).toISOString() : null,
      })
      if (!withOrder) continue

      const issued = new Date(Math.min(at.getTime() + rng.int(60, 180) * 60_000, now.getTime() - 60_000))
      const issuedDay = ymd(issued)
      const dues = found.map(() => addDays(issuedDay, rng.pick([7, 10, 15, 20, 30])))
      const due = [...dues].sort()[0]!
      const orderId = randomUUID()
      found.forEach((problem, i) =>
        items.push({
          e: e.id,
          order_id: orderId,
          no: i + 1,
          problem,
          requirement: rng.pick(['立即整改，并建立整改台账', '限期整改到位，整改前落实临时管控措施', '完善相关制度并组织全员培训']),
          due_date: dues[i],
        }),
      )
      // Where the order stands now: answered, accepted, returned, or still waiting on the enterprise.
      const pastDue = ymd(now) > due
      const x = rng.float()
      const [pAccept, pAnswer, pReturn] = !pastDue
        ? [0.1, 0.3, 0]
        : e.diligence === 'good'
          ? [0.85, 0.1, 0]
          : e.diligence === 'fair'
            ? [0.65, 0.1, 0.1]
            : [0.35, 0.1, 0.15]
      let status: 'open' | 'answered' | 'returned' | 'accepted' =
        x < pAccept ? 'accepted' : x < pAccept + pAnswer ? 'answered' : x < pAccept + pAnswer + pReturn ? 'returned' : 'open'
      let closedAt: Date | null = null
      let answerAt: Date | null = null
      let returnAt: Date | null = null
      if (status !== 'open') {
        const latest = Math.min(dayStart(addDays(due, 1)).getTime() - 3600_000, now.getTime() - 3600_000)
        answerAt = new Date(issued.getTime() + 3600_000 + rng.float() * Math.max(0, latest - issued.getTime() - 3600_000))
        events.push({
          e: e.id,
          id: randomUUID(),
          order_id: orderId,
          kind: 'answer',
          note: '已按要求完成整改，附整改前后照片和整改台账',
          by_user_id: e.adminUserId,
          by_name: '安全管理员',
          at: answerAt.toISOString(),
        })
        const decided = new Date(answerAt.getTime() + rng.int(2, 10) * DAY)
        if (status !== 'answered' && decided.getTime() >= now.getTime()) status = 'answered'
        if (status === 'accepted') {
          closedAt = decided
          events.push({
            e: e.id,
            id: randomUUID(),
            order_id: orderId,
            kind: 'accept',
            note: '经复查，整改到位，予以销号',
            by_user_id: inspector.id,
            by_name: inspector.display_name,
            at: decided.toISOString(),
          })
        } else if (status === 'returned') {
          returnAt = decided
          events.push({
            e: e.id,
            id: randomUUID(),
            order_id: orderId,
            kind: 'return',
            note: '整改不到位，佐证材料不能证明隐患已消除，请重新整改',
            by_user_id: inspector.id,
            by_name: inspector.display_name,
            at: decided.toISOString(),
          })
        }
      }
      const order = {
        e: e.id,
        id: orderId,
        inspection_id: id,
        department_id: dept.id,
        department_name: dept.name,
        document_no: '',
        issued_by: inspector.id,
        issued_by_name: inspector.display_name,
        issued_at: issued.toISOString(),
        due_date: due,
        status,
        closed_at: closedAt?.toISOString() ?? null,
        answer_at: answerAt?.toISOString() ?? null,
        return_at: returnAt?.toISOString() ?? null,
      }
      pending.push({ order, dept, issued })
      orders.push(order)
    }
  }
  // 责令限期整改指令书 numbers run per department and year, in order of issue.
  pending.sort((a, b) => a.issued.getTime() - b.issued.getTime())
  for (const p of pending) {
    const year = Number(ymd(p.issued).slice(0, 4))
    const key = `${p.dept.id}|${year}`
    const seq = (numbers.get(key) ?? 0) + 1
    numbers.set(key, seq)
    p.order.document_no = documentNumber(departmentShortName(p.dept.name), year, seq)
  }
  return { inspections, orders, items, events }
}

// ---------------------------------------------------------------------------------------------
// Loading and the set-based steps

/** Loads rows as JSON in batches: `insert into target (cols) select … from jsonb_to_recordset(batch) as r(def)`. */
async function loadJson(
  db: DB,
  target: string,
  columns: string,
  select: string,
  recordDef: string,
  rows: object[],
  batch = 10_000,
  join = '',
) {
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = JSON.stringify(rows.slice(i, i + batch))
    await sql`insert into ${sql.raw(target)} (${sql.raw(columns)}) select ${sql.raw(select)} from jsonb_to_recordset(${chunk}::jsonb) as r(${sql.raw(recordDef)}) ${sql.raw(join)}`.execute(
      db,
    )
  }
}

const textArray = (items: readonly string[]): RawBuilder<unknown> => {
  for (const s of items) if (/['\\]/.test(s)) throw new Error(`unexpected character in ${s}`)
  return sql.raw(`array[${items.map((s) => `'${s}'`).join(',')}]::text[]`)
}

/** Rows an insert or delete touched (both drivers report it). */
const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0)

async function count(db: DB, query: RawBuilder<unknown>): Promise<number> {
  const r = await sql<{ n: number }>`select (${query})::int as n`.execute(db)
  return Number(r.rows[0]!.n)
}

/**
 * Every foreign key of the schema, checked set-based: rows whose referenced row is missing (MATCH SIMPLE:
 * a row with a null in the key is not checked). Empty when all hold.
 */
export async function checkForeignKeys(db: DB): Promise<{ constraint: string; orphans: number }[]> {
  const fks = await sql<{ name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }>`
    select c.conname::text as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
      array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as child_cols,
      array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as parent_cols
    from pg_constraint c join pg_namespace ns on ns.oid = c.connamespace
    where c.contype = 'f' and ns.nspname = current_schema()
    order by 1`.execute(db)
  const broken: { constraint: string; orphans: number }[] = []
  for (const fk of fks.rows) {
    const notNull = sql.join(
      fk.child_cols.map((c) => sql`x.${sql.ref(c)} is not null`),
      sql` and `,
    )
    const match = sql.join(
      fk.child_cols.map((c, i) => sql`y.${sql.ref(fk.parent_cols[i]!)} = x.${sql.ref(c)}`),
      sql` and `,
    )
    const orphans = await count(
      db,
      sql`select count(*) from ${sql.table(fk.child)} x where ${notNull} and not exists (select 1 from ${sql.table(fk.parent)} y where ${match})`,
    )
    if (orphans) broken.push({ constraint: fk.name, orphans })
  }
  return broken
}

/**
 * Brings a freshly generated (or never vacuumed) city to the state a production server keeps it in:
 * statistics current and every table's visibility map set, as autovacuum would (this machine's server
 * runs with it off). Without the map no index-only scan is possible, so the bench would measure index
 * plans against a heap they never read in production. Runs only where a table was never vacuumed.
 */
export async function settleForReads(db: DB): Promise<void> {
  const never = await count(
    db,
    sql`select count(*) from pg_stat_user_tables where relname in ('enterprises', 'hazard_stat_reports') and coalesce(last_vacuum, last_autovacuum) is null`,
  )
  if (never > 0) await sql`vacuum (analyze)`.execute(db)
}

/** True when scale enterprises are present. */
export async function hasScaleData(db: DB): Promise<boolean> {
  return (await count(db, sql`select count(*) from enterprises where substr(credit_code, 9, 4) = ${SCALE_MARK}`)) > 0
}

/**
 * Removes the scale enterprises and every row that belongs to them, and nothing else. The confirmation
 * ledger, published lists and reports refuse deletion by trigger — rightly, for real records; these are
 * synthetic, so the triggers (and with them the foreign-key triggers, which is why every table is cleared
 * explicitly) are set aside for this one transaction with session_replication_role (a superuser setting).
 */
export async function removeScaleData(db: DB): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const n = await count(trx, sql`select count(*) from enterprises where substr(credit_code, 9, 4) = ${SCALE_MARK}`)
    if (!n) return 0
    try {
      await sql`set local session_replication_role = replica`.execute(trx)
    } catch (error) {
      throw new Error(`清除需要数据库超级用户权限（session_replication_role）：${(error as Error).message}`)
    }
    await sql`create temp table s_gone on commit drop as ${scaleEnterprises}`.execute(trx)
    await sql`create temp table s_gone_users on commit drop as select id from users where enterprise_id in (select id from s_gone)`.execute(
      trx,
    )
    await sql`delete from sessions where user_id in (select id from s_gone_users)`.execute(trx)
    const tables = await sql<{ table_name: string }>`
      select table_name::text from information_schema.columns
      where column_name = 'enterprise_id' and table_schema = current_schema() and table_name <> 'enterprises'
        and table_name in (select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE')`.execute(
      trx,
    )
    for (const { table_name } of tables.rows) {
      await sql`delete from ${sql.table(table_name)} where enterprise_id in (select id from s_gone)`.execute(trx)
    }
    await sql`delete from enterprises where id in (select id from s_gone)`.execute(trx)
    return n
  })
}

export async function seedScale(db: DB, options: ScaleOptions): Promise<ScaleSummary> {
  const started = performance.now()
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000)
  const say = options.onProgress ?? (() => {})
  let mark = performance.now()
  const step = (what: string) => {
    const t = performance.now()
    say(`${what}（${((t - mark) / 1000).toFixed(1)} 秒，累计 ${((t - started) / 1000).toFixed(1)} 秒）`)
    mark = t
  }
  // a province is 100,000 (issue 17): the accounts' usernames widen past 99,999, the credit codes' serial holds 31^5
  if (options.enterprises < 1 || options.enterprises > 999_999) throw new Error('企业数量应在 1 到 999999 之间')
  if (await hasScaleData(db)) throw new Error('数据库中已有规模测试数据；如需重新生成，请加 --reset')

  const { plans, rng, today } = planCity({
    enterprises: options.enterprises,
    workers: options.workers,
    seed: options.seed ?? 20261123,
    now,
  })
  const planned = planContents(plans, rng, today)
  step(`已规划 ${plans.length} 家企业、${planned.units.length} 个组织单元、${planned.posts.length} 个岗位、${planned.workers} 名从业人员`)

  const summary = await db.transaction().execute(async (trx) => {
    await sql`set local work_mem = '256MB'`.execute(trx)
    // Bulk load the way pg_restore does: row triggers — above all the foreign-key checks, about 20
    // million of them at full size, each a locking index probe — are set aside for this transaction, and
    // every foreign key is validated set-based before commit (checkForeignKeys). The other triggers
    // guard updates and deletes of frozen records, which a fresh load never does; duty items are still
    // written to drafts only. Without superuser rights the triggers stay on: slower, same result.
    const superuser = (await sql<{ on: string }>`select current_setting('is_superuser') as on`.execute(trx)).rows[0]!.on === 'on'
    const bulk = superuser && !options.keepTriggers
    if (bulk) await sql`set local session_replication_role = replica`.execute(trx)
    await defineHelpers(trx)
    const load: Load = { trx, today, now, step }

    const departments = (await sql<Department>`select id::text, name, kind, region_code from departments`.execute(trx)).rows
    const regulators = (
      await sql<Regulator>`select id::text, display_name, department_id::text from users where role = 'regulator'`.execute(trx)
    ).rows
    // orders already issued (the demo's), per department and year: the city's numbering continues after them
    const issuedBefore = (
      await sql<{ key: string; n: number }>`
        select department_id::text || '|' || extract(year from issued_at at time zone 'Asia/Shanghai')::int as key, count(*)::int as n
        from rectification_orders group by 1`.execute(trx)
    ).rows
    const supervision = planSupervision(plans, rng, now, departments, regulators, new Map(issuedBefore.map((r) => [r.key, r.n])))

    await loadEnterprises(load, plans, planned.postCount, planned.planCount)
    await loadOrganisation(load, planned.units, planned.posts)
    await loadDutyLists(load, planned.archetypes)
    await loadEmployees(load, planned.workers)
    await loadConfirmations(load)
    await loadCertificates(load)
    await loadTraining(load, planned.sessions)
    await loadEmergencyAndSupervision(load, planned.emergencyPlans, planned.drills, supervision)
    await loadHazards({ ...load, bulk }) // 双重预防: registers, checks, hazards, statistics (seed-scale-hazards.ts)
    // --- monthly status reports, each with the figures as they stood when it was published ----------
    step(`状况报告 ${await reports(trx, today)} 份`)
    // the dashboard's per-enterprise flag inputs, kept by triggers the bulk load set aside: rebuilt
    // from their sources at once (migration 20261206020000)
    await sql`select refresh_enterprise_flag_states()`.execute(trx)
    step('红旗状态已按来源重建')

    if (bulk) {
      const broken = await checkForeignKeys(trx)
      if (broken.length) throw new Error(`外键校验失败：${broken.map((b) => `${b.constraint}（${b.orphans} 行）`).join('、')}`)
      step('外键全部校验通过')
    }

    const counts = await collectCounts(trx)
    await dropHelpers(trx)
    return counts
  })

  const expectedReports = new Map(plans.map((e) => [e.id, e.reportAt.length]))
  const patterns = { regular: 0, stopped: 0, late: 0, never: 0 }
  for (const e of plans) patterns[e.pattern]++
  return { seconds: (performance.now() - started) / 1000, counts: summary, expectedReports, patterns }
}

/** What every loading step works with: the load's transaction, the city's day and instant, progress. */
interface Load {
  trx: DB
  today: string
  now: Date
  step: (what: string) => void
}

/** Every enterprise's organisation, training sessions, plans and drills, planned in Node from the seeded PRNG. */
function planContents(plans: EnterprisePlan[], rng: Rng, today: string) {
  const archetypes = new Map<string, Archetype>()
  const counters = { g: 0 }
  const units: UnitRow[] = []
  const posts: PostRow[] = []
  const sessions: SessionRow[] = []
  const emergencyPlans: PlanRow[] = []
  const drills: DrillRow[] = []
  const sessionSeq = { n: 1 }
  for (const e of plans) {
    const org = planOrganisation(e, rng, archetypes, counters)
    units.push(...org.units)
    posts.push(...org.posts)
    sessions.push(...planTraining(e, rng, today, sessionSeq))
    const em = planEmergency(e, rng, today)
    emergencyPlans.push(...em.plans)
    drills.push(...em.drills)
  }
  const postCount = new Map<string, number>()
  for (const p of posts) postCount.set(p.e, (postCount.get(p.e) ?? 0) + 1)
  const planCount = new Map<string, number>()
  for (const p of emergencyPlans) planCount.set(p.e, (planCount.get(p.e) ?? 0) + 1)
  return { archetypes, workers: counters.g, units, posts, sessions, emergencyPlans, drills, postCount, planCount }
}

/** The enterprises, and s_ent: each one's plan as a temp table the later set-based steps join to. */
async function loadEnterprises(
  load: Load,
  plans: EnterprisePlan[],
  postCount: Map<string, number>,
  planCount: Map<string, number>,
): Promise<void> {
  const { trx, step } = load
  // --- enterprises, their profile (s_ent), units, posts -------------------------------------
  await sql`create temp table s_ent (
      n int primary key, id uuid not null unique, industry text not null, high_risk bool not null, half_yearly bool not null,
      county text not null, size int not null, pattern text not null, diligence text not null, onboard_at timestamptz not null,
      revision_at timestamptz, report_at timestamptz[] not null, cohorts date[] not null, groups int not null, last_round date not null,
      ack_never float8 not null, ack_late float8 not null, cert_lax float8 not null, train_skip float8 not null,
      no_plans bool not null, meeting_missing bool not null, items_unmet int[] not null, items_partial int[] not null,
      items_na int[] not null, items_unassessed int[] not null, admin_user uuid not null, head_user uuid not null,
      principal text not null, posts int not null, plans int not null, admin_name text, items_base jsonb) on commit drop`.execute(trx)
  await loadJson(
    trx,
    's_ent',
    'n, id, industry, high_risk, half_yearly, county, size, pattern, diligence, onboard_at, revision_at, report_at, cohorts, groups, last_round, ack_never, ack_late, cert_lax, train_skip, no_plans, meeting_missing, items_unmet, items_partial, items_na, items_unassessed, admin_user, head_user, principal, posts, plans',
    '*',
    'n int, id uuid, industry text, high_risk bool, half_yearly bool, county text, size int, pattern text, diligence text, onboard_at timestamptz, revision_at timestamptz, report_at timestamptz[], cohorts date[], groups int, last_round date, ack_never float8, ack_late float8, cert_lax float8, train_skip float8, no_plans bool, meeting_missing bool, items_unmet int[], items_partial int[], items_na int[], items_unassessed int[], admin_user uuid, head_user uuid, principal text, posts int, plans int',
    plans.map((e) => ({
      n: e.n,
      id: e.id,
      industry: e.industry.code,
      high_risk: e.highRisk,
      half_yearly: e.halfYearly,
      county: e.countyCode,
      size: e.size,
      pattern: e.pattern,
      diligence: e.diligence,
      onboard_at: e.onboardAt.toISOString(),
      revision_at: e.revisionAt?.toISOString() ?? null,
      report_at: e.reportAt.map((d) => d.toISOString()),
      cohorts: e.cohorts,
      groups: e.groups,
      last_round: e.lastRound,
      ack_never: e.ackNever,
      ack_late: e.ackLate,
      cert_lax: e.certLax,
      train_skip: e.trainSkip,
      no_plans: e.noPlans,
      meeting_missing: e.meetingMissing,
      items_unmet: e.itemsUnmet,
      items_partial: e.itemsPartial,
      items_na: e.itemsNa,
      items_unassessed: e.itemsUnassessed,
      admin_user: e.adminUserId,
      head_user: e.headUserId,
      principal: e.principalName,
      posts: postCount.get(e.id) ?? 0,
      plans: planCount.get(e.id) ?? 0,
    })),
  )
  await loadJson(
    trx,
    'enterprises',
    'id, name, credit_code, industry_code, region_code, address, legal_representative, principal_name, phone, created_at, updated_at',
    'r.id, r.name, r.credit_code, r.industry_code, r.region_code, r.address, r.legal_representative, r.principal_name, r.phone, s.onboard_at, s.onboard_at',
    'id uuid, name text, credit_code text, industry_code text, region_code text, address text, legal_representative text, principal_name text, phone text',
    plans.map((e) => ({
      id: e.id,
      name: e.name,
      credit_code: e.creditCode,
      industry_code: e.industry.code,
      region_code: e.regionCode,
      address: e.address,
      legal_representative: e.legalRepresentative,
      principal_name: e.principalName,
      phone: e.phone,
    })),
    10_000,
    'join s_ent s on s.id = r.id',
  )
  await sql`analyze s_ent`.execute(trx)
  step(`企业 ${plans.length} 家`)
}

/** Org units, posts (and s_post, their plan), then each unit's 分管负责人 post. */
async function loadOrganisation(load: Load, units: UnitRow[], posts: PostRow[]): Promise<void> {
  const { trx, step } = load
  // Units first without their 分管负责人 (the posts do not exist yet), then posts, then the link.
  await loadJson(
    trx,
    'org_units',
    'enterprise_id, id, parent_id, name, kind, sort',
    'e, id, parent, name, kind, sort',
    'e uuid, id uuid, parent uuid, name text, kind text, sort int',
    units,
  )
  await sql`create temp table s_post (enterprise_id uuid not null, id uuid not null, name text not null, tier smallint not null, sm bool not null, ics bool not null,
      certs text[] not null, arch int not null, holders int not null, ord0 int not null, g0 bigint not null, role text not null, holder text, v2 bool not null) on commit drop`.execute(
    trx,
  )
  await loadJson(
    trx,
    's_post',
    'enterprise_id, id, name, tier, sm, ics, certs, arch, holders, ord0, g0, role, holder, v2',
    'e, id, name, tier, sm, ics, certs, arch, holders, ord0, g0, role, holder, v2',
    'e uuid, id uuid, name text, tier smallint, sm bool, ics bool, certs text[], arch int, holders int, ord0 int, g0 bigint, role text, holder text, v2 bool',
    posts.map(({ e, id, name, tier, sm, ics, certs, arch, holders, ord0, g0, role, holder, v2 }) => ({
      e,
      id,
      name,
      tier,
      sm,
      ics,
      certs,
      arch,
      holders,
      ord0,
      g0,
      role,
      holder,
      v2,
    })),
  )
  await loadJson(
    trx,
    'posts',
    'enterprise_id, id, org_unit_id, name, tier, is_safety_manager, in_charge_of_safety, is_unit_head, required_certificates, created_at',
    "r.e, r.id, r.unit, r.name, r.tier, r.sm, r.ics, r.uh, r.certs, s.onboard_at - interval '20 days'",
    'e uuid, id uuid, unit uuid, name text, tier smallint, sm bool, ics bool, uh bool, certs text[]',
    posts.map(({ e, id, unit, name, tier, sm, ics, uh, certs }) => ({ e, id, unit, name, tier, sm, ics, uh, certs })),
    20_000,
    'join s_ent s on s.id = r.e',
  )
  const supervised = units.filter((u) => u.sup).map((u) => ({ e: u.e, id: u.id, sup: u.sup }))
  for (let i = 0; i < supervised.length; i += 20_000) {
    await sql`update org_units u set supervisor_post_id = r.sup
        from jsonb_to_recordset(${JSON.stringify(supervised.slice(i, i + 20_000))}::jsonb) as r(e uuid, id uuid, sup uuid)
        where u.enterprise_id = r.e and u.id = r.id`.execute(trx)
  }
  await sql`create index on s_post (enterprise_id, id)`.execute(trx)
  await sql`analyze s_post`.execute(trx)
  step(`组织单元 ${units.length} 个，岗位 ${posts.length} 个`)
}

/** Duty lists: every post's v1 published on joining, some revised to v2 (s_ver holds the versions). */
async function loadDutyLists(load: Load, archetypes: Map<string, Archetype>): Promise<void> {
  const { trx, step } = load
  // --- duty lists: every post's v1 published on joining, some revised to v2 ------------------
  const archRows: Record<string, unknown>[] = []
  const archItems: Record<string, unknown>[] = []
  for (const a of archetypes.values()) {
    for (const version of [1, 2]) {
      const c = archetypeContent(a, version)
      archRows.push({ arch: a.id, version, title: c.title, hash: c.hash })
      c.items.forEach((i, position) =>
        archItems.push({ arch: a.id, version, position, text: i.text, category: i.category, legal_basis: i.legalBasis }),
      )
    }
  }
  await sql`create temp table s_arch (arch int, version int, title text, hash text, primary key (arch, version)) on commit drop`.execute(
    trx,
  )
  await sql`create temp table s_arch_item (arch int, version int, position int, text text, category text, legal_basis text) on commit drop`.execute(
    trx,
  )
  await loadJson(trx, 's_arch', 'arch, version, title, hash', '*', 'arch int, version int, title text, hash text', archRows)
  await loadJson(
    trx,
    's_arch_item',
    'arch, version, position, text, category, legal_basis',
    '*',
    'arch int, version int, position int, text text, category text, legal_basis text',
    archItems,
  )
  await sql`create temp table s_ver on commit drop as
      select p.enterprise_id, p.id as post_id, gen_random_uuid() as id, v.version, p.arch, a.title, a.hash,
             case when v.version = 1 then e.onboard_at + (pg_temp.u(p.g0, 40) * 20) * interval '1 day' else e.revision_at end as published_at,
             case when v.version = 1 and p.v2 then e.revision_at end as superseded_at,
             e.admin_user, e.head_user, e.principal
      from s_post p join s_ent e on e.id = p.enterprise_id
      cross join (values (1), (2)) v(version)
      join s_arch a on a.arch = p.arch and a.version = v.version
      where v.version = 1 or p.v2`.execute(trx)
  await sql`create index on s_ver (enterprise_id, post_id)`.execute(trx)
  await sql`analyze s_ver`.execute(trx)
  // The freeze triggers allow items only on drafts, and a post has one draft at a time: per version,
  // write the drafts and their items, then publish (superseding v1 where v2 replaces it).
  let versions = 0
  for (const version of [1, 2]) {
    versions += affected(
      await sql`insert into duty_list_versions (enterprise_id, id, post_id, version, status, title, created_by, created_at)
        select enterprise_id, id, post_id, version, 'draft', title, admin_user, published_at - interval '6 days' from s_ver where version = ${version}`.execute(
        trx,
      ),
    )
    await sql`insert into duty_items (enterprise_id, version_id, position, text, category, legal_basis)
        select v.enterprise_id, v.id, i.position, i.text, i.category, i.legal_basis
        from s_ver v join s_arch_item i on i.arch = v.arch and i.version = v.version where v.version = ${version}
        order by v.enterprise_id, v.id, i.position`.execute(trx)
    if (version === 2) {
      await sql`update duty_list_versions d set status = 'superseded', superseded_at = v.superseded_at
          from s_ver v where d.enterprise_id = v.enterprise_id and d.id = v.id and v.superseded_at is not null`.execute(trx)
    }
    await sql`update duty_list_versions d
        set status = 'published', content_hash = v.hash, submitted_at = v.published_at - interval '3 days', published_at = v.published_at
        from s_ver v where d.enterprise_id = v.enterprise_id and d.id = v.id and v.version = ${version}`.execute(trx)
  }
  await sql`insert into duty_list_events (enterprise_id, version_id, action, user_id, actor_name, comment, at)
      select enterprise_id, id, 'publish', head_user, principal, '发布 v' || version || '，内容摘要 ' || left(hash, 12), published_at from s_ver`.execute(
    trx,
  )
  step(`岗位责任清单 ${versions} 个版本`)
}

/** Employees (s_emp), their assignments and the accounts of those who sign in. */
async function loadEmployees(load: Load, workers: number): Promise<void> {
  const { trx, today, step } = load
  // --- employees, their posts and accounts ----------------------------------------------------
  // Each post brings its holders: employee g (a city-wide number) takes every per-person value from
  // u(g, salt). Phones are 166 + an 8-digit permutation of g: unique city-wide, so they can also be
  // the workers' sign-in names (users.phone is unique across tenants).
  await sql`create temp table s_emp on commit drop as
      with base as (
        select p.enterprise_id, p.id as post_id, p.tier, p.sm, p.ics, p.certs, p.role as post_role, p.holder,
               p.ord0 + i as ord, p.g0 + i as g, i, e.county, e.cohorts, e.groups, e.ack_never, e.ack_late, e.train_skip, e.admin_user, e.head_user
        from s_post p join s_ent e on e.id = p.enterprise_id
        cross join generate_series(0, p.holders - 1) i
      ), person as (
        select b.*,
          case when b.post_role = 'principal' then 'enterprise_head' when b.post_role = 'admin' and b.i = 0 then 'enterprise_admin' else 'worker' end as role,
          case when b.tier = 5 and cardinality(b.certs) = 0 then
            case when pg_temp.u(b.g, 4) < 0.78 then '正式' when pg_temp.u(b.g, 4) < 0.91 then '劳务派遣' when pg_temp.u(b.g, 4) < 0.96 then '外包' else '实习' end
          else '正式' end as employment_type,
          case when b.tier = 5 and pg_temp.u(b.g, 5) < 0.12 and cardinality(b.cohorts) > 0 then b.cohorts[1 + floor(pg_temp.u(b.g, 7) * cardinality(b.cohorts))::int]
               when b.tier = 5 then ${today}::date - (380 + floor(pg_temp.u(b.g, 6) * 5200))::int
               else ${today}::date - (730 + floor(pg_temp.u(b.g, 6) * 6500))::int end as hired_on
        from base b
      )
      select p.enterprise_id, gen_random_uuid() as id, p.post_id, gen_random_uuid() as assignment_id, p.g, p.ord, p.tier, p.sm, p.ics, p.certs, p.role,
        p.employment_type, p.hired_on, p.groups, p.admin_user, p.head_user,
        coalesce(p.holder, (${textArray(surnames)})[1 + floor(pg_temp.u(p.g, 1) * ${surnames.length})::int]
          || (${textArray(givenNameChars)})[1 + floor(pg_temp.u(p.g, 2) * ${givenNameChars.length})::int]
          || case when pg_temp.u(p.g, 3) < 0.7 then (${textArray(givenNameChars)})[1 + floor(pg_temp.u(p.g, 3) / 0.7 * ${givenNameChars.length})::int] else '' end) as name,
        '166' || lpad(((p.g * 7654321 + 1234567) % 100000000)::text, 8, '0') as phone,
        'A' || lpad(p.ord::text, 6, '0') as employee_no,
        case when p.employment_type in ('正式', '劳务派遣') then
          (case when pg_temp.u(p.g, 12) < 0.8 then p.county else (${textArray(scaleCounties.map((c) => c.code))})[1 + floor(pg_temp.u(p.g, 13) * ${scaleCounties.length})::int] end)
          || to_char(least(${today}::date - (21 + pg_temp.u(p.g, 10) * 37) * interval '365.25 days', p.hired_on - interval '18 years'), 'YYYYMMDD')
          || lpad(floor(pg_temp.u(p.g, 11) * 1000)::int::text, 3, '0')
        end as id_body,
        case when p.role <> 'worker' then 'prompt'
             when p.tier <= 3 then case when pg_temp.u(p.g, 8) < p.ack_late * 0.5 then 'late' else 'prompt' end
             when pg_temp.u(p.g, 8) < p.ack_never then 'never'
             when pg_temp.u(p.g, 8) < p.ack_never + p.ack_late then 'late'
             else 'prompt' end as ack,
        pg_temp.u(p.g, 9) < p.train_skip as train_skip,
        (p.ord - 1) % p.groups as grp,
        case when p.role = 'enterprise_admin' then p.admin_user when p.role = 'enterprise_head' then p.head_user
             when p.role <> 'worker' or pg_temp.u(p.g, 8) >= p.ack_never or p.tier <= 3 then gen_random_uuid() end as user_id
      from person p`.execute(trx)
  await sql`create index on s_emp (enterprise_id, post_id)`.execute(trx)
  await sql`analyze s_emp`.execute(trx)
  await sql`update s_ent e set admin_name = m.name from s_emp m where m.enterprise_id = e.id and m.role = 'enterprise_admin'`.execute(trx)
  await sql`insert into employees (enterprise_id, id, name, employee_no, phone, employment_type, hired_on, id_card, created_at)
      select m.enterprise_id, m.id, m.name, m.employee_no, m.phone, m.employment_type, m.hired_on,
             m.id_body || pg_temp.id_check(m.id_body), greatest(e.onboard_at - interval '10 days', pg_temp.sh(m.hired_on + time '09:00'))
      from s_emp m join s_ent e on e.id = m.enterprise_id
      order by m.enterprise_id, m.id`.execute(trx)
  step(`从业人员 ${workers} 人`)
  await sql`insert into assignments (enterprise_id, id, employee_id, post_id, start_on)
      select enterprise_id, assignment_id, id, post_id, hired_on from s_emp order by enterprise_id, assignment_id`.execute(trx)
  // Accounts: the 主要负责人 and the safety officer keeping the ledgers, and every worker who has signed
  // in to confirm (invited accounts; no passwords are set — the bench or a tester sets one where needed).
  // sc00042_admin in a city; lpad would cut the 100,000th enterprise's number to 10000's (a duplicate username)
  const accountNo = sql`case when e.n < 100000 then lpad(e.n::text, 5, '0') else e.n::text end`
  const accounts = affected(
    await sql`insert into users (id, username, phone, display_name, password_hash, role, enterprise_id, employee_id, created_at)
      select m.user_id, case m.role when 'enterprise_admin' then 'sc' || ${accountNo} || '_admin' when 'enterprise_head' then 'sc' || ${accountNo} || '_head' end,
             m.phone, m.name, null, m.role, m.enterprise_id, m.id, greatest(e.onboard_at, pg_temp.sh(m.hired_on + time '10:00'))
      from s_emp m join s_ent e on e.id = m.enterprise_id where m.user_id is not null
      order by m.user_id`.execute(trx),
  )
  step(`任职 ${workers} 条，账号 ${accounts} 个`)
}

/** Confirmations, one per (assignment, list version), chained hash by hash, and each chain's head. */
async function loadConfirmations(load: Load): Promise<void> {
  const { trx, now, step } = load
  // --- confirmations: one row per (assignment, list version), then the hash chain ------------
  // The period starts on the later of taking the post and the list's publication day (Shanghai);
  // 1 month / 15 days / 7 days by tier (DESIGN 2.2). Prompt workers sign within the first week, late
  // ones after the deadline, some never; a confirmation after the list was superseded did not happen.
  await sql`create temp table s_pair on commit drop as
      with p as (
        select m.enterprise_id, m.id as employee_id, m.post_id, m.assignment_id, m.user_id, m.name, m.g, m.ack, m.tier, m.sm, m.ics, m.hired_on,
               v.id as version_id, v.version, v.hash as content_hash, v.published_at, v.superseded_at,
               greatest(m.hired_on, pg_temp.sh_date(v.published_at)) as start_on
        from s_emp m join s_ver v on v.enterprise_id = m.enterprise_id and v.post_id = m.post_id
      ), d as (
        select p.*,
          case when p.tier = 1 or p.sm or (p.tier = 2 and p.ics) then (p.start_on + interval '1 month')::date
               when p.tier in (2, 3) then p.start_on + 15 else p.start_on + 7 end as deadline
        from p
      ), c as (
        select d.*,
          case d.ack
            when 'prompt' then d.start_on + floor(pg_temp.u(d.g * 4 + d.version, 21) * least(7, d.deadline - d.start_on))::int
            when 'late' then d.deadline + 1 + floor(pg_temp.u(d.g * 4 + d.version, 21) * 45)::int
          end as sign_day
        from d
      )
      select c.enterprise_id, c.employee_id, c.post_id, c.assignment_id, c.user_id, c.name, c.g, c.version_id, c.version, c.content_hash,
             greatest(pg_temp.sh(c.hired_on + time '00:00'), c.published_at) as unconfirmed_from,
             pg_temp.sh(c.deadline + 1 + time '00:00') as overdue_from,
             c.superseded_at,
             -- greatest() skips nulls: a worker who never signs must stay null, hence the case
             case when c.sign_day is not null then date_trunc('milliseconds', greatest(
               pg_temp.sh(c.sign_day + time '08:00') + pg_temp.u(c.g * 4 + c.version, 22) * interval '13 hours',
               c.published_at + interval '3 minutes' + pg_temp.u(c.g * 4 + c.version, 23) * interval '3 hours')) end as signed_at
      from c`.execute(trx)
  await sql`update s_pair set signed_at = null
      where signed_at is not null and (user_id is null or signed_at >= ${now.toISOString()}::timestamptz or (superseded_at is not null and signed_at >= superseded_at))`.execute(
    trx,
  )
  await sql`create temp table s_ack on commit drop as
      select a.*, row_number() over (partition by a.enterprise_id order by a.signed_at, a.assignment_id, a.version) as seq,
             case when pg_temp.u(a.g * 4 + a.version, 24) < 0.85 then '223.104.' || (1 + floor(pg_temp.u(a.g * 4 + a.version, 25) * 254))::int || '.' || (1 + floor(pg_temp.u(a.g * 4 + a.version, 26) * 254))::int end as client_ip,
             (${textArray(userAgents)})[1 + floor(pg_temp.u(a.g * 4 + a.version, 27) * ${userAgents.length})::int] as user_agent
      from s_pair a where a.signed_at is not null`.execute(trx)
  // The chain, as confirmList writes it: row_hash = sha256(prev_hash ‖ canonical JSON of the row),
  // folded over each enterprise's rows in seq order by a running aggregate.
  const confirmations = affected(
    await sql`insert into acknowledgements (enterprise_id, seq, employee_id, post_id, assignment_id, version_id, version, content_hash, user_id,
                                            confirmed_at, client_ip, user_agent, signature_kind, signature, prev_hash, row_hash)
      select enterprise_id, seq, employee_id, post_id, assignment_id, version_id, version, content_hash, user_id, signed_at, client_ip, user_agent,
             'typed', name, coalesce(lag(row_hash) over w, ${GENESIS_HASH}), row_hash
      from (
        select k.*, pg_temp.chain(k.canonical) over (partition by k.enterprise_id order by k.seq) as row_hash
        from (
          select a.*, '["' || a.enterprise_id || '",' || a.seq || ',"' || a.employee_id || '","' || a.post_id || '","' || a.assignment_id || '","'
                 || a.version_id || '",' || a.version || ',' || to_json(a.content_hash)::text || ',"' || a.user_id || '",' || to_json(pg_temp.iso(a.signed_at))::text
                 || ',' || to_json(coalesce(a.client_ip, ''))::text || ',' || to_json(coalesce(a.user_agent, ''))::text || ',"typed",' || to_json(a.name)::text || ']' as canonical
          from s_ack a
        ) k
      ) h
      window w as (partition by enterprise_id order by seq)
      order by enterprise_id, seq`.execute(trx),
  )
  const chains = affected(
    await sql`insert into ledger_heads (enterprise_id, seq, last_hash)
      select distinct on (k.enterprise_id) k.enterprise_id, k.seq, k.row_hash from acknowledgements k
      where k.enterprise_id in (select id from s_ent) order by k.enterprise_id, k.seq desc`.execute(trx),
  )
  step(`签字确认 ${confirmations} 条（哈希链 ${chains} 条）`)
}

/** Certificates: what each cert-requiring post's holders hold; lax enterprises lack some. */
async function loadCertificates(load: Load): Promise<void> {
  const { trx, today, step } = load
  // --- certificates: what each cert-requiring post's holders hold; lax enterprises lack some -------
  await sql`create temp table s_cert on commit drop as
      select m.enterprise_id, m.id as employee_id, m.g, m.hired_on, m.id_body, c.kind, c.k,
             pg_temp.u(m.g * 8 + c.k, 30) as x, e.cert_lax, e.onboard_at, e.admin_user,
             cc.code as catalogue_code, coalesce(cc.validity_years, 3) as years, cc.review_years
      from s_emp m join s_ent e on e.id = m.enterprise_id
      cross join unnest(m.certs) with ordinality c(kind, k)
      left join certificate_catalogue cc on cc.name = c.kind`.execute(trx)
  const certificates = affected(
    await sql`insert into certificates (enterprise_id, employee_id, kind, catalogue_code, number, authority, issued_on, expires_on, review_due_on, created_by, created_at)
      select enterprise_id, employee_id, kind, catalogue_code,
             case when kind like '特种作业操作证%' and id_body is not null then 'T' || id_body || pg_temp.id_check(id_body)
                  else 'JZ' || to_char(issued_on, 'YYYY') || lpad(((g * 7919) % 1000000)::text, 6, '0') end,
             case when kind like '特种作业%' then '山西省应急管理厅' when kind like '特种设备%' then '晋中市市场监督管理局'
                  when kind like '建筑施工%' then '山西省住房和城乡建设厅' when kind like '道路运输%' then '晋中市交通运输局'
                  when kind like '其他：船员%' then '山西省地方海事局' when kind like '其他：拖拉机%' then '晋中市农业农村局' else '晋中市应急管理局' end,
             issued_on, (issued_on + years * interval '1 year')::date,
             case when review_years is not null then (issued_on + review_years * interval '1 year')::date end,
             admin_user, greatest(onboard_at, pg_temp.sh(issued_on + time '15:00'))
      from (
        select s.*,
          case when s.x < s.cert_lax / 2 then ${today}::date - (years * 365 + 10 + floor(pg_temp.u(s.g * 8 + s.k, 31) * 400))::int
               else ${today}::date - (30 + floor(pg_temp.u(s.g * 8 + s.k, 31) * (years * 365 - 60)))::int end as issued_on
        from s_cert s where not (s.x >= s.cert_lax / 2 and s.x < s.cert_lax)
      ) c`.execute(trx),
  )
  step(`证书 ${certificates} 本`)
}

/** Training sessions from the plan, and attendance by group, cohort and role. */
async function loadTraining(load: Load, sessions: SessionRow[]): Promise<void> {
  const { trx, step } = load
  // --- training: sessions from the plan, attendance by group, cohort and role ---------------------
  await sql`create temp table s_session (enterprise_id uuid, id uuid, seqno int, kind text, status text, held_on date, grp int, cohort date, last_round bool) on commit drop`.execute(
    trx,
  )
  await loadJson(
    trx,
    's_session',
    'enterprise_id, id, seqno, kind, status, held_on, grp, cohort, last_round',
    'e, id, seqno, kind, status, held_on, grp, cohort, last_round',
    'e uuid, id uuid, seqno int, kind text, status text, held_on date, grp int, cohort date, last_round bool',
    sessions,
    20_000,
  )
  await loadJson(
    trx,
    'training_sessions',
    'enterprise_id, id, topic, kind, level, status, held_on, hours, trainer, place, assessment, created_by, created_at',
    'e, id, topic, kind, level, status, held_on, hours, trainer, place, assessment, created_by, created_at',
    'e uuid, id uuid, topic text, kind text, level text, status text, held_on date, hours numeric, trainer text, place text, assessment text, created_by uuid, created_at timestamptz',
    sessions,
    20_000,
  )
  await sql`create index on s_session (enterprise_id, kind, grp)`.execute(trx)
  await sql`analyze s_session`.execute(trx)
  const attendance = async (join: RawBuilder<unknown>) =>
    affected(
      await sql`insert into training_attendance (enterprise_id, session_id, employee_id, result, created_at)
        select m.enterprise_id, s.id, m.id, case when pg_temp.u(m.g * 1024 + s.seqno % 1024, 32) < 0.01 then '不合格' else '合格' end,
               pg_temp.sh(s.held_on + 1 + time '17:00')
        from s_emp m join s_session s on ${join}
        order by m.enterprise_id, s.id, m.id`.execute(trx),
    )
  let attended = await attendance(
    sql`s.enterprise_id = m.enterprise_id and s.kind = '年度再培训' and s.status = 'held' and s.grp = m.grp and s.held_on > m.hired_on and not (m.train_skip and s.last_round)`,
  )
  attended += await attendance(sql`s.enterprise_id = m.enterprise_id and s.kind = '岗前三级教育' and s.cohort = m.hired_on`)
  attended += await attendance(
    sql`s.enterprise_id = m.enterprise_id and s.kind = '负责人及安全管理人员' and (m.tier = 1 or m.sm or m.ics) and s.held_on > m.hired_on`,
  )
  // A cohort can draw no new hire in a small enterprise: such induction sessions were never held.
  const unheld = affected(
    await sql`delete from training_sessions t using s_session s
      where t.enterprise_id = s.enterprise_id and t.id = s.id and s.kind = '岗前三级教育'
        and not exists (select 1 from training_attendance a where a.enterprise_id = s.enterprise_id and a.session_id = s.id)`.execute(trx),
  )
  step(`培训 ${sessions.length - unheld} 场，签到 ${attended} 人次`)
}

/** Emergency plans and drills; inspections and rectification orders (and s_order for the reports). */
async function loadEmergencyAndSupervision(
  load: Load,
  emergencyPlans: PlanRow[],
  drills: DrillRow[],
  supervision: ReturnType<typeof planSupervision>,
): Promise<void> {
  const { trx, step } = load
  // --- emergency plans and drills; inspections and rectification orders -----------------------
  await loadJson(
    trx,
    'emergency_plans',
    'enterprise_id, id, kind, title, version, issued_on, filed_on, reviewed_on, created_by, created_at',
    "e, id, kind, title, version, issued_on, filed_on, reviewed_on, created_by, pg_temp.sh(issued_on + time '16:00')",
    'e uuid, id uuid, kind text, title text, version text, issued_on date, filed_on date, reviewed_on date, created_by uuid',
    emergencyPlans,
  )
  await loadJson(
    trx,
    'drills',
    'enterprise_id, id, plan_id, held_on, form, participants, summary, created_by, created_at',
    "e, id, plan_id, held_on, form, participants, summary, created_by, pg_temp.sh(held_on + 1 + time '10:00')",
    'e uuid, id uuid, plan_id uuid, held_on date, form text, participants int, summary text, created_by uuid',
    drills,
  )
  await loadJson(
    trx,
    'inspections',
    'enterprise_id, id, department_id, department_name, inspected_at, place, inspectors, content, problems, handling, inspector_user_id, inspector_name, created_at, head_user_id, head_name, head_signed_at, refusal_note, refusal_recorded_at',
    'e, id, department_id, department_name, inspected_at, place, inspectors, content, problems, handling, inspector_user_id, inspector_name, created_at, head_user_id, head_name, head_signed_at, refusal_note, refusal_recorded_at',
    'e uuid, id uuid, department_id uuid, department_name text, inspected_at timestamptz, place text, inspectors text, content text, problems text, handling text, inspector_user_id uuid, inspector_name text, created_at timestamptz, head_user_id uuid, head_name text, head_signed_at timestamptz, refusal_note text, refusal_recorded_at timestamptz',
    supervision.inspections,
  )
  await loadJson(
    trx,
    'rectification_orders',
    'enterprise_id, id, inspection_id, department_id, department_name, document_no, issued_by, issued_by_name, issued_at, due_date, status, closed_at',
    'e, id, inspection_id, department_id, department_name, document_no, issued_by, issued_by_name, issued_at, due_date, status, closed_at',
    'e uuid, id uuid, inspection_id uuid, department_id uuid, department_name text, document_no text, issued_by uuid, issued_by_name text, issued_at timestamptz, due_date date, status text, closed_at timestamptz',
    supervision.orders,
  )
  await loadJson(
    trx,
    'rectification_items',
    'enterprise_id, order_id, no, problem, requirement, due_date',
    'e, order_id, no, problem, requirement, due_date',
    'e uuid, order_id uuid, no int, problem text, requirement text, due_date date',
    supervision.items,
  )
  await loadJson(
    trx,
    'rectification_events',
    'enterprise_id, id, order_id, kind, note, by_user_id, by_name, at',
    'e, id, order_id, kind, note, by_user_id, by_name, at',
    'e uuid, id uuid, order_id uuid, kind text, note text, by_user_id uuid, by_name text, at timestamptz',
    supervision.events,
  )
  await sql`create temp table s_order (enterprise_id uuid, issued_at timestamptz, due_date date, closed_at timestamptz, answer_at timestamptz, return_at timestamptz) on commit drop`.execute(
    trx,
  )
  await loadJson(
    trx,
    's_order',
    'enterprise_id, issued_at, due_date, closed_at, answer_at, return_at',
    'e, issued_at, due_date, closed_at, answer_at, return_at',
    'e uuid, issued_at timestamptz, due_date date, closed_at timestamptz, answer_at timestamptz, return_at timestamptz',
    supervision.orders,
  )
  step(
    `预案 ${emergencyPlans.length} 份，演练 ${drills.length} 次，检查 ${supervision.inspections.length} 次，整改指令 ${supervision.orders.length} 份`,
  )
}

/**
 * Helpers in pg_temp, private to this connection. Functions outlive a transaction (PGlite keeps its one
 * session for good), so they are created or replaced here and dropped again by dropHelpers at the end.
 */
async function defineHelpers(db: DB) {
  // uniform [0, 1) from a key and a salt: 52 bits of hashint8extended
  await sql`create or replace function pg_temp.u(k bigint, salt bigint) returns float8 language sql immutable parallel safe
    as $$ select (hashint8extended(k, salt) & 4503599627370495)::float8 / 4503599627370496.0 $$`.execute(db)
  // a Shanghai wall-clock time as an instant, and an instant's Shanghai calendar day (UTC+8 all year)
  await sql`create or replace function pg_temp.sh(t timestamp) returns timestamptz language sql immutable parallel safe
    as $$ select (t - interval '8 hours') at time zone 'UTC' $$`.execute(db)
  await sql`create or replace function pg_temp.sh_date(t timestamptz) returns date language sql immutable parallel safe
    as $$ select ((t at time zone 'UTC') + interval '8 hours')::date $$`.execute(db)
  // Date.prototype.toISOString(), which the confirmation's canonical form uses
  await sql`create or replace function pg_temp.iso(t timestamptz) returns text language sql immutable parallel safe
    as $$ select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$`.execute(db)
  // 身份证号 check character (GB 11643, ISO 7064 MOD 11-2) of the first 17 digits
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = weights.map((w, i) => `substr(b, ${i + 1}, 1)::int * ${w}`).join(' + ')
  await sql
    .raw(
      `create or replace function pg_temp.id_check(b text) returns text language sql immutable parallel safe
    as $$ select substr('10X98765432', ((${sum}) % 11) + 1, 1) $$`,
    )
    .execute(db)
  // the confirmation chain: state = sha256(state ‖ canonical row), starting from the genesis hash
  await sql`create or replace function pg_temp.chain_step(state text, canonical text) returns text language sql immutable parallel safe
    as $$ select encode(sha256(convert_to(state || canonical, 'UTF8')), 'hex') $$`.execute(db)
  await sql`drop aggregate if exists pg_temp.chain(text)`.execute(db)
  await sql.raw(`create aggregate pg_temp.chain(text) (sfunc = pg_temp.chain_step, stype = text, initcond = '${GENESIS_HASH}')`).execute(db)
}

async function dropHelpers(db: DB) {
  await sql`drop aggregate pg_temp.chain(text)`.execute(db)
  await sql`drop function pg_temp.chain_step(text, text), pg_temp.u(bigint, bigint), pg_temp.sh(timestamp), pg_temp.sh_date(timestamptz),
    pg_temp.iso(timestamptz), pg_temp.id_check(text)`.execute(db)
}

/**
 * Each report freezes what the records showed at its publication instant D: workers on the roster,
 * confirmations overdue (deadline day ended, list not confirmed by D), cert-requiring posts whose holder
 * had no valid certificate, drill requirements overdue, items 未落实, orders open and overdue.
 */
async function reports(db: DB, today: string): Promise<number> {
  await sql`create temp table s_report on commit drop as
    select e.n, e.id as enterprise_id, gen_random_uuid() as id, r.at as published_at, pg_temp.sh_date(r.at) as as_of, (r.k - 1)::int as k
    from s_ent e cross join unnest(e.report_at) with ordinality r(at, k)`.execute(db)
  await sql`create index on s_report (enterprise_id)`.execute(db)
  await sql`analyze s_report`.execute(db)
  // The twenty items: declared ones from the enterprise's profile here; the derived ones (1, 2, 6, 12)
  // are set per report from its figures below.
  await sql`create temp table s_obligation (no int primary key, title text) on commit drop`.execute(db)
  await loadJson(
    db,
    's_obligation',
    'no, title',
    '*',
    'no int, title text',
    obligations.map((o) => ({ no: o.no, title: o.title })),
  )
  await sql`update s_ent e set items_base = (
      select jsonb_agg(jsonb_build_object('no', o.no, 'title', o.title, 'shown',
        case when o.no = any(e.items_unassessed) then null when o.no = any(e.items_unmet) then '未落实'
             when o.no = any(e.items_na) then '不适用' when o.no = any(e.items_partial) then '部分落实' else '已落实' end) order by o.no)
      from s_obligation o)`.execute(db)
  const windowStart = addDays(today, -400)
  await sql`create temp table s_fig on commit drop as
    with hires as (
      select enterprise_id, greatest(hired_on, ${windowStart}::date) as d, count(*)::int as n from s_emp group by 1, 2
    ), workers as (
      select r.id, sum(h.n)::int as n from s_report r join hires h on h.enterprise_id = r.enterprise_id and h.d <= r.as_of group by r.id
    ), pairs as (
      select r.id,
        count(*) filter (where p.unconfirmed_from <= r.published_at)::int as unconfirmed,
        count(*) filter (where p.overdue_from <= r.published_at)::int as overdue
      from s_report r join s_pair p on p.enterprise_id = r.enterprise_id
      where p.unconfirmed_from <= r.published_at
        and r.published_at < least(coalesce(p.signed_at, 'infinity'), coalesce(p.superseded_at, 'infinity'))
      group by r.id
    ), gaps as (
      select s.enterprise_id, pg_temp.sh(greatest(s.hired_on, coalesce(c.expires_on, s.hired_on)) + time '00:00') as from_at
      from s_cert s left join certificates c on c.enterprise_id = s.enterprise_id and c.employee_id = s.employee_id and c.kind = s.kind
      where c.employee_id is null or c.expires_on <= ${today}::date
    ), missing as (
      select r.id, count(*)::int as n from s_report r join gaps g on g.enterprise_id = r.enterprise_id and g.from_at <= r.published_at group by r.id
    ), short as (
      select r.id, count(*)::int as n from s_report r join s_emp m on m.enterprise_id = r.enterprise_id and m.train_skip
      join s_ent e on e.id = r.enterprise_id
      where r.as_of >= e.last_round and m.hired_on <= r.as_of group by r.id
    ), orders as (
      select r.id,
        count(*)::int as open,
        count(*) filter (where o.due_date < r.as_of and (o.answer_at is null or o.answer_at > r.published_at or o.return_at <= r.published_at))::int as overdue
      from s_report r join s_order o on o.enterprise_id = r.enterprise_id
      where o.issued_at <= r.published_at and (o.closed_at is null or o.closed_at > r.published_at)
      group by r.id
    )
    select r.*, coalesce(w.n, 0) as workers, coalesce(p.unconfirmed, 0) as unconfirmed, coalesce(p.overdue, 0) as overdue_confirmations,
           coalesce(m.n, 0) as missing_certificates, coalesce(s.n, 0) as training_short,
           coalesce(o.open, 0) as open_orders, coalesce(o.overdue, 0) as overdue_orders
    from s_report r left join workers w on w.id = r.id left join pairs p on p.id = r.id left join missing m on m.id = r.id
    left join short s on s.id = r.id left join orders o on o.id = r.id`.execute(db)

  // Drill requirements (drills module rules): overdue when neither the current calendar period nor the
  // previous one has a drill of that kind on or before D; 综合/专项 yearly (half-yearly for §8 units), 现场处置 half-yearly.
  await sql`create temp table s_drill on commit drop as
    select d.enterprise_id, case when p.kind = '现场处置方案' then 'onsite' else 'cs' end as req, d.held_on
    from drills d join emergency_plans p on p.enterprise_id = d.enterprise_id and p.id = d.plan_id
    where d.enterprise_id in (select id from s_ent)`.execute(db)
  await sql`create index on s_drill (enterprise_id, req, held_on)`.execute(db)
  await sql`analyze s_drill`.execute(db)
  await sql`create temp table s_fig2 on commit drop as
    with periods as (
      select f.id,
        (date_trunc('year', f.as_of) + case when extract(month from f.as_of) > 6 then interval '6 months' else interval '0' end - interval '6 months')::date as half_prev,
        (date_trunc('year', f.as_of) - interval '1 year')::date as year_prev
      from s_fig f
    )
    select f.*, e.meeting_missing, e.admin_user, e.admin_name, e.head_user, e.principal, e.posts, e.plans,
      cardinality(e.items_unmet) as declared_unmet, cardinality(e.items_unassessed) as unassessed,
      16 - cardinality(e.items_unmet) - cardinality(e.items_partial) - cardinality(e.items_unassessed) as others_met,
      not exists (select 1 from s_drill d where d.enterprise_id = f.enterprise_id and d.req = 'cs'
                  and d.held_on between case when e.half_yearly then pr.half_prev else pr.year_prev end and f.as_of) as cs_overdue,
      not exists (select 1 from s_drill d where d.enterprise_id = f.enterprise_id and d.req = 'onsite' and d.held_on between pr.half_prev and f.as_of) as onsite_overdue
    from s_fig f join periods pr on pr.id = f.id join s_ent e on e.id = f.enterprise_id`.execute(db)
  await sql`create temp table s_fig3 on commit drop as
    with f as (
      select s.*, (s.cs_overdue::int + s.onsite_overdue::int) as overdue_drills,
        concat_ws('、', case when s.cs_overdue then '综合或专项应急预案演练' end, case when s.onsite_overdue then '现场处置方案演练' end) as drill_labels,
        case when s.overdue_confirmations > 0 then '部分落实' else '已落实' end as item1,
        case when s.training_short > 0 or s.missing_certificates > 0 then '部分落实' else '已落实' end as item6,
        case when s.plans = 0 then '未落实' when s.cs_overdue or s.onsite_overdue then '部分落实' else '已落实' end as item12
      from s_fig2 s
    ), c as (
      -- items 1 and 6 are never 未落实 here (every post has a published list); item 12 is when there is no plan
      select f.*, f.declared_unmet + (f.item12 = '未落实')::int as items_unmet from f
    )
    select * from c`.execute(db)
  // The snapshot is built straight into the insert: a temporary copy of 3 KB × 240,000 would cost more
  // than building it.
  const published = affected(
    await sql`insert into status_reports (enterprise_id, id, snapshot, created_by, created_by_name, created_at, signed_by, signed_by_name, published_at)
    select c.enterprise_id, c.id, jsonb_build_object(
        'asOf', to_char(c.as_of, 'YYYY-MM-DD'),
        'areas', jsonb_build_array(
          jsonb_build_object('name', '责任制', 'value', c.posts || ' / ' || c.posts, 'note', '岗位清单已发布', 'bad', false),
          jsonb_build_object('name', '签字确认', 'value', (c.workers - c.unconfirmed) || ' / ' || c.workers,
                             'note', case when c.overdue_confirmations > 0 then '逾期 ' || c.overdue_confirmations || ' 人' else '无逾期' end, 'bad', c.overdue_confirmations > 0),
          jsonb_build_object('name', '培训与持证', 'value', (c.workers - c.training_short) || ' / ' || c.workers,
                             'note', case when c.missing_certificates > 0 then '缺证 ' || c.missing_certificates || ' 人' else '学时达标人数' end,
                             'bad', c.training_short > 0 or c.missing_certificates > 0),
          jsonb_build_object('name', '预案与演练', 'value', c.plans::text,
                             'note', case when c.overdue_drills > 0 then '逾期：' || c.drill_labels else '份预案，演练按期' end, 'bad', c.overdue_drills > 0 or c.plans = 0),
          jsonb_build_object('name', '其他条款', 'value', c.others_met || ' / 16', 'note', '已落实或不适用', 'bad', c.declared_unmet > 0)),
        'items', jsonb_set(jsonb_set(jsonb_set(e.items_base, '{0,shown}', to_jsonb(c.item1)), '{5,shown}', to_jsonb(c.item6)), '{11,shown}', to_jsonb(c.item12)),
        'actions', coalesce((
          select jsonb_agg(a.x order by (a.x->>'urgency')::int, a.o)
          from (values
            (1, case when c.overdue_confirmations > 0 then jsonb_build_object('text', c.overdue_confirmations || ' 人逾期未签字确认岗位责任清单', 'urgency', 1) end),
            (2, case when c.overdue_drills > 0 then jsonb_build_object('text', '应急演练逾期：' || c.drill_labels, 'urgency', 1) end),
            (3, case when c.missing_certificates > 0 then jsonb_build_object('text', c.missing_certificates || ' 人岗位要求的证书缺失或过期', 'urgency', 1) end),
            (4, case when c.plans = 0 then jsonb_build_object('text', '尚未登记应急预案', 'urgency', 2) end),
            (5, case when c.training_short > 0 then jsonb_build_object('text', c.training_short || ' 人本年度培训学时不足或缺三级教育', 'urgency', 2) end),
            (6, case when c.meeting_missing then jsonb_build_object('text', '本季度尚未召开安委会', 'urgency', 3) end),
            (7, case when c.unassessed > 0 then jsonb_build_object('text', c.unassessed || ' 条主体责任尚未评估落实情况', 'urgency', 4) end)
          ) a(o, x) where a.x is not null), '[]'::jsonb),
        'figures', jsonb_build_object('workers', c.workers, 'overdueConfirmations', c.overdue_confirmations, 'missingCertificates', c.missing_certificates,
                                      'overdueDrills', c.overdue_drills, 'itemsUnmet', c.items_unmet, 'openOrders', c.open_orders, 'overdueOrders', c.overdue_orders)
      ),
      c.admin_user, c.admin_name, c.published_at - interval '1 day' * (0.1 + pg_temp.u(hashtext(c.id::text), 50) * 2), c.head_user, c.principal, c.published_at
    from s_fig3 c join s_ent e on e.id = c.enterprise_id
    order by c.enterprise_id, c.id`.execute(db),
  )
  await sql`insert into enterprise_report_status (enterprise_id, report_id, published_at, workers, overdue_confirmations, missing_certificates, overdue_drills, items_unmet)
    select distinct on (enterprise_id) enterprise_id, id, published_at, workers, overdue_confirmations, missing_certificates, overdue_drills, items_unmet
    from s_fig3 order by enterprise_id, published_at desc`.execute(db)
  return published
}

const COUNTED = [
  'enterprises',
  'org_units',
  'posts',
  'duty_list_versions',
  'duty_items',
  'duty_list_events',
  'employees',
  'assignments',
  'users',
  'acknowledgements',
  'ledger_heads',
  'training_sessions',
  'training_attendance',
  'certificates',
  'emergency_plans',
  'drills',
  'status_reports',
  'enterprise_report_status',
  'inspections',
  'rectification_orders',
  'rectification_items',
  'rectification_events',
] as const

async function collectCounts(db: DB): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of [...COUNTED, ...HAZARD_TABLES]) {
    const column = t === 'enterprises' ? sql.ref('id') : sql.ref('enterprise_id')
    out[t] = await count(db, sql`select count(*) from ${sql.table(t)} where ${column} in ${scaleEnterprises}`)
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// CLI

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i >= 0) return args[i + 1]
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
}

async function main() {
  const args = process.argv.slice(2)
  const enterprises = Number(argValue(args, '--enterprises') ?? 20_000)
  const workers = Number(argValue(args, '--workers') ?? enterprises * 50)
  const reset = args.includes('--reset')
  const removeOnly = args.includes('--remove')
  if (!Number.isInteger(enterprises) || !Number.isInteger(workers)) throw new Error('--enterprises 和 --workers 须为整数')
  // as the owner: MIGRATION_DATABASE_URL, else DATABASE_URL (README, "two roles")
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
  if (!process.env.MIGRATION_DATABASE_URL && !process.env.DATABASE_URL) console.log(`# 未设置 DATABASE_URL，使用 ${url}`)
  const { openDatabase, NO_TIMEOUTS } = await import('../../db/client')
  const { migrateAndGrant } = await import('../../db/privileges')
  const { seedDatabase } = await import('../../seeds/seed')
  const { verifyLedger } = await import('../../app/modules/acknowledgements/acknowledgements.server')
  // a city takes minutes in one transaction: no statement or idle-in-transaction limit for this job
  const handle = await openDatabase({ url, max: 2, timeouts: NO_TIMEOUTS })
  const t0 = performance.now()
  const log = (m: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`)
  try {
    for (const line of await migrateAndGrant(handle)) log(line)
    await seedDatabase(handle.db, { demo: true })
    log('基础数据与演示数据已就绪')
    if (reset || removeOnly) {
      const removed = await removeScaleData(handle.db)
      log(removed ? `已清除上次生成的 ${removed} 家规模测试企业及其全部数据` : '没有需要清除的规模测试数据')
      if (removeOnly) return
    } else if (await hasScaleData(handle.db)) {
      console.log('数据库中已有规模测试数据，未做任何改动。重新生成请加 --reset；只清除请加 --remove。')
      process.exitCode = 2
      return
    }
    log(`开始生成：${enterprises} 家企业，${workers} 名从业人员`)
    const summary = await seedScale(handle.db, { enterprises, workers, onProgress: log })
    log('统计信息（ANALYZE）…')
    await sql`analyze`.execute(handle.db)
    log('已完成 ANALYZE')
    // The chains were computed in SQL: check a sample with the portal's own verifier (the largest
    // enterprise's chain among them), as `npm run verify:ledger` would.
    const sample = await sql<{ enterprise_id: string }>`
      (select enterprise_id from ledger_heads where enterprise_id in ${scaleEnterprises} order by seq desc limit 1)
      union (select enterprise_id from ledger_heads where enterprise_id in ${scaleEnterprises} order by enterprise_id limit 20)`.execute(
      handle.db,
    )
    let checked = 0
    for (const { enterprise_id } of sample.rows) {
      const r = await verifyLedger(handle.db, enterprise_id)
      if (r.broken.length) throw new Error(`哈希链校验失败：${JSON.stringify(r.broken[0])}`)
      checked += r.checked
    }
    log(`抽查 ${sample.rows.length} 条确认哈希链、${checked} 条记录：全部吻合`)
    console.log('\n行数（规模测试企业）：')
    for (const [table, n] of Object.entries(summary.counts)) console.log(`  ${table.padEnd(26)} ${n.toLocaleString('en-US').padStart(12)}`)
    console.log(
      `\n报告情况：按月报告 ${summary.patterns.regular} 家，2–3 个月前停报 ${summary.patterns.stopped} 家，年内新加入 ${summary.patterns.late} 家，从未报告 ${summary.patterns.never} 家`,
    )
    log(`全部完成，总耗时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒`)
  } finally {
    await handle.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.log(`失败：${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  })
}
