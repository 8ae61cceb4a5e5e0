/* gaws-protocol-query.c: the query and ec2 protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-query.h"

#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"
#include "gaws-protocol-rest.h"
#include "gaws-protocol-util.h"

/* query and ec2 POST the input as a form, `Action` and `Version` first, and
 * answer in XML. They differ in naming only, so one walker serves both:
 * ec2 prefers queryName, capitalizes locationName, always flattens lists
 * and leaves empty lists out; query names list elements `member` (or
 * their locationName) unless flattened and sends an empty list as `Name=`. */

typedef struct {
  gboolean  ec2;
  GString  *body;
} Form;

static void form_add_element (Form *form, const GawsMemberInfo *member, const char *prefix, gconstpointer element);

/* Appends @text form-encoded as botocore sends it (Python's urlencode:
 * unreserved characters as they are, a space as `+`, the rest as %XX).
 * AWS hashes the bytes as sent, so %20 would do there too, but servers
 * that re-encode the parsed form to check the signature (moto) expect
 * exactly botocore's bytes. */
static void
form_append_encoded (GString    *body,
                     const char *text)
{
  g_autofree char *encoded = gaws_uri_encode (text, TRUE);

  for (const char *p = encoded; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == '2' && p[2] == '0')
        {
          g_string_append_c (body, '+');
          p += 2;
        }
      else
        g_string_append_c (body, *p);
    }
}

static void
form_add (Form       *form,
          const char *name,
          const char *value)
{
  g_string_append_c (form->body, '&');
  form_append_encoded (form->body, name);
  g_string_append_c (form->body, '=');
  form_append_encoded (form->body, value);
}

/* The name of a member in the form; @fallback when the model names none. */
static char *
serialized_name (Form                 *form,
                 const GawsMemberInfo *member,
                 const char           *fallback)
{
  if (form->ec2)
    {
      if (member->query_name != NULL)
        return g_strdup (member->query_name);
      if (member->location_name != NULL && member->location_name[0] != '\0')
        {
          char *name = g_strdup (member->location_name);
          name[0] = g_ascii_toupper (name[0]);
          return name;
        }
      return g_strdup (fallback);
    }
  return g_strdup (member->location_name ? member->location_name : fallback);
}

static gboolean
is_flattened (const GawsMemberInfo *member)
{
  return (member->flags & GAWS_MEMBER_FLAG_FLATTENED) || (member->shape->flags & GAWS_SHAPE_FLAG_FLATTENED);
}

static char *
join (const char *prefix,
      const char *name)
{
  return prefix && *prefix ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
}

static void
form_add_structure (Form       *form,
                    GawsShape  *shape,
                    const char *prefix)
{
  const GawsShapeInfo *info = gaws_shape_get_info (shape);

  for (guint i = 0; i < info->n_members; i++)
    {
      const GawsMemberInfo *member = &info->members[i];
      const GValue *value = gaws_shape_get_value (shape, i);
      g_autofree char *name = NULL, *full = NULL, *text = NULL;

      if (value == NULL)
        continue;
      name = serialized_name (form, member, member->name);
      full = join (prefix, name);
      if (G_VALUE_HOLDS_INT (value) || G_VALUE_HOLDS_INT64 (value) ||
          G_VALUE_HOLDS_BOOLEAN (value) || G_VALUE_HOLDS_DOUBLE (value))
        {
          text = gaws_protocol_value_to_text (member, value, GAWS_TIMESTAMP_FORMAT_ISO8601);
          form_add (form, full, text);
        }
      else if (!G_VALUE_HOLDS (value, G_TYPE_INPUT_STREAM))
        form_add_element (form, member, full, g_value_peek_pointer (value));
    }
}

static void
form_add_list (Form                 *form,
               const GawsMemberInfo *member,
               const char           *prefix,
               GPtrArray            *list)
{
  const GawsMemberInfo *item = &member->shape->members[0];
  g_autofree char *list_prefix = NULL;

  if (list->len == 0)
    {
      if (!form->ec2)
        form_add (form, prefix, "");
      return;
    }
  if (form->ec2)
    list_prefix = g_strdup (prefix);
  else if (is_flattened (member))
    {
      /* A flattened list's element name replaces the member's. */
      const char *dot = strrchr (prefix, '.');

      if (item->location_name != NULL)
        list_prefix = dot ? g_strdup_printf ("%.*s.%s", (int) (dot - prefix), prefix, item->location_name)
                          : g_strdup (item->location_name);
      else
        list_prefix = g_strdup (prefix);
    }
  else
    list_prefix = g_strdup_printf ("%s.%s", prefix, item->location_name ? item->location_name : "member");
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *element_prefix = g_strdup_printf ("%s.%u", list_prefix, i + 1);

      if (list->pdata[i] != NULL)
        form_add_element (form, item, element_prefix, list->pdata[i]);
    }
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
form_add_map (Form                 *form,
              const GawsMemberInfo *member,
              const char           *prefix,
              GHashTable           *map)
{
  const GawsMemberInfo *key = &member->shape->members[0];
  const GawsMemberInfo *value = &member->shape->members[1];
  g_autofree char *key_name = serialized_name (form, key, "key");
  g_autofree char *value_name = serialized_name (form, value, "value");
  g_autofree const char **keys = NULL;
  guint n_keys;

  /* Sorted, so that requests do not depend on hash order. */
  keys = (const char **) g_hash_table_get_keys_as_array (map, &n_keys);
  qsort (keys, n_keys, sizeof (char *), compare_strings);
  for (guint i = 0; i < n_keys; i++)
    {
      g_autofree char *entry = is_flattened (member) ? g_strdup_printf ("%s.%u", prefix, i + 1)
                                                     : g_strdup_printf ("%s.entry.%u", prefix, i + 1);
      g_autofree char *key_prefix = g_strdup_printf ("%s.%s", entry, key_name);
      g_autofree char *value_prefix = g_strdup_printf ("%s.%s", entry, value_name);
      gpointer item = g_hash_table_lookup (map, keys[i]);

      form_add (form, key_prefix, keys[i]);
      if (item != NULL)
        form_add_element (form, value, value_prefix, item);
    }
}

static void
form_add_element (Form                 *form,
                  const GawsMemberInfo *member,
                  const char           *prefix,
                  gconstpointer         element)
{
  g_autofree char *text = NULL;

  switch ((GawsShapeKind) member->shape->kind)
    {
    case GAWS_SHAPE_KIND_STRUCTURE:
    case GAWS_SHAPE_KIND_UNION:
      form_add_structure (form, (GawsShape *) element, prefix);
      break;
    case GAWS_SHAPE_KIND_LIST:
      form_add_list (form, member, prefix, (GPtrArray *) element);
      break;
    case GAWS_SHAPE_KIND_MAP:
      form_add_map (form, member, prefix, (GHashTable *) element);
      break;
    default:
      text = gaws_protocol_element_to_text (member, element, GAWS_TIMESTAMP_FORMAT_ISO8601);
      form_add (form, prefix, text ? text : "");
      break;
    }
}

static GawsHttpRequest *
serialize_form (const GawsOperationInfo *op,
                GawsShape               *input,
                gboolean                 ec2)
{
  GawsHttpRequest *request = gaws_http_request_new (op->http_method ? op->http_method : "POST");
  g_autofree char *action = gaws_uri_encode (op->name, TRUE);
  g_autofree char *version = gaws_uri_encode (op->service->api_version ? op->service->api_version : "", TRUE);
  Form form = { ec2, g_string_new (NULL) };
  g_autoptr(GBytes) body = NULL;

  gaws_http_request_set_path (request, "/");
  g_string_append_printf (form.body, "Action=%s&Version=%s", action, version);
  if (input != NULL)
    form_add_structure (&form, input, NULL);
  body = g_string_free_to_bytes (form.body);
  gaws_http_request_set_body (request, body);
  gaws_http_headers_replace (gaws_http_request_get_headers (request), "Content-Type",
                             "application/x-www-form-urlencoded");
  return request;
}

static GawsHttpRequest *
query_serialize (const GawsOperationInfo  *op,
                 GawsShape                *input,
                 GError                  **error)
{
  return serialize_form (op, input, FALSE);
}

static GawsHttpRequest *
ec2_serialize (const GawsOperationInfo  *op,
               GawsShape                *input,
               GError                  **error)
{
  return serialize_form (op, input, TRUE);
}

/**
 * gaws_protocol_xml_parse_body:
 * @response: a buffered response
 * @empty: (out): set when the body is empty (or only whitespace)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the body's root element; %NULL with
 *   @empty set for an empty body, or with @error set
 */
GawsXmlNode *
gaws_protocol_xml_parse_body (GawsHttpResponse  *response,
                              gboolean          *empty,
                              GError           **error)
{
  g_autoptr(GBytes) body = gaws_protocol_rest_get_body_bytes (response, error);
  const char *data;
  gsize length, i;

  *empty = FALSE;
  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &length);
  for (i = 0; i < length && g_ascii_isspace (data[i]); i++)
    ;
  if (i == length)
    {
      *empty = TRUE;
      return NULL;
    }
  return gaws_xml_parse (data, length, error);
}

/* The first child of @root named `<@op_name>Result`, without making the
 * name */
static GawsXmlNode *
find_result_child (GawsXmlNode *root,
                   const char  *op_name)
{
  gsize length = strlen (op_name);

  for (guint i = 0; i < root->n_children; i++)
    {
      const char *name = root->children[i]->name;

      if (strncmp (name, op_name, length) == 0 && strcmp (name + length, "Result") == 0)
        return root->children[i];
    }
  return NULL;
}

static GawsShape *
deserialize_xml (const GawsOperationInfo  *op,
                 GawsHttpResponse         *response,
                 gboolean                  ec2,
                 GError                  **error)
{
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GawsXmlNode) root = NULL;
  GawsXmlNode *start;
  gboolean empty;

  if (op->output == NULL)
    return NULL;
  output = gaws_shape_new (op->output);
  root = gaws_protocol_xml_parse_body (response, &empty, error);
  if (root == NULL)
    return empty ? g_steal_pointer (&output) : NULL;
  start = root;
  /* query: <OpResponse><OpResult>...; ec2 has no result element. Models
   * name the result element; when one does not, it is `<Op>Result`. */
  if (!ec2 && op->result_wrapper != NULL)
    start = gaws_xml_node_get_child (root, op->result_wrapper);
  else if (!ec2)
    {
      start = find_result_child (root, op->name);
      if (start == NULL)
        start = root;
    }
  if (start != NULL && !gaws_xml_read_new_structure (output, start, error))
    return NULL;
  return g_steal_pointer (&output);
}

static GawsShape *
query_deserialize (const GawsOperationInfo  *op,
                   GawsHttpResponse         *response,
                   GError                  **error)
{
  return deserialize_xml (op, response, FALSE, error);
}

static GawsShape *
ec2_deserialize (const GawsOperationInfo  *op,
                 GawsHttpResponse         *response,
                 GError                  **error)
{
  return deserialize_xml (op, response, TRUE, error);
}

/**
 * gaws_protocol_find_error_shape:
 * @op: a #GawsOperationInfo
 * @code: an error code
 *
 * Returns: (nullable): the modelled error with @code, the operation's
 *   first, then the service's
 */
const GawsShapeInfo *
gaws_protocol_find_error_shape (const GawsOperationInfo *op,
                                const char              *code)
{
  for (guint i = 0; i < op->n_errors; i++)
    if (strcmp (gaws_shape_info_get_error_code (op->errors[i]), code) == 0 ||
        strcmp (op->errors[i]->name, code) == 0)
      return op->errors[i];
  return gaws_service_info_find_error (op->service, code);
}

/* <ErrorResponse><Error> (query, rest-xml), <Response><Errors><Error>
 * (ec2), or a bare <Error> (S3). */
static GawsXmlNode *
find_error_node (GawsXmlNode *root)
{
  GawsXmlNode *errors;

  if (strcmp (root->name, "Error") == 0)
    return root;
  if ((errors = gaws_xml_node_get_child (root, "Errors")) != NULL &&
      gaws_xml_node_get_child (errors, "Error") != NULL)
    return gaws_xml_node_get_child (errors, "Error");
  if (gaws_xml_node_get_child (root, "Error") != NULL)
    return gaws_xml_node_get_child (root, "Error");
  return root;
}

static gboolean
xml_parse_error (const GawsOperationInfo  *op,
                 GawsHttpResponse         *response,
                 gboolean                  rest,
                 char                    **code,
                 char                    **message,
                 GawsShape               **error_shape,
                 GError                  **error)
{
  g_autoptr(GawsXmlNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  GawsXmlNode *node = NULL;
  const GawsShapeInfo *shape;
  const char *text;
  gboolean empty;

  *error_shape = NULL;
  root = gaws_protocol_xml_parse_body (response, &empty, &local_error);
  if (root == NULL && !empty && local_error->domain != GAWS_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (root != NULL)
    node = find_error_node (root);
  text = node ? gaws_xml_node_get_child_text (node, "Code") : NULL;
  /* No body, or not XML: the status is all there is, as botocore has it. */
  *code = text ? g_strdup (text) : g_strdup_printf ("%u", gaws_http_response_get_status (response));
  text = node ? gaws_xml_node_get_child_text (node, "Message") : NULL;
  *message = g_strdup (text ? text : "");
  shape = gaws_protocol_find_error_shape (op, *code);
  if (shape != NULL)
    {
      /* The error came in a response: a malformed member must not hide it. */
      *error_shape = gaws_shape_new (shape);
      if (node != NULL)
        gaws_xml_read_new_structure (*error_shape, node, NULL);
      if (rest)
        gaws_protocol_rest_read_bindings (*error_shape, response, NULL);
    }
  return TRUE;
}

static gboolean
query_parse_error (const GawsOperationInfo  *op,
                   GawsHttpResponse         *response,
                   char                    **code,
                   char                    **message,
                   GawsShape               **error_shape,
                   GError                  **error)
{
  return xml_parse_error (op, response, FALSE, code, message, error_shape, error);
}

/**
 * gaws_protocol_xml_parse_rest_error:
 * @op: a #GawsOperationInfo
 * @response: an error response
 * @code: (out): the error code
 * @message: (out): the message
 * @error_shape: (out): the modelled error, or %NULL
 * @error: return location for a #GError
 *
 * rest-xml's errors: the XML of query errors plus the REST bindings.
 *
 * Returns: %TRUE on success
 */
gboolean
gaws_protocol_xml_parse_rest_error (const GawsOperationInfo  *op,
                                    GawsHttpResponse         *response,
                                    char                    **code,
                                    char                    **message,
                                    GawsShape               **error_shape,
                                    GError                  **error)
{
  return xml_parse_error (op, response, TRUE, code, message, error_shape, error);
}

static const GawsProtocolCodec query_codec = {
  "query", query_serialize, query_deserialize, query_parse_error,
};

static const GawsProtocolCodec ec2_codec = {
  "ec2", ec2_serialize, ec2_deserialize, query_parse_error,
};

/**
 * gaws_protocol_query_get_codec:
 *
 * Returns: the codec of the `query` protocol
 */
const GawsProtocolCodec *
gaws_protocol_query_get_codec (void)
{
  return &query_codec;
}

/**
 * gaws_protocol_ec2_get_codec:
 *
 * Returns: the codec of the `ec2` protocol
 */
const GawsProtocolCodec *
gaws_protocol_ec2_get_codec (void)
{
  return &ec2_codec;
}
