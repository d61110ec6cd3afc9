import { describe, expect, it } from 'vitest'
import { workerTodo, type WorkerFacts } from '../../app/modules/worker/rules'

const base: WorkerFacts = { confirmations: [], hours: null, year: 2026, certificates: [], unsignedTargets: [] }
const today = '2026-11-30'

describe('我的履责: what to do next', () => {
  it('is empty when everything is in order', () => {
    expect(
      workerTodo(
        {
          ...base,
          confirmations: [{ postId: 'p', postName: '操作工', version: 1, state: 'confirmed', deadline: '2026-11-01' }],
          hours: { required: 20, achieved: 24, shortfall: 0, missingLevels: [] },
          certificates: [{ id: 'c', kind: '证', state: 'valid', dueOn: '2029-01-01', reviewDue: false }],
        },
        today,
      ),
    ).toEqual([])
  })

  it('puts overdue and expired first, then re-confirmations and 30-day warnings, then the year’s hours, then 90-day warnings', () => {
    const todo = workerTodo(
      {
        ...base,
        confirmations: [
          { postId: 'a', postName: '班长', version: 3, state: 'reconfirm', deadline: '2026-12-07' },
          { postId: 'b', postName: '操作工', version: 1, state: 'overdue', deadline: '2026-11-20' },
          { postId: 'c', postName: '巡检', version: 2, state: 'pending', deadline: '2027-02-01' },
        ],
        hours: { required: 20, achieved: 6, shortfall: 14, missingLevels: [] },
        certificates: [
          { id: 'x', kind: '电工证', state: 'expiring90', dueOn: '2027-02-10', reviewDue: false },
          { id: 'y', kind: '焊工证', state: 'expired', dueOn: '2026-10-01', reviewDue: true },
          { id: 'z', kind: '加氢证', state: 'expiring30', dueOn: '2026-12-20', reviewDue: true },
        ],
        unsignedTargets: [{ year: 2026, postName: '班长' }],
      },
      today,
    )
    expect(todo.map((t) => [t.urgency, t.href])).toEqual([
      [0, '/me/certificates/y'],
      [0, '/me/posts/b'],
      [1, '/me/posts/a'],
      [1, '/me/certificates/z'],
      [2, '/me#training'], // due by 31 December, before the list's 1 February
      [2, '/me/posts/c'],
      [2, '/me#targets'],
      [3, '/me/certificates/x'],
    ])
    expect(todo[0]!.text).toBe('焊工证已超过复审日期（2026-10-01），请联系安全管理员办理')
    expect(todo[3]!.text).toBe('加氢证将于 2026-12-20 复审（30天内）')
  })

  it('a pending list due within 30 days is urgent; the induction missing is too', () => {
    const todo = workerTodo(
      {
        ...base,
        confirmations: [{ postId: 'a', postName: '操作工', version: 1, state: 'pending', deadline: '2026-12-07' }],
        hours: { required: 72, achieved: 0, shortfall: 72, missingLevels: ['厂级（上岗前）'] },
      },
      today,
    )
    expect(todo.map((t) => t.urgency)).toEqual([1, 1, 2])
    expect(todo[1]!.text).toBe('三级安全教育未完成：厂级（上岗前）')
  })
})
