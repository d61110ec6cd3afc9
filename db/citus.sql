-- Distributing the schema on Citus (README, "Running on Citus"). Run once, as the owner, on the
-- coordinator of a Citus cluster after `npm run db:migrate` has created the schema there and before any
-- data is loaded (or with the data: create_distributed_table moves existing rows to the shards).
-- tests/integration/citus-readiness.test.ts checks that every table of the schema is named here once,
-- in an order where each table comes after every table its foreign keys point to.
--
-- Enterprise-owned tables are distributed by enterprise_id and co-located with employees, so every
-- join and foreign key between them stays on one shard. Tables shared by all tenants are reference
-- tables, copied to every node, so a distributed table can join them and point its foreign keys at them.

set citus.multi_shard_modify_mode to 'sequential';
-- the append-only and anchor triggers read and write only their own enterprise's rows on its shard
set citus.enable_unsafe_triggers to on;

-- Reference tables (small, read everywhere; written by the owner or, rarely, by the platform admin).
select create_reference_table('regions');
select create_reference_table('industries');
select create_reference_table('industry_supervisors');
select create_reference_table('departments');
select create_reference_table('certificate_catalogue');
-- the tenant register: 100,000 rows at province scale; replicated, so regulators' dashboards join it
-- locally on every node and each enterprise-owned table points its enterprise_id at it
select create_reference_table('enterprises');

-- Accounts are looked up across tenants (sign-in by 用户名 or 手机号, unique platform-wide), so they
-- cannot be distributed by enterprise. A reference table cannot point at a distributed one: the link
-- from a worker's account to their employee row is kept by the auth module (it creates both in one
-- transaction) instead of by this foreign key.
alter table users drop constraint users_employee_fk;
select create_reference_table('users');
select create_reference_table('sessions');
select create_reference_table('password_resets');
select create_reference_table('push_endpoints');
-- 一岗双责台账 of department leaders: no enterprise in them, a city's leaders × 12 months a year;
-- replicated like the departments and accounts they point at
select create_reference_table('leader_ledger_leaders');
select create_reference_table('leader_ledger_sheets');
select create_reference_table('leader_ledger_entries');
select create_reference_table('leader_ledger_withdrawals');
select create_reference_table('leader_ledger_signatures');
select create_reference_table('leader_ledger_files');

-- Stays on the coordinator: the audit trail spans tenants and the platform, is written once per event
-- and read by the platform; the migrator's bookkeeping is the coordinator's alone.
select citus_add_local_table_to_metadata('audit_events');
select citus_add_local_table_to_metadata('kysely_migration');
select citus_add_local_table_to_metadata('kysely_migration_lock');

-- Distributed by enterprise_id, all co-located with employees.
select create_distributed_table('employees', 'enterprise_id');
-- org_units and posts point at each other (a unit's 分管负责人 post; a post's unit): the unit's link
-- is added back once both are distributed
alter table org_units drop constraint org_units_supervisor_fk;
select create_distributed_table('org_units', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('posts', 'enterprise_id', colocate_with => 'employees');
alter table org_units add constraint org_units_supervisor_fk
  foreign key (enterprise_id, supervisor_post_id) references posts (enterprise_id, id);
select create_distributed_table('assignments', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('duty_list_versions', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('duty_items', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('duty_list_events', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('acknowledgements', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('ledger_heads', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('invitations', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('reminders', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('import_batches', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('import_batch_chunks', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('evidence_files', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('certificates', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('training_sessions', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('training_attendance', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('emergency_plans', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('drills', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('committee_meetings', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('target_agreements', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('obligation_states', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('self_checks', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('status_reports', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('enterprise_report_status', 'enterprise_id', colocate_with => 'employees');
-- The dashboard's kept flag rows follow their sources by trigger. The sources on the shards (report
-- status, orders, 统计分析表) are co-located with the row; enterprises is a reference table, whose trigger
-- would fire on every node's copy and write a distributed table from there: it is dropped, so on Citus
-- a new enterprise, or a change of its 行业 or 所在地区, needs `select refresh_enterprise_flag_state(id)`
-- run by the owner on the coordinator (not yet done by the platform module: not verified on a cluster).
drop trigger enterprise_flag_state_enterprise on enterprises;
select create_distributed_table('enterprise_flag_state', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('report_views', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('report_push_outbox', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('inspections', 'enterprise_id', colocate_with => 'employees');
-- A regulator's order numbers (晋中应急责改〔2026〕N号) run per department across its enterprises, which a
-- key on one shard cannot enforce. The supervision module already draws each number under a
-- per-department advisory lock (taken on the coordinator, through which every transaction passes); on
-- Citus that lock is the guarantee, and the unique index keeps the enterprise in its key.
drop index rectification_orders_document_no_idx;
create unique index rectification_orders_document_no_idx on rectification_orders (enterprise_id, department_id, document_no);
select create_distributed_table('rectification_orders', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('rectification_items', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('rectification_events', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('drill_participants', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('risk_points', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('risks', 'enterprise_id', colocate_with => 'employees');
-- 挂牌督办 numbers run per department like order numbers: drawn under the same kind of per-department
-- advisory lock (hazards module), the unique index keeps the enterprise in its key.
drop index hazards_supervision_no_uq;
create unique index hazards_supervision_no_uq on hazards (enterprise_id, supervision_department_id, supervision_no) where supervision_no is not null;
select create_distributed_table('hazards', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('hazard_events', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('hazard_stat_reports', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('check_plans', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('check_plan_items', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('checks', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('check_results', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('check_drafts', 'enterprise_id', colocate_with => 'employees');
-- 履职记录 and 责任制考核 (app/modules/dutylogs)
select create_distributed_table('assessment_settings', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('duty_log_months', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('duty_log_entries', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('duty_log_removed_entries', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('duty_log_corrections', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('assessments', 'enterprise_id', colocate_with => 'employees');
select create_distributed_table('assessment_scores', 'enterprise_id', colocate_with => 'employees');
