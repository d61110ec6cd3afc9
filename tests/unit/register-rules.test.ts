import { describe, expect, it } from 'vitest'
import { canOpenOrderHazards } from '../../app/modules/hazards/policy'
import { orderDeadlineProblem, orderItemHazardLabel } from '../../app/modules/hazards/rules'
import { checkRegisterRow, REGISTER_COLUMNS, REGISTER_IMPORT_COLUMNS, scoreCell } from '../../app/modules/hazards/register'
import { fitText, highestLevel, NONE_FILL, riskMapLayout } from '../../app/modules/hazards/map'

describe('rectification order items → hazards (one closed loop)', () => {
  it('only the issuing department opens the hazards of its order', () => {
    const regulator = { role: 'regulator' as const, userId: 'u1', departmentId: 'd1' }
    expect(canOpenOrderHazards(regulator, 'd1')).toEqual({ ok: true })
    expect(canOpenOrderHazards(regulator, 'd2').ok).toBe(false)
    expect(canOpenOrderHazards({ role: 'enterprise_admin', userId: 'u2', departmentId: null }, 'd1').ok).toBe(false)
    expect(canOpenOrderHazards({ role: 'regulator', userId: 'u3', departmentId: null }, 'd1').ok).toBe(false)
  })

  it("the department's deadline is the outer limit of the enterprise's 整改期限", () => {
    expect(orderDeadlineProblem('2026-12-10', '2026-12-10')).toBeNull()
    expect(orderDeadlineProblem('2026-12-09', '2026-12-10')).toBeNull()
    expect(orderDeadlineProblem('2026-12-11', '2026-12-10')).toBe('整改期限不能晚于监管部门责令的期限（2026-12-10）')
    expect(orderDeadlineProblem('2027-06-30', null)).toBeNull()
  })

  it('an item reads its hazard as 隐患第N号 with its state, and the Shanghai day it was 销号', () => {
    expect(orderItemHazardLabel({ no: 7, status: 'rectifying', closedAt: null })).toBe('隐患第7号 · 整改中')
    // 2026-12-03 17:30 UTC is already 4 December in Shanghai
    expect(orderItemHazardLabel({ no: 7, status: 'closed', closedAt: '2026-12-03T17:30:00.000Z' })).toBe('隐患第7号 · 已销号（2026-12-04）')
  })
})

describe('an imported register row (风险分级管控清单)', () => {
  const lec = {
    unit: '加氢工段',
    point: '加氢反应区',
    pointKind: '设备设施',
    location: '',
    source: '加氢反应釜超温超压',
    accidents: '火灾、爆炸',
    method: 'LEC',
    l: 3,
    e: 6,
    c: 40,
    s: null,
    score: null,
    level: null,
    controlLevel: '公司级',
    post: '化工操作工（加氢）',
    measure_engineering: '联锁切断进料',
    measure_emergency: '现场处置方案',
  }

  it('computes the level from the scores, and takes the stated ones only when they agree', () => {
    const ok = checkRegisterRow(5, lec)
    expect(ok).toMatchObject({
      ok: true,
      value: { score: 720, level: 'major', controlLevel: 'company', scores: { method: 'LEC', l: 3, e: 6, c: 40 } },
    })
    expect(checkRegisterRow(5, { ...lec, score: 720, level: '重大风险（红）' }).ok).toBe(true)
    expect(checkRegisterRow(5, { ...lec, level: '红' }).ok).toBe(true)
    // a file that says 低 where the scores say 重大 is refused, never believed
    expect(checkRegisterRow(5, { ...lec, level: '低风险' })).toEqual({
      ok: false,
      problems: [{ row: 5, column: '风险等级', message: '风险等级“低风险”与评价结果不符（风险值 720，应为重大风险）' }],
    })
    expect(checkRegisterRow(5, { ...lec, score: 72 })).toEqual({
      ok: false,
      problems: [{ row: 5, column: '风险值', message: '风险值 72 与评价结果不符（按 L、E、C 计算为 720）' }],
    })
  })

  it("reads numbers as Excel stores them: binary noise, a formula's product, text and full-width digits", () => {
    expect(scoreCell(0.1 + 0.2)).toBe(0.3)
    expect(scoreCell(719.9999999999999)).toBe(720)
    expect(scoreCell('０.５')).toBe(0.5)
    expect(scoreCell(' 6 ')).toBe(6)
    expect(scoreCell('')).toBeNull()
    expect(scoreCell('六')).toBeNaN()
    const noisy = checkRegisterRow(6, { ...lec, l: 0.5000000000000001, e: '６', c: 40, score: 119.99999999999999 })
    expect(noisy).toMatchObject({ ok: true, value: { score: 120, level: 'general' } })
    // a value that rounds to no table value is still refused (0.45 is not 0.5)
    expect(checkRegisterRow(6, { ...lec, l: 0.45 })).toMatchObject({ ok: false, problems: [{ column: 'L' }] })
  })

  it('refuses, by column and in Chinese, what the form refuses', () => {
    const bad = checkRegisterRow(7, {
      ...lec,
      pointKind: '设备',
      method: 'LEC',
      s: 3,
      controlLevel: '班组级',
      measure_engineering: null,
      measure_emergency: null,
    })
    expect(bad.ok).toBe(false)
    expect(bad.ok ? [] : bad.problems.map((p) => [p.column, p.message])).toEqual([
      ['风险点类型', '风险点类型“设备”应为 区域场所、设备设施、作业活动 之一'],
      ['S', 'LEC 法不填写 S，请留空'],
      ['管控层级', '重大风险至少由公司级管控'],
      ['工程技术措施', '五类管控措施至少填写一类'],
    ])
    const ls = checkRegisterRow(8, { ...lec, method: '风险矩阵法', l: 4, e: null, c: null, s: 6 })
    expect(ls).toMatchObject({ ok: false, problems: [{ column: 'S', message: 'S 须为 1～5 的整数' }] })
    expect(checkRegisterRow(8, { ...lec, method: 'LS', l: 4, e: null, c: null, s: 4, controlLevel: '车间级' })).toMatchObject({
      ok: true,
      value: { score: 16, level: 'serious', controlLevel: 'workshop' },
    })
  })

  it("the template's columns are the export's, and every one the import reads", () => {
    expect(REGISTER_IMPORT_COLUMNS.map((c) => c.label)).toEqual(REGISTER_COLUMNS.map((c) => c.header))
    expect(REGISTER_COLUMNS.filter((c) => c.required).map((c) => c.header)).toEqual([
      '所属单元',
      '风险点',
      '风险点类型',
      '危险源',
      '可能导致的事故类型',
      '评价方法',
      'L',
      '管控层级',
      '责任岗位',
    ])
  })
})

describe('风险四色图 layout', () => {
  const units = [
    { id: 'a', name: '合成车间', parentName: '华晟化工', points: ['动火作业'], levels: ['general' as const, 'low' as const] },
    { id: 'b', name: '加氢工段', parentName: '合成车间', points: ['加氢反应区'], levels: ['serious' as const, 'major' as const] },
    { id: 'c', name: '储运车间', parentName: '华晟化工', points: [], levels: [] },
    { id: 'd', name: '加氢一班', parentName: '合成车间', points: ['压缩机房'], levels: ['low' as const] },
  ]

  it('colours each unit by its highest risk, grey where none is identified', () => {
    expect(highestLevel(['low', 'general', 'serious'])).toBe('serious')
    expect(highestLevel([])).toBeNull()
    const map = riskMapLayout(units, 960, 4)
    const byId = Object.fromEntries(map.blocks.map((b) => [b.id, b]))
    expect(byId.b).toMatchObject({ top: 'major', fill: '#d4380d', ink: '#ffffff' })
    expect(byId.a).toMatchObject({ top: 'general', fill: '#fadb14', ink: '#262626' })
    expect(byId.c).toMatchObject({ top: null, fill: NONE_FILL, counts: '未辨识风险点' })
    expect(byId.d).toMatchObject({ top: 'low', fill: '#1677ff' })
    expect(map.unitCounts).toEqual({ major: 1, serious: 0, general: 1, low: 1, none: 1 })
    expect(map.riskCounts).toEqual({ major: 1, serious: 1, general: 1, low: 2 })
    expect(byId.b!.counts).toBe('重大1 较大1 一般0 低0')
  })

  it('keeps units of the same parent together and blocks apart, inside the canvas', () => {
    const map = riskMapLayout(units, 600, 2)
    expect(map.blocks.map((b) => b.id)).toEqual(['a', 'c', 'b', 'd'])
    for (const [i, p] of map.blocks.entries())
      for (const q of map.blocks.slice(i + 1)) {
        const apart = p.x + p.width <= q.x || q.x + q.width <= p.x || p.y + p.height <= q.y || q.y + q.height <= p.y
        expect(apart, `${p.id} overlaps ${q.id}`).toBe(true)
      }
    for (const b of map.blocks) {
      expect(b.x + b.width).toBeLessThanOrEqual(map.width)
      expect(b.y + b.height).toBeLessThanOrEqual(map.height)
    }
  })

  it('shortens a long name to its block, with an ellipsis', () => {
    expect(fitText('加氢工段', 200, 16)).toBe('加氢工段')
    const long = fitText('第一联合化工生产车间加氢精制装置区东侧压缩机厂房', 120, 16)
    expect(long.endsWith('…')).toBe(true)
    expect(long.length).toBeLessThanOrEqual(8)
  })
})
