import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_foundation } from './Migration20261128000000_foundation.js';
import { Migration20261128010000_api_keys } from './Migration20261128010000_api_keys.js';
import { Migration20261128020000_self_service_and_org } from './Migration20261128020000_self_service_and_org.js';
import { Migration20261128030000_org_admin_indexes } from './Migration20261128030000_org_admin_indexes.js';
import { Migration20261202500000_custom_roles_scim_service_accounts } from './Migration20261202500000_custom_roles_scim_service_accounts.js';
import { Migration20261203110000_rate_limit_key_secret } from './Migration20261203110000_rate_limit_key_secret.js';
import { Migration20261203120000_team_name_any_case } from './Migration20261203120000_team_name_any_case.js';
import { Migration20261203121000_wide_client_addresses } from './Migration20261203121000_wide_client_addresses.js';
import { Migration20261203200000_job_queue } from './Migration20261203200000_job_queue.js';
import { Migration20261203400000_link_tokens } from './Migration20261203400000_link_tokens.js';
import { Migration20261204100000_mfa } from './Migration20261204100000_mfa.js';
import { Migration20261204150000_passkeys } from './Migration20261204150000_passkeys.js';
import { Migration20261204300000_audit_subject } from './Migration20261204300000_audit_subject.js';

/**
 * Every migration, in order. Listed explicitly (not globbed from disk) so they run the same from
 * TypeScript sources under Vitest and from compiled JavaScript in production.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000000_foundation', class: Migration20261128000000_foundation },
  { name: 'Migration20261128010000_api_keys', class: Migration20261128010000_api_keys },
  { name: 'Migration20261128020000_self_service_and_org', class: Migration20261128020000_self_service_and_org },
  { name: 'Migration20261128030000_org_admin_indexes', class: Migration20261128030000_org_admin_indexes },
  {
    name: 'Migration20261202500000_custom_roles_scim_service_accounts',
    class: Migration20261202500000_custom_roles_scim_service_accounts,
  },
  { name: 'Migration20261203110000_rate_limit_key_secret', class: Migration20261203110000_rate_limit_key_secret },
  { name: 'Migration20261203120000_team_name_any_case', class: Migration20261203120000_team_name_any_case },
  { name: 'Migration20261203121000_wide_client_addresses', class: Migration20261203121000_wide_client_addresses },
  { name: 'Migration20261203200000_job_queue', class: Migration20261203200000_job_queue },
  { name: 'Migration20261203400000_link_tokens', class: Migration20261203400000_link_tokens },
  { name: 'Migration20261204100000_mfa', class: Migration20261204100000_mfa },
  { name: 'Migration20261204150000_passkeys', class: Migration20261204150000_passkeys },
  { name: 'Migration20261204300000_audit_subject', class: Migration20261204300000_audit_subject },
];
