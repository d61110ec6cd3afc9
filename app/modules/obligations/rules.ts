// Where the portal holds the records, an item's state is derived, not declared (DESIGN 2.3).
// Pure rules; unit-tested. A declared 已落实 that the records contradict is a conflict.

export type ItemStatus = '已落实' | '部分落实' | '未落实' | '不适用'

export interface Figure {
  label: string
  value: string
  href: string
  bad: boolean
}

export interface Derived {
  status: Exclude<ItemStatus, '不适用'>
  figures: Figure[]
  explanation: string
}

/** Item 1 — 责任制: every post has a published list, and no confirmation is overdue. */
export function deriveDutyLists(f: {
  posts: number
  published: number
  requiring: number
  confirmed: number
  overdue: number
  /** confirmed, but after the deadline (late is late) */
  late?: number
  targetsIssued: number
  targetsSigned: number
  year: number
  /** 责任制考核 (第二十二条) of the period just ended: post holders due, assessed, 不合格 (with a follow-up) */
  assessment?: { periodLabel: string; due: number; assessed: number; failed: number; failedWithFollowUp: number }
}): Derived {
  const a = f.assessment
  const assessmentFigures: Figure[] = a
    ? [
        {
          label: `${a.periodLabel}责任制考核`,
          value: `${a.assessed} / ${a.due}${a.due ? `（${Math.round((a.assessed / a.due) * 100)}%）` : ''}`,
          href: '/enterprise/assessments',
          bad: a.assessed < a.due,
        },
        {
          label: '考核不合格（已跟进）',
          value: `${a.failed}（${a.failedWithFollowUp}）`,
          href: '/enterprise/assessments',
          bad: a.failedWithFollowUp < a.failed,
        },
      ]
    : []
  const figures: Figure[] = [
    {
      label: '已发布责任清单的岗位',
      value: `${f.published} / ${f.posts}`,
      href: '/enterprise/posts?status=unpublished',
      bad: f.published < f.posts,
    },
    { label: '已签字确认', value: `${f.confirmed} / ${f.requiring}`, href: '/enterprise/confirmations', bad: f.confirmed < f.requiring },
    ...(f.late ? [{ label: '其中逾期确认', value: String(f.late), href: '/enterprise/confirmations?state=confirmed', bad: true }] : []),
    { label: '确认逾期', value: String(f.overdue), href: '/enterprise/confirmations?state=overdue', bad: f.overdue > 0 },
    {
      label: `${f.year}年目标责任书已签`,
      value: `${f.targetsSigned} / ${f.targetsIssued}`,
      href: '/enterprise/committee',
      bad: f.targetsIssued === 0 || f.targetsSigned < f.targetsIssued,
    },
    ...assessmentFigures,
  ]
  const unassessed = a && a.due > 0 ? a.due - a.assessed : 0
  if (f.posts === 0 || f.published === 0) return { status: '未落实', figures, explanation: '尚无已发布的岗位责任清单' }
  const targetsDone = f.targetsIssued > 0 && f.targetsSigned === f.targetsIssued
  if (f.published === f.posts && f.overdue === 0 && targetsDone && unassessed === 0)
    return {
      status: '已落实',
      figures,
      explanation: `所有岗位均已发布责任清单，无逾期未确认，本年度目标责任书已全部签订${a && a.due ? `，${a.periodLabel}责任制考核已全部完成` : ''}`,
    }
  return {
    status: '部分落实',
    figures,
    explanation: [
      f.published < f.posts ? `${f.posts - f.published} 个岗位未发布清单` : '',
      f.overdue ? `${f.overdue} 人逾期未确认` : '',
      f.targetsIssued === 0
        ? `${f.year}年目标责任书未签订`
        : f.targetsSigned < f.targetsIssued
          ? `${f.targetsIssued - f.targetsSigned} 份目标责任书未签`
          : '',
      unassessed ? `${a!.periodLabel}尚有 ${unassessed} 人次未考核` : '',
    ]
      .filter(Boolean)
      .join('；'),
  }
}

/** Item 6 — 教育培训、持证上岗: everyone meets their hours, nobody lacks a required certificate. */
export function deriveTraining(f: { workers: number; short: number; missingCertificates: number; expiredCertificates: number }): Derived {
  const figures: Figure[] = [
    { label: '学时不足或缺三级教育', value: `${f.short} / ${f.workers}`, href: '/enterprise/training', bad: f.short > 0 },
    {
      label: '岗位要求而未持有效证',
      value: String(f.missingCertificates),
      href: '/enterprise/certificates',
      bad: f.missingCertificates > 0,
    },
    { label: '已过期证书', value: String(f.expiredCertificates), href: '/enterprise/certificates', bad: f.expiredCertificates > 0 },
  ]
  if (f.workers > 0 && f.short === f.workers) return { status: '未落实', figures, explanation: '所有在岗人员本年度学时均未达标' }
  if (f.short === 0 && f.missingCertificates === 0 && f.expiredCertificates === 0)
    return { status: '已落实', figures, explanation: '学时全部达标，岗位要求的证书均有效' }
  return {
    status: '部分落实',
    figures,
    explanation: [
      f.short ? `${f.short} 人学时不足` : '',
      f.missingCertificates ? `${f.missingCertificates} 人缺证` : '',
      f.expiredCertificates ? `${f.expiredCertificates} 本证书过期` : '',
    ]
      .filter(Boolean)
      .join('；'),
  }
}

/** Item 12 — 应急预案、演练: plans exist, every required drill is within its period, no plan never drilled. */
export function deriveDrills(f: { plans: number; overdueRequirements: string[]; neverDrilledPlans: string[] }): Derived {
  const figures: Figure[] = [
    { label: '应急预案', value: String(f.plans), href: '/enterprise/drills', bad: f.plans === 0 },
    {
      label: '逾期的演练',
      value: f.overdueRequirements.length ? f.overdueRequirements.join('、') : '无',
      href: '/enterprise/drills',
      bad: f.overdueRequirements.length > 0,
    },
    {
      label: '从未演练的预案',
      value: f.neverDrilledPlans.length ? f.neverDrilledPlans.join('、') : '无',
      href: '/enterprise/drills',
      bad: f.neverDrilledPlans.length > 0,
    },
  ]
  if (f.plans === 0) return { status: '未落实', figures, explanation: '尚未登记应急预案' }
  if (f.overdueRequirements.length === 0 && f.neverDrilledPlans.length === 0)
    return { status: '已落实', figures, explanation: '预案齐全，演练频次达标' }
  return {
    status: '部分落实',
    figures,
    explanation: [
      f.overdueRequirements.length ? `逾期：${f.overdueRequirements.join('、')}` : '',
      f.neverDrilledPlans.length ? `从未演练：${f.neverDrilledPlans.join('、')}` : '',
    ]
      .filter(Boolean)
      .join('；'),
  }
}

/** What the tracker shows for an item: the declared state, and whether the records or the evidence contradict it. */
export function itemWarning(declared: ItemStatus | null, derived: Derived | null, evidenceCount: number): string | null {
  if (declared === '已落实' && derived && derived.status !== '已落实')
    return `声明“已落实”，但记录显示${derived.status}：${derived.explanation}`
  if (declared === '已落实' && !derived && evidenceCount === 0) return '声明“已落实”，但没有任何佐证资料'
  return null
}

/** Item 2 — 机构、安委会: safety staff on record and an 安委会 meeting this quarter. */
export function deriveOrganisation(f: { safetyStaff: number; meetingsThisQuarter: number; quarterLabel: string }): Derived {
  const figures: Figure[] = [
    { label: '在岗安全管理人员', value: String(f.safetyStaff), href: '/enterprise/posts', bad: f.safetyStaff === 0 },
    {
      label: `${f.quarterLabel}安委会会议`,
      value: String(f.meetingsThisQuarter),
      href: '/enterprise/committee',
      bad: f.meetingsThisQuarter === 0,
    },
  ]
  if (f.safetyStaff === 0 && f.meetingsThisQuarter === 0)
    return { status: '未落实', figures, explanation: '没有在岗的安全管理人员，本季度也未召开安委会' }
  if (f.safetyStaff > 0 && f.meetingsThisQuarter > 0)
    return { status: '已落实', figures, explanation: '配备了安全管理人员，本季度已召开安委会' }
  return { status: '部分落实', figures, explanation: f.safetyStaff === 0 ? '没有在岗的安全管理人员' : '本季度尚未召开安委会' }
}

/**
 * Item 13 — 风险管控: every unit has its risk points identified, and every 重大/较大 risk has its
 * 专项管控方案 on record (a file on the register, through the evidence module).
 */
export function deriveRiskControl(f: {
  units: number
  unitsCovered: number
  risks: number
  majorOrSerious: number
  withoutPlan: number
}): Derived {
  const figures: Figure[] = [
    { label: '已辨识风险点的单元', value: `${f.unitsCovered} / ${f.units}`, href: '/enterprise/risks', bad: f.unitsCovered < f.units },
    { label: '已评价的危险源', value: String(f.risks), href: '/enterprise/risks', bad: f.risks === 0 },
    { label: '重大、较大风险', value: String(f.majorOrSerious), href: '/enterprise/risks', bad: false },
    { label: '缺专项管控方案', value: String(f.withoutPlan), href: '/enterprise/risks?plan=missing', bad: f.withoutPlan > 0 },
  ]
  if (f.risks === 0) return { status: '未落实', figures, explanation: '尚未建立风险分级管控清单' }
  const gaps = [
    f.unitsCovered < f.units ? `${f.units - f.unitsCovered} 个单元尚未辨识风险点` : '',
    f.withoutPlan ? `${f.withoutPlan} 项重大、较大风险尚无专项管控方案` : '',
  ].filter(Boolean)
  if (!gaps.length) return { status: '已落实', figures, explanation: '所有单元均已辨识风险点并分级管控，重大、较大风险均有专项管控方案' }
  return { status: '部分落实', figures, explanation: gaps.join('；') }
}

const STATS_STATE_WORDS = { pending: '待报送', on_time: '按期报送', late: '逾期报送', missing: '逾期未报' } as const

/** The checks (隐患排查) of the quarter so far: periods fallen due, done on schedule, missed. */
export interface CheckScheduleFigures {
  plans: number
  due: number
  done: number
  missed: number
  quarterLabel: string
}

/**
 * Item 14 — 隐患排查治理: checks done on schedule (the plans drawn from the register), hazards recorded
 * and closed in time; 重大 ones with a 治理方案; the statistics on time.
 */
export function deriveHazards(
  f: {
    total: number
    open: number
    overdue: number
    closedThisQuarter: number
    majorOpen: number
    majorSupervised: number
    majorWithoutPlan: number
    /**
     * 16号令 §14: the 隐患排查治理统计分析表 of the periods that fell due most recently (one quarter, or the
     * fourth quarter and the year), each 按期 (on_time), 逾期报送 (late) or 逾期未报 (missing)
     */
    statistics?: { label: string; state: 'pending' | 'on_time' | 'late' | 'missing' }[]
  },
  checks?: CheckScheduleFigures,
): Derived {
  const statistics = f.statistics ?? []
  const statsLate = statistics.filter((s) => s.state === 'late' || s.state === 'missing')
  const figures: Figure[] = [
    ...(checks
      ? [
          {
            label: `${checks.quarterLabel}按期排查`,
            value: `${checks.done} / ${checks.due}`,
            href: '/enterprise/checks',
            bad: checks.plans === 0 || checks.missed > 0,
          },
        ]
      : []),
    { label: '未销号隐患', value: String(f.open), href: '/enterprise/hazards?state=open', bad: false },
    { label: '逾期未整改', value: String(f.overdue), href: '/enterprise/hazards?state=overdue', bad: f.overdue > 0 },
    { label: '本季度销号', value: String(f.closedThisQuarter), href: '/enterprise/hazards?state=closed', bad: false },
    {
      label: '重大隐患（挂牌督办）',
      value: `${f.majorOpen}（${f.majorSupervised}）`,
      href: '/enterprise/hazards?state=major',
      bad: f.majorOpen > 0,
    },
    ...(statistics.length
      ? [
          {
            label: '统计分析表按期报送',
            value: statistics.map((s) => `${s.label}${STATS_STATE_WORDS[s.state]}`).join('；'),
            href: '/enterprise/hazard-stats',
            bad: statsLate.length > 0,
          },
        ]
      : []),
  ]
  // a check that found nothing is a record of 排查 too: only with neither is nothing done
  if (f.total === 0 && !(checks && checks.done > 0)) return { status: '未落实', figures, explanation: '尚无隐患排查治理记录' }
  const gaps = [
    checks && checks.plans === 0 ? '尚未制定隐患排查计划' : '',
    checks && checks.missed ? `${checks.missed} 期隐患排查逾期未做` : '',
    f.overdue ? `${f.overdue} 项隐患逾期未整改` : '',
    f.majorWithoutPlan ? `${f.majorWithoutPlan} 项重大隐患尚无治理方案` : '',
    ...statsLate.map((s) => `${s.label}隐患排查治理统计分析表${STATS_STATE_WORDS[s.state]}`),
  ].filter(Boolean)
  if (!gaps.length)
    return {
      status: '已落实',
      figures,
      explanation: [
        checks ? '排查按计划完成' : '',
        '隐患均在期限内整改，重大隐患均已制定治理方案',
        statistics.length ? '统计分析表按期报送' : '',
      ]
        .filter(Boolean)
        .join('，'),
    }
  return { status: '部分落实', figures, explanation: gaps.join('；') }
}
