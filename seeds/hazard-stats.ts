// 隐患排查治理统计分析表: when each period's table is due. Reference data, read by
// app/modules/hazard-stats/rules.ts (no table: it changes only with the code that applies it).
//
// Source — 原国家安全监管总局令第16号《安全生产事故隐患排查治理暂行规定》(2007-12-28 公布, 2008-02-01
// 施行) 第十四条 (not held in /work/shared/sources; quoted from memory): "生产经营单位应当每季、每年对
// 本单位事故隐患排查治理情况进行统计分析，并分别于下一季度15日前和下一年1月31日前向安全监管监察部门和
// 有关部门报送书面统计分析表。统计分析表应当由生产经营单位主要负责人签字。"
//
// Readings we take, each a choice the supervising department may correct here:
// - "15日前" includes the 15th (the usual reading of 前 in these deadlines): a table signed at any time
//   on 15 April is on time; the deadline is the end of that day, 24:00 Asia/Shanghai (as DESIGN 2.2).
// - The fourth quarter is reported together with the year, by 31 January (issue 15 lists the due dates
//   as 31 Jan, 15 Apr, 15 Jul, 15 Oct, and most provincial platforms merge the two). UNSURE: read
//   literally, §14 would put the Q4 table at 15 January; change `4` below to { month: 1, day: 15 } if
//   the department asks for it.
// - No holiday extension (《民法典》§203 is not applied to these reporting dates, as for the other
//   internal deadlines).
// - Due dates are those of 16号令; where a province's rule sets others (several ask for monthly
//   figures through their 双重预防 platforms), it adds to these, it does not move them.

export const HAZARD_STATS_SOURCE =
  '原国家安全监管总局令第16号《安全生产事故隐患排查治理暂行规定》第十四条：每季、每年统计分析，分别于下一季度15日前和下一年1月31日前报送，由主要负责人签字'

/** Month and day of the year after the period's own year (`nextYear`) or of the same year. */
export interface DueDay {
  month: number
  day: number
  nextYear: boolean
}

/** The quarterly tables: by the 15th of the following quarter; the fourth with the annual one. */
export const QUARTERLY_DUE: Record<1 | 2 | 3 | 4, DueDay> = {
  1: { month: 4, day: 15, nextYear: false },
  2: { month: 7, day: 15, nextYear: false },
  3: { month: 10, day: 15, nextYear: false },
  4: { month: 1, day: 31, nextYear: true },
}

/** The annual table: by 31 January of the next year. */
export const ANNUAL_DUE: DueDay = { month: 1, day: 31, nextYear: true }
