import { describe, expect, it } from 'vitest'
import { pageWindow } from '../../app/components/DataTable'
import { enterpriseListSchema } from '../../app/modules/regulators/schema'

describe('DataTable URL state', () => {
  it('falls back to safe defaults for bad parameters instead of failing', () => {
    const q = enterpriseListSchema.parse({ page: '-3', size: '7', sort: 'password', dir: 'sideways', region: "1'; drop" })
    expect(q).toMatchObject({ page: 1, size: 20, sort: 'name', dir: 'asc', region: '', q: '', industry: '' })
  })
  it('keeps valid parameters', () => {
    const q = enterpriseListSchema.parse({ page: '3', size: '50', sort: 'workers', dir: 'desc', region: '140702', q: ' 化工 ' })
    expect(q).toMatchObject({ page: 3, size: 50, sort: 'workers', dir: 'desc', region: '140702', q: '化工' })
  })
  it('shows a window of pages with gaps', () => {
    expect(pageWindow(1, 1)).toEqual([1])
    expect(pageWindow(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20])
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4])
  })
})
