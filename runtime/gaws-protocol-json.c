/* gaws-protocol-json.c: the json and rest-json protocols
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-json.h"

#include <stdlib.h>
#include <string.h>
#include "gaws-error.h"
#include "gaws-protocol-rest.h"
#include "gaws-shape-json.h"
#include "gaws-scratch-private.h"

/* json: every request is a POST of the whole input as JSON to `/`, the
 * operation named in X-Amz-Target. rest-json: the REST bindings, with the
 * rest of the input as JSON. Both read bodies with the same walker
 * (gaws-shape-json.c) in its wire form. */

static const GawsShapeJsonFlags wire_flags = GAWS_SHAPE_JSON_WIRE;

static GBytes *
dump_json (json_t *json)
{
  char *text = json_dumps (json, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION (17));
  GBytes *bytes = g_bytes_new (text, strlen (text));

  free (text);
  json_decref (json);
  return bytes;
}

/* Each thread writes its request bodies in one kept buffer
 * (gaws-scratch.c), and the request gets a copy, in a block that the
 * thread which frees the request keeps for the next body. */
static GPrivate body_scratch = GAWS_SCRATCH_INIT;
static GPrivate body_spare = GAWS_SPARE_BLOCK_INIT;

/* The body of @input, written straight from the shapes when it can be,
 * else through the jansson tree. */
static GBytes *
dump_input (GawsShape          *input,
            GawsShapeJsonFlags  flags)
{
  GString *text = gaws_scratch_take (&body_scratch, 256);
  GBytes *bytes = NULL;

  if (gaws_shape_to_json_text (input, flags, text))
    bytes = gaws_spare_bytes_new (&body_spare, text->str, text->len);
  gaws_scratch_give (&body_scratch, text);
  return bytes ? bytes : dump_json (gaws_shape_to_json (input, flags));
}

static GawsHttpRequest *
json_serialize (const GawsOperationInfo  *op,
                GawsShape                *input,
                GError                  **error)
{
  const GawsServiceInfo *service = op->service;
  GawsHttpRequest *request = gaws_http_request_new (op->http_method ? op->http_method : "POST");
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);
  const char *version = service->json_version ? service->json_version : "1.0";
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = NULL;

  /* A new request has no headers yet: appended, not looked for first. */
  if (g_str_equal (version, "1.0"))
    gaws_http_headers_append (headers, "Content-Type", "application/x-amz-json-1.0");
  else if (g_str_equal (version, "1.1"))
    gaws_http_headers_append (headers, "Content-Type", "application/x-amz-json-1.1");
  else
    {
      content_type = g_strconcat ("application/x-amz-json-", version, NULL);
      gaws_http_headers_append (headers, "Content-Type", content_type);
    }
  if (service->target_prefix != NULL)
    {
      /* on the stack unless the names are unusually long */
      gsize prefix_len = strlen (service->target_prefix), name_len = strlen (op->name);
      char buffer[256];
      g_autofree char *heap = NULL;
      char *target = prefix_len + name_len + 2 <= sizeof buffer
                     ? buffer : (heap = g_malloc (prefix_len + name_len + 2));

      memcpy (target, service->target_prefix, prefix_len);
      target[prefix_len] = '.';
      memcpy (target + prefix_len + 1, op->name, name_len + 1);
      gaws_http_headers_append (headers, "X-Amz-Target", target);
    }
  if (service->flags & GAWS_SERVICE_FLAG_QUERY_COMPATIBLE)
    gaws_http_headers_append (headers, "x-amzn-query-mode", "true");
  /* No input is still `{}`, for forward compatibility. */
  body = input ? dump_input (input, wire_flags) : g_bytes_new_static ("{}", 2);
  gaws_http_request_set_body (request, body);
  return request;
}

static json_t *
parse_body (GBytes  *body,
            GError **error)
{
  json_error_t json_error;
  json_t *json;

  if (g_bytes_get_size (body) == 0)
    return json_object ();
  json = json_loadb (g_bytes_get_data (body, NULL), g_bytes_get_size (body), JSON_DECODE_ANY, &json_error);
  if (json == NULL)
    {
      /* jansson's text quotes the body, and may cut a character in two. */
      g_autofree char *detail = g_utf8_make_valid (json_error.text, -1);

      g_set_error (error, GAWS_ERROR, GAWS_ERROR_PROTOCOL,
                   "Invalid JSON in the response at line %d, column %d: %s",
                   json_error.line, json_error.column, detail);
    }
  return json;
}

static gboolean
read_json_body (GawsShape         *output,
                GawsHttpResponse  *response,
                gint               payload,
                GError           **error)
{
  g_autoptr(GBytes) body = gaws_protocol_rest_get_body_bytes (response, error);
  json_t *json;
  gboolean ok;

  if (body == NULL)
    return FALSE;
  /* An empty body is an empty structure, and a missing payload. */
  if (g_bytes_get_size (body) == 0 && payload >= 0)
    return TRUE;
  /* The common case straight from the text; the tree for the rest, and for
   * every error. */
  if (payload < 0 && g_bytes_get_size (body) > 0 &&
      gaws_shape_update_from_json_text (output, g_bytes_get_data (body, NULL),
                                        g_bytes_get_size (body), wire_flags))
    return TRUE;
  json = parse_body (body, error);
  if (json == NULL)
    return FALSE;
  if (payload >= 0)
    ok = gaws_shape_json_to_member (output, (guint) payload, json, wire_flags, error);
  else
    ok = gaws_shape_update_from_json (output, json, wire_flags, error);
  json_decref (json);
  return ok;
}

static GawsShape *
json_deserialize (const GawsOperationInfo  *op,
                  GawsHttpResponse         *response,
                  GError                  **error)
{
  g_autoptr(GawsShape) output = NULL;

  if (op->output == NULL)
    return NULL;
  output = gaws_shape_new (op->output);
  if (!read_json_body (output, response, -1, error))
    return NULL;
  return g_steal_pointer (&output);
}

/* `aws.protocoltests.restjson#FooError:http://internal.amazon.com/...`
 * is `FooError`. */
static char *
sanitize_error_code (const char *code)
{
  const char *start = strrchr (code, '#');
  const char *colon;

  start = start ? start + 1 : code;
  colon = strchr (start, ':');
  /* Codes may come from headers, which are bytes; codes must be UTF-8. */
  return g_utf8_make_valid (start, colon ? colon - start : -1);
}

static const char *
json_member_string (json_t     *object,
                    const char *const *keys)
{
  for (; *keys != NULL; keys++)
    if (json_is_string (json_object_get (object, *keys)))
      return json_string_value (json_object_get (object, *keys));
  return NULL;
}

static char *
find_error_code (GawsHttpResponse *response,
                 json_t           *body)
{
  static const char *const code_keys[] = { "__type", "code", "Code", NULL };
  GawsHttpHeaders *headers = gaws_http_response_get_headers (response);
  const char *code = gaws_http_headers_get_one (headers, "x-amzn-query-error");

  /* A service that left the query protocol keeps its old codes there. */
  if (code != NULL && strchr (code, ';') != NULL)
    return g_utf8_make_valid (code, strchr (code, ';') - code);
  code = gaws_http_headers_get_one (headers, "x-amzn-errortype");
  if (code == NULL)
    code = json_member_string (body, code_keys);
  if (code == NULL)
    return g_strdup_printf ("%u", gaws_http_response_get_status (response));
  return sanitize_error_code (code);
}

static const GawsShapeInfo *
find_error_shape (const GawsOperationInfo *op,
                  const char              *code)
{
  for (guint i = 0; i < op->n_errors; i++)
    if (strcmp (gaws_shape_info_get_error_code (op->errors[i]), code) == 0 ||
        strcmp (op->errors[i]->name, code) == 0)
      return op->errors[i];
  return gaws_service_info_find_error (op->service, code);
}

static const GawsShapeInfo *
find_body_error_shape (const GawsOperationInfo *op,
                       GawsHttpResponse        *response,
                       json_t                  *body)
{
  static const char *const code_keys[] = { "__type", "code", "Code", NULL };
  const char *type = gaws_http_headers_get_one (gaws_http_response_get_headers (response), "x-amzn-errortype");
  g_autofree char *code = NULL;

  if (type == NULL)
    type = json_member_string (body, code_keys);
  if (type == NULL)
    return NULL;
  code = sanitize_error_code (type);
  return find_error_shape (op, code);
}

static gboolean
parse_json_error (const GawsOperationInfo  *op,
                  GawsHttpResponse         *response,
                  gboolean                  rest,
                  char                    **code,
                  char                    **message,
                  GawsShape               **error_shape,
                  GError                  **error)
{
  static const char *const message_keys[] = { "message", "Message", "errorMessage", NULL };
  g_autoptr(GBytes) body = gaws_protocol_rest_get_body_bytes (response, error);
  const GawsShapeInfo *shape;
  json_t *json;

  if (body == NULL)
    return FALSE;
  json = parse_body (body, NULL);
  /* A body that is not JSON is the message, as botocore has it. */
  if (json == NULL || !json_is_object (json))
    {
      json_decref (json);
      json = json_pack ("{s:s%}", "message", g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  *code = find_error_code (response, json);
  *message = g_strdup (json_member_string (json, message_keys));
  shape = find_error_shape (op, *code);
  /* SQS models its exceptions without their query codes: as botocore does
   * (_handle_sqs_compatible_error), the body's own code names the class. */
  if (shape == NULL)
    shape = find_body_error_shape (op, response, json);
  *error_shape = NULL;
  if (shape != NULL)
    {
      /* The error came in a response: a malformed member must not hide it. */
      *error_shape = gaws_shape_new (shape);
      gaws_shape_update_from_json (*error_shape, json, wire_flags, NULL);
      if (rest)
        gaws_protocol_rest_read_bindings (*error_shape, response, NULL);
    }
  json_decref (json);
  return TRUE;
}

static gboolean
json_parse_error (const GawsOperationInfo  *op,
                  GawsHttpResponse         *response,
                  char                    **code,
                  char                    **message,
                  GawsShape               **error_shape,
                  GError                  **error)
{
  return parse_json_error (op, response, FALSE, code, message, error_shape, error);
}

static const GawsProtocolCodec json_codec = {
  "json", json_serialize, json_deserialize, json_parse_error,
};

/**
 * gaws_protocol_json_get_codec:
 *
 * Returns: the codec of the `json` protocol
 */
const GawsProtocolCodec *
gaws_protocol_json_get_codec (void)
{
  return &json_codec;
}

static void
set_json_body (GawsHttpRequest *request,
               json_t          *json)
{
  g_autoptr(GBytes) body = dump_json (json);

  gaws_http_request_set_body (request, body);
}

static void
serialize_rest_json_body (GawsHttpRequest *request,
                          GawsShape       *input)
{
  const GawsShapeInfo *info = gaws_shape_get_info (input);
  const GawsMemberInfo *payload = gaws_protocol_rest_get_payload (info);

  if (payload != NULL && gaws_protocol_rest_is_raw_payload (payload))
    {
      gaws_protocol_rest_set_raw_payload (request, payload, gaws_shape_get_value (input, info->payload));
      return;
    }
  if (payload != NULL)
    {
      /* An unset structure payload is an empty object, as botocore sends it. */
      if (gaws_shape_is_set (input, info->payload))
        set_json_body (request, gaws_shape_json_from_value (payload, gaws_shape_get_value (input, info->payload),
                                                            wire_flags));
      else
        set_json_body (request, json_object ());
    }
  else if (gaws_protocol_rest_has_body_members (info))
    {
      g_autoptr(GBytes) body = dump_input (input, wire_flags | GAWS_SHAPE_JSON_BODY_ONLY);

      gaws_http_request_set_body (request, body);
    }
  if (gaws_http_request_get_body (request) != NULL &&
      gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Content-Type") == NULL)
    gaws_http_headers_replace (gaws_http_request_get_headers (request), "Content-Type", "application/json");
}

static GawsHttpRequest *
rest_json_serialize (const GawsOperationInfo  *op,
                     GawsShape                *input,
                     GError                  **error)
{
  GawsHttpRequest *request = gaws_protocol_rest_new_request (op, input, error);

  if (request != NULL && input != NULL)
    serialize_rest_json_body (request, input);
  return request;
}

static GawsShape *
rest_json_deserialize (const GawsOperationInfo  *op,
                       GawsHttpResponse         *response,
                       GError                  **error)
{
  g_autoptr(GawsShape) output = NULL;
  const GawsMemberInfo *payload;

  if (op->output == NULL)
    return NULL;
  output = gaws_shape_new (op->output);
  if (!gaws_protocol_rest_read_bindings (output, response, error))
    return NULL;
  payload = gaws_protocol_rest_get_payload (op->output);
  if (payload != NULL && gaws_protocol_rest_is_raw_payload (payload))
    {
      if (!gaws_protocol_rest_read_raw_payload (output, op->output->payload, response, error))
        return NULL;
    }
  else if (!read_json_body (output, response, op->output->payload, error))
    return NULL;
  return g_steal_pointer (&output);
}

static gboolean
rest_json_parse_error (const GawsOperationInfo  *op,
                       GawsHttpResponse         *response,
                       char                    **code,
                       char                    **message,
                       GawsShape               **error_shape,
                       GError                  **error)
{
  return parse_json_error (op, response, TRUE, code, message, error_shape, error);
}

static const GawsProtocolCodec rest_json_codec = {
  "rest-json", rest_json_serialize, rest_json_deserialize, rest_json_parse_error,
};

/**
 * gaws_protocol_rest_json_get_codec:
 *
 * Returns: the codec of the `rest-json` protocol
 */
const GawsProtocolCodec *
gaws_protocol_rest_json_get_codec (void)
{
  return &rest_json_codec;
}
