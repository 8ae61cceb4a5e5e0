/* gaws-config-file.c: the shared ~/.aws/config and ~/.aws/credentials files
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-config-file.h"

#include <string.h>

#include "gaws-error.h"

/**
 * GawsConfigFile:
 *
 * One parsed shared AWS file, read the way botocore reads it: an INI file
 * whose sections are profiles (`[default]`, `[profile name]` in the config
 * file, `[name]` in the credentials file), `[sso-session name]` and
 * `[services name]` sections. Keys keep the case they are written in.
 *
 * A key whose value is empty and is followed by more indented lines holds
 * a nested section, as in
 *
 * |[
 * [default]
 * s3 =
 *   addressing_style = path
 * ]|
 *
 * and is read with gaws_config_file_get_nested_value().
 *
 * Lines starting with `#` or `;` are comments; so is the rest of a line
 * from a `#` or `;` that follows whitespace. A file that does not exist
 * loads as an empty file, as it does in botocore.
 *
 * A #GawsConfigFile is immutable once made.
 */

G_DEFINE_ENUM_TYPE (GawsConfigFileKind, gaws_config_file_kind,
  G_DEFINE_ENUM_VALUE (GAWS_CONFIG_FILE_KIND_CONFIG, "config"),
  G_DEFINE_ENUM_VALUE (GAWS_CONFIG_FILE_KIND_CREDENTIALS, "credentials"))

G_DEFINE_ENUM_TYPE (GawsConfigSectionKind, gaws_config_section_kind,
  G_DEFINE_ENUM_VALUE (GAWS_CONFIG_SECTION_PROFILE, "profile"),
  G_DEFINE_ENUM_VALUE (GAWS_CONFIG_SECTION_SSO_SESSION, "sso-session"),
  G_DEFINE_ENUM_VALUE (GAWS_CONFIG_SECTION_SERVICES, "services"),
  G_DEFINE_ENUM_VALUE (GAWS_CONFIG_SECTION_OTHER, "other"))

#define N_SECTION_KINDS (GAWS_CONFIG_SECTION_OTHER + 1)

typedef struct {
  char       *value;   /* "" for a nested block */
  GHashTable *nested;  /* subkey → value, or NULL */
} Entry;

typedef struct {
  char       *name;
  GHashTable *entries; /* key → Entry */
  GPtrArray  *keys;    /* the keys in file order, owned */
} Section;

struct _GawsConfigFile {
  GObject             parent_instance;
  GawsConfigFileKind  kind;
  char               *origin;
  GHashTable         *sections[N_SECTION_KINDS]; /* name → Section */
  GPtrArray          *order[N_SECTION_KINDS];    /* Section, file order, borrowed */
};

G_DEFINE_FINAL_TYPE (GawsConfigFile, gaws_config_file, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->value);
  g_clear_pointer (&entry->nested, g_hash_table_unref);
  g_free (entry);
}

static Section *
section_new (const char *name)
{
  Section *section = g_new0 (Section, 1);

  section->name = g_strdup (name);
  section->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  section->keys = g_ptr_array_new_with_free_func (g_free);
  return section;
}

static void
section_free (gpointer data)
{
  Section *section = data;

  g_free (section->name);
  /* The entries' keys are owned by section->keys, so the table goes first. */
  g_hash_table_unref (section->entries);
  g_ptr_array_unref (section->keys);
  g_free (section);
}

static void
gaws_config_file_finalize (GObject *object)
{
  GawsConfigFile *self = GAWS_CONFIG_FILE (object);

  for (guint i = 0; i < N_SECTION_KINDS; i++)
    {
      g_ptr_array_unref (self->order[i]);
      g_hash_table_unref (self->sections[i]);
    }
  g_free (self->origin);
  G_OBJECT_CLASS (gaws_config_file_parent_class)->finalize (object);
}

static void
gaws_config_file_class_init (GawsConfigFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_config_file_finalize;
}

static void
gaws_config_file_init (GawsConfigFile *self)
{
  for (guint i = 0; i < N_SECTION_KINDS; i++)
    {
      self->sections[i] = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, section_free);
      self->order[i] = g_ptr_array_new ();
    }
}

/**
 * gaws_config_file_new:
 * @kind: which shared file this is
 *
 * Returns: (transfer full): an empty file, as a missing file loads
 */
GawsConfigFile *
gaws_config_file_new (GawsConfigFileKind kind)
{
  GawsConfigFile *self = g_object_new (GAWS_TYPE_CONFIG_FILE, NULL);

  self->kind = kind;
  return self;
}

/* A later section of the same name replaces an earlier one whole, as the
 * later key of botocore's profile map does (`[default]` then
 * `[profile default]`). */
static Section *
add_section (GawsConfigFile        *self,
             GawsConfigSectionKind  kind,
             const char            *name)
{
  Section *old = g_hash_table_lookup (self->sections[kind], name);
  Section *section = section_new (name);

  if (old != NULL)
    g_ptr_array_remove (self->order[kind], old);
  g_hash_table_replace (self->sections[kind], section->name, section);
  g_ptr_array_add (self->order[kind], section);
  return section;
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct {
  GawsConfigFile *file;
  const char     *origin;
  guint           lineno;
  GHashTable     *headers;       /* raw headers seen, to reject duplicates */
  Section        *section;       /* NULL before the first header */
  Entry          *entry;         /* the last key, while more lines may continue it */
  const char     *entry_key;
  gsize           entry_indent;
  gboolean        entry_is_block; /* its value was empty: indented lines are nested keys */
} Parser;

G_GNUC_PRINTF (3, 4)
static gboolean
parse_fail (Parser     *parser,
            GError    **error,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
               "Unable to parse config file: %s:%u: %s",
               parser->origin, parser->lineno, message);
  return FALSE;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* Cuts an inline comment: `#` or `;` counts only after whitespace, so that
 * values such as URLs with fragments keep their text. */
static void
strip_inline_comment (char *text)
{
  for (char *p = text + 1; *p != '\0'; p++)
    if ((*p == '#' || *p == ';') && is_blank (p[-1]))
      {
        *p = '\0';
        break;
      }
  g_strchomp (text);
}

/* `profile name` → `name`, with botocore's shlex rules: exactly two words. */
static char *
split_prefixed_name (const char *header,
                     const char *prefix)
{
  g_auto(GStrv) words = NULL;
  gsize prefix_len = strlen (prefix);

  if (strncmp (header, prefix, prefix_len) != 0 || !is_blank (header[prefix_len]))
    return NULL;
  if (!g_shell_parse_argv (header, NULL, &words, NULL))
    return NULL;
  if (g_strv_length (words) != 2 || !g_str_equal (words[0], prefix) || words[1][0] == '\0')
    return NULL;
  return g_strdup (words[1]);
}

static GawsConfigSectionKind
classify_header (GawsConfigFileKind   file_kind,
                 const char          *header,
                 char               **name)
{
  static const struct {
    const char            *prefix;
    GawsConfigSectionKind  kind;
  } prefixes[] = {
    { "profile", GAWS_CONFIG_SECTION_PROFILE },
    { "sso-session", GAWS_CONFIG_SECTION_SSO_SESSION },
    { "services", GAWS_CONFIG_SECTION_SERVICES },
  };

  if (file_kind == GAWS_CONFIG_FILE_KIND_CREDENTIALS || g_str_equal (header, "default"))
    {
      *name = g_strdup (header);
      return GAWS_CONFIG_SECTION_PROFILE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      *name = split_prefixed_name (header, prefixes[i].prefix);
      if (*name != NULL)
        return prefixes[i].kind;
    }
  *name = g_strdup (header);
  return GAWS_CONFIG_SECTION_OTHER;
}

static gboolean
parse_header (Parser  *parser,
              char    *line,
              GError **error)
{
  gsize len = strlen (line);
  g_autofree char *name = NULL;
  GawsConfigSectionKind kind;
  char *header;

  if (len < 2 || line[len - 1] != ']')
    return parse_fail (parser, error, "a section header must end with ']'");
  line[len - 1] = '\0';
  header = g_strstrip (line + 1);
  if (*header == '\0')
    return parse_fail (parser, error, "empty section header");
  if (g_hash_table_contains (parser->headers, header))
    return parse_fail (parser, error, "section [%s] already exists", header);
  g_hash_table_add (parser->headers, g_strdup (header));

  kind = classify_header (parser->file->kind, header, &name);
  parser->section = add_section (parser->file, kind, name);
  return TRUE;
}

static gboolean
parse_key_line (Parser  *parser,
                char    *line,
                gsize    indent,
                GError **error)
{
  char *delimiter = line + strcspn (line, "=:");
  char *key;
  Entry *entry;

  if (parser->section == NULL)
    return parse_fail (parser, error, "a key appears before any [section] header");
  if (*delimiter == '\0')
    return parse_fail (parser, error, "expected 'key = value'");
  *delimiter = '\0';
  key = g_strstrip (line);
  if (*key == '\0')
    return parse_fail (parser, error, "missing key name before '='");
  if (g_hash_table_contains (parser->section->entries, key))
    return parse_fail (parser, error, "key '%s' already exists in section [%s]",
                       key, parser->section->name);

  entry = g_new0 (Entry, 1);
  entry->value = g_strdup (g_strstrip (delimiter + 1));
  key = g_strdup (key);
  g_ptr_array_add (parser->section->keys, key);
  g_hash_table_insert (parser->section->entries, key, entry);

  parser->entry = entry;
  parser->entry_key = key;
  parser->entry_indent = indent;
  parser->entry_is_block = entry->value[0] == '\0';
  return TRUE;
}

static gboolean
parse_continuation (Parser  *parser,
                    char    *line,
                    GError **error)
{
  Entry *entry = parser->entry;
  char *equals;
  char *subkey;
  char *joined;

  if (!parser->entry_is_block)
    {
      /* A value that goes on over indented lines, as configparser joins it. */
      joined = g_strconcat (entry->value, "\n", line, NULL);
      g_free (entry->value);
      entry->value = joined;
      return TRUE;
    }

  equals = strchr (line, '=');
  if (equals == NULL)
    return parse_fail (parser, error, "expected 'key = value' in the nested section '%s'",
                       parser->entry_key);
  *equals = '\0';
  subkey = g_strstrip (line);
  if (*subkey == '\0')
    return parse_fail (parser, error, "missing key name in the nested section '%s'",
                       parser->entry_key);
  if (entry->nested == NULL)
    entry->nested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (entry->nested, g_strdup (subkey), g_strdup (g_strstrip (equals + 1)));
  return TRUE;
}

static gboolean
parse_line (Parser  *parser,
            char    *line,
            GError **error)
{
  gsize indent = 0;
  char *text;

  while (is_blank (line[indent]))
    indent++;
  text = line + indent;
  g_strchomp (text);
  if (*text == '\0' || *text == '#' || *text == ';')
    return TRUE;
  strip_inline_comment (text);

  if (parser->entry != NULL && indent > parser->entry_indent)
    return parse_continuation (parser, text, error);

  parser->entry = NULL;
  if (*text == '[')
    return parse_header (parser, text, error);
  return parse_key_line (parser, text, indent, error);
}

static gboolean
check_text (Parser      *parser,
            const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end = NULL;

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;
  parser->lineno = 1;
  for (const char *p = data; p < end; p++)
    parser->lineno += *p == '\n';
  return parse_fail (parser, error, "the file is not UTF-8 text");
}

static gboolean
parse_data (GawsConfigFile  *self,
            const char      *data,
            gsize            length,
            GError         **error)
{
  Parser parser = { .file = self, .origin = self->origin };
  g_autofree char *copy = NULL;
  gboolean ok = TRUE;
  char *line;

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (!check_text (&parser, data, length, error))
    return FALSE;

  copy = g_strndup (data, length);
  parser.headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  line = copy;
  while (ok && line != NULL)
    {
      char *next = line + strcspn (line, "\r\n");

      if (*next == '\0')
        next = NULL;
      else
        {
          /* \r\n, \n and a lone \r all end a line, as Python's universal
           * newlines do. */
          if (next[0] == '\r' && next[1] == '\n')
            *next++ = '\0';
          *next++ = '\0';
        }
      parser.lineno++;
      ok = parse_line (&parser, line, error);
      line = next;
    }
  g_hash_table_unref (parser.headers);
  return ok;
}

/**
 * gaws_config_file_new_from_data:
 * @data: (array length=length) (element-type guint8): the text of the file
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @kind: which shared file the text comes from
 * @origin: (nullable): a name for the text in error messages, usually its path
 * @error: return location for a #GError
 *
 * Parses the text of a shared file. Any input is safe: bad syntax and
 * text that is not UTF-8 give a #GAWS_ERROR_CONFIG error that names the
 * line.
 *
 * Returns: (transfer full) (nullable): the parsed file, or %NULL with @error set
 */
GawsConfigFile *
gaws_config_file_new_from_data (const char          *data,
                                gssize               length,
                                GawsConfigFileKind   kind,
                                const char          *origin,
                                GError             **error)
{
  g_autoptr(GawsConfigFile) self = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);
  self = gaws_config_file_new (kind);
  self->origin = g_strdup (origin ? origin : "<string>");
  if (!parse_data (self, data, length, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- loading -------------------------------------------------------------- */

static char *
describe_file (GFile *file)
{
  const char *path = g_file_peek_path (file);

  return path ? g_strdup (path) : g_file_get_uri (file);
}

/* botocore reads only regular files and treats anything else as absent. */
static gboolean
is_missing_file_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
}

static GawsConfigFile *
config_file_from_contents (GFile               *file,
                           GawsConfigFileKind   kind,
                           const char          *contents,
                           gsize                length,
                           GError              *load_error,
                           GError             **error)
{
  g_autofree char *origin = describe_file (file);
  GawsConfigFile *self;

  if (load_error != NULL && is_missing_file_error (load_error))
    {
      self = gaws_config_file_new (kind);
      self->origin = g_steal_pointer (&origin);
      return self;
    }
  if (load_error != NULL)
    {
      if (g_error_matches (load_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_error_copy (load_error));
      else
        g_set_error (error, GAWS_ERROR, GAWS_ERROR_CONFIG,
                     "Unable to read config file %s: %s", origin, load_error->message);
      return NULL;
    }
  return gaws_config_file_new_from_data (contents, length, kind, origin, error);
}

static void
load_contents_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) load_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GawsConfigFile *self;

  g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &load_error);
  self = config_file_from_contents (G_FILE (source),
                                    GPOINTER_TO_INT (g_task_get_task_data (task)),
                                    contents, length, load_error, &error);
  if (self == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, self, g_object_unref);
}

/**
 * gaws_config_file_load_async:
 * @file: the file to read
 * @kind: which shared file it is
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the file is read and parsed
 * @user_data: data for @callback
 *
 * Reads and parses @file without blocking the main context. A file that
 * does not exist, or is not a regular file, loads as an empty file.
 */
void
gaws_config_file_load_async (GFile               *file,
                             GawsConfigFileKind   kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gaws_config_file_load_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  g_file_load_contents_async (file, cancellable, load_contents_cb, task);
}

/**
 * gaws_config_file_load_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the parsed file, or %NULL with
 *   @error set (#GAWS_ERROR_CONFIG for bad syntax or an unreadable file)
 */
GawsConfigFile *
gaws_config_file_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gaws_config_file_load_sync:
 * @file: the file to read
 * @kind: which shared file it is
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads and parses @file, blocking the calling thread while it reads.
 * Prefer gaws_config_file_load_async() on a main context.
 *
 * Returns: (transfer full) (nullable): the parsed file, or %NULL with @error set
 */
GawsConfigFile *
gaws_config_file_load_sync (GFile               *file,
                            GawsConfigFileKind   kind,
                            GCancellable        *cancellable,
                            GError             **error)
{
  g_autoptr(GError) load_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  g_file_load_contents (file, cancellable, &contents, &length, NULL, &load_error);
  return config_file_from_contents (file, kind, contents, length, load_error, error);
}

/* ---- queries -------------------------------------------------------------- */

/**
 * gaws_config_file_get_kind:
 * @self: a #GawsConfigFile
 *
 * Returns: which shared file this is
 */
GawsConfigFileKind
gaws_config_file_get_kind (GawsConfigFile *self)
{
  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), GAWS_CONFIG_FILE_KIND_CONFIG);
  return self->kind;
}

/**
 * gaws_config_file_get_origin:
 * @self: a #GawsConfigFile
 *
 * Returns: (nullable): the path (or the name given to
 *   gaws_config_file_new_from_data()) the file was read from, or %NULL for
 *   a file made with gaws_config_file_new()
 */
const char *
gaws_config_file_get_origin (GawsConfigFile *self)
{
  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), NULL);
  return self->origin;
}

static Section *
lookup_section (GawsConfigFile        *self,
                GawsConfigSectionKind  kind,
                const char            *name)
{
  if ((guint) kind >= N_SECTION_KINDS || name == NULL)
    return NULL;
  return g_hash_table_lookup (self->sections[kind], name);
}

static char **
strv_from_array (GPtrArray *strings)
{
  char **strv = g_new0 (char *, strings->len + 1);

  for (guint i = 0; i < strings->len; i++)
    strv[i] = g_strdup (strings->pdata[i]);
  return strv;
}

static Entry *
lookup_entry (GawsConfigFile        *self,
              GawsConfigSectionKind  kind,
              const char            *name,
              const char            *key)
{
  Section *section = lookup_section (self, kind, name);

  if (section == NULL || key == NULL)
    return NULL;
  return g_hash_table_lookup (section->entries, key);
}

/**
 * gaws_config_file_list_sections:
 * @self: a #GawsConfigFile
 * @kind: the kind of section to list
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   sections of @kind, in file order (`name` for `[profile name]`)
 */
char **
gaws_config_file_list_sections (GawsConfigFile        *self,
                                GawsConfigSectionKind  kind)
{
  GPtrArray *order;
  char **names;

  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), NULL);
  g_return_val_if_fail ((guint) kind < N_SECTION_KINDS, NULL);

  order = self->order[kind];
  names = g_new0 (char *, order->len + 1);
  for (guint i = 0; i < order->len; i++)
    names[i] = g_strdup (((Section *) order->pdata[i])->name);
  return names;
}

/**
 * gaws_config_file_has_section:
 * @self: a #GawsConfigFile
 * @kind: the kind of section
 * @name: its name
 *
 * Returns: %TRUE if the file has that section, even an empty one
 */
gboolean
gaws_config_file_has_section (GawsConfigFile        *self,
                              GawsConfigSectionKind  kind,
                              const char            *name)
{
  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), FALSE);
  return lookup_section (self, kind, name) != NULL;
}

/**
 * gaws_config_file_list_keys:
 * @self: a #GawsConfigFile
 * @kind: the kind of section
 * @name: its name
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the keys
 *   of the section in file order, or %NULL if there is no such section
 */
char **
gaws_config_file_list_keys (GawsConfigFile        *self,
                            GawsConfigSectionKind  kind,
                            const char            *name)
{
  Section *section;

  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), NULL);

  section = lookup_section (self, kind, name);
  if (section == NULL)
    return NULL;
  return strv_from_array (section->keys);
}

/**
 * gaws_config_file_has_key:
 * @self: a #GawsConfigFile
 * @kind: the kind of section
 * @name: the section's name
 * @key: a key
 *
 * Returns: %TRUE if the section sets @key, to a value or a nested section
 */
gboolean
gaws_config_file_has_key (GawsConfigFile        *self,
                          GawsConfigSectionKind  kind,
                          const char            *name,
                          const char            *key)
{
  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), FALSE);
  return lookup_entry (self, kind, name, key) != NULL;
}

/**
 * gaws_config_file_get_value:
 * @self: a #GawsConfigFile
 * @kind: the kind of section
 * @name: the section's name
 * @key: the key, with the case it is written in
 *
 * Returns: (nullable): the value of @key, or %NULL if it is not set or
 *   holds a nested section
 */
const char *
gaws_config_file_get_value (GawsConfigFile        *self,
                            GawsConfigSectionKind  kind,
                            const char            *name,
                            const char            *key)
{
  Entry *entry;

  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), NULL);

  entry = lookup_entry (self, kind, name, key);
  if (entry == NULL || entry->nested != NULL)
    return NULL;
  return entry->value;
}

/**
 * gaws_config_file_get_nested_value:
 * @self: a #GawsConfigFile
 * @kind: the kind of section
 * @name: the section's name
 * @key: the key that holds the nested section, such as `s3`
 * @subkey: the key inside it, such as `addressing_style`
 *
 * Returns: (nullable): the nested value, or %NULL
 */
const char *
gaws_config_file_get_nested_value (GawsConfigFile        *self,
                                   GawsConfigSectionKind  kind,
                                   const char            *name,
                                   const char            *key,
                                   const char            *subkey)
{
  Entry *entry;

  g_return_val_if_fail (GAWS_IS_CONFIG_FILE (self), NULL);

  entry = lookup_entry (self, kind, name, key);
  if (entry == NULL || entry->nested == NULL || subkey == NULL)
    return NULL;
  return g_hash_table_lookup (entry->nested, subkey);
}

/**
 * gaws_config_file_list_profiles:
 * @self: a #GawsConfigFile
 *
 * Returns: (transfer full) (array zero-terminated=1): the profile names,
 *   in file order
 */
char **
gaws_config_file_list_profiles (GawsConfigFile *self)
{
  return gaws_config_file_list_sections (self, GAWS_CONFIG_SECTION_PROFILE);
}

/**
 * gaws_config_file_has_profile:
 * @self: a #GawsConfigFile
 * @profile: a profile name
 *
 * Returns: %TRUE if the file defines @profile
 */
gboolean
gaws_config_file_has_profile (GawsConfigFile *self,
                              const char     *profile)
{
  return gaws_config_file_has_section (self, GAWS_CONFIG_SECTION_PROFILE, profile);
}

/**
 * gaws_config_file_get_profile_value:
 * @self: a #GawsConfigFile
 * @profile: a profile name
 * @key: a key, such as `region`
 *
 * Returns: (nullable): the value of @key in @profile, or %NULL
 */
const char *
gaws_config_file_get_profile_value (GawsConfigFile *self,
                                    const char     *profile,
                                    const char     *key)
{
  return gaws_config_file_get_value (self, GAWS_CONFIG_SECTION_PROFILE, profile, key);
}

/**
 * gaws_config_file_get_profile_nested_value:
 * @self: a #GawsConfigFile
 * @profile: a profile name
 * @key: the key that holds the nested section, such as `s3`
 * @subkey: the key inside it, such as `addressing_style`
 *
 * Returns: (nullable): the nested value, or %NULL
 */
const char *
gaws_config_file_get_profile_nested_value (GawsConfigFile *self,
                                           const char     *profile,
                                           const char     *key,
                                           const char     *subkey)
{
  return gaws_config_file_get_nested_value (self, GAWS_CONFIG_SECTION_PROFILE,
                                            profile, key, subkey);
}
