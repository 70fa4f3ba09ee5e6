/* bench-visit-page.c
 *
 * Copyright 2026 The Walkround authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The visit page on a checklist of a thousand beds, run by build-aux/bench
 * on an optimised build under Xvfb:
 *
 *   bench-visit-page FORMS_DIR   FORMS_DIR holds beds.xml (tests/data/forms/good)
 *
 * Times opening the visit (reading it and building the page), adding a
 * repeat and scrolling the list of repeats, each up to the end of the
 * frame that shows it: the time the main loop is busy, without the wait
 * for the frame clock's next tick. Each measurement prints one line with
 * the median and worst on the clock and the main thread's processor time,
 * against one frame (16.7 ms) at the median, and PASS or FAIL. On a
 * machine busy with other work (load above the number of processors) the
 * clock counts that work too, so the processor time is judged, and the
 * line says so. The program exits 1 if any failed, and 0 with "skipped"
 * when there is no display to draw on.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wr-core-test-utils.h"
#include "wr-visit-page.h"

#define N_BEDS    1000
#define N_RUNS    15
#define FRAME_MS  16.7

/* A time taken: on the clock, and on the main thread's processor time,
 * which on a busy machine says what the work itself costs.
 */
typedef struct
{
  double wall;
  double cpu;
} Cost;

typedef struct
{
  gint64 wall;
  gint64 cpu;
} Stamp;

static Stamp
stamp (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (Stamp) { g_get_monotonic_time (), ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000 };
}

static Cost
since (Stamp start)
{
  Stamp now = stamp ();

  return (Cost) { (now.wall - start.wall) / 1000.0, (now.cpu - start.cpu) / 1000.0 };
}

static Cost
add_costs (Cost a,
           Cost b)
{
  return (Cost) { a.wall + b.wall, a.cpu + b.cpu };
}

typedef struct
{
  Stamp before_paint;
  Cost  frame;
  guint n_painted;
} Frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  frames->before_paint = stamp ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  frames->frame = since (frames->before_paint);
  frames->n_painted++;
}

/* Waits for the next frame to be painted and gives what it took to lay
 * out, draw and show it.
 */
static Cost
next_frame (GtkWidget *window,
            Frames    *frames)
{
  guint n = frames->n_painted;

  gtk_widget_queue_draw (window);
  while (frames->n_painted == n)
    g_main_context_iteration (NULL, TRUE);
  return frames->frame;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_of (GArray *costs,
           gsize   offset,
           double *worst)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < costs->len; i++)
    g_array_append_val (values, G_STRUCT_MEMBER (double, &g_array_index (costs, Cost, i), offset));
  g_array_sort (values, compare_doubles);
  if (worst != NULL)
    *worst = g_array_index (values, double, values->len - 1);
  return g_array_index (values, double, values->len / 2);
}

/* Whether other work holds the processors: then the clock measures it
 * too, and the main thread's processor time is what is judged.
 */
static gboolean
machine_busy (double *load)
{
  g_autofree char *text = NULL;

  *load = 0;
  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return FALSE;
  *load = g_ascii_strtod (text, NULL);
  return *load > g_get_num_processors ();
}

/* One line: the median and worst on the clock and the median processor
 * time of the main thread, the one judged against the target, and PASS or
 * FAIL.
 */
static gboolean
report (const char *what,
        GArray     *costs,
        gboolean    judged)
{
  double worst;
  double median = median_of (costs, G_STRUCT_OFFSET (Cost, wall), &worst);
  double cpu = median_of (costs, G_STRUCT_OFFSET (Cost, cpu), NULL);
  double load;
  gboolean busy = machine_busy (&load);
  gboolean pass = (busy ? cpu : median) <= FRAME_MS;

  printf ("repeats: %-52s median %6.2f ms, worst %6.2f ms, processor %6.2f ms", what, median, worst, cpu);
  if (judged && busy)
    printf (" (target processor median <= %.1f ms: load %.1f on %u processors)  %s",
            FRAME_MS, load, g_get_num_processors (), pass ? "PASS" : "FAIL");
  else if (judged)
    printf (" (target median <= %.1f ms)  %s", FRAME_MS, pass ? "PASS" : "FAIL");
  printf ("\n");
  fflush (stdout);
  return pass || !judged;
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)))
        return found;
    }
  return NULL;
}

/* Opens the visit @visit_uuid on @page, N_RUNS times after a first one
 * that warms the caches, and adds what each took to the arrays.
 */
static void
time_opening (WrVisitPage   *page,
              GtkWidget     *window,
              Frames        *frames,
              WrStore       *store,
              WrFormLibrary *library,
              const char    *visit_uuid,
              GArray        *opens,
              GArray        *reads,
              GArray        *builds,
              GArray        *open_frames)
{
  for (guint i = 0; i <= N_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WrVisitSession) session = NULL;
      Stamp start;
      Cost read;
      Cost build;
      Cost frame;
      Cost all;

      wr_visit_page_set_session (page, NULL);
      next_frame (window, frames);

      start = stamp ();
      session = wr_visit_session_new (store, library, visit_uuid, &error);
      g_assert_no_error (error);
      read = since (start);
      start = stamp ();
      wr_visit_page_set_session (page, session);
      build = since (start);
      frame = next_frame (window, frames);
      all = add_costs (add_costs (read, build), frame);
      if (i > 0)
        {
          g_array_append_val (opens, all);
          if (reads != NULL)
            {
              g_array_append_val (reads, read);
              g_array_append_val (builds, build);
              g_array_append_val (open_frames, frame);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *answered[] = { "bed-clean", "bed-call-bell", "bed-chart", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *visit_uuid = NULL;
  g_autofree char *one_bed_uuid = NULL;
  g_autoptr(WrStore) store = NULL;
  g_autoptr(WrFormLibrary) library = NULL;
  g_autoptr(WrVisitSession) first = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) reads = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) builds = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) open_frames = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) one_bed = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) adds = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) add_actions = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) scrolls = g_array_new (FALSE, FALSE, sizeof (Cost));
  g_autoptr(GArray) jumps = g_array_new (FALSE, FALSE, sizeof (Cost));
  Frames frames = { 0, };
  GdkFrameClock *clock;
  GtkWidget *window;
  WrVisitPage *page;
  GtkWidget *list;
  GtkAdjustment *adjustment;
  gboolean ok = TRUE;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s FORMS_DIR\n", argv[0]);
      return EXIT_FAILURE;
    }

  if (!gtk_init_check ())
    {
      printf ("repeats: skipped (no display: build-aux/bench runs this under xvfb-run)\n");
      return EXIT_SUCCESS;
    }
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/walkround/Walkround/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* A draft visit with a thousand beds, half of them partly answered. */
  dir = g_dir_make_tmp ("walkround-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "walkround.db", NULL);
  store = wr_store_open (path, &error);
  g_assert_no_error (error);
  library = wr_form_library_new_default (NULL);
  wr_form_library_add_folder (library, argv[1], WR_FORM_SOURCE_USER);
  first = wr_test_new_session (store, library, "beds", 0);
  visit_uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (first)));
  wr_test_add_repeats (store, visit_uuid, "beds", N_BEDS, answered);
  g_clear_object (&first);
  first = wr_test_new_session (store, library, "beds", 0);
  one_bed_uuid = g_strdup (wr_visit_get_uuid (wr_visit_session_get_visit (first)));
  wr_test_add_repeats (store, one_bed_uuid, "beds", 1, answered);
  g_clear_object (&first);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  page = g_object_new (WR_TYPE_VISIT_PAGE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  next_frame (window, &frames);

  /* Opening: the visit read from the database, the page built, the first
   * frame shown. The first run warms the caches and is left out.
   */
  time_opening (page, window, &frames, store, library, visit_uuid, opens, reads, builds, open_frames);
  g_assert_cmpuint (wr_visit_page_get_rows (page)->len, ==, 7);
  ok &= report ("open a visit of 1000 beds (read, build, first frame)", opens, TRUE);
  report ("  of which reading the visit", reads, FALSE);
  report ("  of which building the page", builds, FALSE);
  report ("  of which the first frame", open_frames, FALSE);

  /* For comparison, the same form with one bed: what any visit costs. */
  time_opening (page, window, &frames, store, library, one_bed_uuid, one_bed, NULL, NULL, NULL);
  report ("  for comparison, open a visit of 1 bed", one_bed, FALSE);
  {
    g_autoptr(GArray) again = g_array_new (FALSE, FALSE, sizeof (Cost));

    time_opening (page, window, &frames, store, library, visit_uuid, again, NULL, NULL, NULL);
  }

  /* Adding a bed: one line and one bed's rows, and the frame that shows them. */
  for (guint i = 0; i <= N_RUNS; i++)
    {
      Stamp start = stamp ();
      Cost action;
      Cost all;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "visit.add-repeat", "s", "beds"));
      action = since (start);
      all = add_costs (action, next_frame (window, &frames));
      if (i > 0)
        {
          g_array_append_val (adds, all);
          g_array_append_val (add_actions, action);
        }
    }
  g_assert_cmpuint (wr_visit_page_get_rows (page)->len, ==, 7);
  ok &= report ("add a bed (saved, line and rows built, frame shown)", adds, TRUE);
  report ("  of which saving it and building its rows", add_actions, FALSE);

  /* Scrolling the list of beds from the top, a screenful at a time, and
   * jumping to places far apart.
   */
  list = find_descendant (GTK_WIDGET (page), GTK_TYPE_GRID_VIEW);
  g_assert_nonnull (list);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  /* The page keeps the added bed in sight for a few frames: let it. */
  for (guint i = 0; i < 5; i++)
    next_frame (window, &frames);
  gtk_adjustment_set_value (adjustment, 0);
  next_frame (window, &frames);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  for (guint i = 0; i < 4 * N_RUNS; i++)
    {
      Stamp start = stamp ();
      Cost action;
      Cost all;

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                            gtk_adjustment_get_page_size (adjustment));
      action = since (start);
      all = add_costs (action, next_frame (window, &frames));
      g_array_append_val (scrolls, all);
    }
  ok &= report ("scroll the beds a screenful", scrolls, TRUE);

  for (guint i = 0; i < 4 * N_RUNS; i++)
    {
      guint target = (i * 389) % N_BEDS;
      Stamp start = stamp ();
      Cost action;
      Cost all;

      gtk_widget_activate_action (list, "list.scroll-to-item", "u", target);
      action = since (start);
      all = add_costs (action, next_frame (window, &frames));
      g_array_append_val (jumps, all);
    }
  ok &= report ("jump to a bed far away", jumps, TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
