// The regulator-read log (查阅记录) moved to app/modules/audit/regulator-reads.server.ts, below the
// modules that write it. This re-export keeps the hazards module and the regulator dashboard compiling
// until their in-flight work lands; import from audit instead.
export { logRegulatorRead } from '../audit/regulator-reads.server'
