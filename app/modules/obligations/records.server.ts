// 安委会会议 and 目标责任书 moved to app/modules/committee/committee.server.ts, so that dutylogs can list a
// person's meetings without importing obligations (which imports dutylogs for its overview). This
// re-export keeps seeds/demo-history.ts compiling while the seeds are edited elsewhere; import from
// committee instead, and delete this file once nothing imports it.
export * from '../committee/committee.server'
