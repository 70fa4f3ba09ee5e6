/* wr-cli-devices.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "wr-cli-devices"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "wr-cli-private.h"
#include "wr-device-key.h"

/* walkround devices list: the first line is the columns' names, then
 * one device a line, its fingerprint first (two spaces between columns),
 * so scripts can read it as other lists are read.
 */
static int
devices_list (WrStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDeviceKey) key = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GPtrArray) expected = NULL;

  /* The database's own key is made on first use: list it too. */
  if (!(key = wr_device_key_get (store, &error)) || !(devices = wr_store_list_devices (store, &error)) ||
      !(expected = wr_store_list_expected_devices (store, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  /* Translators: the first line of "walkround devices list"; keep the columns aligned with the rows */
  printf ("%-39s  %-7s  %-36s  %s\n", C_("column", "FINGERPRINT"), C_("column", "TRUST"), C_("column", "DEVICE"),
          C_("column", "SINCE"));
  for (guint i = 0; i < devices->len; i++)
    {
      WrDevice *device = g_ptr_array_index (devices, i);

      printf ("%-39s  %-7s  %-36s  %s\n", device->fingerprint, wr_device_trust_to_string (device->trust),
              device->device_id[0] != '\0' ? device->device_id : "-", device->changed);
    }
  /* Fingerprints trusted before any of their packs: no device id yet. */
  for (guint i = 0; i < expected->len; i++)
    {
      WrDevice *device = g_ptr_array_index (expected, i);

      printf ("%-39s  %-7s  %-36s  %s\n", device->fingerprint, wr_device_trust_to_string (device->trust),
              /* Translators: "walkround devices list", a fingerprint trusted before any of its packs came */
              _("(no pack from it yet)"), device->changed);
    }
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

static int
devices_trust (WrStore    *store,
               const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDevice) device = NULL;

  if (!(device = wr_device_trust_key_file (store, path, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (device->trust == WR_DEVICE_TRUST_OWN)
    /* Translators: "walkround devices trust" given this database's own key */
    printf (_("%s is this database’s own key, which it always trusts\n"), device->fingerprint);
  else
    /* Translators: after "walkround devices trust FILE": the device and its key's fingerprint */
    printf (_("Trusted device %s, key %s: its packs are imported from now on\n"),
            device->device_id[0] != '\0' ? device->device_id : "?", device->fingerprint);
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

static int
devices_trust_fingerprint (WrStore    *store,
                           const char *fingerprint)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDevice) device = NULL;

  if (!(device = wr_store_trust_fingerprint (store, fingerprint, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (device->trust == WR_DEVICE_TRUST_OWN)
    printf (_("%s is this database’s own key, which it always trusts\n"), device->fingerprint);
  else if (device->public_key[0] != '\0')
    printf (_("Trusted device %s, key %s: its packs are imported from now on\n"),
            device->device_id[0] != '\0' ? device->device_id : "?", device->fingerprint);
  else
    /* Translators: after "walkround devices trust --fingerprint FINGERPRINT" */
    printf (_("Trusted the key %s: the first pack signed with it is imported without asking, and its key "
              "recorded\n"),
            device->fingerprint);
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

static int
devices_revoke (WrStore    *store,
                const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) revoked = NULL;

  if (!(revoked = wr_store_revoke_device (store, id, &error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  for (guint i = 0; i < revoked->len; i++)
    {
      WrDevice *device = g_ptr_array_index (revoked, i);

      /* Translators: after "walkround devices revoke ID", one line per key revoked */
      printf (_("Revoked device %s, key %s: its packs are refused from now on, here and wherever this "
                "database’s packs are imported\n"),
              device->device_id[0] != '\0' ? device->device_id : "?", device->fingerprint);
    }
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

static int
devices_export_key (WrStore    *store,
                    const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WrDeviceKey) key = NULL;

  if (!(key = wr_device_key_get (store, &error)) || !wr_device_key_export (key, path, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  /* Translators: after "walkround devices export-key FILE" */
  printf (_("Wrote the public key of this database, fingerprint %s, to %s\n"), wr_device_key_get_fingerprint (key),
          path);
  fflush (stdout);

  return WR_CLI_EXIT_OK;
}

/* walkround devices list | trust KEYFILE | revoke ID | export-key FILE */
int
_wr_cli_devices (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("list | trust KEYFILE | trust --fingerprint FINGERPRINT | revoke ID | export-key FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autofree char *fingerprint = NULL;
  const char *command;
  int n_args;
  GOptionEntry entries[] = {
    { "fingerprint", 0, 0, G_OPTION_ARG_STRING, &fingerprint,
      N_("For trust: trust the key with this fingerprint, read out by its owner, before any of its packs comes"),
      N_("FINGERPRINT") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Every evidence pack is signed by the database that wrote it. This database\n"
                                  "imports the packs of the devices it trusts (its own always), and refuses\n"
                                  "those of devices it does not know or has revoked.\n"
                                  "\n"
                                  "list              the devices known here: fingerprint, trust (own, trusted,\n"
                                  "                  revoked), device id and since when\n"
                                  "trust KEYFILE     trust the device whose public key file this is\n"
                                  "trust --fingerprint \"3F2A 1B2C …\"\n"
                                  "                  trust the key with this fingerprint before any pack of\n"
                                  "                  it comes: its first pack is imported without asking\n"
                                  "revoke ID         refuse the packs of the device with this fingerprint or\n"
                                  "                  device id from now on; this database's packs carry the\n"
                                  "                  revocation to the databases that trust it\n"
                                  "export-key FILE   write this database's public key to FILE, for others to\n"
                                  "                  trust; its fingerprint is what to read out on the phone"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_USAGE;
    }

  command = argc > 1 ? argv[1] : "list";
  n_args = g_str_equal (command, "list") || (g_str_equal (command, "trust") && fingerprint != NULL) ? 0 : 1;
  if (fingerprint != NULL && !g_str_equal (command, "trust"))
    {
      _wr_cli_printerr (_("--fingerprint is for devices trust"));
      return WR_CLI_EXIT_USAGE;
    }
  if ((!g_str_equal (command, "list") && !g_str_equal (command, "trust") && !g_str_equal (command, "revoke") &&
       !g_str_equal (command, "export-key")) ||
      (argc > 1 && argc != 2 + n_args))
    {
      _wr_cli_printerr (_("devices takes list, trust KEYFILE, trust --fingerprint FINGERPRINT, revoke ID or "
                          "export-key FILE; "
                          "see “walkround devices --help”"));
      return WR_CLI_EXIT_USAGE;
    }

  if (!(store = wr_store_open_default (&error)))
    {
      _wr_cli_printerr ("%s", error->message);
      return WR_CLI_EXIT_FAIL;
    }

  if (g_str_equal (command, "trust") && fingerprint != NULL)
    return devices_trust_fingerprint (store, fingerprint);
  if (g_str_equal (command, "trust"))
    return devices_trust (store, argv[2]);
  if (g_str_equal (command, "revoke"))
    return devices_revoke (store, argv[2]);
  if (g_str_equal (command, "export-key"))
    return devices_export_key (store, argv[2]);
  return devices_list (store);
}
