/* bench-forms.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How long loading a form takes: reading, parsing, validating against
 * form.xsd and the loader's own checks, and building the objects. The
 * schema and the catalogue are loaded once per process, before timing.
 * Run by build-aux/bench; prints one line per measurement with its target
 * and PASS or FAIL, and exits 1 if any failed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>

#include "wr-form.h"
#include "wr-paths.h"

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Loads @path @runs times and returns the median in milliseconds. */
static double
median_load_ms (const char *path,
                guint       runs,
                WrCatalog  *catalog,
                guint      *n_questions)
{
  g_autofree double *times = g_new (double, runs);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrForm) form = NULL;
      gint64 start = g_get_monotonic_time ();

      form = wr_form_new_from_file (path, catalog, &error);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;

      if (form == NULL)
        {
          g_printerr ("bench-forms: %s\n", error->message);
          exit (2);
        }
      *n_questions = wr_form_get_n_questions (form);
    }

  qsort (times, runs, sizeof (double), compare_doubles);

  return runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
}

static gboolean
report (const char *what,
        double      median,
        guint       runs,
        double      target)
{
  gboolean pass = median <= target;

  printf ("forms: %-52s median %7.2f ms of %3u loads (target <= %g ms)  %s\n",
          what, median, runs, target, pass ? "PASS" : "FAIL");

  return pass;
}

static char *
largest_built_in_form (void)
{
  g_autofree char *dir_path = wr_paths_find_data_file ("forms");
  g_autoptr(GDir) dir = NULL;
  char *largest = NULL;
  goffset largest_size = -1;
  const char *name;

  if (dir_path == NULL || !(dir = g_dir_open (dir_path, 0, NULL)))
    return NULL;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      GStatBuf st;

      if (g_str_has_suffix (name, ".xml") && g_stat (path, &st) == 0 && st.st_size > largest_size)
        {
          largest_size = st.st_size;
          g_free (largest);
          largest = g_steal_pointer (&path);
        }
    }

  return largest;
}

/* A form as a large trust might write it: 100 sections of 20 questions of
 * mixed types, with guidance, evidence links, scores and conditions.
 */
static char *
write_generated_form (const char *dir,
                      guint       n_questions)
{
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "generated.xml", NULL);
  guint per_section = 20;

  g_string_append (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<form xmlns=\"https://walkround.github.io/ns/form/1\" id=\"generated\" version=\"1\" kind=\"custom\" xml:lang=\"en-GB\" scoring=\"true\">\n"
                        "  <title>Generated audit</title>\n"
                        "  <title xml:lang=\"cy\">Archwiliad</title>\n"
                        "  <description>A large generated form for the benchmark.</description>\n");

  for (guint s = 0; s < n_questions / per_section; s++)
    {
      g_string_append_printf (xml, "  <section id=\"s%u\">\n    <title>Section %u</title>\n"
                                   "    <guidance>Look around the area and ask the nurse in charge.</guidance>\n"
                                   "    <evidence regulations=\"12 15\" statements=\"safe-environments\"/>\n", s, s);
      for (guint q = 0; q < per_section; q++)
        {
          guint i = s * per_section + q;

          switch (q % 4)
            {
            case 0:
              g_string_append_printf (xml, "    <question id=\"q%u\" type=\"yes-no-na\" required=\"true\">\n"
                                           "      <label>Is item %u in order?</label>\n"
                                           "      <label xml:lang=\"cy\">Ydy eitem %u yn iawn?</label>\n"
                                           "      <guidance>Choose N/A if the area has no such item.</guidance>\n"
                                           "      <evidence regulations=\"17\" key-questions=\"safe\"/>\n"
                                           "      <score met=\"yes\" weight=\"2\"/>\n"
                                           "    </question>\n", i, i, i);
              break;

            case 1:
              g_string_append_printf (xml, "    <question id=\"q%u\" type=\"text\" size=\"long\">\n"
                                           "      <label>What was wrong with item %u?</label>\n"
                                           "      <relevant><equals question=\"q%u\" value=\"no\"/></relevant>\n"
                                           "    </question>\n", i, i - 1, i - 1);
              break;

            case 2:
              g_string_append_printf (xml, "    <question id=\"q%u\" type=\"choice\">\n"
                                           "      <label>How well is item %u kept?</label>\n"
                                           "      <relevant><any><is-answered question=\"q%u\"/><equals question=\"q%u\" value=\"yes\"/></any></relevant>\n"
                                           "      <options>\n"
                                           "        <option value=\"fully\"><label>Fully</label></option>\n"
                                           "        <option value=\"partly\"><label>Partly</label></option>\n"
                                           "        <option value=\"not\"><label>Not at all</label></option>\n"
                                           "        <option value=\"na\"><label>Does not apply</label></option>\n"
                                           "      </options>\n"
                                           "      <score met=\"fully\" not-applicable=\"na\"/>\n"
                                           "    </question>\n", i, i, i - 1, i - 2);
              break;

            case 3:
            default:
              g_string_append_printf (xml, "    <question id=\"q%u\" type=\"rating\">\n"
                                           "      <label>Overall, item %u?</label>\n"
                                           "      <scale>\n"
                                           "        <point value=\"1\"><label>Poor</label></point>\n"
                                           "        <point value=\"2\"><label>Fair</label></point>\n"
                                           "        <point value=\"3\"><label>Good</label></point>\n"
                                           "      </scale>\n"
                                           "      <score met=\"3\"/>\n"
                                           "    </question>\n", i, i);
              break;
            }
        }
      g_string_append (xml, "  </section>\n");
    }
  g_string_append (xml, "</form>\n");

  g_file_set_contents (path, xml->str, xml->len, &error);
  if (error != NULL)
    {
      g_printerr ("bench-forms: %s\n", error->message);
      exit (2);
    }

  return path;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *largest = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *what = NULL;
  g_autofree char *basename = NULL;
  WrCatalog *catalog;
  gboolean pass = TRUE;
  guint n_questions = 0;
  double median;
  GStatBuf st;

  xmlInitParser ();

  if (!(catalog = wr_catalog_get_default (&error)))
    {
      g_printerr ("bench-forms: %s\n", error->message);
      return 2;
    }

  if (!(largest = largest_built_in_form ()))
    {
      g_printerr ("bench-forms: no built-in forms found; set WALKROUND_PKGDATADIR\n");
      return 2;
    }

  /* Once untimed: the schema is compiled on first use. */
  median_load_ms (largest, 1, catalog, &n_questions);

  basename = g_path_get_basename (largest);
  g_stat (largest, &st);
  median = median_load_ms (largest, 201, catalog, &n_questions);
  what = g_strdup_printf ("largest built-in form (%s, %u KB, %u questions)",
                          basename, (guint) (st.st_size / 1024), n_questions);
  pass &= report (what, median, 201, 5.0);

  if (!(dir = g_dir_make_tmp ("walkround-bench-XXXXXX", &error)))
    {
      g_printerr ("bench-forms: %s\n", error->message);
      return 2;
    }
  generated = write_generated_form (dir, 2000);
  g_stat (generated, &st);
  median = median_load_ms (generated, 21, catalog, &n_questions);
  g_free (what);
  what = g_strdup_printf ("generated form (%u KB, %u questions)", (guint) (st.st_size / 1024), n_questions);
  pass &= report (what, median, 21, 100.0);

  g_unlink (generated);
  g_rmdir (dir);

  return pass ? 0 : 1;
}
