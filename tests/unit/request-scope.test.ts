import { describe, expect, it } from 'vitest'
import { perRequest, runInRequestScope } from '../../app/utils/request-scope.server'

// A GET's loaders share one session validation (app/utils/request-scope.server.ts); nothing else does.
describe('per-request memory', () => {
  const counter = () => {
    let n = 0
    return { read: async () => ++n, count: () => n }
  }

  it('a GET or HEAD reads once, however many loaders ask side by side', async () => {
    const c = counter()
    const answers = await runInRequestScope(true, () => Promise.all([perRequest('session:a', c.read), perRequest('session:a', c.read)]))
    expect(answers).toEqual([1, 1])
    expect(c.count()).toBe(1)
  })

  it('another request, another key, a request with an action, or no request at all read afresh', async () => {
    const c = counter()
    await runInRequestScope(true, () => perRequest('session:a', c.read))
    await runInRequestScope(true, () => perRequest('session:a', c.read))
    await runInRequestScope(true, async () => {
      await perRequest('session:a', c.read)
      await perRequest('session:b', c.read)
    })
    await runInRequestScope(false, async () => {
      await perRequest('session:a', c.read)
      await perRequest('session:a', c.read)
    })
    await perRequest('session:a', c.read)
    expect(c.count()).toBe(7)
  })

  it('a request with an action run inside a GET’s async context still reads afresh (a reused connection)', async () => {
    const c = counter()
    await runInRequestScope(true, async () => {
      await perRequest('session:a', c.read)
      await runInRequestScope(false, () => perRequest('session:a', c.read))
    })
    expect(c.count()).toBe(2)
  })

  it('a failed read is not kept', async () => {
    let n = 0
    const read = async () => {
      if (++n === 1) throw new Error('db gone')
      return n
    }
    const second = await runInRequestScope(true, async () => {
      await expect(perRequest('session:a', read)).rejects.toThrow('db gone')
      return perRequest('session:a', read)
    })
    expect(second).toBe(2)
  })
})
