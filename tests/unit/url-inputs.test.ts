import { describe, expect, it } from 'vitest'
import { ITEM_FIELD } from '../../app/modules/checks/schema'
import { proposalKey } from '../../app/modules/leaderledger/schema'
import { isUuid } from '../../app/utils/ids'
import { containsPattern, idFilter, searchParamsObject } from '../../app/utils/table-params'

// What a crafted URL or form can carry to the database: an id that only looked like one (36 dashes
// passed the old [0-9a-f-]{36} and failed PostgreSQL's uuid cast with a 500), and a NUL (%00), which
// no PostgreSQL text value may hold.
const ID = '0b6c1f5e-3d7a-4c2e-9f10-5a8b7c6d4e3f'
const DASHES = '-'.repeat(36)

describe('ids and search text from the URL', () => {
  it('an id is 8-4-4-4-12 hex digits, nothing else', () => {
    expect(isUuid(ID)).toBe(true)
    expect(isUuid(ID.toUpperCase())).toBe(true)
    for (const bad of [DASHES, `${ID}x`, ID.replaceAll('-', 'a'), 'g'.repeat(8) + ID.slice(8), '', null, undefined, 42])
      expect(isUuid(bad), String(bad)).toBe(false)
  })

  it('a filter id that is not one is no filter; form fields and proposal keys refuse it', () => {
    expect(idFilter.parse(ID)).toBe(ID)
    expect(idFilter.parse(DASHES)).toBe('')
    expect(idFilter.parse(['a', 'b'])).toBe('')
    expect(ITEM_FIELD.test(`item:${ID}:engineering`)).toBe(true)
    expect(ITEM_FIELD.test(`item:${DASHES}:engineering`)).toBe(false)
    expect(proposalKey.safeParse(`inspection:${ID}`).success).toBe(true)
    expect(proposalKey.safeParse(`inspection:${DASHES}`).success).toBe(false)
  })

  it('a NUL never reaches a statement', () => {
    expect(searchParamsObject(new URL('http://x/list?q=%00配电%00&post=a'))).toEqual({ q: '配电', post: 'a' })
    expect(containsPattern('a\u0000_%')).toBe('%a\\_\\%%')
  })
})
