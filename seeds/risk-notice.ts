// What every printed 风险公示栏 and 岗位风险告知卡 carries besides the register (issue 15 §1, item 7).
// Pure data. Sources:
// - 《安全生产法》(2021) 第四十四条: 如实告知从业人员作业场所和工作岗位存在的危险因素、防范措施以及
//   事故应急措施 — hence the card's three parts (risks, measures, 应急处置) and the emergency numbers.
// - The public emergency numbers: 119 火警 (also 应急救援), 120 医疗急救, 110 报警 — the national
//   numbers printed on every provincial 岗位风险告知卡 template (e.g. 山东 DB37/T 2882-2016 附录 examples).

export const EMERGENCY_NUMBERS = [
  { number: '119', name: '火警、抢险救援' },
  { number: '120', name: '医疗急救' },
  { number: '110', name: '报警' },
] as const

/** The card's heading line, as 第四十四条 puts it. */
export const NOTICE_BASIS = '依据《中华人民共和国安全生产法》第四十四条，告知本岗位存在的危险因素、防范措施以及事故应急措施。'
