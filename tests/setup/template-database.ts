import './clock.mjs'
// the template is seeded on the tests' clock, like everything else in the run
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest, NO_TIMEOUTS, openDatabase } from '../../db/client'
import { applyPrivileges } from '../../db/privileges'
import { seedDatabase } from '../../seeds/seed'

// Migrating and seeding the demo data takes seconds on PostgreSQL and far longer on PGlite, and every
// integration file needs the same starting point: it is made once per run, here, and each file copies
// it (CREATE DATABASE … TEMPLATE on PostgreSQL; a dumped data directory loaded into a fresh in-memory
// PGlite). `createTestDatabase` in tests/integration/helpers.ts does the copying.

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: the migrated and seeded database each test file copies */
    templateDatabase: string | null
    /** PGlite: the dumped data directory (a tar file) each test file loads */
    templateDataDir: string | null
  }
}

export default async function setup(project: TestProject) {
  // The demo's evidence files (seeds/demo-history.ts) and any file a test stores without its own
  // store go to a directory of this run, never to the repository's .data/ (the workers inherit it).
  const evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'azt-evidence-'))
  process.env.EVIDENCE_DIR = evidenceDir
  const removeEvidence = () => rm(evidenceDir, { recursive: true, force: true })
  const server = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
  if (server) {
    const name = `azt_tpl_${randomBytes(6).toString('hex')}`
    const admin = async (statement: string) => {
      const c = new pg.Client({ connectionString: server })
      await c.connect()
      try {
        await c.query(statement)
      } finally {
        await c.end()
      }
    }
    await admin(`create database ${name}`)
    const url = new URL(server)
    url.pathname = `/${name}`
    const handle = await openDatabase({ url: url.toString(), max: 2, timeouts: NO_TIMEOUTS })
    try {
      // as createTestDatabase would: migrated, granted to anzetong_app and seeded, all as the owner
      await migrateToLatest(handle.db)
      await applyPrivileges(handle.db)
      await seedDatabase(handle.db, { demo: true })
    } finally {
      await handle.close()
    }
    project.provide('templateDatabase', name)
    project.provide('templateDataDir', null)
    return async () => {
      await admin(`drop database if exists ${name} with (force)`)
      await removeEvidence()
    }
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'azt-template-'))
  const file = path.join(dir, 'pgdata.tar')
  const handle = await openDatabase({ dataDir: 'memory://' })
  try {
    await migrateToLatest(handle.db)
    await seedDatabase(handle.db, { demo: true })
    const dump = await handle.dumpDataDir!()
    await writeFile(file, Buffer.from(await dump.arrayBuffer()))
  } finally {
    await handle.close()
  }
  project.provide('templateDatabase', null)
  project.provide('templateDataDir', file)
  return async () => {
    await rm(dir, { recursive: true, force: true })
    await removeEvidence()
  }
}
