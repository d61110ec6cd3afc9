import type { Migration, MigrationProvider } from 'kysely'
import * as m20261123000000 from './20261123000000_foundation'
import * as m20261123010000 from './20261123010000_duty_lists'
import * as m20261123020000 from './20261123020000_acknowledgements'
import * as m20261123030000 from './20261123030000_evidence_drills'
import * as m20261123040000 from './20261123040000_training_certificates'
import * as m20261123050000 from './20261123050000_obligations'
import * as m20261123060000 from './20261123060000_self_checks'
import * as m20261123070000 from './20261123070000_committee_targets'
import * as m20261123080000 from './20261123080000_status_reports'
import * as m20261123090000 from './20261123090000_supervision'
import * as m20261123100000 from './20261123100000_report_push'
import * as m20261130100000 from './20261130100000_accounts'
import * as m20261130110000 from './20261130110000_trust_authority'
import * as m20261130140000 from './20261130140000_certificate_catalogue'
import * as m20261130150000 from './20261130150000_publication_anchor'
import * as m20261201090000 from './20261201090000_signed_at_birth'
import * as m20261201100000 from './20261201100000_tenant_unique_keys'
import * as m20261201100500 from './20261201100500_drill_participants'
import * as m20261201130000 from './20261201130000_dual_prevention'
import * as m20261202020000 from './20261202020000_hazard_checks'
import * as m20261202030000 from './20261202030000_hazard_statistics'
import * as m20261202040000 from './20261202040000_order_hazards'
import * as m20261202050000 from './20261202050000_leader_ledger'
import * as m20261202060000 from './20261202060000_duty_logs'
import * as m20261202070000 from './20261202070000_enum_checks'
import * as m20261202080000 from './20261202080000_import_chunks'
import * as m20261202090000 from './20261202090000_register_kinds'
import * as m20261202095500 from './20261202095500_evidence_rows_closed'
import * as m20261202110000 from './20261202110000_signer_is_actor'
import * as m20261203010000 from './20261203010000_order_answer_hazards'
import * as m20261203010100 from './20261203010100_check_drafts'
import * as m20261203050000 from './20261203050000_leader_ledger_signer'
import * as m20261204010000 from './20261204010000_checks_quarter_idx'
import * as m20261204030000 from './20261204030000_status_follows_history'
import * as m20261205010000 from './20261205010000_hazard_stats_signed_idx'
import * as m20261205020000 from './20261205020000_major_hazard_list_idx'
import * as m20261205020200 from './20261205020200_regulator_activity_idx'
import * as m20261206010000 from './20261206010000_line_form_keys'
import * as m20261206020000 from './20261206020000_enterprise_flag_state'
import * as m20261207010000 from './20261207010000_duty_log_removed_entries'

// A static provider: FileMigrationProvider's dynamic import of .ts files breaks under bundlers and vitest.
export const migrations: Record<string, Migration> = {
  '20261123000000_foundation': m20261123000000,
  '20261123010000_duty_lists': m20261123010000,
  '20261123020000_acknowledgements': m20261123020000,
  '20261123030000_evidence_drills': m20261123030000,
  '20261123040000_training_certificates': m20261123040000,
  '20261123050000_obligations': m20261123050000,
  '20261123060000_self_checks': m20261123060000,
  '20261123070000_committee_targets': m20261123070000,
  '20261123080000_status_reports': m20261123080000,
  '20261123090000_supervision': m20261123090000,
  '20261123100000_report_push': m20261123100000,
  '20261130100000_accounts': m20261130100000,
  '20261130110000_trust_authority': m20261130110000,
  '20261130140000_certificate_catalogue': m20261130140000,
  '20261130150000_publication_anchor': m20261130150000,
  '20261201090000_signed_at_birth': m20261201090000,
  '20261201100000_tenant_unique_keys': m20261201100000,
  '20261201100500_drill_participants': m20261201100500,
  '20261201130000_dual_prevention': m20261201130000,
  '20261202020000_hazard_checks': m20261202020000,
  '20261202030000_hazard_statistics': m20261202030000,
  '20261202040000_order_hazards': m20261202040000,
  '20261202050000_leader_ledger': m20261202050000,
  '20261202060000_duty_logs': m20261202060000,
  '20261202070000_enum_checks': m20261202070000,
  '20261202080000_import_chunks': m20261202080000,
  '20261202090000_register_kinds': m20261202090000,
  '20261202095500_evidence_rows_closed': m20261202095500,
  '20261202110000_signer_is_actor': m20261202110000,
  '20261203010000_order_answer_hazards': m20261203010000,
  '20261203010100_check_drafts': m20261203010100,
  '20261203050000_leader_ledger_signer': m20261203050000,
  '20261204010000_checks_quarter_idx': m20261204010000,
  '20261204030000_status_follows_history': m20261204030000,
  '20261205010000_hazard_stats_signed_idx': m20261205010000,
  '20261205020000_major_hazard_list_idx': m20261205020000,
  '20261205020200_regulator_activity_idx': m20261205020200,
  '20261206010000_line_form_keys': m20261206010000,
  '20261206020000_enterprise_flag_state': m20261206020000,
  '20261207010000_duty_log_removed_entries': m20261207010000,
}

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations
  },
}
