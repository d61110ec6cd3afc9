// A row id as PostgreSQL's uuid type reads it: 32 hex digits in 8-4-4-4-12. A looser check (36 of
// [0-9a-f-]) let 36 dashes through to the database, which refused the cast with a 500.
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const UUID = new RegExp(`^${UUID_SOURCE}$`, 'i')

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value)
