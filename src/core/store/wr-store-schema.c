/* wr-store-schema.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-store"

#include "config.h"

#include "wr-store-private.h"

/* Each entry takes the database from version N to N + 1 and runs in one
 * transaction with the new PRAGMA user_version. Never edit a released entry:
 * add a new one.
 *
 * Conventions: times are ISO 8601 with the local offset at the moment of
 * capture; dates are YYYY-MM-DD; uuid columns identify rows across devices
 * (evidence packs merge by them), integer ids only within this file;
 * 'deleted' holds the time of a deletion that can still be undone.
 */
static const char * const migrations[] = {
  /* 0 → 1: the first schema. */
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") STRICT;"

  "CREATE TABLE services ("
  "  id              INTEGER PRIMARY KEY,"
  "  uuid            TEXT NOT NULL UNIQUE,"
  "  name            TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  directorate     TEXT NOT NULL DEFAULT '',"
  "  site            TEXT NOT NULL DEFAULT '',"
  "  type            TEXT NOT NULL DEFAULT '',"
  "  cqc_location_id TEXT NOT NULL DEFAULT '',"
  "  archived        INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  "  created         TEXT NOT NULL,"
  "  modified        TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX services_by_name ON services (name COLLATE NOCASE);"

  "CREATE TABLE visits ("
  "  id           INTEGER PRIMARY KEY,"
  "  uuid         TEXT NOT NULL UNIQUE,"
  "  kind         TEXT NOT NULL CHECK (kind IN ('quality-visit', 'ned-visit', 'fifteen-steps',"
  "                                             'self-assessment', 'custom')),"
  "  form_id      TEXT NOT NULL,"
  "  form_version INTEGER NOT NULL CHECK (form_version > 0),"
  "  form_sha256  TEXT NOT NULL,"
  "  service_id   INTEGER NOT NULL REFERENCES services (id),"
  "  started      TEXT NOT NULL,"
  "  start_date   TEXT NOT NULL,"
  "  ended        TEXT,"
  "  status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed')),"
  "  revision     INTEGER NOT NULL DEFAULT 1 CHECK (revision > 0),"
  "  device_id    TEXT NOT NULL,"
  "  created      TEXT NOT NULL,"
  "  modified     TEXT NOT NULL,"
  "  deleted      TEXT"
  ") STRICT;"
  "CREATE INDEX visits_by_date ON visits (start_date, started);"
  "CREATE INDEX visits_by_service ON visits (service_id, start_date);"
  "CREATE INDEX visits_by_modified ON visits (modified);"

  "CREATE TABLE team_members ("
  "  id       INTEGER PRIMARY KEY,"
  "  visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  uuid     TEXT NOT NULL UNIQUE,"
  "  name     TEXT NOT NULL CHECK (length (trim (name)) > 0),"
  "  role     TEXT NOT NULL,"
  "  position INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX team_members_by_visit ON team_members (visit_id, position);"

  /* One instance of a repeatable section: once per person spoken to, per room… */
  "CREATE TABLE repeats ("
  "  id         INTEGER PRIMARY KEY,"
  "  visit_id   INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  section_id TEXT NOT NULL,"
  "  uuid       TEXT NOT NULL UNIQUE,"
  "  position   INTEGER NOT NULL,"
  "  modified   TEXT NOT NULL,"
  "  deleted    TEXT"
  ") STRICT;"
  "CREATE INDEX repeats_by_visit ON repeats (visit_id, section_id, position);"

  /* member_uuid is '' for the team's answer, repeat_uuid '' outside repeats.
   * Each answer keeps its own time and device so that packs from a team's
   * several devices can later merge answer by answer.
   */
  "CREATE TABLE answers ("
  "  id          INTEGER PRIMARY KEY,"
  "  visit_id    INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  question_id TEXT NOT NULL,"
  "  member_uuid TEXT NOT NULL DEFAULT '',"
  "  repeat_uuid TEXT NOT NULL DEFAULT '',"
  "  value       TEXT,"
  "  comment     TEXT NOT NULL DEFAULT '',"
  "  free_text   INTEGER NOT NULL DEFAULT 0 CHECK (free_text IN (0, 1)),"
  "  modified    TEXT NOT NULL,"
  "  device_id   TEXT NOT NULL,"
  "  UNIQUE (visit_id, question_id, member_uuid, repeat_uuid)"
  ") STRICT;"

  "CREATE TABLE observations ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  visit_id    INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  question_id TEXT NOT NULL DEFAULT '',"
  "  member_uuid TEXT NOT NULL DEFAULT '',"
  "  repeat_uuid TEXT NOT NULL DEFAULT '',"
  "  text        TEXT NOT NULL,"
  "  kind        TEXT NOT NULL CHECK (kind IN ('good-practice', 'concern', 'think-about', 'idea', 'quote')),"
  "  voice       TEXT NOT NULL DEFAULT '' CHECK (voice IN ('', 'patient', 'carer', 'staff', 'visitor')),"
  "  category    TEXT NOT NULL DEFAULT '',"
  "  created     TEXT NOT NULL,"
  "  modified    TEXT NOT NULL,"
  "  device_id   TEXT NOT NULL,"
  "  deleted     TEXT"
  ") STRICT;"
  "CREATE INDEX observations_by_visit ON observations (visit_id);"

  /* Evidence links of an observation: a regulation ('12', '9A'), a quality
   * statement id, a key question or a 15 Steps theme.
   */
  "CREATE TABLE observation_links ("
  "  observation_id INTEGER NOT NULL REFERENCES observations (id) ON DELETE CASCADE,"
  "  kind           TEXT NOT NULL CHECK (kind IN ('regulation', 'statement', 'key-question', 'theme')),"
  "  ref            TEXT NOT NULL,"
  "  PRIMARY KEY (observation_id, kind, ref)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX observation_links_by_ref ON observation_links (kind, ref);"

  "CREATE TABLE actions ("
  "  id               INTEGER PRIMARY KEY,"
  "  uuid             TEXT NOT NULL UNIQUE,"
  "  visit_id         INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  text             TEXT NOT NULL CHECK (length (trim (text)) > 0),"
  "  owner            TEXT NOT NULL DEFAULT '',"
  "  due              TEXT,"
  "  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),"
  "  observation_uuid TEXT NOT NULL DEFAULT '',"
  "  question_id      TEXT NOT NULL DEFAULT '',"
  "  created          TEXT NOT NULL,"
  "  modified         TEXT NOT NULL,"
  "  device_id        TEXT NOT NULL,"
  "  deleted          TEXT"
  ") STRICT;"
  "CREATE INDEX actions_by_visit ON actions (visit_id);"
  "CREATE INDEX actions_by_status ON actions (status, due);"

  "CREATE TABLE attachments ("
  "  id          INTEGER PRIMARY KEY,"
  "  uuid        TEXT NOT NULL UNIQUE,"
  "  visit_id    INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  question_id TEXT NOT NULL DEFAULT '',"
  "  file_name   TEXT NOT NULL DEFAULT '',"
  "  media_type  TEXT NOT NULL,"
  "  size        INTEGER NOT NULL CHECK (size >= 0),"
  "  sha256      TEXT NOT NULL,"
  "  caption     TEXT NOT NULL DEFAULT '',"
  "  data        BLOB NOT NULL,"
  "  created     TEXT NOT NULL,"
  "  modified    TEXT NOT NULL,"
  "  device_id   TEXT NOT NULL,"
  "  deleted     TEXT"
  ") STRICT;"
  "CREATE INDEX attachments_by_visit ON attachments (visit_id, question_id);"

  /* What changed, from what to what, who and when. Nothing may change or
   * remove a row once written.
   */
  "CREATE TABLE audit_log ("
  "  id         INTEGER PRIMARY KEY,"
  "  at         TEXT NOT NULL,"
  "  who        TEXT NOT NULL,"
  "  device_id  TEXT NOT NULL,"
  "  visit_uuid TEXT NOT NULL DEFAULT '',"
  "  entity     TEXT NOT NULL,"
  "  entity_id  TEXT NOT NULL,"
  "  field      TEXT NOT NULL,"
  "  old_value  TEXT,"
  "  new_value  TEXT"
  ") STRICT;"
  "CREATE INDEX audit_log_by_visit ON audit_log (visit_uuid, id);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log cannot be changed'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log cannot be changed'); END;"

  /* Full-text search over what visitors wrote: observation text, answer
   * comments and free-text answers. Row ids: 2 × observation id for an
   * observation, 2 × answer id + 1 for an answer.
   */
  "CREATE VIRTUAL TABLE text_index USING fts5 ("
  "  body, visit_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER observations_index_insert AFTER INSERT ON observations BEGIN"
  "  INSERT INTO text_index (rowid, body, visit_id) VALUES (new.id * 2, new.text, new.visit_id);"
  "END;"
  "CREATE TRIGGER observations_index_update AFTER UPDATE OF text ON observations BEGIN"
  "  UPDATE text_index SET body = new.text WHERE rowid = new.id * 2;"
  "END;"
  "CREATE TRIGGER observations_index_delete AFTER DELETE ON observations BEGIN"
  "  DELETE FROM text_index WHERE rowid = old.id * 2;"
  "END;"
  "CREATE TRIGGER answers_index_insert AFTER INSERT ON answers BEGIN"
  "  INSERT INTO text_index (rowid, body, visit_id)"
  "    VALUES (new.id * 2 + 1,"
  "            new.comment || CASE WHEN new.free_text THEN ' ' || ifnull (new.value, '') ELSE '' END,"
  "            new.visit_id);"
  "END;"
  "CREATE TRIGGER answers_index_update AFTER UPDATE OF value, comment, free_text ON answers BEGIN"
  "  UPDATE text_index"
  "    SET body = new.comment || CASE WHEN new.free_text THEN ' ' || ifnull (new.value, '') ELSE '' END"
  "    WHERE rowid = new.id * 2 + 1;"
  "END;"
  "CREATE TRIGGER answers_index_delete AFTER DELETE ON answers BEGIN"
  "  DELETE FROM text_index WHERE rowid = old.id * 2 + 1;"
  "END;",

  /* 1 → 2: the store keeps the full-text index itself, and for answers
   * only those with words in them. Most answers are a choice with no
   * comment; each was given an empty entry, and every insert through a
   * trigger made the full-text index keep a savepoint: most of the time of
   * saving many rows. Deleting a row still removes its entry.
   */
  "DROP TRIGGER answers_index_insert;"
  "DROP TRIGGER answers_index_update;"
  "DROP TRIGGER observations_index_insert;"
  "DROP TRIGGER observations_index_update;"
  "DELETE FROM text_index WHERE rowid IN"
  "  (SELECT id * 2 + 1 FROM answers WHERE comment = '' AND NOT (free_text AND value IS NOT NULL));",

  /* 2 → 3: the lists of 100 000 visits and their actions. A covering index
   * lets the visits list filter and order without reading the table; the
   * answered count reads an index of answered answers only; team names
   * get a full-text index of their own, so search never scans every team
   * member; the actions list reads its filters from an index too.
   */
  "CREATE INDEX visits_list ON visits (start_date, started, kind, status, service_id, form_id)"
  "  WHERE deleted IS NULL;"
  "CREATE INDEX answers_answered ON answers (visit_id) WHERE value IS NOT NULL;"
  "CREATE INDEX actions_list ON actions (status, due, visit_id, owner) WHERE deleted IS NULL;"
  "CREATE VIRTUAL TABLE people_index USING fts5 ("
  "  name, visit_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "INSERT INTO people_index (rowid, name, visit_id) SELECT id, name, visit_id FROM team_members;"
  "CREATE TRIGGER team_members_index_delete AFTER DELETE ON team_members BEGIN"
  "  DELETE FROM people_index WHERE rowid = old.id;"
  "END;",

  /* 3 → 4: each order of the lists gets a covering index that reads in
   * that order, the row id included, so no list of 100 000 rows is
   * sorted. Some columns are descending: an index is read one way only.
   * Deleted visits are few; an index of them lets the actions list leave
   * their actions out without looking each action's visit up.
   */
  "DROP INDEX visits_list;"
  "CREATE INDEX visits_list_by_date ON visits (start_date, started, id, kind, status, service_id, form_id)"
  "  WHERE deleted IS NULL;"
  "CREATE INDEX visits_list_by_service ON visits (service_id, start_date, id, kind, status, form_id)"
  "  WHERE deleted IS NULL;"
  "CREATE INDEX visits_list_by_kind ON visits (kind, start_date DESC, id DESC, status, service_id, form_id)"
  "  WHERE deleted IS NULL;"
  "CREATE INDEX visits_list_by_status ON visits (status, start_date DESC, id DESC, kind, service_id, form_id)"
  "  WHERE deleted IS NULL;"
  "CREATE INDEX visits_deleted ON visits (id) WHERE deleted IS NOT NULL;"
  "DROP INDEX actions_list;"
  "CREATE INDEX actions_list_by_due ON actions (due IS NULL, due, id, status, owner, visit_id)"
  "  WHERE deleted IS NULL;"
  "CREATE INDEX actions_list_by_created ON actions (created, id, status, due, owner, visit_id)"
  "  WHERE deleted IS NULL;",

  /* 4 → 5: a text search gives the visits without reading the index's
   * stored columns. Each entry's row id is its visit's id × 2³² plus its
   * entry number of before (2 × observation id, 2 × answer id + 1), so a
   * match's visit is its row id >> 32. The entries are copied as they were.
   * Search is by prefix as the user types ("call bel"); a prefix index of
   * 3 and 4 characters saves merging every word that starts so, at the
   * cost of a larger index. One merged segment to start with.
   */
  "DROP TRIGGER observations_index_delete;"
  "DROP TRIGGER answers_index_delete;"
  "ALTER TABLE text_index RENAME TO text_index_4;"
  "CREATE VIRTUAL TABLE text_index USING fts5 ("
  "  body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4'"
  ");"
  "INSERT INTO text_index (rowid, body)"
  "  SELECT (visit_id << 32) | rowid, body FROM text_index_4 ORDER BY 1;"
  "INSERT INTO text_index (text_index) VALUES ('optimize');"
  "DROP TABLE text_index_4;"
  "CREATE TRIGGER observations_index_delete AFTER DELETE ON observations BEGIN"
  "  DELETE FROM text_index WHERE rowid = (old.visit_id << 32) | (old.id * 2);"
  "END;"
  "CREATE TRIGGER answers_index_delete AFTER DELETE ON answers BEGIN"
  "  DELETE FROM text_index WHERE rowid = (old.visit_id << 32) | (old.id * 2 + 1);"
  "END;",

  /* 5 → 6: how far a visit has got, as the visit page counts it (required
   * questions shown, and how many of them are answered), kept so that the
   * visits list can show it without the form. Counting needs the form's
   * conditions, so the store cannot do it: NULL until a visit is next opened.
   */
  "ALTER TABLE visits ADD COLUMN n_answered INTEGER CHECK (n_answered >= 0);"
  "ALTER TABLE visits ADD COLUMN n_required INTEGER CHECK (n_required >= 0);",

  /* 6 → 7: a visit that an evidence pack holds at the same revision as
   * ours but with other content is a conflict. Ours stays in the visit
   * tables; theirs is kept here, as the pack's <visit> element (XML, its
   * attachments' bytes included), until the user chooses a side. The same
   * content is kept once, however often the pack is imported.
   */
  "CREATE TABLE conflicts ("
  "  id         INTEGER PRIMARY KEY,"
  "  visit_uuid TEXT NOT NULL,"
  "  revision   INTEGER NOT NULL CHECK (revision > 0),"
  "  digest     TEXT NOT NULL,"
  "  content    TEXT NOT NULL,"
  "  detected   TEXT NOT NULL,"
  "  source     TEXT NOT NULL DEFAULT '',"
  "  UNIQUE (visit_uuid, digest)"
  ") STRICT;",

  /* 7 → 8: the digests of every content of a visit that this database has
   * taken from a pack (imported, or chosen in a conflict) or turned down in
   * a conflict. Drafts change without a new revision, so at one revision a
   * pack's other content is a conflict only if both sides changed: content
   * seen before is old news, and if ours is still content we took, theirs
   * is simply newer.
   */
  "CREATE TABLE seen_digests ("
  "  visit_uuid TEXT NOT NULL,"
  "  digest     TEXT NOT NULL,"
  "  PRIMARY KEY (visit_uuid, digest)"
  ") STRICT, WITHOUT ROWID;",

  /* 8 → 9: the checks of a kind or status against a list, rewritten (see
   * rewrites below); nothing else.
   */
  "",

  /* 9 → 10: each visit's compliance score, overall and per section, as its
   * form scores it (N/A and hidden answers left out), and its answers of
   * concern (below), kept so that lists,
   * reports and the year's figures need not evaluate forms. met and
   * applicable are sums of weights; a visit or section with nothing
   * applicable has no score (NULL overall, no section row), which is not
   * 0%. Scoring needs the form's conditions, which the store cannot
   * evaluate: scores_known is 0 until the visit is scored, which
   * wr_visit_scores_fill() does for every such visit when Walkround next
   * opens the database, and after each import.
   */
  "ALTER TABLE visits ADD COLUMN score_met REAL CHECK (score_met >= 0);"
  "ALTER TABLE visits ADD COLUMN score_applicable REAL CHECK (score_applicable > 0);"
  "ALTER TABLE visits ADD COLUMN scores_known INTEGER NOT NULL DEFAULT 0 CHECK (scores_known = 0 OR scores_known = 1);"
  "CREATE INDEX visits_unscored ON visits (id) WHERE scores_known = 0;"
  "CREATE TABLE section_scores ("
  "  visit_id   INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  position   INTEGER NOT NULL,"
  "  section_id TEXT NOT NULL,"
  "  met        REAL NOT NULL CHECK (met >= 0),"
  "  applicable REAL NOT NULL CHECK (applicable > 0),"
  "  PRIMARY KEY (visit_id, position)"
  ") STRICT, WITHOUT ROWID;"
  /* The answers of concern, kept with the scores: each scored answer shown
   * and not met, once per regulation, quality statement or key question
   * its question is linked to, so that the evidence by regulation counts
   * them without the forms. repeat_index is the filling of a repeatable
   * section, from 0.
   */
  "CREATE TABLE unmet_answers ("
  "  visit_id     INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  question_id  TEXT NOT NULL,"
  "  repeat_index INTEGER NOT NULL,"
  "  kind         TEXT NOT NULL CHECK (kind = 'regulation' OR kind = 'statement' OR kind = 'key-question'),"
  "  ref          TEXT NOT NULL,"
  "  PRIMARY KEY (visit_id, question_id, repeat_index, kind, ref)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX unmet_answers_by_ref ON unmet_answers (kind, ref);",

  /* 10 → 11: support requests and reviews, rows of a visit like its
   * actions: a uuid, a modified time and a device each, so that packs can
   * later merge them row by row.
   *
   * A support request is a practice asking for support in a domain of its
   * self-assessment (a form section marked request-support): section_id
   * and domain are the section's, text what was asked, requested when.
   * The team follows it up: status new, in-progress, given or closed, and
   * an owner. Turning the switch off deletes the row ('deleted').
   *
   * A review is the quality team's verdict on a completed visit: approved
   * or returned, with comments, by whom and when. Each review is a row of
   * its own; the latest is the visit's review.
   */
  "CREATE TABLE support_requests ("
  "  id         INTEGER PRIMARY KEY,"
  "  uuid       TEXT NOT NULL UNIQUE,"
  "  visit_id   INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  section_id TEXT NOT NULL,"
  "  domain     TEXT NOT NULL DEFAULT '',"
  "  text       TEXT NOT NULL DEFAULT '',"
  "  requested  TEXT NOT NULL,"
  "  status     TEXT NOT NULL DEFAULT 'new'"
  "             CHECK (status = 'new' OR status = 'in-progress' OR status = 'given' OR status = 'closed'),"
  "  owner      TEXT NOT NULL DEFAULT '',"
  "  created    TEXT NOT NULL,"
  "  modified   TEXT NOT NULL,"
  "  device_id  TEXT NOT NULL,"
  "  deleted    TEXT"
  ") STRICT;"
  "CREATE INDEX support_requests_by_visit ON support_requests (visit_id, section_id);"
  "CREATE INDEX support_requests_list ON support_requests (requested, id) WHERE deleted IS NULL;"
  "CREATE TABLE reviews ("
  "  id        INTEGER PRIMARY KEY,"
  "  uuid      TEXT NOT NULL UNIQUE,"
  "  visit_id  INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  decision  TEXT NOT NULL CHECK (decision = 'approved' OR decision = 'returned'),"
  "  reviewer  TEXT NOT NULL DEFAULT '',"
  "  comment   TEXT NOT NULL DEFAULT '',"
  "  created   TEXT NOT NULL,"
  "  modified  TEXT NOT NULL,"
  "  device_id TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX reviews_by_visit ON reviews (visit_id, created);",

  /* 11 → 12: an action raised in a repeatable section belongs to that
   * filling of it, as an observation does: repeat_uuid, '' outside
   * repeats. Actions raised there before have '' (which filling they were
   * about was not kept), and the visit page lists them at the end.
   */
  "ALTER TABLE actions ADD COLUMN repeat_uuid TEXT NOT NULL DEFAULT '';",

  /* 12 → 13: causal histories, for merging a visit row by row (see
   * src/core/common/wr-merge.c). Each change to a visit on this device
   * takes the next number of visit_clocks' row for this device; every row
   * it writes records that number in change_number, with the device in
   * device_id (a visit's own fields: change_device, since its device_id is
   * the device that created it). visit_clocks holds, for each device, the
   * highest change of it this copy of the visit has seen. Rows written
   * before have number 0, and each device that wrote them is in the clock
   * at 0.
   *
   * Team members gain what other rows have: a modified time, a device,
   * and a deletion kept rather than the row dropped, since a deletion is
   * a change that must travel. Repeats gain a device.
   *
   * row_versions keeps the other versions of a row in conflict (the shown
   * one is in its own table): row_key names the row as wr-merge.c does,
   * content is the row as a pack carries it (NULL for a deletion).
   */
  "ALTER TABLE visits ADD COLUMN change_device TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE visits ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "UPDATE visits SET change_device = device_id;"
  "ALTER TABLE team_members ADD COLUMN modified TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE team_members ADD COLUMN device_id TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE team_members ADD COLUMN deleted TEXT;"
  "UPDATE team_members SET (modified, device_id) = (SELECT v.modified, v.device_id FROM visits v WHERE v.id = visit_id);"
  "ALTER TABLE repeats ADD COLUMN device_id TEXT NOT NULL DEFAULT '';"
  "UPDATE repeats SET device_id = (SELECT v.device_id FROM visits v WHERE v.id = visit_id);"
  "ALTER TABLE team_members ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "ALTER TABLE repeats ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "ALTER TABLE answers ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "ALTER TABLE observations ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "ALTER TABLE actions ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "ALTER TABLE attachments ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "ALTER TABLE support_requests ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "ALTER TABLE reviews ADD COLUMN change_number INTEGER NOT NULL DEFAULT 0 CHECK (change_number >= 0);"
  "CREATE TABLE visit_clocks ("
  "  visit_id  INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  device_id TEXT NOT NULL,"
  "  counter   INTEGER NOT NULL CHECK (counter >= 0),"
  "  PRIMARY KEY (visit_id, device_id)"
  ") STRICT, WITHOUT ROWID;"
  "INSERT OR IGNORE INTO visit_clocks (visit_id, device_id, counter)"
  "  SELECT id, change_device, 0 FROM visits"
  "  UNION SELECT visit_id, device_id, 0 FROM team_members"
  "  UNION SELECT visit_id, device_id, 0 FROM repeats"
  "  UNION SELECT visit_id, device_id, 0 FROM answers"
  "  UNION SELECT visit_id, device_id, 0 FROM observations"
  "  UNION SELECT visit_id, device_id, 0 FROM actions"
  "  UNION SELECT visit_id, device_id, 0 FROM attachments"
  "  UNION SELECT visit_id, device_id, 0 FROM support_requests"
  "  UNION SELECT visit_id, device_id, 0 FROM reviews;"
  "CREATE TABLE row_versions ("
  "  id            INTEGER PRIMARY KEY,"
  "  visit_id      INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  row_key       TEXT NOT NULL,"
  "  device_id     TEXT NOT NULL,"
  "  change_number INTEGER NOT NULL CHECK (change_number >= 0),"
  "  content       TEXT,"
  "  detected      TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX row_versions_by_visit ON row_versions (visit_id, row_key);",

  /* 13 → 14: when this device last changed a visit, or took a change to
   * it from a pack, by this device's own clock. An incremental pack
   * (--changed-since) goes by it: a visit's modified time is when it was
   * last changed wherever that was, so a pack that brought an older
   * change here, or a follow-up on a completed visit, was missed.
   */
  "ALTER TABLE visits ADD COLUMN changed_here TEXT;"
  "UPDATE visits SET changed_here = modified;",

  /* 14 → 15: who the person using this device is on a team visit
   * recorded on several devices ("Who are you?"), so that per-member
   * questions and walk mode default to them. It belongs to this device
   * alone: packs never carry it, and a merge never changes it.
   */
  "CREATE TABLE device_members ("
  "  visit_id    INTEGER PRIMARY KEY REFERENCES visits (id) ON DELETE CASCADE,"
  "  member_uuid TEXT NOT NULL,"
  "  chosen      TEXT NOT NULL"
  ") STRICT;",

  /* 15 → 16: deletions are changes that travel (a tombstone each), so
   * that a row deleted on one device and changed on another is a
   * conflict, not a silent loss. A row deleted here stays in its own
   * table, marked deleted (it can be undone), and is its own tombstone;
   * tombstones holds the others: those a pack brought, and answers
   * dropped with their questions by a newer form. row_key names the row
   * as wr-merge.c does; a pack carries each as a <deleted>.
   */
  "CREATE TABLE tombstones ("
  "  visit_id      INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  row_key       TEXT NOT NULL,"
  "  row           TEXT NOT NULL,"
  "  uuid          TEXT,"
  "  question_id   TEXT,"
  "  member_uuid   TEXT,"
  "  repeat_uuid   TEXT,"
  "  device_id     TEXT NOT NULL,"
  "  change_number INTEGER NOT NULL CHECK (change_number > 0),"
  "  modified      TEXT NOT NULL,"
  "  PRIMARY KEY (visit_id, row_key)"
  ") STRICT, WITHOUT ROWID;",

  /* 16 → 17: completing a visit is ordered against changes made
   * elsewhere. completed_clock is the visit's clock when it was
   * completed (NULL for a draft, and for a visit completed before): a
   * change to its answers, observations, team, repeats or photos that
   * it does not cover was made on a device that had not seen the
   * completion. completion_unseen counts them, worked out whenever a
   * pack brings the visit, so that the team can find such visits and
   * complete them again or reopen them.
   */
  "ALTER TABLE visits ADD COLUMN completed_clock TEXT;"
  "ALTER TABLE visits ADD COLUMN completion_unseen INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX visits_completion_unseen ON visits (id) WHERE completion_unseen > 0;",

  /* 17 → 18: removing a team member or a repeat is ordered against
   * changes made inside it elsewhere, as completing a visit is. clock is
   * the visit's clock when the member or repeat was removed (here, or by
   * the device whose pack brought the removal): a change to its answers
   * or observations that the clock does not cover was made on a device
   * that had not seen the removal, and is shown as a conflict instead of
   * hidden with what was removed. The row stays where its removal is
   * (its table, marked deleted, or tombstones); an entry whose row is not
   * deleted means nothing. id names the conflict for people.
   */
  "CREATE TABLE deletion_clocks ("
  "  id       INTEGER PRIMARY KEY,"
  "  visit_id INTEGER NOT NULL REFERENCES visits (id) ON DELETE CASCADE,"
  "  row      TEXT NOT NULL CHECK (row = 'member' OR row = 'repeat'),"
  "  uuid     TEXT NOT NULL,"
  "  clock    TEXT NOT NULL,"
  "  UNIQUE (visit_id, row, uuid)"
  ") STRICT;",

  /* 18 → 19: the devices whose signed packs this database takes or
   * refuses (docs/evidence-pack.md, "Signatures"), by their Ed25519
   * public key (base64). trust is 'own' for this database's own key,
   * 'trusted' or 'revoked'; a revoked key stays, so that its later
   * packs are refused and the revocation travels in our packs.
   */
  "CREATE TABLE devices ("
  "  public_key  TEXT PRIMARY KEY,"
  "  fingerprint TEXT NOT NULL UNIQUE,"
  "  device_id   TEXT NOT NULL,"
  "  trust       TEXT NOT NULL CHECK (trust = 'own' OR trust = 'trusted' OR trust = 'revoked'),"
  "  changed     TEXT NOT NULL"
  ") STRICT;",

  /* 19 → 20: fingerprints trusted before any pack of their key came
   * ("walkround devices trust --fingerprint"), in upper case hex in
   * groups of four as shown. The first pack whose signer's key has one
   * is imported without asking; its key then goes into devices and the
   * fingerprint leaves this table.
   */
  "CREATE TABLE expected_devices ("
  "  fingerprint TEXT PRIMARY KEY,"
  "  added       TEXT NOT NULL"
  ") STRICT;",
};

/* A migration that rewrites a table's own text: the same check, said so
 * that SQLite works it out differently, which ALTER TABLE cannot do.
 */
typedef struct
{
  guint       from_version;
  const char *table;
  const char *before;
  const char *after;
} Rewrite;

/* 8 → 9: SQLite checks "x IN (a list of three or more)" by building a
 * temporary table of the list each time a statement runs, so every visit,
 * observation, link and action saved built one or two: a tenth of an
 * import. The same checks with OR compare in place. Existing rows meet
 * them as before.
 */
static const Rewrite rewrites[] = {
  { 8, "visits",
    "kind IN ('quality-visit', 'ned-visit', 'fifteen-steps',"
    "                                             'self-assessment', 'custom')",
    "kind = 'quality-visit' OR kind = 'ned-visit' OR kind = 'fifteen-steps'"
    " OR kind = 'self-assessment' OR kind = 'custom'" },
  { 8, "observations",
    "kind IN ('good-practice', 'concern', 'think-about', 'idea', 'quote')",
    "kind = 'good-practice' OR kind = 'concern' OR kind = 'think-about' OR kind = 'idea' OR kind = 'quote'" },
  { 8, "observations",
    "voice IN ('', 'patient', 'carer', 'staff', 'visitor')",
    "voice = '' OR voice = 'patient' OR voice = 'carer' OR voice = 'staff' OR voice = 'visitor'" },
  { 8, "observation_links",
    "kind IN ('regulation', 'statement', 'key-question', 'theme')",
    "kind = 'regulation' OR kind = 'statement' OR kind = 'key-question' OR kind = 'theme'" },
  { 8, "actions",
    "status IN ('open', 'done', 'dropped')",
    "status = 'open' OR status = 'done' OR status = 'dropped'" },
};

guint
_wr_store_schema_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
_wr_store_schema_get_migration (guint from_version)
{
  g_return_val_if_fail (from_version < G_N_ELEMENTS (migrations), NULL);

  return migrations[from_version];
}

/**
 * _wr_store_schema_get_rewrite:
 * @from_version: the version a migration starts from
 * @index: which of its rewrites, from 0
 * @table: (out): the table whose text changes
 * @before: (out): text in its CREATE TABLE statement
 * @after: (out): what replaces it
 *
 * The migration's changes to tables' own text in sqlite_schema, made after
 * its SQL (wr-store.c applies them).
 *
 * Returns: %FALSE when there are no more
 */
gboolean
_wr_store_schema_get_rewrite (guint        from_version,
                              guint        index,
                              const char **table,
                              const char **before,
                              const char **after)
{
  for (guint i = 0; i < G_N_ELEMENTS (rewrites); i++)
    {
      if (rewrites[i].from_version != from_version)
        continue;
      if (index-- > 0)
        continue;
      *table = rewrites[i].table;
      *before = rewrites[i].before;
      *after = rewrites[i].after;
      return TRUE;
    }

  return FALSE;
}
