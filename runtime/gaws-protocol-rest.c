/* gaws-protocol-rest.c: the HTTP bindings rest-json and rest-xml share
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-rest.h"

#include <stdlib.h>
#include <string.h>
#include "gaws-decimal-private.h"
#include "gaws-error.h"
#include "gaws-http-headers-private.h"
#include "gaws-http-request-private.h"
#include "gaws-protocol-util.h"
#include "gaws-shape-json.h"

/* The REST protocols bind top-level members to the URI, the query string,
 * headers and the status code; only what remains goes into the body, which
 * is the one thing rest-json and rest-xml do differently. */

static char *
variant_to_text (GVariant *variant)
{
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_INT32))
    return g_strdup_printf ("%d", g_variant_get_int32 (variant));
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_INT64))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (variant));
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_BOOLEAN))
    return g_strdup (g_variant_get_boolean (variant) ? "true" : "false");
  return gaws_protocol_format_double (g_variant_get_double (variant));
}

/* One scalar as text: list elements and map values are held as in lists
 * (char *, GVariant, GDateTime, GBytes). */
static char *
element_to_text (const GawsMemberInfo *member,
                 gconstpointer         element,
                 GawsTimestampFormat   default_format)
{
  GawsTimestampFormat format;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      return g_strdup (element);
    case GAWS_SHAPE_KIND_TIMESTAMP:
      format = gaws_member_info_get_timestamp_format (member);
      return gaws_protocol_format_timestamp ((GDateTime *) element,
                                             format ? format : default_format);
    case GAWS_SHAPE_KIND_BLOB:
      return g_base64_encode (g_bytes_get_data ((GBytes *) element, NULL),
                              g_bytes_get_size ((GBytes *) element));
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
    case GAWS_SHAPE_KIND_BOOLEAN:
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      return variant_to_text ((GVariant *) element);
    default:
      return NULL;
    }
}

/* Digits after an optional minus, few enough not to overflow: what
 * g_ascii_strtoll() reads of them (Content-Length, in every response).
 * Anything else takes the long way. */
static gboolean
parse_plain_integer (const char *text,
                     gint64     *value)
{
  gboolean negative = text[0] == '-';
  const char *digits = text + negative, *p;
  gint64 result = 0;

  for (p = digits; *p != '\0'; p++)
    {
      if ((guchar) (*p - '0') >= 10 || p - digits >= 18)
        return FALSE;
      result = result * 10 + (*p - '0');
    }
  if (p == digits)
    return FALSE;
  *value = negative ? -result : result;
  return TRUE;
}

/* Room for an integer's text and its NUL */
#define INTEGER_TEXT_SIZE (GAWS_DECIMAL_MAX_DIGITS + 2)

/* An integer in decimal, without printf, NUL-terminated in @text (of
 * INTEGER_TEXT_SIZE): S3 sends lengths in headers. Returns its end. */
static char *
put_integer_text (char   *text,
                  gint64  value)
{
  char *end = text;

  if (value < 0)
    *end++ = '-';
  end = gaws_put_decimal (end, value < 0 ? -(guint64) value : (guint64) value);
  *end = '\0';
  return end;
}

static char *
integer_to_text (gint64 value)
{
  char text[INTEGER_TEXT_SIZE];

  return g_strndup (text, put_integer_text (text, value) - text);
}

static char *
value_to_text (const GawsMemberInfo *member,
               const GValue         *value,
               GawsTimestampFormat   default_format)
{
  /* by the exact type, without four type-system checks for every string:
   * no type derives from these fundamental ones */
  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_INT:
      return integer_to_text (g_value_get_int (value));
    case G_TYPE_INT64:
      return integer_to_text (g_value_get_int64 (value));
    case G_TYPE_BOOLEAN:
      return g_strdup (g_value_get_boolean (value) ? "true" : "false");
    case G_TYPE_DOUBLE:
      return gaws_protocol_format_double (g_value_get_double (value));
    default:
      return element_to_text (member, g_value_peek_pointer (value), default_format);
    }
}

/* value_to_text() without the copy of a string member's value, which is
 * its text already, nor one of an integer, which is written into @digits
 * (of INTEGER_TEXT_SIZE): @owned gets what the caller frees (%NULL then). */
static const char *
value_peek_text (const GawsMemberInfo  *member,
                 const GValue          *value,
                 GawsTimestampFormat    default_format,
                 char                  *digits,
                 char                 **owned)
{
  *owned = NULL;
  switch (G_VALUE_TYPE (value))
    {
    case G_TYPE_STRING:
      if (member->shape->kind == GAWS_SHAPE_KIND_STRING || member->shape->kind == GAWS_SHAPE_KIND_DOCUMENT)
        return g_value_get_string (value);
      break;
    case G_TYPE_INT:
      put_integer_text (digits, g_value_get_int (value));
      return digits;
    case G_TYPE_INT64:
      put_integer_text (digits, g_value_get_int64 (value));
      return digits;
    default:
      break;
    }
  return *owned = value_to_text (member, value, default_format);
}

/* A header name's bit among 64, by its @length and its first and last
 * bytes with bit 0x20 set: names equal but for ASCII case have the same
 * bit (a few others share it too, which only costs a look-up). */
static guint
header_name_bit_len (const char *name,
                     gsize       length)
{
  if (length == 0)
    return 0;
  return (guint) ((length * 7 + ((guchar) name[0] | 0x20) * 3 + ((guchar) name[length - 1] | 0x20)) % 64);
}

static guint
header_name_bit (const char *name)
{
  return header_name_bit_len (name, strlen (name));
}

/* The bits of the names of @headers, from the lengths the list keeps. */
static guint64
header_name_bits (GawsHttpHeaders *headers)
{
  guint n_lines;
  const GawsHttpHeaderLine *lines = gaws_http_headers_peek_lines (headers, &n_lines);
  guint64 bits = 0;

  for (guint i = 0; i < n_lines; i++)
    bits |= G_GUINT64_CONSTANT (1) << header_name_bit_len (lines[i].name, lines[i].name_len);
  return bits;
}

/* A member bound outside the body (the URI, the query string, a header,
 * the headers or the status code), and its name's bit (header_name_bit())
 * when it is a header's: one list serves requests and responses. */
typedef struct {
  guint16 index;
  guint8  location;
  guint8  bit;
} Binding;

#define END_OF_BINDINGS G_MAXUINT16

/* Fills @bindings (room for @info's members and one more) with the
 * members of @info bound outside the body, in their order, ended by
 * END_OF_BINDINGS. */
static void
bindings_fill (const GawsShapeInfo *info,
               Binding             *bindings)
{
  guint n = 0;

  for (guint i = 0; i < info->n_members && i < END_OF_BINDINGS; i++)
    {
      const GawsMemberInfo *member = &info->members[i];

      if (member->location == GAWS_LOCATION_BODY)
        continue;
      bindings[n].index = (guint16) i;
      bindings[n].location = member->location;
      bindings[n].bit = member->location == GAWS_LOCATION_HEADER
                        ? (guint8) header_name_bit (gaws_member_info_get_wire_name (member)) : 0;
      n++;
    }
  bindings[n].index = END_OF_BINDINGS;
}

/* What a generated class keeps for the REST bindings: its bound members,
 * and the parsed URI template of the first operation that took it as its
 * input (PathTemplate, below), made once and as lasting as the class. */
typedef struct {
  gpointer template;
  Binding  bindings[];
} ClassBindings;

/* @shape's bound members: a generated class (one per static
 * #GawsShapeInfo, and as lasting) keeps them, found the first time, so
 * that a request or a response is not a walk through every member of its
 * shape (PutObject's input has 40, GetObject's output 31 headers) with a
 * strlen() of each name; @kept (nullable) gets what the class keeps. A
 * shape without a class of its own (a model loaded at run time) has them
 * found into @room (of @room_size) when they fit, or into @heap, which
 * the caller frees, and @kept gets %NULL. */
static const Binding *
get_bindings (GawsShape            *shape,
              const GawsShapeInfo  *info,
              Binding              *room,
              gsize                 room_size,
              Binding             **heap,
              ClassBindings       **kept)
{
  GawsShapeClass *klass = GAWS_SHAPE_GET_CLASS (shape);
  ClassBindings *made;
  Binding *bindings;

  if (klass->info != info)
    {
      bindings = info->n_members < room_size ? room : (*heap = g_new (Binding, info->n_members + 1));
      bindings_fill (info, bindings);
      if (kept != NULL)
        *kept = NULL;
      return bindings;
    }
  made = g_atomic_pointer_get (&klass->rest_bindings);
  if (made == NULL)
    {
      made = g_malloc (sizeof (ClassBindings) + (info->n_members + 1) * sizeof (Binding));
      made->template = NULL;
      bindings_fill (info, made->bindings);
      if (!g_atomic_pointer_compare_and_exchange (&klass->rest_bindings, NULL, made))
        {
          g_free (made);
          made = g_atomic_pointer_get (&klass->rest_bindings);
        }
    }
  if (kept != NULL)
    *kept = made;
  return made->bindings;
}

/* The member of @shape in @bindings (get_bindings()) bound to @location
 * by the name @wire_name of @length, or -1 */
static gint
find_bound_member (const GawsShapeInfo *shape,
                   const Binding       *bindings,
                   GawsLocation         location,
                   const char          *wire_name,
                   gsize                length)
{
  for (; bindings->index != END_OF_BINDINGS; bindings++)
    {
      const char *name;

      /* most members are bound elsewhere: their names are not looked at */
      if (bindings->location != location)
        continue;
      name = gaws_member_info_get_wire_name (&shape->members[bindings->index]);
      if (strncmp (name, wire_name, length) == 0 && name[length] == '\0')
        return (gint) bindings->index;
    }
  return -1;
}

/* A path being rendered: on the stack while it fits, as S3's mostly do,
 * with no per-thread scratch string to find and give back, then on the
 * heap. Its text stays ended by room for a terminator. */
typedef struct {
  char  *str;
  gsize  len;
  gsize  size;
  char  *heap;
} PathBuffer;

/* Room for @more bytes and a terminator at the end of @path */
static char *
path_reserve (PathBuffer *path,
              gsize       more)
{
  if (G_UNLIKELY (path->len + more >= path->size))
    {
      gsize size = MAX (path->size * 2, path->len + more + 1);

      if (path->heap == NULL)
        path->heap = memcpy (g_malloc (size), path->str, path->len);
      else
        path->heap = g_realloc (path->heap, size);
      path->str = path->heap;
      path->size = size;
    }
  return path->str + path->len;
}

static void
path_append (PathBuffer *path,
             const char *text,
             gsize       length)
{
  memcpy (path_reserve (path, length), text, length);
  path->len += length;
}

/* @text as gaws_uri_encode() gives it, encoded in place at the end of
 * @path: room is made for the worst case (every byte encoded) so that
 * @text is read once. */
static void
path_append_encoded (PathBuffer *path,
                     const char *text,
                     gboolean    encode_slash)
{
  char *end = gaws_uri_encode_to (path_reserve (path, 3 * strlen (text)), text, encode_slash);

  path->len = end - path->str;
}

/* A piece of a URI template: text as it is, or a label with the member
 * bound to it (-1 when none is). */
typedef enum {
  SEGMENT_LITERAL,
  SEGMENT_LABEL,
  SEGMENT_GREEDY_LABEL,
} SegmentKind;

typedef struct {
  guint32 start;   /* in the template: the text, or the label's name */
  guint32 length;
  gint32  index;
  guint32 kind;
} Segment;

/* The path of an operation's URI template, `/{Bucket}/{Key+}?x-id=PutObject`,
 * parsed: its labels found among the members of its input. @uri is the
 * template parsed (the kept one's own copy), @path_length its length up
 * to the `?`. */
typedef struct {
  const char *uri;
  gsize       path_length;
  guint       n_segments;
  Segment    *segments;
} PathTemplate;

#define ROOM_SEGMENTS 16

/* At most the number of segments of @uri's path, of @path_length. */
static guint
count_segments (const char *uri,
                gsize       path_length)
{
  const char *p = uri, *end = uri + path_length;
  guint n = 1;

  while ((p = memchr (p, '{', end - p)) != NULL)
    {
      n += 2;
      p++;
    }
  return n;
}

/* `/{Bucket}/{Key+}`: a label ending in `+` is greedy and keeps its
 * slashes. Fills @template's segments, of room enough
 * (count_segments()). */
static void
template_fill (PathTemplate        *template,
               const GawsShapeInfo *info,
               const Binding       *bindings)
{
  const char *uri = template->uri, *p = uri, *end = uri + template->path_length;
  Segment *segment = template->segments;

  while (p < end)
    {
      const char *open = memchr (p, '{', end - p), *close = NULL;
      gboolean greedy;

      if (open != NULL)
        close = memchr (open, '}', end - open);
      if (close == NULL)
        open = end;
      if (open > p)
        *segment++ = (Segment) { p - uri, open - p, -1, SEGMENT_LITERAL };
      if (close == NULL)
        break;
      greedy = close[-1] == '+';
      *segment = (Segment) { open + 1 - uri, close - open - 1 - greedy, -1,
                             greedy ? SEGMENT_GREEDY_LABEL : SEGMENT_LABEL };
      if (info != NULL)
        segment->index = find_bound_member (info, bindings, GAWS_LOCATION_URI,
                                            open + 1, segment->length);
      segment++;
      p = close + 1;
    }
  template->n_segments = segment - template->segments;
}

/* A template of @op's URI, with its own copy of it, for a class to keep */
static PathTemplate *
template_new (const GawsOperationInfo *op,
              gsize                    path_length,
              const GawsShapeInfo     *info,
              const Binding           *bindings)
{
  gsize uri_size = strlen (op->request_uri) + 1;
  guint n = count_segments (op->request_uri, path_length);
  PathTemplate *template = g_malloc (sizeof (PathTemplate) + n * sizeof (Segment) + uri_size);

  template->segments = (Segment *) (template + 1);
  template->uri = memcpy (template->segments + n, op->request_uri, uri_size);
  template->path_length = path_length;
  template_fill (template, info, bindings);
  return template;
}

/* @op's parsed URI template. The class of its input (@kept, nullable)
 * keeps the first one it is asked for: the operations of a generated
 * service have one input class each, and an operation made at run time,
 * that may be freed, is matched by its template's text, never its address.
 * Any other is parsed into @room (of ROOM_SEGMENTS) when it fits, or
 * @heap, which the caller frees. */
static const PathTemplate *
get_template (const GawsOperationInfo  *op,
              const GawsShapeInfo      *info,
              const Binding            *bindings,
              ClassBindings            *kept,
              PathTemplate             *room,
              PathTemplate            **heap)
{
  PathTemplate *template = kept ? g_atomic_pointer_get (&kept->template) : NULL;
  const char *question;

  if (template != NULL && strcmp (template->uri, op->request_uri) == 0)
    return template;
  question = strchr (op->request_uri, '?');
  room->uri = op->request_uri;
  room->path_length = question ? (gsize) (question - op->request_uri) : strlen (op->request_uri);
  if (kept != NULL && template == NULL)
    {
      template = template_new (op, room->path_length, info, bindings);
      if (g_atomic_pointer_compare_and_exchange (&kept->template, NULL, template))
        return template;
      g_free (template);
      template = g_atomic_pointer_get (&kept->template);
      if (strcmp (template->uri, op->request_uri) == 0)
        return template;
    }
  if (count_segments (op->request_uri, room->path_length) > ROOM_SEGMENTS)
    return *heap = template_new (op, room->path_length, info, bindings);
  template_fill (room, info, bindings);
  return room;
}

static gboolean
render_path (const GawsOperationInfo  *op,
             const PathTemplate       *template,
             const GawsShapeInfo      *info,
             const GValue             *values,
             PathBuffer               *path,
             GError                  **error)
{
  for (guint i = 0; i < template->n_segments; i++)
    {
      const Segment *segment = &template->segments[i];
      g_autofree char *owned = NULL;
      char digits[INTEGER_TEXT_SIZE];
      gint index = segment->index;

      if (segment->kind == SEGMENT_LITERAL)
        {
          path_append (path, op->request_uri + segment->start, segment->length);
          continue;
        }
      if (index < 0 || values == NULL || G_VALUE_TYPE (&values[index]) == G_TYPE_INVALID)
        {
          g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                       "Missing required parameter for the URI of %s: %.*s",
                       op->name, (int) segment->length, op->request_uri + segment->start);
          return FALSE;
        }
      path_append_encoded (path, value_peek_text (&info->members[index], &values[index],
                                                  GAWS_TIMESTAMP_FORMAT_ISO8601, digits, &owned),
                           segment->kind == SEGMENT_LABEL);
    }
  return TRUE;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Map keys in sorted order: requests must not depend on hash order. */
static const char **
sorted_map_keys (GHashTable *map,
                 guint      *n_keys)
{
  const char **keys = (const char **) g_hash_table_get_keys_as_array (map, n_keys);

  qsort (keys, *n_keys, sizeof (char *), compare_strings);
  return keys;
}

static void
add_query_list (GawsHttpRequest      *request,
                const char           *name,
                const GawsMemberInfo *element,
                GPtrArray            *list)
{
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *text = NULL;

      if (list->pdata[i] == NULL)
        continue;
      text = element_to_text (element, list->pdata[i], GAWS_TIMESTAMP_FORMAT_ISO8601);
      gaws_http_request_add_query_param (request, name, text);
    }
}

/* A query-string map adds its keys, unless a member binds the same
 * parameter: the member is the more specific. */
static void
add_query_map (GawsHttpRequest      *request,
               GawsShape            *input,
               const Binding        *bindings,
               const GawsMemberInfo *member,
               GHashTable           *map)
{
  const GawsMemberInfo *value = &member->shape->members[1];
  const GawsShapeInfo *info = gaws_shape_get_info (input);
  g_autofree const char **keys = NULL;
  guint n_keys;

  keys = sorted_map_keys (map, &n_keys);
  for (guint i = 0; i < n_keys; i++)
    {
      gpointer element = g_hash_table_lookup (map, keys[i]);
      gint bound = find_bound_member (info, bindings, GAWS_LOCATION_QUERYSTRING, keys[i], strlen (keys[i]));
      g_autofree char *text = NULL;

      if ((bound >= 0 && gaws_shape_is_set (input, bound)) || element == NULL)
        continue;
      if (value->shape->kind == GAWS_SHAPE_KIND_LIST)
        {
          add_query_list (request, keys[i], &value->shape->members[0], element);
          continue;
        }
      text = element_to_text (value, element, GAWS_TIMESTAMP_FORMAT_ISO8601);
      gaws_http_request_add_query_param (request, keys[i], text);
    }
}

static void
add_query_member (GawsHttpRequest      *request,
                  GawsShape            *input,
                  const Binding        *bindings,
                  const GawsMemberInfo *member,
                  const GValue         *value)
{
  g_autofree char *owned = NULL;
  char digits[INTEGER_TEXT_SIZE];

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_MAP:
      add_query_map (request, input, bindings, member, g_value_get_boxed (value));
      break;
    case GAWS_SHAPE_KIND_LIST:
      add_query_list (request, gaws_member_info_get_wire_name (member),
                      &member->shape->members[0], g_value_get_boxed (value));
      break;
    default:
      gaws_http_request_add_query_param (request, gaws_member_info_get_wire_name (member),
                                         value_peek_text (member, value, GAWS_TIMESTAMP_FORMAT_ISO8601, digits,
                                                          &owned));
      break;
    }
}

/* RFC 7230 lists: strings holding a comma or a quote are quoted. */
static char *
header_list_text (const GawsMemberInfo *member,
                  GPtrArray            *list)
{
  const GawsMemberInfo *element = &member->shape->members[0];
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *item = NULL;

      if (list->pdata[i] == NULL)
        continue;
      item = element_to_text (element, list->pdata[i], GAWS_TIMESTAMP_FORMAT_RFC822);
      if (text->len > 0)
        g_string_append (text, ", ");
      if (element->shape->kind == GAWS_SHAPE_KIND_STRING && strpbrk (item, ",\"") != NULL)
        {
          g_autofree char *escaped = g_strescape (item, NULL);
          g_string_append_printf (text, "\"%s\"", escaped);
        }
      else
        g_string_append (text, item);
    }
  return g_string_free (text, FALSE);
}

/* A header's text as value_peek_text() gives it: a string's own, an
 * integer's in @digits, or what @owned gets. */
static const char *
header_text (const GawsMemberInfo  *member,
             const GValue          *value,
             char                  *digits,
             char                 **owned)
{
  const char *json;

  if (member->shape->kind == GAWS_SHAPE_KIND_LIST)
    return *owned = header_list_text (member, g_value_get_boxed (value));
  if (member->flags & GAWS_MEMBER_FLAG_JSONVALUE)
    {
      /* A JSON value travels in a header as base64 of its compact text. */
      json = g_value_get_string (value);
      return *owned = g_base64_encode ((const guchar *) json, strlen (json));
    }
  return value_peek_text (member, value, GAWS_TIMESTAMP_FORMAT_RFC822, digits, owned);
}

static void
add_header_map (GawsHttpHeaders      *headers,
                const GawsMemberInfo *member,
                GHashTable           *map)
{
  g_autofree const char **keys = NULL;
  guint n_keys;

  keys = sorted_map_keys (map, &n_keys);
  for (guint i = 0; i < n_keys; i++)
    {
      g_autofree char *name = g_strconcat (gaws_member_info_get_wire_name (member), keys[i], NULL);
      const char *value = g_hash_table_lookup (map, keys[i]);

      if (value != NULL)
        gaws_http_headers_replace (headers, name, value);
    }
}

static void
add_header_member (GawsHttpHeaders      *headers,
                   const GawsMemberInfo *member,
                   const GValue         *value)
{
  g_autofree char *owned = NULL;
  char digits[INTEGER_TEXT_SIZE];
  const char *text;

  if (member->location == GAWS_LOCATION_HEADERS)
    {
      add_header_map (headers, member, g_value_get_boxed (value));
      return;
    }
  /* An empty list is no header at all. */
  if (member->shape->kind == GAWS_SHAPE_KIND_LIST && ((GPtrArray *) g_value_get_boxed (value))->len == 0)
    return;
  text = header_text (member, value, digits, &owned);
  gaws_http_headers_replace (headers, gaws_member_info_get_wire_name (member), text);
}

/* The members of @input in @bindings (get_bindings()) that are set, in
 * their order, to the query string and headers. */
static void
bind_members (GawsHttpRequest     *request,
              GawsShape           *input,
              const GawsShapeInfo *info,
              const GValue        *values,
              const Binding       *bindings)
{
  const Binding *binding;

  if (values == NULL)
    return;
  for (binding = bindings; binding->index != END_OF_BINDINGS; binding++)
    {
      const GValue *value = &values[binding->index];

      /* most are unset: that is looked at first */
      if (G_VALUE_TYPE (value) == G_TYPE_INVALID)
        continue;
      /* URI labels were rendered; a status code is only read */
      if (binding->location == GAWS_LOCATION_QUERYSTRING)
        add_query_member (request, input, bindings, &info->members[binding->index], value);
      else if (binding->location == GAWS_LOCATION_HEADER || binding->location == GAWS_LOCATION_HEADERS)
        add_header_member (gaws_http_request_get_headers (request), &info->members[binding->index], value);
    }
}

/**
 * gaws_protocol_rest_new_request:
 * @op: a #GawsOperationInfo
 * @input: (nullable): its input
 * @error: return location for a #GError
 *
 * Builds the request of a REST operation with everything but the body:
 * method, path from the URI template, query string and headers.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL when a URI
 *   label has no value
 */
GawsHttpRequest *
gaws_protocol_rest_new_request (const GawsOperationInfo  *op,
                                GawsShape                *input,
                                GError                  **error)
{
  g_autoptr(GawsHttpRequest) request = gaws_http_request_new (op->http_method);
  const GawsShapeInfo *info = input ? gaws_shape_get_info (input) : NULL;
  /* the slots themselves: S3's inputs bind some thirty members to
   * headers, of which a request sets two or three */
  const GValue *values = input ? gaws_shape_peek_values (input) : NULL;
  Binding room[64];
  g_autofree Binding *heap = NULL;
  ClassBindings *kept = NULL;
  const Binding *bindings = input ? get_bindings (input, info, room, G_N_ELEMENTS (room), &heap, &kept) : NULL;
  Segment segments[ROOM_SEGMENTS];
  PathTemplate template_room = { NULL, 0, 0, segments };
  g_autofree PathTemplate *template_heap = NULL;
  const PathTemplate *template = get_template (op, info, bindings, kept, &template_room, &template_heap);
  const char *query = op->request_uri + template->path_length;
  char room_path[256];
  PathBuffer path = { room_path, 0, sizeof room_path, NULL };
  gboolean rendered = render_path (op, template, info, values, &path, error);

  if (rendered)
    {
      path.str[path.len] = '\0';
      gaws_http_request_set_path (request, path.str);
    }
  g_free (path.heap);
  if (!rendered)
    return NULL;
  /* The literal part of the query in the URI template (`?uploads`) comes
   * first, already encoded. */
  if (query[0] == '?' && query[1] != '\0')
    gaws_http_request_set_query (request, query + 1);
  if (input != NULL)
    bind_members (request, input, info, values, bindings);
  return g_steal_pointer (&request);
}

/**
 * gaws_protocol_rest_get_payload:
 * @shape: a #GawsShapeInfo of a structure
 *
 * Returns: (nullable): the member that is the whole body, or %NULL
 */
const GawsMemberInfo *
gaws_protocol_rest_get_payload (const GawsShapeInfo *shape)
{
  if (shape == NULL || shape->payload < 0)
    return NULL;
  return &shape->members[shape->payload];
}

/**
 * gaws_protocol_rest_is_raw_payload:
 * @member: a payload member
 *
 * Returns: whether the member's bytes are the body as they are (blobs and
 *   strings), rather than a structure to encode
 */
gboolean
gaws_protocol_rest_is_raw_payload (const GawsMemberInfo *member)
{
  return member->shape->kind == GAWS_SHAPE_KIND_BLOB || member->shape->kind == GAWS_SHAPE_KIND_STRING;
}

/**
 * gaws_protocol_rest_has_body_members:
 * @shape: a #GawsShapeInfo of a structure
 *
 * Returns: whether some member of @shape travels in the body
 */
gboolean
gaws_protocol_rest_has_body_members (const GawsShapeInfo *shape)
{
  for (guint i = 0; i < shape->n_members; i++)
    if (shape->members[i].location == GAWS_LOCATION_BODY)
      return TRUE;
  return FALSE;
}

/* The length a `Content-Length` header declares, or -1 when there is none
 * or it is not a length: plain digits, as a ContentLength member is
 * written, are read in place; anything else as g_ascii_string_to_unsigned()
 * reads it. */
static gint64
declared_length (const char *declared)
{
  gint64 plain;
  guint64 length;

  if (declared == NULL)
    return -1;
  if (declared[0] != '-' && parse_plain_integer (declared, &plain))
    return plain;
  if (!g_ascii_string_to_unsigned (declared, 10, 0, G_MAXINT64, &length, NULL))
    return -1;
  return (gint64) length;
}

/**
 * gaws_protocol_rest_set_raw_payload:
 * @request: a #GawsHttpRequest
 * @member: a blob or string payload member
 * @value: (nullable): its value
 *
 * Makes @value the body; unless a member set `Content-Type`, blobs are sent
 * as `application/octet-stream` and strings as `text/plain`.
 */
void
gaws_protocol_rest_set_raw_payload (GawsHttpRequest      *request,
                                    const GawsMemberInfo *member,
                                    const GValue         *value)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  g_autoptr(GBytes) bytes = NULL;

  if (value == NULL)
    return;
  /* a streaming member's slot is of the stream type itself: checked
   * before the walk of the type tree G_VALUE_HOLDS() is */
  if (G_VALUE_TYPE (value) == G_TYPE_INPUT_STREAM || G_VALUE_HOLDS (value, G_TYPE_INPUT_STREAM))
    {
      /* s3more: a declared length (S3's ContentLength member, already in
       * the headers) is the stream's, so it is not sent chunked, which S3
       * rejects. */
      const char *declared = gaws_http_headers_get_one (headers, "Content-Length");

      /* the checked getter's type check again is not needed: an object
       * value keeps its pointer in data[0], as VALUE_SET() writes it */
      gaws_http_request_set_body_stream (request, value->data[0].v_pointer, declared_length (declared));
    }
  else if (G_VALUE_HOLDS_STRING (value))
    {
      bytes = g_bytes_new (g_value_get_string (value), strlen (g_value_get_string (value)));
      gaws_http_request_set_body (request, bytes);
    }
  else
    gaws_http_request_set_body (request, g_value_get_boxed (value));
  if (gaws_http_headers_get_one (headers, "Content-Type") == NULL)
    gaws_http_headers_replace (headers, "Content-Type",
                               member->shape->kind == GAWS_SHAPE_KIND_STRING
                               ? "text/plain" : "application/octet-stream");
}

/**
 * gaws_protocol_element_to_text:
 * @member: the member, list element or map value @element belongs to
 * @element: a scalar as lists hold it (char *, GVariant, GDateTime, GBytes)
 * @default_format: the timestamp format when @member names none
 *
 * Returns: (transfer full) (nullable): @element as text; %NULL for
 *   aggregates
 */
char *
gaws_protocol_element_to_text (const GawsMemberInfo *member,
                               gconstpointer         element,
                               GawsTimestampFormat   default_format)
{
  return element_to_text (member, element, default_format);
}

/**
 * gaws_protocol_value_to_text:
 * @member: a member
 * @value: its scalar value
 * @default_format: the timestamp format when @member names none
 *
 * Returns: (transfer full) (nullable): @value as text
 */
char *
gaws_protocol_value_to_text (const GawsMemberInfo *member,
                             const GValue         *value,
                             GawsTimestampFormat   default_format)
{
  return value_to_text (member, value, default_format);
}

/* Reading responses. */

static gboolean
text_to_element (const GawsMemberInfo  *member,
                 const char            *text,
                 gpointer              *element,
                 GError               **error)
{
  g_autofree char *shown = NULL;
  char *end = NULL;
  gint64 integer;
  double number;
  gsize length;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      if (member->flags & GAWS_MEMBER_FLAG_JSONVALUE)
        {
          guchar *decoded = g_base64_decode (text, &length);
          *element = g_strndup ((const char *) decoded, length);
          g_free (decoded);
        }
      else
        *element = g_strdup (text);
      return TRUE;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      *element = gaws_protocol_parse_timestamp (text, error);
      return *element != NULL;
    case GAWS_SHAPE_KIND_BLOB:
      {
        guchar *data = g_base64_decode (text, &length);
        *element = g_bytes_new_take (data, length);
      }
      return TRUE;
    case GAWS_SHAPE_KIND_BOOLEAN:
      if (g_ascii_strcasecmp (text, "true") != 0 && g_ascii_strcasecmp (text, "false") != 0)
        break;
      *element = g_variant_ref_sink (g_variant_new_boolean (g_ascii_strcasecmp (text, "true") == 0));
      return TRUE;
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
      integer = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0')
        break;
      *element = g_variant_ref_sink (member->shape->kind == GAWS_SHAPE_KIND_INTEGER
                                     ? g_variant_new_int32 ((gint32) integer)
                                     : g_variant_new_int64 (integer));
      return TRUE;
    case GAWS_SHAPE_KIND_FLOAT:
    case GAWS_SHAPE_KIND_DOUBLE:
      if (!gaws_protocol_parse_double (text, &number))
        break;
      *element = g_variant_ref_sink (g_variant_new_double (number));
      return TRUE;
    default:
      break;
    }
  /* Header values are bytes; messages must be UTF-8. */
  shown = g_utf8_make_valid (text, -1);
  g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
               "Invalid value for %s in the response: “%s”", member->name, shown);
  return FALSE;
}

/**
 * gaws_protocol_text_to_element:
 * @member: a scalar member, list element or map value
 * @text: its value as text
 * @element: (out): the value as lists hold it
 * @error: return location for a #GError
 *
 * Returns: %TRUE when @text is a valid value of @member
 */
gboolean
gaws_protocol_text_to_element (const GawsMemberInfo  *member,
                               const char            *text,
                               gpointer              *element,
                               GError               **error)
{
  return text_to_element (member, text, element, error);
}

/* Splits an RFC 7230 list, unquoting quoted strings. An RFC 822 date has a
 * comma of its own, so timestamps go in pairs. */
static GPtrArray *
split_header_list (const char *text,
                   gboolean    dates)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (*p != '\0')
    {
      GString *item = g_string_new (NULL);
      guint commas = 0;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '"')
        {
          for (p++; *p != '\0' && *p != '"'; p++)
            g_string_append_c (item, *p == '\\' && p[1] != '\0' ? *++p : *p);
          p += *p == '"';
          while (*p != '\0' && *p != ',')
            p++;
        }
      else
        for (; *p != '\0' && (*p != ',' || (dates && commas++ == 0)); p++)
          g_string_append_c (item, *p);
      p += *p == ',';
      g_strchomp (item->str);
      g_ptr_array_add (items, g_string_free (item, FALSE));
    }
  return items;
}

/* `Wed, 25 Nov 2026 12:00:00 GMT` exactly, as S3 sends Last-Modified with
 * every object: the GDateTime gaws_protocol_parse_timestamp() makes of it
 * (its ISO 8601 and number readers refuse the text; its RFC 822 reader
 * ignores the weekday), without trying those first. %NULL for anything
 * else, such as another spelling or an invalid date, for the long way. */
static GDateTime *
parse_http_date (const char *text)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  /* the digits' places, after `Www, ` */
  static const guint8 digits[] = { 5, 6, 12, 13, 14, 15, 17, 18, 20, 21, 23, 24 };
  const char *month;
  int m;

  if (strlen (text) != 29 || text[3] != ',' || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || memcmp (text + 25, " GMT", 4) != 0 ||
      !g_ascii_isalpha (text[0]) || !g_ascii_isalpha (text[1]) || !g_ascii_isalpha (text[2]))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if ((guchar) (text[digits[i]] - '0') >= 10)
      return NULL;
  for (m = 0, month = months; m < 12 && memcmp (month, text + 8, 3) != 0; m++, month += 3)
    ;
  if (m == 12)
    return NULL;
#define DIGITS2(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))
  return g_date_time_new_utc (DIGITS2 (text + 12) * 100 + DIGITS2 (text + 14), m + 1, DIGITS2 (text + 5),
                              DIGITS2 (text + 17), DIGITS2 (text + 20), DIGITS2 (text + 23));
#undef DIGITS2
}

/* What g_value_init() and g_value_take_*() or g_value_set_*() leave in a
 * zeroed @value for a fundamental or boxed @type: the type and data[0].
 * Without the type system's look-ups, once per header read. */
#define VALUE_SET(value, type, field, v) \
  G_STMT_START { (value)->g_type = (type); (value)->data[0].field = (v); } G_STMT_END

/* What text_to_element() and header_to_value() make of a string, an
 * integer or an HTTP date, without the GVariant an integer goes through
 * there; FALSE, with @value (zeroed) untouched, for anything else or text
 * that is not valid (the long way reports it). */
static gboolean
header_to_scalar (const GawsMemberInfo *member,
                  const char           *text,
                  GValue               *value)
{
  GDateTime *time;
  char *end = NULL;
  gint64 integer;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRING:
    case GAWS_SHAPE_KIND_DOCUMENT:
      if (member->flags & GAWS_MEMBER_FLAG_JSONVALUE)
        return FALSE;
      VALUE_SET (value, G_TYPE_STRING, v_pointer, g_strdup (text));
      return TRUE;
    case GAWS_SHAPE_KIND_INTEGER:
    case GAWS_SHAPE_KIND_LONG:
      if (!parse_plain_integer (text, &integer))
        {
          integer = g_ascii_strtoll (text, &end, 10);
          if (end == text || *end != '\0')
            return FALSE;
        }
      if (member->shape->kind == GAWS_SHAPE_KIND_INTEGER)
        VALUE_SET (value, G_TYPE_INT, v_int, (gint32) integer);
      else
        VALUE_SET (value, G_TYPE_INT64, v_int64, integer);
      return TRUE;
    case GAWS_SHAPE_KIND_TIMESTAMP:
      if ((time = parse_http_date (text)) == NULL)
        return FALSE;
      VALUE_SET (value, G_TYPE_DATE_TIME, v_pointer, time);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
header_to_value (const GawsMemberInfo  *member,
                 const char            *text,
                 GValue                *value,
                 GError               **error)
{
  gpointer element = NULL;

  if (header_to_scalar (member, text, value))
    return TRUE;

  if (member->shape->kind == GAWS_SHAPE_KIND_LIST)
    {
      const GawsMemberInfo *item = &member->shape->members[0];
      gboolean dates = item->shape->kind == GAWS_SHAPE_KIND_TIMESTAMP &&
                       !gaws_member_info_get_timestamp_format (item);
      g_autoptr(GPtrArray) texts = split_header_list (text, dates);
      g_autoptr(GPtrArray) list = gaws_shape_info_new_list (member->shape);

      for (guint i = 0; i < texts->len; i++)
        {
          if (!text_to_element (item, texts->pdata[i], &element, error))
            return FALSE;
          g_ptr_array_add (list, element);
        }
      g_value_init (value, G_TYPE_PTR_ARRAY);
      g_value_take_boxed (value, g_steal_pointer (&list));
      return TRUE;
    }
  if (!text_to_element (member, text, &element, error))
    return FALSE;
  g_value_init (value, gaws_member_info_get_value_type (member));
  if (G_VALUE_HOLDS_STRING (value))
    g_value_take_string (value, element);
  else if (G_VALUE_HOLDS_INT (value))
    g_value_set_int (value, g_variant_get_int32 (element));
  else if (G_VALUE_HOLDS_INT64 (value))
    g_value_set_int64 (value, g_variant_get_int64 (element));
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    g_value_set_boolean (value, g_variant_get_boolean (element));
  else if (G_VALUE_HOLDS_DOUBLE (value))
    g_value_set_double (value, g_variant_get_double (element));
  else
    {
      g_value_take_boxed (value, element);
      return TRUE;
    }
  if (!G_VALUE_HOLDS_STRING (value))
    g_variant_unref (element);
  return TRUE;
}

static inline guchar
ascii_fold (guchar c)
{
  return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/* Whether @line's name starts with the @length bytes of @prefix, ASCII
 * case aside: compared here, to the first byte that differs (most names
 * differ early), rather than by a call for each name. */
static gboolean
name_has_prefix (const GawsHttpHeaderLine *line,
                 const char               *prefix,
                 gsize                     length)
{
  if (line->name_len < length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (ascii_fold ((guchar) line->name[i]) != ascii_fold ((guchar) prefix[i]))
      return FALSE;
  return TRUE;
}

/* The headers named @prefix and more (S3's `x-amz-meta-`) as a map of
 * what follows the prefix to their values: an empty map when there is
 * none, as botocore gives (GetObject's Metadata; its getter returns that
 * empty map, not %NULL). @fresh: whether @output is new, unwatched. */
static void
read_header_map (GawsShape            *output,
                 guint                 index,
                 const GawsMemberInfo *member,
                 GawsHttpHeaders      *headers,
                 gboolean              fresh)
{
  const char *prefix = gaws_member_info_get_wire_name (member);
  gsize prefix_length = strlen (prefix);
  GHashTable *map = gaws_shape_info_new_map (member->shape);
  GValue value = G_VALUE_INIT;
  guint n_lines;
  const GawsHttpHeaderLine *lines = gaws_http_headers_peek_lines (headers, &n_lines);

  for (guint i = 0; i < n_lines; i++)
    if (name_has_prefix (&lines[i], prefix, prefix_length))
      g_hash_table_replace (map, g_strdup (lines[i].name + prefix_length),
                            g_strndup (gaws_http_header_line_get_value (&lines[i]), lines[i].value_len));
  if (fresh && gaws_member_info_get_value_type (member) == G_TYPE_HASH_TABLE)
    {
      VALUE_SET (&value, G_TYPE_HASH_TABLE, v_pointer, map);
      gaws_shape_take_value_unwatched (output, index, &value);
      return;
    }
  gaws_shape_set_map (output, index, map);
  g_hash_table_unref (map);
}

static gboolean read_bindings (GawsShape *output, GawsHttpResponse *response, gboolean fresh, GError **error);

/**
 * gaws_protocol_rest_read_bindings:
 * @output: the output being built
 * @response: the response
 * @error: return location for a #GError
 *
 * Sets the members of @output bound to the status code and headers.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_protocol_rest_read_bindings (GawsShape         *output,
                                  GawsHttpResponse  *response,
                                  GError           **error)
{
  return read_bindings (output, response, FALSE, error);
}

/* gaws_protocol_rest_read_bindings() for an output the caller has just
 * made, which nobody can be watching yet: header members of their own
 * type are set without notification. */
gboolean
gaws_protocol_rest_read_new_bindings (GawsShape         *output,
                                      GawsHttpResponse  *response,
                                      GError           **error)
{
  return read_bindings (output, response, TRUE, error);
}

/* The @member of @output at @index from its header, if @headers has it. */
static gboolean
read_header_member (GawsShape             *output,
                    guint                  index,
                    const GawsMemberInfo  *member,
                    GawsHttpHeaders       *headers,
                    gboolean               fresh,
                    GError               **error)
{
  const char *text = gaws_http_headers_get_one (headers, gaws_member_info_get_wire_name (member));
  GValue value = G_VALUE_INIT;

  if (text == NULL)
    return TRUE;
  if (!header_to_value (member, text, &value, error))
    return FALSE;
  /* the readers never make a %NULL pointer */
  if (fresh && G_VALUE_TYPE (&value) == gaws_member_info_get_value_type (member))
    gaws_shape_take_value_unwatched (output, index, &value);
  else
    gaws_shape_take_value (output, index, &value);
  return TRUE;
}

/* @fresh: whether @output is new, unwatched. Most modelled headers (31
 * for GetObject) are not in a given response: a name whose bit no header
 * has is not looked for. */
static gboolean
read_bindings (GawsShape         *output,
               GawsHttpResponse  *response,
               gboolean           fresh,
               GError           **error)
{
  const GawsShapeInfo *info = gaws_shape_get_info (output);
  GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
  guint64 bits = header_name_bits (headers);
  Binding room[64];
  g_autofree Binding *heap = NULL;
  const Binding *binding = get_bindings (output, info, room, G_N_ELEMENTS (room), &heap, NULL);

  for (; binding->index != END_OF_BINDINGS; binding++)
    {
      guint i = binding->index;

      /* headers first: most bindings are, and most are not in a response */
      if (binding->location == GAWS_LOCATION_HEADER)
        {
          if ((bits & (G_GUINT64_CONSTANT (1) << binding->bit)) &&
              !read_header_member (output, i, &info->members[i], headers, fresh, error))
            return FALSE;
        }
      else if (binding->location == GAWS_LOCATION_STATUS_CODE)
        gaws_shape_set_int (output, i, (gint) gaws_http_response_get_status (response));
      else if (binding->location == GAWS_LOCATION_HEADERS)
        read_header_map (output, i, &info->members[i], headers, fresh);
      /* the URI and the query string are the request's */
    }
  return TRUE;
}

/**
 * gaws_protocol_rest_get_body_bytes:
 * @response: a buffered response
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the body, empty when there is none;
 *   %NULL when the body was left as a stream
 */
GBytes *
gaws_protocol_rest_get_body_bytes (GawsHttpResponse  *response,
                                   GError           **error)
{
  GBytes *body = gaws_http_response_get_body (response);

  if (body != NULL)
    return g_bytes_ref (body);
  if (gaws_http_response_get_body_stream (response) != NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                           "The response body was streamed, but the operation needs it in memory");
      return NULL;
    }
  return g_bytes_new_static ("", 0);
}

/**
 * gaws_protocol_rest_read_raw_payload:
 * @output: the output being built
 * @index: the index of its blob or string payload member
 * @response: the response
 * @error: return location for a #GError
 *
 * Sets the payload member from the body: a streaming blob gets the body
 * stream itself, so that large bodies are never held in memory.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_protocol_rest_read_raw_payload (GawsShape         *output,
                                     guint              index,
                                     GawsHttpResponse  *response,
                                     GError           **error)
{
  const GawsMemberInfo *member = &gaws_shape_get_info (output)->members[index];
  GInputStream *stream = gaws_http_response_get_body_stream (response);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GInputStream) memory = NULL;

  if (gaws_member_info_is_streaming (member) && member->shape->kind == GAWS_SHAPE_KIND_BLOB)
    {
      if (stream == NULL)
        {
          body = gaws_protocol_rest_get_body_bytes (response, NULL);
          stream = memory = g_memory_input_stream_new_from_bytes (body);
        }
      gaws_shape_set_stream (output, index, stream);
      return TRUE;
    }
  body = gaws_protocol_rest_get_body_bytes (response, error);
  if (body == NULL)
    return FALSE;
  if (g_bytes_get_size (body) == 0)
    return TRUE;
  if (member->shape->kind == GAWS_SHAPE_KIND_STRING)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      gaws_shape_set_string (output, index, text);
    }
  else
    gaws_shape_set_bytes (output, index, body);
  return TRUE;
}
