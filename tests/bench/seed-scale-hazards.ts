// 双重预防 for `npm run seed:scale` (issue 15 §8): a year of the city's risk registers, checks, hazards
// and 隐患排查治理统计分析表, made set-wise in SQL inside seed-scale's one transaction. Called by
// seedScale after the organisation and the people exist; it reads seed-scale's temp tables (s_ent,
// s_emp, s_post) and the pg_temp helpers (u, sh, sh_date).
//
//  - risk register: one or two risk points per org unit, one to three risks each, scored by LEC or LS
//    with the level computed from the reference bands (seeds/dual-prevention.ts), the 管控层级 the
//    level needs, and the unit's first post as the responsible post;
//  - checks (the largest enterprise): a daily plan for each post with risks and a holder who has an
//    account, every day of the year by one of its holders, a few days missed; each result a 隐患 now
//    and then, and each such 隐患 a hazard (source 排查任务);
//  - hazards: 35 + head-count / 3 per enterprise (about 50 on average, thousands for the largest),
//    found over the year (since joining), in every state: 待定级, 整改中 (some overdue), 待验收,
//    销号 (some after a failed 验收), and about 1.5% 重大: 治理中, 挂牌督办 by the city's 应急管理局,
//    治理方案, 申请恢复生产, 核销. The history rows are the steps, in order; the row's state is the last
//    step's. Lax enterprises rectify late.
//  - statistics: every ended quarter (and year) of the window whose due day has passed, computed from
//    the records exactly as app/modules/hazard-stats/rules.ts defines each figure, signed by the 主要负责人;
//    most on time, some late, some missing (the dashboard's red flag).
import { sql, type Kysely } from 'kysely'
import { quarterPeriod, yearPeriod, type Period } from '../../app/modules/hazard-stats/rules'
import { departmentShortName } from '../../app/modules/reference/rules'
import { addDays } from '../../app/utils/calendar'
import type { Database } from '../../db/types'

type DB = Kysely<Database>

export interface HazardLoad {
  trx: DB
  today: string
  now: Date
  step: (what: string) => void
  /** triggers set aside (superuser bulk load); otherwise each signed row is tagged with its signer */
  bulk: boolean
}

const POINT_TEMPLATES = [
  ['作业现场', '区域场所'],
  ['配电设施', '设备设施'],
  ['消防设施', '设备设施'],
  ['物料存放区', '区域场所'],
  ['检维修作业', '作业活动'],
  ['高处作业', '作业活动'],
  ['特种设备', '设备设施'],
  ['有限空间', '区域场所'],
] as const

const SOURCE_TEMPLATES: [string, string][] = [
  ['电气线路老化、漏电', '触电、火灾'],
  ['机械转动部位防护缺失', '机械伤害'],
  ['可燃物堆积', '火灾'],
  ['作业人员未正确佩戴防护用品', '物体打击、其他伤害'],
  ['通道堵塞、照明不足', '其他伤害'],
  ['起重吊装作业失控', '起重伤害'],
  ['有毒有害气体积聚', '中毒和窒息'],
  ['高处临边防护缺失', '高处坠落'],
  ['车辆行驶与人员交叉', '车辆伤害'],
]

const MEASURE_TEMPLATES: [string, string][] = [
  ['engineering', '设置防护装置和联锁，定期检测维护'],
  ['management', '执行岗位安全操作规程，班前检查并记录'],
  ['training', '岗位人员专项培训，考核合格后上岗'],
  ['ppe', '按规定配备并正确佩戴个体防护用品'],
  ['emergency', '配备应急器材，编制现场处置方案并定期演练'],
]

const PLACES = [
  '一号厂房',
  '二号厂房',
  '仓库',
  '配电室',
  '厂区道路',
  '办公楼',
  '装卸区',
  '锅炉房',
  '空压机房',
  '消防通道',
  '危废暂存间',
  '维修车间',
]
const PROBLEMS = [
  '灭火器压力不足，未按期检查',
  '配电箱未上锁，无警示标识',
  '安全通道堆放杂物',
  '设备转动部位防护罩缺失',
  '临边防护栏杆松动',
  '作业人员未佩戴安全帽',
  '应急照明灯不亮',
  '气瓶未固定，防倾倒措施缺失',
  '安全警示标志缺失',
  '电缆绝缘层破损',
  '有限空间入口未设置警示标志',
  '叉车未按规定年检',
]
const MEASURES = ['立即整改并举一反三排查', '更换损坏部件并加强日常检查', '清理现场并纳入班前检查', '补设标识并组织专项培训']

const textArray = (items: readonly string[]) => {
  for (const s of items) if (/['\\]/.test(s)) throw new Error(`unexpected character in ${s}`)
  return sql.raw(`array[${items.map((s) => `'${s}'`).join(',')}]::text[]`)
}
const pick = (items: readonly string[], u: string) =>
  sql`(${textArray(items)})[1 + floor(${sql.raw(u)} * ${sql.raw(String(items.length))})::int]`

const affected = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0)

/** The periods whose table was due within the year before `today` (their due day has passed). */
export function statPeriods(today: string): Period[] {
  const year = Number(today.slice(0, 4))
  const windowStart = addDays(today, -365)
  return [year - 1, year]
    .flatMap((y) => [quarterPeriod(y, 1), quarterPeriod(y, 2), quarterPeriod(y, 3), quarterPeriod(y, 4), yearPeriod(y)])
    .filter((p) => p.dueOn < today && p.end >= windowStart)
}

export async function loadHazards(load: HazardLoad): Promise<void> {
  const { trx, today, now, step, bulk } = load
  const nowIso = now.toISOString()
  const yearAgo = addDays(today, -365)

  // --- who does what: each enterprise's admin and head, its workers with accounts ------------------
  await sql`create temp table s_hent on commit drop as
    select e.n, e.id, e.size, e.diligence, e.industry, e.onboard_at, e.admin_user, ua.display_name as admin_name,
      e.head_user, uh.display_name as head_name,
      coalesce((select p.name from s_emp m join s_post p on p.enterprise_id = m.enterprise_id and p.id = m.post_id
                where m.enterprise_id = e.id and m.user_id = e.head_user limit 1), '主要负责人') as head_post,
      greatest(1, least(365, floor(extract(epoch from (${nowIso}::timestamptz - e.onboard_at)) / 86400)))::int as span,
      (35 + e.size / 3)::int as nh, 0 as workers
    from s_ent e join users ua on ua.id = e.admin_user join users uh on uh.id = e.head_user`.execute(trx)
  await sql`create temp table s_hw on commit drop as
    select enterprise_id, row_number() over (partition by enterprise_id order by g)::int as k, user_id, name, post_id, id as employee_id, hired_on
    from s_emp where role = 'worker' and user_id is not null`.execute(trx)
  await sql`create index on s_hw (enterprise_id, k)`.execute(trx)
  await sql`update s_hent h set workers = w.c from (select enterprise_id, count(*)::int as c from s_hw group by 1) w where w.enterprise_id = h.id`.execute(
    trx,
  )
  await sql`create unique index on s_hent (id)`.execute(trx)
  await sql`analyze s_hent`.execute(trx)
  await sql`analyze s_hw`.execute(trx)
  // the city's 应急管理局 (the demo's jz_yjj, else any regulator): it 督办s and 核销s the 重大 hazards
  const regulator = (
    await sql<{ id: string; name: string; department_id: string; department: string }>`
      select u.id::text, u.display_name as name, u.department_id::text, d.name as department
      from users u join departments d on d.id = u.department_id
      where u.role = 'regulator' order by (u.username = 'jz_yjj') desc, u.username limit 1`.execute(trx)
  ).rows[0]
  if (!regulator) throw new Error('没有监管部门账号，无法生成挂牌督办')

  // --- risk register ----------------------------------------------------------------------------
  await sql`create temp table s_point on commit drop as
    with units as (
      select u.enterprise_id, u.id as unit_id, u.name, row_number() over (partition by u.enterprise_id order by u.sort, u.id) as rn,
        count(*) over (partition by u.enterprise_id, u.name) as same,
        (select p.id from posts p where p.enterprise_id = u.enterprise_id and p.org_unit_id = u.id order by p.tier desc, p.id limit 1) as post_id
      from org_units u where u.enterprise_id in (select id from s_ent)
    ), pts as (
      select u.*, j, (hashtext(u.unit_id::text)::bigint << 4) + j as k from units u cross join generate_series(0, 1) j
      where j = 0 or pg_temp.u(hashtext(u.unit_id::text), 301) < 0.5
    )
    select p.enterprise_id, gen_random_uuid() as id, p.unit_id, p.post_id, p.k,
      p.name || '·' || (${textArray(POINT_TEMPLATES.map((t) => t[0]))})[1 + ((floor(pg_temp.u(p.k - p.j, 302) * ${POINT_TEMPLATES.length})::int + p.j) % ${POINT_TEMPLATES.length})]
        || case when p.same > 1 then '（' || p.rn || '）' else '' end as name,
      (${textArray(POINT_TEMPLATES.map((t) => t[1]))})[1 + ((floor(pg_temp.u(p.k - p.j, 302) * ${POINT_TEMPLATES.length})::int + p.j) % ${POINT_TEMPLATES.length})] as kind
    from pts p`.execute(trx)
  // a unit without a post of its own puts its risks on the safety administrator's post
  await sql`update s_point p set post_id = m.post_id from s_ent e join s_emp m on m.enterprise_id = e.id and m.user_id = e.admin_user
    where p.post_id is null and e.id = p.enterprise_id`.execute(trx)
  const points = affected(
    await sql`insert into risk_points (enterprise_id, id, unit_id, name, kind, location, created_at)
      select p.enterprise_id, p.id, p.unit_id, p.name, p.kind, '', e.onboard_at + interval '2 days'
      from s_point p join s_ent e on e.id = p.enterprise_id order by p.enterprise_id, p.id`.execute(trx),
  )
  await sql`create temp table s_risk on commit drop as
    with r as (
      select p.enterprise_id, p.id as point_id, p.name as point_name, p.post_id, j, p.k * 4 + j as k
      from s_point p cross join generate_series(0, 2) j
      where j = 0 or pg_temp.u(p.k, 310 + j) < 0.45
    ), scored as (
      select r.*, pg_temp.u(r.k, 320) < 0.5 as lec,
        (array[0.5, 1, 1, 3, 3, 6])[1 + floor(pg_temp.u(r.k, 321) * 6)::int] as l_lec,
        (array[1, 2, 3, 6, 6])[1 + floor(pg_temp.u(r.k, 322) * 5)::int] as e,
        (array[1, 3, 7, 7, 15, 40])[1 + floor(pg_temp.u(r.k, 323) * 6)::int] as c,
        (array[1, 2, 2, 3, 3, 4, 5])[1 + floor(pg_temp.u(r.k, 324) * 7)::int] as l_ls,
        (array[1, 2, 3, 3, 4, 5])[1 + floor(pg_temp.u(r.k, 325) * 6)::int] as s
      from r
    ), levelled as (
      select s.*, case when s.lec then s.l_lec * s.e * s.c else (s.l_ls * s.s)::numeric end as score from scored s
    )
    select l.enterprise_id, gen_random_uuid() as id, l.point_id, l.point_name, l.post_id, l.k,
      (${textArray(SOURCE_TEMPLATES.map((t) => t[0]))})[1 + ((floor(pg_temp.u(l.k - l.j, 330) * ${SOURCE_TEMPLATES.length})::int + l.j) % ${SOURCE_TEMPLATES.length})] as hazard_source,
      (${textArray(SOURCE_TEMPLATES.map((t) => t[1]))})[1 + ((floor(pg_temp.u(l.k - l.j, 330) * ${SOURCE_TEMPLATES.length})::int + l.j) % ${SOURCE_TEMPLATES.length})] as accident_types,
      case when l.lec then 'LEC' else 'LS' end as method, case when l.lec then l.l_lec else l.l_ls end as score_l,
      case when l.lec then l.e end as score_e, case when l.lec then l.c end as score_c, case when not l.lec then l.s end as score_s, l.score,
      case when l.lec then case when l.score > 320 then 'major' when l.score > 160 then 'serious' when l.score > 70 then 'general' else 'low' end
           else case when l.score > 19 then 'major' when l.score > 14 then 'serious' when l.score > 8 then 'general' else 'low' end end as level,
      (select jsonb_agg(jsonb_build_object('kind', m.kind, 'content', m.content) order by m.o)
       from unnest(${textArray(MEASURE_TEMPLATES.map((m) => m[0]))}, ${textArray(MEASURE_TEMPLATES.map((m) => m[1]))}) with ordinality m(kind, content, o)
       where m.o <= 2 or pg_temp.u(l.k, 340 + m.o) < 0.5) as measures
    from levelled l`.execute(trx)
  const risks = affected(
    await sql`insert into risks (enterprise_id, id, risk_point_id, hazard_source, accident_types, method, score_l, score_e, score_c, score_s, score, level,
        control_level, post_id, measures, created_at, updated_at)
      select r.enterprise_id, r.id, r.point_id, r.hazard_source, r.accident_types, r.method, r.score_l, r.score_e, r.score_c, r.score_s, r.score, r.level,
        case r.level when 'major' then 'company' when 'serious' then 'workshop' when 'general' then 'team' else 'post' end,
        r.post_id, r.measures, e.onboard_at + interval '2 days', e.onboard_at + interval '2 days'
      from s_risk r join s_ent e on e.id = r.enterprise_id order by r.enterprise_id, r.id`.execute(trx),
  )
  step(`风险点 ${points} 个，风险 ${risks} 项`)

  // --- checks: the largest enterprise keeps a daily check of every post that has risks --------------
  await sql`create temp table s_plan on commit drop as
    with big as (select id from s_hent order by size desc, n limit 1),
    posts as (
      select r.enterprise_id, r.post_id, min(p.name) as post_name, count(*) as items
      from s_risk r join posts p on p.enterprise_id = r.enterprise_id and p.id = r.post_id
      where r.enterprise_id in (select id from big)
        and exists (select 1 from s_hw w where w.enterprise_id = r.enterprise_id and w.post_id = r.post_id)
      group by 1, 2
    )
    select enterprise_id, gen_random_uuid() as id, post_id, post_name, row_number() over (order by post_id)::int as rn from posts`.execute(
    trx,
  )
  await sql`insert into check_plans (enterprise_id, id, name, kind, frequency, shifts, post_id, start_on, end_on, created_at, updated_at)
    select p.enterprise_id, p.id, p.post_name || '日常排查（' || p.rn || '）', 'daily', 'daily', 1, p.post_id, ${yearAgo}::date, null,
      pg_temp.sh(${yearAgo}::date - 1 + time '09:00'), pg_temp.sh(${yearAgo}::date - 1 + time '09:00')
    from s_plan p`.execute(trx)
  await sql`insert into check_plan_items (enterprise_id, plan_id, risk_id, measure_kind)
    select p.enterprise_id, p.id, r.id, m->>'kind' from s_plan p join s_risk r on r.enterprise_id = p.enterprise_id and r.post_id = p.post_id
    cross join jsonb_array_elements(r.measures) m`.execute(trx)
  // one check a day by a holder of the post with an account (hired by then), 3% of days missed, today still due
  await sql`create temp table s_check on commit drop as
    with days as (
      select p.enterprise_id, p.id as plan_id, p.post_id, d::date as day, (p.rn::bigint << 20) + (d::date - ${yearAgo}::date) as k
      from s_plan p cross join generate_series(${yearAgo}::date, ${today}::date - 1, interval '1 day') d
    ), holders as (
      select w.enterprise_id, w.post_id, w.user_id, w.employee_id, w.name, w.hired_on,
        row_number() over (partition by w.enterprise_id, w.post_id order by w.k)::int as i, count(*) over (partition by w.enterprise_id, w.post_id)::int as c
      from s_hw w where (w.enterprise_id, w.post_id) in (select enterprise_id, post_id from s_plan)
    )
    select d.enterprise_id, gen_random_uuid() as id, d.plan_id, d.post_id, d.day, d.k, h.user_id, h.employee_id, h.name,
      pg_temp.sh(d.day + time '08:30' + interval '1 minute' * floor(pg_temp.u(d.k, 401) * 480)) as submitted_at
    from days d join holders h on h.enterprise_id = d.enterprise_id and h.post_id = d.post_id
      and h.i = 1 + floor(pg_temp.u(d.k, 402) * h.c)::int
    where pg_temp.u(d.k, 403) >= 0.03 and h.hired_on <= d.day`.execute(trx)
  await sql`create temp table s_result on commit drop as
    select c.enterprise_id, c.id as check_id, c.k, c.submitted_at, c.user_id, c.name as checker_name,
      row_number() over (partition by c.id order by r.point_name, r.hazard_source, m.o)::int as seq,
      r.id as risk_id, r.point_name, r.hazard_source, r.level, m.v->>'kind' as measure_kind, m.v->>'content' as content,
      case when pg_temp.u(hashtext(c.id::text || m.o), 410) < 0.004 then gen_random_uuid() end as hazard_id
    from s_check c join s_plan p on p.id = c.plan_id
    join s_risk r on r.enterprise_id = c.enterprise_id and r.post_id = p.post_id
    cross join jsonb_array_elements(r.measures) with ordinality m(v, o)`.execute(trx)
  const signer = (column: string) =>
    bulk ? sql.raw(column) : sql.raw(`case when set_config('app.user_id', user_id::text, true) is null then null else ${column} end`)
  const checks = affected(
    await sql`insert into checks (enterprise_id, id, plan_id, period_key, period_start, period_end, post_id, checker_employee_id, checker_user_id, checker_name,
        signature_kind, signature, items_total, hazards_found, submitted_at)
      select enterprise_id, id, plan_id, to_char(day, 'YYYY-MM-DD'), day, day, post_id, employee_id, user_id, name, 'typed', ${signer('name')},
        r.total, r.found, submitted_at
      from s_check c join (select check_id, count(*)::int as total, count(hazard_id)::int as found from s_result group by 1) r on r.check_id = c.id`.execute(
      trx,
    ),
  )

  // --- hazards: first the finding (who, when, where), then each one's course ------------------------
  await sql`create temp table s_h0 on commit drop as
    with gen as (
      select h.id as enterprise_id, h.n, h.admin_user, h.admin_name, h.workers, h.onboard_at, h.span, (h.n::bigint * 100000 + i) as k
      from s_hent h cross join generate_series(1, h.nh) i
    ), found as (
      select g.*, case when pg_temp.u(g.k, 501) < 0.55 or g.workers = 0 then 'self' when pg_temp.u(g.k, 501) < 0.93 then 'worker' else 'regulator' end as source,
        greatest(g.onboard_at + interval '1 hour', least(${nowIso}::timestamptz - interval '10 minutes',
          pg_temp.sh(${today}::date - floor(pg_temp.u(g.k, 502) * g.span)::int + time '08:00' + interval '1 minute' * floor(pg_temp.u(g.k, 503) * 600)))) as found_at,
        case when g.workers > 0 then 1 + floor(pg_temp.u(g.k, 506) * g.workers)::int end as wk
      from gen g
    )
    select f.enterprise_id, gen_random_uuid() as id, f.k, f.source, f.found_at,
      case when f.source = 'worker' then w.user_id else f.admin_user end as found_by, case when f.source = 'worker' then w.name else f.admin_name end as found_by_name,
      case when f.source = 'worker' then 'worker' else 'enterprise_admin' end as found_role,
      ${pick(PLACES, 'pg_temp.u(f.k, 504)')} as place, ${pick(PROBLEMS, 'pg_temp.u(f.k, 505)')} as description
    from found f left join s_hw w on w.enterprise_id = f.enterprise_id and w.k = f.wk
    union all
    select r.enterprise_id, r.hazard_id, r.k * 64 + r.seq, 'check', r.submitted_at, r.user_id, r.checker_name, 'worker', r.point_name,
      r.hazard_source || '：管控措施未落实（' || r.content || '）'
    from s_result r where r.hazard_id is not null`.execute(trx)
  await sql`create index on s_h0 (enterprise_id)`.execute(trx)
  await sql`analyze s_h0`.execute(trx)
  // The course, as instants; a step at or after now has not happened (null), and nor has any after it.
  await sql`create temp table s_h1 on commit drop as
    with a as (
      select h.*, e.diligence, e.admin_user, e.admin_name, e.head_user, e.head_name, e.industry,
        pg_temp.u(h.k, 510) < 0.015 as major,
        pg_temp.u(h.k, 511) < 0.5 as admin_rectifies,
        case when pg_temp.u(h.k, 512) < 0.01 then null else h.found_at + interval '1 hour' * (1 + floor(pg_temp.u(h.k, 513) * 47)) end as assign_t,
        case e.diligence when 'good' then 0.8 when 'fair' then 1.1 else 1.6 end::float8 as pace
      from s_h0 h join s_hent e on e.id = h.enterprise_id
    ), b as (
      select a.*, pg_temp.sh_date(a.assign_t) + case when a.major then 30 + floor(pg_temp.u(a.k, 514) * 60)::int else 7 + floor(pg_temp.u(a.k, 514) * 24)::int end as deadline_t,
        pg_temp.u(a.k, 515) < 0.04 as fails_once
      from a
    ), c as (
      select b.*,
        b.assign_t + (b.deadline_t - pg_temp.sh_date(b.assign_t)) * interval '1 day' * pg_temp.u(b.k, 516) * b.pace as rectify_t,
        b.assign_t + interval '1 day' * (1 + floor(pg_temp.u(b.k, 517) * 5)) as supervise_t0,
        b.assign_t + interval '1 day' * (6 + floor(pg_temp.u(b.k, 518) * 4)) as plan_t
      from b
    ), d as (
      select c.*,
        c.rectify_t + interval '1 hour' * (4 + floor(pg_temp.u(c.k, 519) * 68)) as verify_t,
        case when c.major and pg_temp.u(c.k, 520) < 0.7 then c.supervise_t0 end as supervise_t,
        c.plan_t + interval '1 day' * (20 + floor(pg_temp.u(c.k, 521) * 60) * c.pace) as resume_t
      from c
    ), e as (
      select d.*,
        case when d.fails_once then d.verify_t + interval '1 day' * (2 + floor(pg_temp.u(d.k, 522) * 4)) end as rectify2_t,
        d.resume_t + interval '1 day' * (3 + floor(pg_temp.u(d.k, 523) * 12)) as write_off_t
      from d
    )
    select e.*, case when e.fails_once then e.rectify2_t + interval '1 hour' * (4 + floor(pg_temp.u(e.k, 524) * 44)) end as verify2_t,
      -- who rectifies and who accepts: never the same person
      case when e.admin_rectifies then e.admin_user else e.head_user end as r_user, case when e.admin_rectifies then e.admin_name else e.head_name end as r_name,
      case when e.admin_rectifies then 'enterprise_admin' else 'enterprise_head' end as r_role,
      case when e.admin_rectifies then e.head_user else e.admin_user end as v_user, case when e.admin_rectifies then e.head_name else e.admin_name end as v_name,
      case when e.admin_rectifies then 'enterprise_head' else 'enterprise_admin' end as v_role,
      (e.supervise_t is not null)::int as sup
    from e`.execute(trx)
  // The history: one row per step that has happened. Each chain's instants increase (assign < rectify <
  // verify < rectify again < verify again; assign < 督办 < plan < resume < 核销), so a step before now
  // means every step before it happened too, and each row knows its number, the state before it and
  // when the next step came (next_at: the last row of a hazard is the one whose next step has not come).
  const now_ = sql`${nowIso}::timestamptz`
  const admin = sql`h.admin_user, h.admin_name, 'enterprise_admin'`
  const department = sql`${regulator.id}::uuid, ${regulator.name}, 'regulator', ${regulator.department_id}::uuid`
  const general = (t: string) => sql.raw(`case when not h.major then h.${t} end`)
  const major = (t: string) => sql.raw(`case when h.major then h.${t} end`)
  await sql`create temp table s_hev on commit drop as
    select h.enterprise_id, h.id as hazard_id, s.*
    from s_h1 h cross join lateral (values
      (1, 'report', null, 'reported', h.found_at, h.assign_t, h.found_by, h.found_by_name, h.found_role, null::uuid, ''),
      (2, 'assign', 'reported', case when h.major then 'governing' else 'rectifying' end, h.assign_t,
          case when h.major then coalesce(h.supervise_t, h.plan_t) else h.rectify_t end, ${admin}, null, ${pick(MEASURES, 'pg_temp.u(h.k, 530)')}),
      -- 一般: 整改 → (验收不合格 → 整改) → 验收合格销号
      (3, 'rectify', 'rectifying', 'verifying', ${general('rectify_t')}, h.verify_t, h.r_user, h.r_name, h.r_role, null, '已按措施整改完成'),
      (4, case when h.fails_once then 'verify_fail' else 'verify_pass' end, 'verifying', case when h.fails_once then 'rectifying' else 'closed' end,
          ${general('verify_t')}, h.rectify2_t, h.v_user, h.v_name, h.v_role, null, case when h.fails_once then '整改不到位，退回重新整改' else '验收合格，销号' end),
      (5, 'rectify', 'rectifying', 'verifying', ${general('rectify2_t')}, h.verify2_t, h.r_user, h.r_name, h.r_role, null, '已重新整改'),
      (6, 'verify_pass', 'verifying', 'closed', ${general('verify2_t')}, null, h.v_user, h.v_name, h.v_role, null, '验收合格，销号'),
      -- 重大: 挂牌督办 (the state unchanged), 治理方案, 评估并申请恢复生产, 核销
      (3, 'supervise', 'governing', 'governing', ${major('supervise_t')}, h.plan_t, ${department}, '限期治理，按期报送治理进展'),
      (3 + h.sup, 'plan', 'governing', 'governing', ${major('plan_t')}, h.resume_t, ${admin}, null, ''),
      (4 + h.sup, 'resume_request', 'governing', 'resume_requested', ${major('resume_t')}, h.write_off_t, ${admin}, null, '治理完成，经评估符合安全生产条件，申请恢复生产'),
      (5 + h.sup, 'write_off', 'resume_requested', 'closed', ${major('write_off_t')}, null, ${department}, '经现场核查，同意核销')
    ) s(seq, step, from_status, to_status, at, next_at, by_user, by_name, by_role, by_dept, note)
    where s.at < ${now_}`.execute(trx)
  await sql`create temp table s_hlast on commit drop as
    select hazard_id, to_status as status, at as updated_at from s_hev where next_at is null or next_at >= ${now_}`.execute(trx)
  await sql`create unique index on s_hlast (hazard_id)`.execute(trx)
  // 挂牌督办 numbers run per year in order of supervision, after the department's numbers already given
  await sql`create temp table s_hsup on commit drop as
    with given as (
      select extract(year from supervised_at at time zone 'Asia/Shanghai')::int as year, count(*)::int as n
      from hazards where supervision_department_id = ${regulator.department_id}::uuid group by 1
    ), sup as (
      select id as hazard_id, supervise_t as at, extract(year from supervise_t at time zone 'Asia/Shanghai')::int as year
      from s_h1 where major and supervise_t < ${now_}
    )
    select s.*, (row_number() over (partition by s.year order by s.at, s.hazard_id) + coalesce(g.n, 0))::int as no
    from sup s left join given g on g.year = s.year`.execute(trx)
  await sql`create unique index on s_hsup (hazard_id)`.execute(trx)
  const short = departmentShortName(regulator.department)
  const hazards = affected(
    await sql`insert into hazards (enterprise_id, id, no, source, place, description, found_by_user_id, found_by_name, found_at, status, grade,
        responsible_user_id, responsible_name, measures, deadline, funds, criterion_code, situation, severity, stop_work, stop_work_note, workers_congress_on,
        reported_at, plan, assessment, rectified_by, closed_at, supervision_department_id, supervision_department_name, supervision_no, supervision_deadline,
        supervised_at, updated_at)
      select h.enterprise_id, h.id, row_number() over (partition by h.enterprise_id order by h.found_at, h.id)::int, h.source, h.place, h.description,
        h.found_by, h.found_by_name, h.found_at, l.status,
        case when graded then case when h.major then 'major' else 'general' end end,
        case when graded then case when h.admin_rectifies then h.admin_user else h.head_user end end,
        case when graded then case when h.admin_rectifies then h.admin_name else h.head_name end end,
        case when graded then ${pick(MEASURES, 'pg_temp.u(h.k, 530)')} end,
        case when graded then h.deadline_t end,
        case when graded and h.major then round((50000 + pg_temp.u(h.k, 531) * 450000)::numeric, -3)
             when graded and pg_temp.u(h.k, 532) < 0.7 then round((pg_temp.u(h.k, 531) * 5000)::numeric, -2) end,
        case when graded and h.major then case when h.industry = 'hazchem' then 'hc-4' else 'gm-general-2' end end,
        case when graded and h.major then h.description || '，系日常管理不到位所致' end,
        case when graded and h.major then '可能导致较大及以上生产安全事故；需停产治理，整改难度较大' end,
        case when graded and h.major then pg_temp.u(h.k, 533) < 0.6 end,
        case when graded and h.major and pg_temp.u(h.k, 533) < 0.6 then '涉及区域停产治理' end,
        case when graded and h.major then pg_temp.sh_date(h.assign_t) + 3 end,
        case when graded and h.major then h.assign_t end,
        case when h.major and h.plan_t < ${now_} then jsonb_build_object(
          'goal', '消除' || h.description, 'method', '停产整改，更换设施并全面复查', 'funds', '治理资金已列支',
          'organisation', '安全管理部门牵头，相关车间配合', 'timeline', '督办期限前完成', 'safety', '治理期间停产并落实现场监护和应急措施') end,
        case when l.status in ('resume_requested', 'closed') and h.major then '治理完成，经评估符合安全生产条件' end,
        case when l.status = 'verifying' then case when h.admin_rectifies then h.admin_user else h.head_user end end,
        case when l.status = 'closed' then l.updated_at end,
        case when s.hazard_id is not null then ${regulator.department_id}::uuid end,
        case when s.hazard_id is not null then ${regulator.department} end,
        case when s.hazard_id is not null then ${short} || '督〔' || s.year || '〕' || s.no || '号' end,
        case when s.hazard_id is not null then pg_temp.sh_date(s.at) + 60 end,
        s.at, l.updated_at
      from (select h1.*, h1.assign_t < ${now_} as graded from s_h1 h1) h join s_hlast l on l.hazard_id = h.id left join s_hsup s on s.hazard_id = h.id
      order by h.enterprise_id, h.found_at, h.id`.execute(trx),
  )
  await sql`insert into hazard_events (enterprise_id, hazard_id, seq, step, from_status, to_status, note, detail, by_user_id, by_name, by_role, by_department_id, at)
    select e.enterprise_id, e.hazard_id, e.seq, e.step, e.from_status, e.to_status,
      ${bulk ? sql.raw('e.note') : sql.raw("case when set_config('app.user_id', e.by_user::text, true) is null then null else e.note end")},
      '{}'::jsonb, e.by_user, e.by_name, e.by_role, e.by_dept, e.at
    -- each hazard's steps in their order: with triggers on, each must follow the last (status_follows_history)
    from s_hev e order by e.enterprise_id, e.hazard_id, e.seq`.execute(trx)
  const results = affected(
    await sql`insert into check_results (enterprise_id, check_id, seq, risk_id, risk_point_name, hazard_source, risk_level, measure_kind, content, result, note, hazard_id)
      select enterprise_id, check_id, seq, risk_id, point_name, hazard_source, level, measure_kind, content,
        case when hazard_id is null then 'ok' else 'hazard' end, case when hazard_id is null then '' else '发现隐患，已登记' end, hazard_id
      from s_result order by enterprise_id, check_id, seq`.execute(trx),
  )
  if (!bulk) await sql`select set_config('app.user_id', '', true)`.execute(trx)
  const events = (await sql<{ n: number }>`select count(*)::int as n from s_hev`.execute(trx)).rows[0]!.n
  step(
    `排查计划 ${(await sql<{ n: number }>`select count(*)::int as n from s_plan`.execute(trx)).rows[0]!.n} 个，排查 ${checks} 次（${results} 项），隐患 ${hazards} 条，处理记录 ${events} 条`,
  )

  // --- 隐患排查治理统计分析表: the figures each table would freeze, computed from the records ---------
  const periods = statPeriods(today)
  if (!periods.length) return
  await sql`create temp table s_speriod (key text, start_on date, end_on date, due_on date, label text, is_latest bool, from_t timestamptz, to_t timestamptz) on commit drop`.execute(
    trx,
  )
  const latestDue = periods.reduce((d, p) => (p.dueOn > d ? p.dueOn : d), '')
  for (const p of periods)
    await sql`insert into s_speriod values (${p.key}, ${p.start}::date, ${p.end}::date, ${p.dueOn}::date, ${p.label}, ${p.dueOn === latestDue},
      pg_temp.sh(${p.start}::date + time '00:00'), pg_temp.sh(${p.end}::date + 1 + time '00:00'))`.execute(trx)
  // who keeps the tables: 5% never, the latest due missing for 7% more, late for 6%; earlier ones now and then
  await sql`create temp table s_stable on commit drop as
    select e.id as enterprise_id, e.n, e.admin_user, e.admin_name, e.head_user, e.head_name, e.head_post, p.*,
      case when pg_temp.u(e.n, 601) < 0.05 then 'missing'
           when p.is_latest and pg_temp.u(e.n, 602) < 0.07 then 'missing'
           when p.is_latest and pg_temp.u(e.n, 602) < 0.13 then 'late'
           when not p.is_latest and pg_temp.u(e.n::bigint * 10 + hashtext(p.key), 603) < 0.04 then 'missing'
           when not p.is_latest and pg_temp.u(e.n::bigint * 10 + hashtext(p.key), 603) < 0.09 then 'late'
           else 'on_time' end as kept
    from s_hent e cross join s_speriod p where p.end_on >= pg_temp.sh_date(e.onboard_at)`.execute(trx)
  await sql`delete from s_stable where kept = 'missing'`.execute(trx)
  await sql`create temp table s_hstate on commit drop as
    select v.enterprise_id, v.hazard_id, p.key, v.to_status
    from s_hev v
    join s_speriod p on v.at < p.to_t and (v.next_at is null or v.next_at >= p.to_t)`.execute(trx)
  await sql`create index on s_hstate (hazard_id, key)`.execute(trx)
  await sql`analyze s_hstate`.execute(trx)
  const figures = sql`
    with facts as (
      select t.enterprise_id, t.key, t.from_t, t.to_t, t.end_on, h.source, hz.funds,
        case when h.assign_t < t.to_t then case when h.major then 'major' else 'general' end end as grade,
        h.found_at >= t.from_t and h.found_at < t.to_t as found,
        hz.closed_at < t.to_t as closed, hz.closed_at >= t.from_t and hz.closed_at < t.to_t as closed_within,
        h.assign_t >= t.from_t and h.assign_t < t.to_t as assigned_within,
        hz.supervised_at < t.to_t as supervised, st.to_status as status_at_end, hz.deadline
      from s_stable t join s_h1 h on h.enterprise_id = t.enterprise_id and h.found_at < t.to_t
      join hazards hz on hz.enterprise_id = h.enterprise_id and hz.id = h.id
      join s_hstate st on st.hazard_id = h.id and st.key = t.key
      where hz.closed_at is null or hz.closed_at >= t.from_t
    ), f as (
      select x.*, coalesce(not x.closed, true) as open, coalesce(x.closed, false) as is_closed, coalesce(x.closed_within, false) as cw,
        coalesce(not x.closed, true) and x.status_at_end in ('rectifying', 'governing', 'verifying') and x.deadline <= x.end_on as overdue
      from facts x
    ), agg as (
      select f.enterprise_id, f.key, g.grade,
        count(*) filter (where f.found) as found, count(*) filter (where f.found and f.is_closed) as rectified,
        count(*) filter (where f.cw) as closed_in, count(*) filter (where f.open) as open_at_end, count(*) filter (where f.overdue) as overdue_at_end
      from f cross join (values ('general'), ('major'), ('total')) g(grade)
      where g.grade = 'total' or f.grade = g.grade
      group by 1, 2, 3
    ), rows as (
      select enterprise_id, key, jsonb_object_agg(grade, jsonb_build_object('found', found, 'rectified', rectified,
        'rate', case when found > 0 then (round(rectified * 1000.0 / found) / 10)::float8 end, 'closedInPeriod', closed_in, 'openAtEnd', open_at_end,
        'overdueAtEnd', overdue_at_end)) as r
      from agg group by 1, 2
    ), other as (
      select f.enterprise_id, f.key,
        count(*) filter (where f.found and f.grade is null) as ungraded,
        jsonb_build_object('self', count(*) filter (where f.found and f.source = 'self'), 'check', count(*) filter (where f.found and f.source = 'check'),
          'worker', count(*) filter (where f.found and f.source = 'worker'), 'regulator', count(*) filter (where f.found and f.source = 'regulator')) as by_source,
        jsonb_build_object('supervised', count(*) filter (where f.grade = 'major' and f.open and f.supervised),
          'governing', count(*) filter (where f.grade = 'major' and f.open and f.status_at_end = 'governing'),
          'awaitingWriteOff', count(*) filter (where f.grade = 'major' and f.open and f.status_at_end = 'resume_requested'),
          'writtenOff', count(*) filter (where f.grade = 'major' and f.cw)) as major_status,
        jsonb_build_object('committed', coalesce(round(sum(f.funds) filter (where f.grade is not null and f.assigned_within), 2), 0)::float8,
          'completed', coalesce(round(sum(f.funds) filter (where f.grade is not null and f.cw), 2), 0)::float8) as funds
      from f group by 1, 2
    )
    select o.enterprise_id, o.key, o.ungraded, o.by_source, o.major_status, o.funds, r.r from other o join rows r using (enterprise_id, key)`
  const empty = { found: 0, rectified: 0, rate: null, closedInPeriod: 0, openAtEnd: 0, overdueAtEnd: 0 }
  const tables = affected(
    await sql`insert into hazard_stat_reports (enterprise_id, id, period, period_start, period_end, due_on, snapshot, created_by, created_by_name, created_at,
        signed_by, signed_by_name, signed_post, signed_at)
      select t.enterprise_id, gen_random_uuid(), t.key, t.start_on, t.end_on, t.due_on,
        jsonb_build_object('period', t.key, 'label', t.label, 'start', to_char(t.start_on, 'YYYY-MM-DD'), 'end', to_char(t.end_on, 'YYYY-MM-DD'),
          'dueOn', to_char(t.due_on, 'YYYY-MM-DD'),
          'general', coalesce(x.r->'general', ${JSON.stringify(empty)}::jsonb), 'major', coalesce(x.r->'major', ${JSON.stringify(empty)}::jsonb),
          'total', coalesce(x.r->'total', ${JSON.stringify(empty)}::jsonb), 'ungraded', coalesce(x.ungraded, 0),
          'bySource', coalesce(x.by_source, '{"self":0,"check":0,"worker":0,"regulator":0}'::jsonb),
          'majorStatus', coalesce(x.major_status, '{"supervised":0,"governing":0,"awaitingWriteOff":0,"writtenOff":0}'::jsonb),
          'funds', coalesce(x.funds, '{"committed":0,"completed":0}'::jsonb)),
        t.admin_user, t.admin_name, c.created_at, t.head_user, t.head_name, t.head_post, c.created_at + interval '1 hour' * (2 + floor(pg_temp.u(t.n::bigint * 10 + hashtext(t.key), 611) * 24))
      from s_stable t left join (${figures}) x on x.enterprise_id = t.enterprise_id and x.key = t.key
      cross join lateral (select least(${nowIso}::timestamptz - interval '2 days',
        case when t.kept = 'late' then pg_temp.sh(t.due_on + 2 + floor(pg_temp.u(t.n::bigint * 10 + hashtext(t.key), 612) * 20)::int + time '10:00')
             else pg_temp.sh(t.due_on - 1 - floor(pg_temp.u(t.n::bigint * 10 + hashtext(t.key), 612) * 10)::int + time '10:00') end) as created_at) c
      order by t.enterprise_id, t.key`.execute(trx),
  )
  step(`隐患排查治理统计分析表 ${tables} 份（${periods.map((p) => p.key).join('、')}）`)
}

/** The tables this step fills, for seed-scale's row counts. */
export const HAZARD_TABLES = [
  'risk_points',
  'risks',
  'check_plans',
  'check_plan_items',
  'checks',
  'check_results',
  'hazards',
  'hazard_events',
  'hazard_stat_reports',
] as const
