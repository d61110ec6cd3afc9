import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { env } from '../../env.server'
import { UUID_SOURCE } from '../../utils/ids'

// Where evidence bytes live: a directory outside public/ (EVIDENCE_DIR, default ./.data/evidence),
// under generated names. Another store (object storage) implements the same two functions.
export interface EvidenceStore {
  put(key: string, bytes: Buffer): Promise<void>
  get(key: string): Promise<Buffer>
}

// <enterprise id>/<file id>: nothing else names a stored file (never a path of the caller's)
const STORAGE_KEY = new RegExp(`^${UUID_SOURCE}/${UUID_SOURCE}$`)

export function localStore(root = path.resolve(env().EVIDENCE_DIR)): EvidenceStore {
  const fileOf = (key: string) => {
    if (!STORAGE_KEY.test(key)) throw new Error('invalid storage key')
    return path.join(root, key)
  }
  return {
    async put(key, bytes) {
      const file = fileOf(key)
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, bytes, { flag: 'wx' })
    },
    get: (key) => readFile(fileOf(key)),
  }
}

let store: EvidenceStore | undefined
export function evidenceStore(): EvidenceStore {
  store ??= localStore()
  return store
}

/** Tests keep their files in a temporary directory. */
export function useEvidenceStore(s: EvidenceStore) {
  store = s
}
