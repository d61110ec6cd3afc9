// A regulator's scope is decided by their department, which is reference data: it lives in
// app/modules/reference/scope.server.ts, below every module that filters by it (so evidence, supervision,
// reports… no longer import the regulators module that sits above them). This re-export keeps the
// hazards module and the regulator dashboard compiling until their in-flight work lands; import from
// reference instead.
export * from '../reference/scope.server'
