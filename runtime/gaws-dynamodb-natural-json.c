/* gaws-dynamodb-natural-json.c: plain JSON text to and from DynamoDB
 * AttributeValues
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-dynamodb-value-private.h"
#include "gaws-dynamodb-number.h"
#include "gaws-error.h"

#include <string.h>

/* jansson keeps numbers as doubles or 64-bit integers, which would round
 * 38-digit decimals, so plain JSON is read and written here by hand, with
 * every number kept as the text it was written in. The wire form
 * (AttributeValues) has numbers as strings and goes through jansson. */

/* Deeper than DynamoDB's own limit of 32 levels: beyond that the server
 * answers, but the recursion here stays bounded. */
#define MAX_DEPTH 64

typedef struct {
  const char *start;
  const char *p;
} Reader;

static const char * const tags[] = { "$B", "$N", "$M", "$SS", "$NS", "$BS", NULL };

static json_t *
av_new (const char *type, json_t *payload)
{
  json_t *av = json_object ();
  json_object_set_new (av, type, payload);
  return av;
}

static json_t *
fail (Reader *r, GError **error, const char *what)
{
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
               "invalid JSON at offset %" G_GSIZE_FORMAT ": %s", (gsize) (r->p - r->start), what);
  return NULL;
}

static void
skip_space (Reader *r)
{
  while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
    r->p++;
}

static gboolean
read_hex4 (Reader *r, gunichar *out)
{
  *out = 0;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (r->p[i]);
      if (digit < 0)
        return FALSE;
      *out = *out * 16 + digit;
    }
  r->p += 4;
  return TRUE;
}

/* After the backslash and `u`; joins surrogate pairs. */
static gboolean
read_unicode_escape (Reader *r, gunichar *out)
{
  gunichar low;

  if (!read_hex4 (r, out))
    return FALSE;
  if (*out >= 0xdc00 && *out <= 0xdfff)
    return FALSE;
  if (*out < 0xd800 || *out > 0xdbff)
    return *out != 0;   /* NUL cannot travel in GLib strings */
  if (r->p[0] != '\\' || r->p[1] != 'u')
    return FALSE;
  r->p += 2;
  if (!read_hex4 (r, &low) || low < 0xdc00 || low > 0xdfff)
    return FALSE;
  *out = 0x10000 + ((*out - 0xd800) << 10) + (low - 0xdc00);
  return TRUE;
}

static gboolean
read_escape (Reader *r, GString *out)
{
  static const char from[] = "\"\\/bfnrt";
  static const char to[] = "\"\\/\b\f\n\r\t";
  const char *found = *r->p ? strchr (from, *r->p) : NULL;
  gunichar c;

  if (found != NULL)
    {
      g_string_append_c (out, to[found - from]);
      r->p++;
      return TRUE;
    }
  if (*r->p++ != 'u' || !read_unicode_escape (r, &c))
    return FALSE;
  g_string_append_unichar (out, c);
  return TRUE;
}

/* At the opening quote; the whole text was checked to be UTF-8 up front. */
static char *
read_string (Reader *r, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (r->p++; *r->p != '"'; )
    {
      if ((guchar) *r->p < 0x20)
        {
          fail (r, error, *r->p ? "control character in a string" : "unterminated string");
          return NULL;
        }
      if (*r->p != '\\')
        {
          g_string_append_c (out, *r->p++);
          continue;
        }
      r->p++;
      if (!read_escape (r, out))
        {
          fail (r, error, "invalid escape in a string (NUL and lone surrogates are refused)");
          return NULL;
        }
    }
  r->p++;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const char *
skip_digits (const char *p)
{
  while (g_ascii_isdigit (*p))
    p++;
  return p;
}

/* JSON's own grammar, strictly; the text then goes to the number checks. */
static json_t *
read_number (Reader *r, GError **error)
{
  const char *start = r->p;
  const char *p = start + (*start == '-');
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;

  if (!g_ascii_isdigit (*p) || (p[0] == '0' && g_ascii_isdigit (p[1])))
    return fail (r, error, "invalid number");
  p = skip_digits (p);
  if (*p == '.' && !g_ascii_isdigit (*++p))
    return fail (r, error, "invalid number");
  p = skip_digits (p);
  if (*p == 'e' || *p == 'E')
    {
      p += (p[1] == '+' || p[1] == '-') ? 2 : 1;
      if (!g_ascii_isdigit (*p))
        return fail (r, error, "invalid number");
      p = skip_digits (p);
    }
  r->p = p;
  text = g_strndup (start, p - start);
  if ((number = gaws_dynamodb_number_normalize (text, error)) == NULL)
    return NULL;
  return av_new ("N", json_string (number));
}

static json_t *
read_literal (Reader *r, GError **error)
{
  static const struct { const char *word; const char *type; gboolean value; } literals[] = {
    { "true", "BOOL", TRUE }, { "false", "BOOL", FALSE }, { "null", "NULL", TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (literals); i++)
    {
      gsize len = strlen (literals[i].word);

      if (strncmp (r->p, literals[i].word, len) == 0)
        {
          r->p += len;
          return av_new (literals[i].type, json_boolean (literals[i].value));
        }
    }
  return fail (r, error, "unexpected character");
}

static json_t *read_value (Reader *r, guint depth, GError **error);

static json_t *
read_array (Reader *r, guint depth, GError **error)
{
  json_t *list = json_array ();

  r->p++;
  skip_space (r);
  if (*r->p == ']')
    {
      r->p++;
      return av_new ("L", list);
    }
  for (;;)
    {
      json_t *item = read_value (r, depth + 1, error);

      if (item == NULL)
        {
          g_prefix_error (error, "[%zu]: ", json_array_size (list));
          json_decref (list);
          return NULL;
        }
      json_array_append_new (list, item);
      skip_space (r);
      if (*r->p == ']')
        {
          r->p++;
          return av_new ("L", list);
        }
      if (*r->p++ != ',')
        break;
    }
  json_decref (list);
  return fail (r, error, "expected , or ] in an array");
}

static gboolean
read_member (Reader *r, json_t *map, guint depth, GError **error)
{
  g_autofree char *key = NULL;
  json_t *value;

  skip_space (r);
  if (*r->p != '"')
    {
      fail (r, error, "expected a key in an object");
      return FALSE;
    }
  if ((key = read_string (r, error)) == NULL)
    return FALSE;
  skip_space (r);
  if (*r->p++ != ':')
    {
      fail (r, error, "expected : after a key");
      return FALSE;
    }
  if (json_object_get (map, key) != NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "the object has the key “%s” twice", key);
      return FALSE;
    }
  if ((value = read_value (r, depth + 1, error)) == NULL)
    {
      g_prefix_error (error, "“%s”: ", key);
      return FALSE;
    }
  json_object_set_new (map, key, value);
  return TRUE;
}

static json_t *
read_object (Reader *r, guint depth, GError **error)
{
  json_t *map = json_object ();

  r->p++;
  skip_space (r);
  if (*r->p == '}')
    {
      r->p++;
      return av_new ("M", map);
    }
  for (;;)
    {
      if (!read_member (r, map, depth, error))
        break;
      skip_space (r);
      if (*r->p == '}')
        {
          r->p++;
          return av_new ("M", map);
        }
      if (*r->p++ != ',')
        {
          fail (r, error, "expected , or } in an object");
          break;
        }
    }
  json_decref (map);
  return NULL;
}

static json_t *
read_value (Reader *r, guint depth, GError **error)
{
  g_autofree char *text = NULL;

  if (depth > MAX_DEPTH)
    return fail (r, error, "nested too deep");
  skip_space (r);
  switch (*r->p)
    {
    case '{':
      return read_object (r, depth, error);
    case '[':
      return read_array (r, depth, error);
    case '"':
      return (text = read_string (r, error)) ? av_new ("S", json_string (text)) : NULL;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (r, error);
    default:
      return read_literal (r, error);
    }
}

/* ---- tagged objects ---- */

static json_t *
tag_error (const char *tag, const char *what, GError **error)
{
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "“%s” must be %s", tag, what);
  return NULL;
}

/* A member of `$NS`, `$N` written as a number or as numeric text. */
static char *
number_text (json_t *av, GError **error)
{
  json_t *n = json_object_get (av, "N");
  json_t *s = json_object_get (av, "S");

  if (n != NULL)
    return g_strdup (json_string_value (n));
  if (s != NULL)
    return gaws_dynamodb_number_normalize (json_string_value (s), error);
  return NULL;
}

static char *
member_text (const char *tag, json_t *av, GError **error)
{
  json_t *s = json_object_get (av, "S");

  if (g_str_equal (tag, "$NS"))
    return number_text (av, error);
  if (s == NULL)
    return NULL;
  if (g_str_equal (tag, "$BS"))
    return gaws_dynamodb_value_json_check_base64 (json_string_value (s), error);
  return g_strdup (json_string_value (s));
}

static json_t *
resolve_set (const char *tag, json_t *payload, GError **error)
{
  json_t *list = json_object_get (payload, "L");
  json_t *members = json_array ();
  size_t i;
  json_t *item;

  if (list == NULL)
    {
      json_decref (members);
      return tag_error (tag, "an array", error);
    }
  json_array_foreach (list, i, item)
    {
      g_autofree char *text = member_text (tag, item, error);

      if (text == NULL)
        {
          json_decref (members);
          if (error == NULL || *error == NULL)
            return tag_error (tag, g_str_equal (tag, "$NS") ? "an array of numbers"
                                   : g_str_equal (tag, "$BS") ? "an array of base64 strings"
                                   : "an array of strings", error);
          g_prefix_error (error, "%s[%zu]: ", tag, i);
          return NULL;
        }
      json_array_append_new (members, json_string (text));
    }
  return gaws_dynamodb_value_json_new_set (tag + 1, members, error);
}

static json_t *
resolve_number (json_t *payload, GError **error)
{
  g_autofree char *text = number_text (payload, error);

  if (text != NULL)
    return av_new ("N", json_string (text));
  if (error != NULL && *error != NULL)
    return NULL;
  return tag_error ("$N", "a number or numeric text", error);
}

static json_t *
resolve_binary (json_t *payload, GError **error)
{
  json_t *s = json_object_get (payload, "S");
  g_autofree char *text = NULL;

  if (s == NULL)
    return tag_error ("$B", "a base64 string", error);
  if ((text = gaws_dynamodb_value_json_check_base64 (json_string_value (s), error)) == NULL)
    return NULL;
  return av_new ("B", json_string (text));
}

static json_t *
resolve_tag (const char *tag, json_t *payload, GError **error)
{
  if (g_str_equal (tag, "$N"))
    return resolve_number (payload, error);
  if (g_str_equal (tag, "$B"))
    return resolve_binary (payload, error);
  return resolve_set (tag, payload, error);
}

static json_t *resolve (json_t *av, gboolean as_map, GError **error);

static gboolean
resolve_list (json_t *list, GError **error)
{
  size_t i;
  json_t *item;

  json_array_foreach (list, i, item)
    {
      json_t *resolved = resolve (json_incref (item), FALSE, error);

      if (resolved == NULL)
        {
          g_prefix_error (error, "[%zu]: ", i);
          return FALSE;
        }
      json_array_set_new (list, i, resolved);
    }
  return TRUE;
}

static gboolean
resolve_map (json_t *map, GError **error)
{
  const char *key;
  json_t *value;
  void *tmp;

  json_object_foreach_safe (map, tmp, key, value)
    {
      json_t *resolved = resolve (json_incref (value), FALSE, error);

      if (resolved == NULL)
        {
          g_prefix_error (error, "“%s”: ", key);
          return FALSE;
        }
      json_object_set_new (map, key, resolved);
    }
  return TRUE;
}

/* Returns the static copy of the tag: the key goes when the object does. */
static const char *
single_tag (json_t *map)
{
  const char *key;

  if (json_object_size (map) != 1)
    return NULL;
  key = json_object_iter_key (json_object_iter (map));
  for (gsize i = 0; tags[i] != NULL; i++)
    if (g_str_equal (key, tags[i]))
      return tags[i];
  return NULL;
}

/* The reader gives objects as maps; this pass, top down, turns an object
 * with a single tag key into what it stands for. Top down, because
 * `{"$M": {...}}` takes its inner object as a map whatever its keys, while
 * the objects inside that one are read as usual. Takes @av. */
static json_t *
resolve (json_t *av, gboolean as_map, GError **error)
{
  json_t *map = json_object_get (av, "M");
  json_t *list = json_object_get (av, "L");
  const char *tag = map != NULL && !as_map ? single_tag (map) : NULL;
  json_t *payload;
  json_t *resolved;

  if (tag == NULL)
    {
      if ((map != NULL && !resolve_map (map, error)) || (list != NULL && !resolve_list (list, error)))
        g_clear_pointer (&av, json_decref);
      return av;
    }
  payload = json_incref (json_object_get (map, tag));
  json_decref (av);
  if (g_str_equal (tag, "$M"))
    {
      if (json_object_get (payload, "M") != NULL)
        return resolve (payload, TRUE, error);
      json_decref (payload);
      return tag_error (tag, "an object", error);
    }
  if ((payload = resolve (payload, FALSE, error)) == NULL)
    {
      g_prefix_error (error, "%s: ", tag);
      return NULL;
    }
  resolved = resolve_tag (tag, payload, error);
  json_decref (payload);
  return resolved;
}

/**
 * gaws_dynamodb_value_json_from_natural: (skip)
 * @text: a value as plain JSON
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the AttributeValue, or %NULL
 */
json_t *
gaws_dynamodb_value_json_from_natural (const char *text, GError **error)
{
  Reader r = { text, text };
  json_t *av;

  if (!g_utf8_validate (text, -1, NULL))
    return fail (&r, error, "not UTF-8");
  if ((av = read_value (&r, 0, error)) == NULL)
    return NULL;
  skip_space (&r);
  if (*r.p != '\0')
    {
      json_decref (av);
      return fail (&r, error, "text after the value");
    }
  return resolve (av, FALSE, error);
}

/* ---- writing ---- */

static gboolean write_value (GString *out, json_t *av, guint depth, GError **error);

static void
write_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      switch (*s)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *s < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *s);
          else
            g_string_append_c (out, *s);
        }
    }
  g_string_append_c (out, '"');
}

static gboolean
write_error (json_t *av, GError **error)
{
  g_autofree char *text = json_dumps (av, JSON_COMPACT | JSON_ENCODE_ANY);

  if (error == NULL || *error == NULL)
    g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                 "not a DynamoDB AttributeValue: %.80s", text ? text : "?");
  return FALSE;
}

static gboolean
write_number (GString *out, json_t *payload, GError **error)
{
  g_autofree char *text = NULL;

  if (!json_is_string (payload) ||
      (text = gaws_dynamodb_number_normalize (json_string_value (payload), error)) == NULL)
    return FALSE;
  g_string_append (out, text);
  return TRUE;
}

static gboolean
write_list (GString *out, json_t *payload, guint depth, GError **error)
{
  size_t i;
  json_t *item;

  if (!json_is_array (payload))
    return FALSE;
  g_string_append_c (out, '[');
  json_array_foreach (payload, i, item)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (!write_value (out, item, depth + 1, error))
        {
          g_prefix_error (error, "[%zu]: ", i);
          return FALSE;
        }
    }
  g_string_append_c (out, ']');
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static gboolean
write_map (GString *out, json_t *payload, guint depth, GError **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  gboolean escape;
  const char *key;
  json_t *item;

  if (!json_is_object (payload))
    return FALSE;
  json_object_foreach (payload, key, item)
    g_ptr_array_add (keys, (gpointer) key);
  g_ptr_array_sort (keys, compare_strings);
  /* A map whose only key is a tag would read back as the tagged value. */
  escape = keys->len == 1 && g_strv_contains (tags, keys->pdata[0]);
  g_string_append (out, escape ? "{\"$M\":{" : "{");
  for (guint i = 0; i < keys->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_string (out, keys->pdata[i]);
      g_string_append_c (out, ':');
      if (!write_value (out, json_object_get (payload, keys->pdata[i]), depth + 1, error))
        {
          g_prefix_error (error, "“%s”: ", (const char *) keys->pdata[i]);
          return FALSE;
        }
    }
  g_string_append (out, escape ? "}}" : "}");
  return TRUE;
}

static gboolean
write_binary (GString *out, json_t *payload, GError **error)
{
  g_autofree char *text = NULL;

  if (!json_is_string (payload) ||
      (text = gaws_dynamodb_value_json_check_base64 (json_string_value (payload), error)) == NULL)
    return FALSE;
  g_string_append (out, "{\"$B\":");
  write_string (out, text);
  g_string_append_c (out, '}');
  return TRUE;
}

/* Sets are validated again, as on the way in: duplicates from a broken
 * server should not pass silently. */
static gboolean
write_set (GString *out, const char *type, json_t *payload, GError **error)
{
  json_t *set;
  size_t i;
  json_t *member;

  if (!json_is_array (payload) || (set = gaws_dynamodb_value_json_check_set (type, payload, error)) == NULL)
    return FALSE;
  g_string_append_printf (out, "{\"$%s\":[", type);
  json_array_foreach (json_object_get (set, type), i, member)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (g_str_equal (type, "NS"))
        g_string_append (out, json_string_value (member));
      else
        write_string (out, json_string_value (member));
    }
  g_string_append (out, "]}");
  json_decref (set);
  return TRUE;
}

static gboolean
write_scalar (GString *out, const char *type, json_t *payload)
{
  if (g_str_equal (type, "S") && json_is_string (payload))
    write_string (out, json_string_value (payload));
  else if (g_str_equal (type, "BOOL") && json_is_boolean (payload))
    g_string_append (out, json_is_true (payload) ? "true" : "false");
  else if (g_str_equal (type, "NULL") && json_is_true (payload))
    g_string_append (out, "null");
  else
    return FALSE;
  return TRUE;
}

static gboolean
write_typed (GString *out, const char *type, json_t *payload, guint depth, GError **error)
{
  if (g_str_equal (type, "N"))
    return write_number (out, payload, error);
  if (g_str_equal (type, "B"))
    return write_binary (out, payload, error);
  if (g_str_equal (type, "L"))
    return write_list (out, payload, depth, error);
  if (g_str_equal (type, "M"))
    return write_map (out, payload, depth, error);
  if (g_str_equal (type, "SS") || g_str_equal (type, "NS") || g_str_equal (type, "BS"))
    return write_set (out, type, payload, error);
  return write_scalar (out, type, payload);
}

static gboolean
write_value (GString *out, json_t *av, guint depth, GError **error)
{
  const char *type;

  if (depth > MAX_DEPTH)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT, "value nested deeper than %d levels",
                   MAX_DEPTH);
      return FALSE;
    }
  if (!json_is_object (av) || json_object_size (av) != 1)
    return write_error (av, error);
  type = json_object_iter_key (json_object_iter (av));
  if (!write_typed (out, type, json_object_get (av, type), depth, error))
    return write_error (av, error);
  return TRUE;
}

/**
 * gaws_dynamodb_value_json_to_natural: (skip)
 * @attribute_value: an AttributeValue
 * @error: return location for a #GError
 *
 * Returns: (transfer full): compact plain JSON with sorted keys, or %NULL
 */
char *
gaws_dynamodb_value_json_to_natural (json_t *attribute_value, GError **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!write_value (out, attribute_value, 0, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
