import { describe, expect, it } from 'vitest'
import type { HazardStatus } from '../../db/types'
import { nextStatus } from '../../app/modules/hazards/rules'
import { parseInspectionForm } from '../../app/modules/supervision/forms'
import {
  answerRefusals,
  documentNumber,
  isOrderOverdue,
  orderBadge,
  orderDueDate,
  reportAgeDays,
} from '../../app/modules/supervision/rules'
import { isReportStale } from '../../app/modules/reports/rules'
import { departmentShortName } from '../../app/modules/reference/rules'

describe('rectification orders', () => {
  it('are overdue only while waiting on the enterprise past the deadline', () => {
    expect(isOrderOverdue({ status: 'open', dueDate: '2026-11-22' }, '2026-11-23')).toBe(true)
    expect(isOrderOverdue({ status: 'open', dueDate: '2026-11-23' }, '2026-11-23')).toBe(false) // the last day is still in time
    expect(isOrderOverdue({ status: 'returned', dueDate: '2026-11-01' }, '2026-11-23')).toBe(true)
    expect(isOrderOverdue({ status: 'answered', dueDate: '2026-11-01' }, '2026-11-23')).toBe(false) // the regulator's turn
    expect(isOrderOverdue({ status: 'accepted', dueDate: '2026-11-01' }, '2026-11-23')).toBe(false)
  })

  it('read the same on both sides', () => {
    expect(orderBadge({ status: 'open', dueDate: '2026-11-01' }, '2026-11-23')).toEqual({
      text: '逾期未整改（期限 2026-11-01）',
      tone: 'red',
    })
    expect(orderBadge({ status: 'open', dueDate: '2026-12-01' }, '2026-11-23')).toEqual({
      text: '待整改（期限 2026-12-01）',
      tone: 'amber',
    })
    expect(orderBadge({ status: 'answered', dueDate: '2026-12-01' }, '2026-11-23').text).toBe('待复查')
    expect(orderBadge({ status: 'accepted', dueDate: '2026-12-01' }, '2026-11-23')).toEqual({ text: '已销号', tone: 'green' })
  })

  it('take the earliest item deadline and number per department and year', () => {
    expect(orderDueDate(['2026-12-10', '2026-11-30', '2026-12-01'])).toBe('2026-11-30')
    expect(departmentShortName('晋中市应急管理局')).toBe('晋中应急')
    expect(departmentShortName('晋中市住房和城乡建设局')).toBe('晋中住房城乡建设')
    expect(documentNumber('晋中应急', 2026, 12)).toBe('晋中应急责改〔2026〕12号')
  })
})

describe('a calendar month back, in Shanghai', () => {
  it('clamps to the end of a shorter month and keeps the wall-clock time', async () => {
    const { monthsBefore } = await import('../../app/utils/dates')
    expect(monthsBefore(new Date('2026-03-31T10:00:00+08:00'), 1).toISOString()).toBe(new Date('2026-02-28T10:00:00+08:00').toISOString())
    expect(monthsBefore(new Date('2026-01-15T00:30:00+08:00'), 1).toISOString()).toBe(new Date('2025-12-15T00:30:00+08:00').toISOString())
    expect(monthsBefore(new Date('2026-05-31T23:59:00+08:00'), 3).toISOString()).toBe(new Date('2026-02-28T23:59:00+08:00').toISOString())
  })
  it('marks a report stale a calendar month to the minute after it was published', () => {
    const published = '2026-02-28T09:00:00+08:00'
    expect(isReportStale(published, new Date('2026-03-28T09:00:00+08:00'))).toBe(false)
    expect(isReportStale(published, new Date('2026-03-28T09:01:00+08:00'))).toBe(true)
  })
})

describe('report age', () => {
  const now = new Date('2026-11-23T10:00:00+08:00')
  it('is stale after a calendar month, and when there is none', () => {
    expect(isReportStale('2026-10-24T10:00:00+08:00', now)).toBe(false)
    expect(isReportStale('2026-10-22T10:00:00+08:00', now)).toBe(true)
    expect(isReportStale(null, now)).toBe(true)
    expect(reportAgeDays('2026-11-20T10:00:00+08:00', now)).toBe(3)
    expect(reportAgeDays(null, now)).toBeNull()
  })
})

describe('the inspection form', () => {
  const base = {
    inspectedAt: '2026-11-23T09:30',
    place: '厂区',
    inspectors: '王建国、李明',
    content: '检查内容',
    problems: '问题',
    handling: '处理',
  }
  it('needs two inspectors, whatever separator people type', () => {
    expect(parseInspectionForm({ ...base, inspectors: '王建国' })).toMatchObject({
      ok: false,
      fieldErrors: { inspectors: '监督检查人员不得少于两人，姓名之间用顿号分隔' },
    })
    expect(parseInspectionForm({ ...base, inspectors: '王建国，李明' }).ok).toBe(true)
    expect(parseInspectionForm({ ...base, inspectors: '王建国 李明' }).ok).toBe(true)
  })
  it('skips blank order rows, flags half-filled ones, and ignores rows when no order is issued', () => {
    const rows = {
      'items.0.problem': '问题一',
      'items.0.requirement': '要求一',
      'items.0.dueDate': '2026-12-01',
      'items.2.problem': '问题三',
    }
    const r = parseInspectionForm({ ...base, issueOrder: 'on', ...rows })
    expect(r).toEqual({ ok: false, fieldErrors: { 'items.2.requirement': '请填写整改要求', 'items.2.dueDate': '请填写整改期限' } })
    const ok = parseInspectionForm({
      ...base,
      issueOrder: 'on',
      'items.0.problem': '问题一',
      'items.0.requirement': '要求一',
      'items.0.dueDate': '2026-12-01',
    })
    expect(ok).toMatchObject({ ok: true, items: [{ problem: '问题一', requirement: '要求一', dueDate: '2026-12-01' }] })
    expect(parseInspectionForm({ ...base, ...rows })).toMatchObject({ ok: true, items: [] })
  })
  it('refuses unknown fields and an order without rows', () => {
    expect(parseInspectionForm({ ...base, role: 'admin' })).toMatchObject({
      ok: false,
      fieldErrors: { _form: '表单包含无法识别的字段，请刷新页面后重试' },
    })
    expect(parseInspectionForm({ ...base, issueOrder: 'on' })).toMatchObject({
      ok: false,
      fieldErrors: { 'items.0.problem': '下达整改指令须至少填写一项问题及整改要求' },
    })
  })
  it('refuses a day that does not exist', () => {
    expect(
      parseInspectionForm({
        ...base,
        issueOrder: 'on',
        'items.0.problem': '问题',
        'items.0.requirement': '要求',
        'items.0.dueDate': '2026-02-30',
      }),
    ).toEqual({ ok: false, fieldErrors: { 'items.0.dueDate': '整改期限「2026-02-30」不存在（2026年2月只有28天），请核对' } })
  })
  it('takes full-width digits in dates as typed', () => {
    expect(
      parseInspectionForm({
        ...base,
        issueOrder: 'on',
        'items.0.problem': '问题',
        'items.0.requirement': '要求',
        'items.0.dueDate': '２０２６－１２－０１',
      }),
    ).toMatchObject({ ok: true, items: [{ dueDate: '2026-12-01' }] })
  })
})

describe('one closed loop: an order is answered only when its items’ hazards are closed', () => {
  const h = (itemNo: number, status: HazardStatus, grade: 'general' | 'major' | null = 'general') => ({
    itemNo,
    no: 10 + itemNo,
    status,
    grade,
  })
  it('refuses beside each item whose hazard is open, naming what closes it', () => {
    expect(
      answerRefusals([{ no: 1 }, { no: 2 }, { no: 3 }], [h(1, 'closed'), h(2, 'verifying'), h(3, 'resume_requested', 'major')]),
    ).toEqual({
      'items.2': '第2项对应的隐患第12号尚未闭环（当前：待验收），须先整改完成并经验收销号，才能报送整改完成',
      'items.3': '第3项对应的隐患第13号尚未闭环（当前：待核销），须先治理完成并经监管部门核销，才能报送整改完成',
    })
  })
  it('allows the answer when every hazard is closed, or an item has none (an order from before the link)', () => {
    expect(answerRefusals([{ no: 1 }, { no: 2 }], [h(1, 'closed')])).toEqual({})
  })
  it('a returned answer reopens a closed hazard where the work is redone', () => {
    const closed = { status: 'closed' as const, hasPlan: true, supervised: false }
    expect(nextStatus('recheck_fail', { ...closed, grade: 'general' })).toBe('rectifying')
    expect(nextStatus('recheck_fail', { ...closed, grade: 'major' })).toBe('governing')
    expect(nextStatus('recheck_fail', { ...closed, status: 'rectifying', grade: 'general' })).toBeNull()
  })
})
