/* gaws-codegen.c: typed GObject clients from the AWS service models
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "cg-m4.h"
#include "cg-service.h"

/* gaws-codegen computes, the templates print: for each service it loads
 * the model, computes every name once (cg-service.c), writes them as m4
 * facts, and runs m4 over each template, which defines what a fact
 * expands to and includes the facts. */

#ifndef GAWS_CODEGEN_TEMPLATES_DIR
#define GAWS_CODEGEN_TEMPLATES_DIR "templates"
#endif

typedef struct {
  char     *models_dir;
  char    **services;
  char     *api_version;
  char     *out_dir;
  char     *templates_dir;
  char     *m4;
  gboolean  all;
  gboolean  keep_facts;
  gboolean  single_source;
  int       jobs;
} Options;

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Every template but the shared definitions, in a fixed order. */
static GPtrArray *
list_templates (const char  *dir,
                GError     **error)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, error);
  GPtrArray *templates;
  const char *name;

  if (handle == NULL)
    return NULL;
  templates = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".m4") && !g_str_has_prefix (name, "common"))
      g_ptr_array_add (templates, g_strdup (name));
  g_ptr_array_sort (templates, compare_names);
  return templates;
}

/* Shape files of the service left over from an earlier run with more of
 * them. Only those: services can share a folder (extra_services in the
 * build), and `gaws-sso-` is also how sso-oidc's files start. */
static gboolean
is_stale_shape_file (const char *name,
                     const char *prefix)
{
  const char *rest;

  if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".c"))
    return FALSE;
  rest = name + strlen (prefix);
  if (!g_ascii_isdigit (*rest))
    return FALSE;
  while (g_ascii_isdigit (*rest))
    rest++;
  return strcmp (rest, ".c") == 0;
}

static void
remove_stale_files (const char *out_dir,
                    const char *service,
                    GHashTable *outputs)
{
  g_autoptr(GDir) dir = g_dir_open (out_dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf ("gaws-%s-shapes-", service);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (is_stale_shape_file (name, prefix) && !g_hash_table_contains (outputs, name))
      {
        g_autofree char *path = g_build_filename (out_dir, name, NULL);
        g_unlink (path);
      }
}

static gboolean
write_outputs (const char  *out_dir,
               GHashTable  *outputs,
               GError     **error)
{
  GHashTableIter iter;
  gpointer name, content;

  if (g_mkdir_with_parents (out_dir, 0755) < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot create %s: %s",
                   out_dir, g_strerror (errno));
      return FALSE;
    }
  g_hash_table_iter_init (&iter, outputs);
  while (g_hash_table_iter_next (&iter, &name, &content))
    {
      g_autofree char *path = g_build_filename (out_dir, name, NULL);

      if (!g_file_set_contents (path, content, -1, error))
        return FALSE;
    }
  return TRUE;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

/* Replaces each `#include "<name>.c"` line of the service's unity file by
 * the text of that output, so that one file of a fixed name holds every
 * source with its doc comments: meson must name the outputs of a service
 * generated while building before the generator runs, and g-ir-scanner
 * reads annotations only from the files it is given, not from the ones
 * they include. */
static void
inline_unity_sources (const char *service_name,
                      GHashTable *outputs)
{
  g_autofree char *unity_name = g_strdup_printf ("gaws-%s-unity.c", service_name);
  const char *unity = g_hash_table_lookup (outputs, unity_name);
  g_auto(GStrv) lines = NULL;
  GString *inlined;

  if (unity == NULL)
    return;
  lines = g_strsplit (unity, "\n", -1);
  inlined = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize len = strlen (line);
      const char *text = NULL;

      if (g_str_has_prefix (line, "#include \"") && g_str_has_suffix (line, ".c\"") && len > 11)
        {
          g_autofree char *name = g_strndup (line + 10, len - 11);

          text = g_hash_table_lookup (outputs, name);
        }
      g_string_append (inlined, text != NULL ? text : line);
      if (lines[i + 1] != NULL && (text == NULL || !g_str_has_suffix (text, "\n")))
        g_string_append_c (inlined, '\n');
    }
  g_hash_table_replace (outputs, g_steal_pointer (&unity_name), g_string_free (inlined, FALSE));
}

static gboolean
generate_service (const Options  *options,
                  const char     *service_name,
                  const char     *out_dir,
                  GPtrArray      *templates,
                  GError        **error)
{
  g_autoptr(CgService) service = NULL;
  g_autoptr(GHashTable) outputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *facts_dir = NULL, *facts_path = NULL, *lean_path = NULL;
  gboolean ok = TRUE;

  service = cg_service_load (options->models_dir, service_name, options->api_version, error);
  if (service == NULL)
    return FALSE;
  facts_dir = g_dir_make_tmp ("gaws-codegen-XXXXXX", error);
  if (facts_dir == NULL)
    return FALSE;
  facts_path = g_build_filename (facts_dir, "facts.m4", NULL);
  lean_path = g_build_filename (facts_dir, "facts-lean.m4", NULL);
  ok = cg_service_write_facts (service, facts_path, lean_path, error);
  for (guint i = 0; ok && i < templates->len; i++)
    ok = cg_m4_expand (options->m4, options->templates_dir, templates->pdata[i], facts_dir, outputs, error);
  if (options->keep_facts)
    g_printerr ("%s: facts kept in %s\n", service_name, facts_dir);
  else
    remove_dir (facts_dir);
  if (ok && options->single_source)
    inline_unity_sources (service_name, outputs);
  if (!ok || !write_outputs (out_dir, outputs, error))
    return FALSE;
  remove_stale_files (out_dir, service_name, outputs);
  return TRUE;
}

/* Every folder of the models that holds a service-2.json somewhere. */
static char **
list_services (const char  *models_dir,
               GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (models_dir, 0, error);
  g_autoptr(GPtrArray) services = g_ptr_array_new ();
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (models_dir, name, NULL);
      g_autoptr(GDir) versions = g_dir_open (path, 0, NULL);
      const char *version;

      while (versions != NULL && (version = g_dir_read_name (versions)) != NULL)
        {
          g_autofree char *plain = g_build_filename (path, version, "service-2.json", NULL);
          g_autofree char *gz = g_build_filename (path, version, "service-2.json.gz", NULL);

          if (g_file_test (plain, G_FILE_TEST_EXISTS) || g_file_test (gz, G_FILE_TEST_EXISTS))
            {
              g_ptr_array_add (services, g_strdup (name));
              break;
            }
        }
    }
  g_ptr_array_sort (services, compare_names);
  g_ptr_array_add (services, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&services), FALSE);
}

typedef struct {
  const Options *options;
  GPtrArray     *templates;
  GMutex         lock;
  guint          failures;
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  const char *service = data;
  Job *job = user_data;
  g_autofree char *out_dir = g_build_filename (job->options->out_dir, service, NULL);
  g_autoptr(GError) error = NULL;

  if (!generate_service (job->options, service, out_dir, job->templates, &error))
    {
      g_mutex_lock (&job->lock);
      g_printerr ("gaws-codegen: %s\n", error->message);
      job->failures++;
      g_mutex_unlock (&job->lock);
    }
}

/* With several services, each goes into its own folder of --out, and
 * they are generated in parallel: each is a few m4 runs. */
static int
generate_many (const Options *options,
               char         **services,
               GPtrArray     *templates)
{
  Job job = { options, templates, { 0 }, 0 };
  GThreadPool *pool = g_thread_pool_new (run_job, &job, options->jobs, TRUE, NULL);

  for (guint i = 0; services[i] != NULL; i++)
    g_thread_pool_push (pool, services[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  return job.failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

static void
options_clear (Options *options)
{
  g_free (options->models_dir);
  g_strfreev (options->services);
  g_free (options->api_version);
  g_free (options->out_dir);
  g_free (options->templates_dir);
  g_free (options->m4);
}

int
main (int argc, char **argv)
{
  Options options = { NULL, NULL, NULL, NULL, NULL, NULL, FALSE, FALSE, FALSE, 0 };
  const GOptionEntry entries[] = {
    { "models", 0, 0, G_OPTION_ARG_FILENAME, &options.models_dir, "Folder of models, laid out as botocore's data folder", "DIR" },
    { "service", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.services, "Service to generate (repeatable)", "NAME" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &options.all, "Generate every service of --models", NULL },
    { "api-version", 0, 0, G_OPTION_ARG_STRING, &options.api_version, "API version (default: the newest)", "VERSION" },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &options.out_dir, "Output folder: the service's own for one service, else one subfolder per service", "DIR" },
    { "templates", 0, 0, G_OPTION_ARG_FILENAME, &options.templates_dir, "Folder of the m4 templates", "DIR" },
    { "m4", 0, 0, G_OPTION_ARG_FILENAME, &options.m4, "The m4 program (GNU m4)", "PROGRAM" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &options.jobs, "Services generated at once (default: processors)", "N" },
    { "keep-facts", 0, 0, G_OPTION_ARG_NONE, &options.keep_facts, "Keep the m4 facts, for debugging templates", NULL },
    { "single-source", 0, 0, G_OPTION_ARG_NONE, &options.single_source, "Write the sources the unity file includes into it (for g-ir-scanner, which reads doc comments only from the files it is given)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- typed GObject clients from AWS service models");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_auto(GStrv) services = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gaws-codegen: %s\n", error->message);
      options_clear (&options);
      return EXIT_FAILURE;
    }
  if (options.models_dir == NULL || options.out_dir == NULL ||
      ((options.services == NULL) == !options.all))
    {
      g_printerr ("gaws-codegen: give --models, --out and either --service or --all (see --help)\n");
      options_clear (&options);
      return EXIT_FAILURE;
    }
  if (options.templates_dir == NULL)
    options.templates_dir = g_strdup (GAWS_CODEGEN_TEMPLATES_DIR);
  if (options.m4 == NULL)
    options.m4 = g_strdup ("m4");
  if (options.jobs <= 0)
    options.jobs = (int) g_get_num_processors ();
  templates = list_templates (options.templates_dir, &error);
  services = options.all ? list_services (options.models_dir, &error) : g_strdupv (options.services);
  if (templates == NULL || services == NULL)
    {
      g_printerr ("gaws-codegen: %s\n", error->message);
      options_clear (&options);
      return EXIT_FAILURE;
    }
  if (options.all || g_strv_length (services) > 1)
    status = generate_many (&options, services, templates);
  else if (!generate_service (&options, services[0], options.out_dir, templates, &error))
    {
      g_printerr ("gaws-codegen: %s\n", error->message);
      status = EXIT_FAILURE;
    }
  else
    status = EXIT_SUCCESS;
  options_clear (&options);
  return status;
}
