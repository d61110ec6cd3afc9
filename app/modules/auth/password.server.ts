import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt is memory-hard and ships with Node: no native addon to build on a fresh machine.
// N=2^15, r=8 uses 32 MiB per hash (OWASP's scrypt minimum is N=2^17 with r=8 or N=2^15 with r=8,p=3
// for equivalent cost; we take p=1 and N=2^15 for ~60 ms on these machines and raise N in the stored
// parameters when hardware allows — old hashes keep verifying with their own parameters).
const N = 2 ** 15
const R = 8
const P = 1
const KEYLEN = 32

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 128 * N * R * P * 2 })
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Same work for an account without a password, so timing does not tell which accounts exist.
    await hashPassword(password)
    return false
  }
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !saltB64 || !keyB64) return false
  const expected = Buffer.from(keyB64, 'base64')
  const cost = { N: Number(n), r: Number(r), p: Number(p) }
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    ...cost,
    maxmem: 128 * cost.N * cost.r * cost.p * 2,
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** A decoy hash verified for unknown accounts, so they cost the same time as known ones. */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(12).toString('hex'))
  return decoy
}
