// China's statutory holidays (法定节假日) and 调休 make-up workdays, as the State Council's General
// Office announces them each year. Reference data for counting working days (工作日), e.g. an
// emergency plan's 备案 within 20 working days of issue (《生产安全事故应急预案管理办法》第二十六条).
//
// Written from the notices named below without network access to re-check them: verify each year
// against the published notice (www.gov.cn) before relying on a deadline near a holiday. 2027's
// notice was not available: 2027 counts weekends and the fixed-date holidays of 《全国年节及纪念日放假
// 办法》 (2024年修订) only, and is flagged provisional until the notice is entered here.

export interface HolidayYear {
  year: number
  /** the notice the dates come from */
  source: string
  /** true while the year's notice is not yet entered (weekends + fixed-date holidays only) */
  provisional: boolean
  /** days off (放假), including weekend days inside a holiday period */
  holidays: string[]
  /** weekend days that are working days (调休上班) */
  workdays: string[]
}

/** Every day from `from` to `to`, both included ('YYYY-MM-DD'). */
function span(from: string, to: string): string[] {
  const days: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10))
  return days
}

export const holidayYears: HolidayYear[] = [
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
    provisional: false,
    holidays: [
      '2024-01-01', // 元旦
      ...span('2024-02-10', '2024-02-17'), // 春节
      ...span('2024-04-04', '2024-04-06'), // 清明节
      ...span('2024-05-01', '2024-05-05'), // 劳动节
      '2024-06-10', // 端午节
      ...span('2024-09-15', '2024-09-17'), // 中秋节
      ...span('2024-10-01', '2024-10-07'), // 国庆节
    ],
    workdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    provisional: false,
    holidays: [
      '2025-01-01', // 元旦
      ...span('2025-01-28', '2025-02-04'), // 春节
      ...span('2025-04-04', '2025-04-06'), // 清明节
      ...span('2025-05-01', '2025-05-05'), // 劳动节
      ...span('2025-05-31', '2025-06-02'), // 端午节
      ...span('2025-10-01', '2025-10-08'), // 国庆节、中秋节
    ],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月发布；文号待核）',
    provisional: false,
    holidays: [
      ...span('2026-01-01', '2026-01-03'), // 元旦
      ...span('2026-02-15', '2026-02-23'), // 春节
      ...span('2026-04-04', '2026-04-06'), // 清明节
      ...span('2026-05-01', '2026-05-05'), // 劳动节
      ...span('2026-06-19', '2026-06-21'), // 端午节
      ...span('2026-09-25', '2026-09-27'), // 中秋节
      ...span('2026-10-01', '2026-10-07'), // 国庆节
    ],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  {
    year: 2027,
    source:
      '暂无国务院办公厅2027年节假日安排通知：仅按《全国年节及纪念日放假办法》固定日期的节日（元旦、劳动节、国庆节）和周末计算（临时）',
    provisional: true,
    holidays: ['2027-01-01', '2027-05-01', '2027-05-02', '2027-10-01', '2027-10-02', '2027-10-03'],
    workdays: [],
  },
]
