/* wr-server-schema.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-server"

#include "config.h"

#include "wr-server-private.h"

/* The organisation store's schema, as migrations: each entry takes the
 * store from version N to N + 1 and runs in one transaction, which also
 * adds row N + 1 to walkround.schema_version (wr-server.c). Never edit a
 * released entry: add a new one.
 *
 * Everything lives in the schema "walkround", owned by the NOLOGIN role
 * walkround_owner; people log in as roles of their own that are members
 * of walkround_visitor or walkround_quality_team, and row-level security,
 * enabled and forced on every table that holds a visit's data, decides
 * which rows each sees and writes.
 *
 * The tables hold what an evidence pack holds, as the pack merge reads
 * it (src/core/packs/wr-pack-merge.c), so that the store can be merged
 * with by the same rules (src/core/common/wr-merge.c):
 *
 * - visits: one row per visit, by its uuid, naming the role that first
 *   wrote it;
 * - visit_rows: every version of every row of a visit that the store
 *   keeps, named as the merge names it (row_key: "visit", "answer
 *   QUESTION MEMBER REPEAT", "observation UUID"…) with the change that
 *   wrote it (device_id and change_number) and its content as a pack
 *   carries it (the element in the digest's canonical form); NULL content
 *   is a deletion, the row's tombstone. Two versions of one row_key are a
 *   conflict kept, as in a pack's <versions>;
 * - visit_clocks: each visit's clock, the highest change of each device
 *   the store has seen;
 * - attachment_data: photos' bytes, by visit and SHA-256, which a row's
 *   content names but does not hold;
 * - visit_access: which roles are on which visit;
 * - services and forms, which every user of the store sees;
 * - devices: each device, the role it belongs to, whether it is trusted
 *   and when it was revoked.
 *
 * Every table that a device will read changes from has txid, the
 * transaction that last wrote the row (set by a trigger, so no client can
 * choose it).
 */
static const char * const migrations[] = {
  /* 0 → 1: the first schema. */

  /* The group roles are the cluster's, not the database's: made once. */
  "DO $$ BEGIN"
  "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'walkround_owner') THEN"
  "    CREATE ROLE walkround_owner NOLOGIN;"
  "  END IF;"
  "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'walkround_visitor') THEN"
  "    CREATE ROLE walkround_visitor NOLOGIN;"
  "  END IF;"
  "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'walkround_quality_team') THEN"
  "    CREATE ROLE walkround_quality_team NOLOGIN;"
  "  END IF;"
  "  EXECUTE format ('GRANT CONNECT ON DATABASE %I TO walkround_visitor, walkround_quality_team',"
  "                  current_database ());"
  "END $$;"

  /* schema_version was made by wr-server.c, in this transaction. */
  "ALTER SCHEMA walkround OWNER TO walkround_owner;"
  "ALTER TABLE walkround.schema_version OWNER TO walkround_owner;"
  "REVOKE ALL ON SCHEMA walkround FROM PUBLIC;"
  "GRANT USAGE ON SCHEMA walkround TO walkround_visitor, walkround_quality_team;"
  "GRANT SELECT ON walkround.schema_version TO walkround_visitor, walkround_quality_team;"

  /* What follows is made by, and so owned by, walkround_owner. */
  "SET LOCAL ROLE walkround_owner;"

  "CREATE FUNCTION walkround.stamp_txid () RETURNS trigger LANGUAGE plpgsql AS $$"
  "BEGIN"
  "  NEW.txid := pg_catalog.pg_current_xact_id ();"
  "  RETURN NEW;"
  "END $$;"

  "CREATE TABLE walkround.devices ("
  "  device_id  text PRIMARY KEY CHECK (device_id ~ '^[^[:space:]]{1,100}$'),"
  "  role_name  name NOT NULL DEFAULT current_user,"
  "  label      text NOT NULL DEFAULT '',"
  "  trusted    boolean NOT NULL DEFAULT false,"
  "  registered timestamptz NOT NULL DEFAULT now (),"
  "  revoked    timestamptz,"
  "  txid       xid8 NOT NULL"
  ");"
  "CREATE INDEX devices_by_role ON walkround.devices (role_name);"

  "CREATE TABLE walkround.visits ("
  "  uuid       uuid PRIMARY KEY,"
  "  created_by name NOT NULL DEFAULT current_user,"
  "  created    timestamptz NOT NULL DEFAULT now ()"
  ");"

  "CREATE TABLE walkround.visit_access ("
  "  visit_uuid uuid NOT NULL REFERENCES walkround.visits (uuid) ON DELETE CASCADE,"
  "  role_name  name NOT NULL,"
  "  added      timestamptz NOT NULL DEFAULT now (),"
  "  txid       xid8 NOT NULL,"
  "  PRIMARY KEY (visit_uuid, role_name)"
  ");"
  "CREATE INDEX visit_access_by_role ON walkround.visit_access (role_name, visit_uuid);"

  "CREATE TABLE walkround.visit_rows ("
  "  visit_uuid    uuid NOT NULL REFERENCES walkround.visits (uuid) ON DELETE CASCADE,"
  "  row_key       text NOT NULL CHECK (length (row_key) BETWEEN 1 AND 2000),"
  "  device_id     text NOT NULL REFERENCES walkround.devices (device_id),"
  "  change_number bigint NOT NULL CHECK (change_number >= 0),"
  "  content       text,"
  "  pushed        timestamptz NOT NULL DEFAULT now (),"
  "  txid          xid8 NOT NULL,"
  "  PRIMARY KEY (visit_uuid, row_key, device_id, change_number)"
  ");"
  "CREATE INDEX visit_rows_by_txid ON walkround.visit_rows (txid);"

  "CREATE TABLE walkround.visit_clocks ("
  "  visit_uuid uuid NOT NULL REFERENCES walkround.visits (uuid) ON DELETE CASCADE,"
  "  device_id  text NOT NULL REFERENCES walkround.devices (device_id),"
  "  counter    bigint NOT NULL CHECK (counter >= 0),"
  "  txid       xid8 NOT NULL,"
  "  PRIMARY KEY (visit_uuid, device_id)"
  ");"
  "CREATE INDEX visit_clocks_by_txid ON walkround.visit_clocks (txid);"

  "CREATE TABLE walkround.attachment_data ("
  "  visit_uuid uuid NOT NULL REFERENCES walkround.visits (uuid) ON DELETE CASCADE,"
  "  sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),"
  "  data       bytea NOT NULL,"
  "  device_id  text NOT NULL REFERENCES walkround.devices (device_id),"
  "  txid       xid8 NOT NULL,"
  "  PRIMARY KEY (visit_uuid, sha256)"
  ");"

  /* A service and a form as a pack carries them: the element, and the
   * form's file as written. A form id and version name one text only.
   */
  "CREATE TABLE walkround.services ("
  "  uuid      uuid PRIMARY KEY,"
  "  content   text NOT NULL,"
  "  modified  text NOT NULL,"
  "  device_id text NOT NULL REFERENCES walkround.devices (device_id),"
  "  txid      xid8 NOT NULL"
  ");"
  "CREATE INDEX services_by_txid ON walkround.services (txid);"

  "CREATE TABLE walkround.forms ("
  "  form_id   text NOT NULL,"
  "  version   integer NOT NULL CHECK (version > 0),"
  "  sha256    text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),"
  "  content   text NOT NULL,"
  "  device_id text NOT NULL REFERENCES walkround.devices (device_id),"
  "  txid      xid8 NOT NULL,"
  "  PRIMARY KEY (form_id, version)"
  ");"

  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.devices"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"
  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.visit_access"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"
  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.visit_rows"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"
  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.visit_clocks"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"
  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.attachment_data"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"
  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.services"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"
  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.forms"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"

  /* Who first wrote a visit, whoever asks: the one role that may put
   * itself on the visit's team. It runs as walkround_owner, which reads
   * every visit by a policy of its own.
   */
  "CREATE FUNCTION walkround.visit_creator (visit uuid) RETURNS name"
  "  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$"
  "  SELECT created_by FROM walkround.visits WHERE uuid = visit"
  "$$;"
  "REVOKE ALL ON FUNCTION walkround.visit_creator (uuid) FROM PUBLIC;"
  "GRANT EXECUTE ON FUNCTION walkround.visit_creator (uuid) TO walkround_visitor, walkround_quality_team;"

  /* Row-level security, forced so that it holds for the owner too. */
  "ALTER TABLE walkround.devices ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.devices FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visits ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visits FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visit_access ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visit_access FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visit_rows ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visit_rows FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visit_clocks ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visit_clocks FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.attachment_data ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.attachment_data FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.services ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.services FORCE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.forms ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.forms FORCE ROW LEVEL SECURITY;"

  /* Devices: each role sees its own, the quality team every one. A role
   * may register a device of its own, untrusted; the quality team
   * registers, trusts and revokes any.
   */
  "CREATE POLICY devices_read ON walkround.devices FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (role_name = current_user OR pg_has_role ('walkround_quality_team', 'MEMBER'));"
  "CREATE POLICY devices_register ON walkround.devices FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "              OR (role_name = current_user AND NOT trusted AND revoked IS NULL));"
  "CREATE POLICY devices_manage ON walkround.devices FOR UPDATE"
  "  TO walkround_quality_team USING (true) WITH CHECK (true);"

  /* Visits: a role sees those it is on, the quality team every one. */
  "CREATE POLICY visits_read ON walkround.visits FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "         OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                    WHERE a.visit_uuid = visits.uuid AND a.role_name = current_user));"
  "CREATE POLICY visits_add ON walkround.visits FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (created_by = current_user);"
  "CREATE POLICY visits_owner ON walkround.visits FOR SELECT"
  "  TO walkround_owner USING (true);"

  /* Who is on a visit: a role sees its own places, the quality team
   * every one. A role puts only itself on a visit, and only one it
   * created; the quality team puts anyone on any.
   */
  "CREATE POLICY visit_access_read ON walkround.visit_access FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (role_name = current_user OR pg_has_role ('walkround_quality_team', 'MEMBER'));"
  "CREATE POLICY visit_access_add ON walkround.visit_access FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "              OR (role_name = current_user AND walkround.visit_creator (visit_uuid) = current_user));"
  "CREATE POLICY visit_access_remove ON walkround.visit_access FOR DELETE"
  "  TO walkround_quality_team USING (true);"

  /* A visit's rows, clock and photos: seen by whoever sees the visit;
   * written only by a trusted, unrevoked device of the writing role, on
   * a visit it sees.
   */
  "CREATE POLICY visit_rows_read ON walkround.visit_rows FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "         OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                    WHERE a.visit_uuid = visit_rows.visit_uuid AND a.role_name = current_user));"
  "CREATE POLICY visit_rows_write ON walkround.visit_rows FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = visit_rows.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL)"
  "              AND (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "                   OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                              WHERE a.visit_uuid = visit_rows.visit_uuid AND a.role_name = current_user)));"

  "CREATE POLICY visit_clocks_read ON walkround.visit_clocks FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "         OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                    WHERE a.visit_uuid = visit_clocks.visit_uuid AND a.role_name = current_user));"
  "CREATE POLICY visit_clocks_add ON walkround.visit_clocks FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = visit_clocks.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL)"
  "              AND (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "                   OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                              WHERE a.visit_uuid = visit_clocks.visit_uuid AND a.role_name = current_user)));"
  "CREATE POLICY visit_clocks_advance ON walkround.visit_clocks FOR UPDATE"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "         OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                    WHERE a.visit_uuid = visit_clocks.visit_uuid AND a.role_name = current_user))"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = visit_clocks.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL));"

  "CREATE POLICY attachment_data_read ON walkround.attachment_data FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "         OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                    WHERE a.visit_uuid = attachment_data.visit_uuid AND a.role_name = current_user));"
  "CREATE POLICY attachment_data_write ON walkround.attachment_data FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = attachment_data.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL)"
  "              AND (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "                   OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                              WHERE a.visit_uuid = attachment_data.visit_uuid AND a.role_name = current_user)));"

  /* Services and forms: everyone sees them; a trusted device writes them. */
  "CREATE POLICY services_read ON walkround.services FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team USING (true);"
  "CREATE POLICY services_add ON walkround.services FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = services.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL));"
  "CREATE POLICY services_change ON walkround.services FOR UPDATE"
  "  TO walkround_visitor, walkround_quality_team USING (true)"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = services.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL));"
  "CREATE POLICY forms_read ON walkround.forms FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team USING (true);"
  "CREATE POLICY forms_add ON walkround.forms FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = forms.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL));"

  /* What each group may do at all; the policies above narrow it to rows. */
  "GRANT SELECT, INSERT ON walkround.devices TO walkround_visitor, walkround_quality_team;"
  "GRANT UPDATE ON walkround.devices TO walkround_quality_team;"
  "GRANT SELECT, INSERT ON walkround.visits TO walkround_visitor, walkround_quality_team;"
  "GRANT SELECT, INSERT ON walkround.visit_access TO walkround_visitor, walkround_quality_team;"
  "GRANT DELETE ON walkround.visit_access TO walkround_quality_team;"
  "GRANT SELECT, INSERT ON walkround.visit_rows TO walkround_visitor, walkround_quality_team;"
  "GRANT SELECT, INSERT, UPDATE ON walkround.visit_clocks TO walkround_visitor, walkround_quality_team;"
  "GRANT SELECT, INSERT ON walkround.attachment_data TO walkround_visitor, walkround_quality_team;"
  "GRANT SELECT, INSERT, UPDATE ON walkround.services TO walkround_visitor, walkround_quality_team;"
  "GRANT SELECT, INSERT ON walkround.forms TO walkround_visitor, walkround_quality_team;",

  /* 1 → 2: what devices sync (wr-server-sync.c). A copy is one visit as
   * a device had it, written as a pack of that visit alone and signed by
   * the device: its rows with their history, its form and its service,
   * which a device pulling it imports, and so merges, as any pack. It is
   * named by the visit and the visit's digest, so that pushing the same
   * state twice, or from two devices that have both merged it, keeps one
   * copy. Seen as visit_rows are; written only by a trusted, unrevoked
   * device of the writing role, on a visit it sees; never changed.
   */
  "SET LOCAL ROLE walkround_owner;"
  "CREATE TABLE walkround.visit_copies ("
  "  visit_uuid uuid NOT NULL REFERENCES walkround.visits (uuid) ON DELETE CASCADE,"
  "  digest     text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),"
  "  device_id  text NOT NULL REFERENCES walkround.devices (device_id),"
  "  content    bytea NOT NULL,"
  "  pushed     timestamptz NOT NULL DEFAULT now (),"
  "  txid       xid8 NOT NULL,"
  "  PRIMARY KEY (visit_uuid, digest)"
  ");"
  "CREATE INDEX visit_copies_by_txid ON walkround.visit_copies (txid);"
  "CREATE TRIGGER stamp_txid BEFORE INSERT OR UPDATE ON walkround.visit_copies"
  "  FOR EACH ROW EXECUTE FUNCTION walkround.stamp_txid ();"
  "ALTER TABLE walkround.visit_copies ENABLE ROW LEVEL SECURITY;"
  "ALTER TABLE walkround.visit_copies FORCE ROW LEVEL SECURITY;"
  "CREATE POLICY visit_copies_read ON walkround.visit_copies FOR SELECT"
  "  TO walkround_visitor, walkround_quality_team"
  "  USING (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "         OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                    WHERE a.visit_uuid = visit_copies.visit_uuid AND a.role_name = current_user));"
  "CREATE POLICY visit_copies_write ON walkround.visit_copies FOR INSERT"
  "  TO walkround_visitor, walkround_quality_team"
  "  WITH CHECK (EXISTS (SELECT 1 FROM walkround.devices d"
  "                      WHERE d.device_id = visit_copies.device_id AND d.role_name = current_user"
  "                        AND d.trusted AND d.revoked IS NULL)"
  "              AND (pg_has_role ('walkround_quality_team', 'MEMBER')"
  "                   OR EXISTS (SELECT 1 FROM walkround.visit_access a"
  "                              WHERE a.visit_uuid = visit_copies.visit_uuid AND a.role_name = current_user)));"
  "GRANT SELECT, INSERT ON walkround.visit_copies TO walkround_visitor, walkround_quality_team;",
};

guint
_wr_server_schema_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
_wr_server_schema_get_migration (guint from_version)
{
  g_return_val_if_fail (from_version < G_N_ELEMENTS (migrations), NULL);

  return migrations[from_version];
}
