import { z } from 'zod'

// Every environment variable the app and its commands read, read and checked here once (README
// "Operations"). A bad value stops start-up with one message naming each variable, what it should be
// and what it was, in Chinese, instead of failing later in the middle of a request. Everything else
// imports `env()`; nothing else reads process.env. (app/server.mjs gets its settings from here too,
// through the build's entry module; db/ takes its connection settings from here.)

type Source = Record<string, string | undefined>

/** An unset or blank variable is absent: `PORT=` means the default, as in most shells' eyes. */
const blankIsAbsent = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

const milliseconds = (fallback: number) =>
  z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^\d+$/, '应为不小于 0 的整数（毫秒）')
      .transform(Number)
      .optional()
      .transform((v) => v ?? fallback),
  )

const optionalMilliseconds = z.preprocess(
  blankIsAbsent,
  z.string().regex(/^\d+$/, '应为不小于 0 的整数（毫秒）').transform(Number).optional(),
)

const databaseUrl = z.preprocess(
  blankIsAbsent,
  z
    .string()
    .refine((v) => {
      try {
        return ['postgres:', 'postgresql:'].includes(new URL(v).protocol)
      } catch {
        return false
      }
    }, '应为 postgres://用户:密码@主机:端口/数据库 形式的连接串')
    .optional(),
)

const flag = (fallback: boolean) =>
  z.preprocess(
    blankIsAbsent,
    z
      .enum(['0', '1'], { error: '应为 1（开）或 0（关）' })
      .optional()
      .transform((v) => (v === undefined ? fallback : v === '1')),
  )

const schema = z.object({
  NODE_ENV: z.preprocess(
    blankIsAbsent,
    z.enum(['development', 'production', 'test'], { error: '应为 development、production 或 test' }).default('development'),
  ),
  /** the app's database (as anzetong_app on PostgreSQL); unset: the embedded engine */
  DATABASE_URL: databaseUrl,
  /** the schema owner's connection for db:migrate, db:seed, seed:scale; else DATABASE_URL */
  MIGRATION_DATABASE_URL: databaseUrl,
  ANZETONG_APP_PASSWORD: z.preprocess(blankIsAbsent, z.string().optional()),
  PGLITE_DATA_DIR: z.preprocess(blankIsAbsent, z.string().default('./.data/pglite')),
  EVIDENCE_DIR: z.preprocess(blankIsAbsent, z.string().default('./.data/evidence')),
  INSECURE_COOKIES: flag(false),
  SEED_DEMO: flag(true),
  DB_CONNECT_TIMEOUT_MS: milliseconds(5_000),
  DB_STATEMENT_TIMEOUT_MS: milliseconds(30_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(60_000),
  SHUTDOWN_GRACE_MS: milliseconds(10_000),
  /** the push outbox's delivery period (0: no loop); modules/push/rules.ts sets the default and floor */
  PUSH_INTERVAL_MS: optionalMilliseconds,
  PORT: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^\d+$/, '应为 0–65535 的端口号（0：任一空闲端口）')
      .transform(Number)
      .refine((n) => n <= 65_535, '应为 0–65535 的端口号（0：任一空闲端口）')
      .default(3000),
  ),
  HOST: z.preprocess(blankIsAbsent, z.string().optional()),
  /** express's `trust proxy`: whose X-Forwarded-For is believed */
  TRUST_PROXY: z.preprocess(blankIsAbsent, z.string().default('loopback')),
  /** set by vitest: the push loop stays off, tests drive it */
  VITEST: z.preprocess(blankIsAbsent, z.string().optional()),
})

export type Env = z.infer<typeof schema>

export class EnvError extends Error {}

/** Reads and checks the environment; throws an EnvError naming every bad variable. */
export function readEnv(source: Source = process.env): Env {
  const parsed = schema.safeParse(source)
  if (parsed.success) return parsed.data
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '')
    const raw = source[name]
    return `环境变量 ${name} ${issue.message}，现为「${raw ?? ''}」`
  })
  throw new EnvError(lines.join('；'))
}

let cached: Env | undefined

/** The process's environment, checked on first use. */
export function env(): Env {
  cached ??= readEnv()
  return cached
}

/** The database connection limits (README "Operations"), from the environment. */
export function databaseTimeouts(e: Env = env()): { connectMs: number; statementMs: number; idleInTransactionMs: number } {
  return {
    connectMs: e.DB_CONNECT_TIMEOUT_MS,
    statementMs: e.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  }
}

/** Who the migrating commands connect as: the schema's owner, else the app's URL, else the embedded engine. */
export function ownerDatabaseUrl(e: Env = env()): string | undefined {
  return e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL
}
