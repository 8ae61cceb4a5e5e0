/* cg-m4.c: running m4 over a template and splitting its output into files
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "cg-m4.h"

#include <string.h>
#include <gio/gio.h>
#include "cg-facts.h"

/* A template may write several files: a line `@>name` starts the file
 * `name` (as Bison's `@output`), which the post-pass below cuts out and
 * unescapes. Model text cannot produce such a line: its `@` are doubled. */

static gboolean
split_outputs (const char  *template_name,
               const char  *text,
               GHashTable  *outputs,
               GError     **error)
{
  const char *p = text;
  char *name = NULL;
  const char *start = NULL;

  for (;;)
    {
      const char *line_end = strchr (p, '\n');
      gboolean at_end = *p == '\0';

      if (at_end || g_str_has_prefix (p, "@>"))
        {
          if (name != NULL)
            {
              if (g_hash_table_contains (outputs, name))
                {
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               "%s: file %s is written twice", template_name, name);
                  g_free (name);
                  return FALSE;
                }
              g_hash_table_insert (outputs, name, cg_facts_unescape (start, p - start));
            }
          else if (start != NULL && strspn (start, " \n\t") < (gsize) (p - start))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: text before the first @> line", template_name);
              return FALSE;
            }
          if (at_end)
            return TRUE;
          name = g_strndup (p + 2, line_end ? (gsize) (line_end - p - 2) : strlen (p + 2));
          g_strstrip (name);
          start = line_end ? line_end + 1 : p + strlen (p);
          p = start;
          continue;
        }
      if (start == NULL)
        start = p;
      p = line_end ? line_end + 1 : p + strlen (p);
    }
}

/**
 * cg_m4_expand:
 * @m4: the m4 program
 * @templates_dir: the folder of the templates
 * @template_name: the template to expand, such as `tables-c.m4`
 * @facts_dir: the folder holding `facts.m4` and `docs.m4`
 * @outputs: (element-type utf8 utf8): file name to content, added to
 * @error: return location for a #GError
 *
 * Runs `m4 -P` over one template and adds the files it writes to @outputs.
 * Anything m4 says on stderr is an error: a warning is a template bug.
 *
 * Returns: %TRUE on success
 */
gboolean
cg_m4_expand (const char  *m4,
              const char  *templates_dir,
              const char  *template_name,
              const char  *facts_dir,
              GHashTable  *outputs,
              GError     **error)
{
  g_autofree char *template_path = g_build_filename (templates_dir, template_name, NULL);
  g_autofree char *define = g_strdup_printf ("g4_facts_dir=%s", facts_dir);
  const char *argv[] = { m4, "-P", "--fatal-warnings", "-I", templates_dir, "-D", define, template_path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL) || (err != NULL && *err != '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "m4 failed on %s: %s",
                   template_name, err && *err ? err : "no message");
      return FALSE;
    }
  return split_outputs (template_name, out, outputs, error);
}
