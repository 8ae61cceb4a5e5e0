/* gaws-service-error.c: turning an error response into a GError
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-service-error.h"

#include <jansson.h>
#include <string.h>
#include "gaws-error.h"
#include "gaws-error-private.h"

/* Every AWS protocol reports errors its own way, but the shapes are few:
 * JSON bodies with `__type`/`code` and `message` (json, rest-json), XML with
 * `<Code>` and `<Message>` somewhere inside (query's <ErrorResponse>,
 * rest-xml's <Error>, ec2's <Response><Errors>), the `x-amzn-ErrorType` and
 * `x-amzn-query-error` headers, and bodiless HEAD errors. One parser for all
 * of them lets the transport classify errors for retries before any
 * protocol-specific code runs. */

typedef struct {
  char *code;
  char *message;
  char *request_id;
} ErrorFields;

static void
error_fields_clear (ErrorFields *fields)
{
  g_free (fields->code);
  g_free (fields->message);
  g_free (fields->request_id);
}

/* `aws.protocoltests#FooError:http://...` or `FooError:http://...` → `FooError` */
static char *
sanitize_code (const char *raw)
{
  const char *start = strrchr (raw, '#');
  const char *colon;

  start = start ? start + 1 : raw;
  colon = strchr (start, ':');
  /* Header values are bytes, and codes and messages must be UTF-8. */
  return g_utf8_make_valid (start, colon ? colon - start : -1);
}

static void
set_once (char **field, const char *value)
{
  if (*field == NULL && value != NULL && *value != '\0')
    *field = g_utf8_make_valid (value, -1);
}

static void
parse_json_error (const char *body, gsize body_len, ErrorFields *fields)
{
  json_t *root = json_loadb (body, body_len, JSON_DISABLE_EOF_CHECK, NULL);
  static const char *const code_keys[] = { "__type", "code", "Code" };
  static const char *const message_keys[] = { "message", "Message", "errorMessage" };

  if (root == NULL)
    return;
  if (json_is_object (root))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (code_keys) && fields->code == NULL; i++)
        {
          const char *value = json_string_value (json_object_get (root, code_keys[i]));
          if (value && *value)
            fields->code = sanitize_code (value);
        }
      for (gsize i = 0; i < G_N_ELEMENTS (message_keys); i++)
        set_once (&fields->message, json_string_value (json_object_get (root, message_keys[i])));
    }
  json_decref (root);
}

/* XML: remember the text of the first Code, Message and RequestId elements,
 * wherever they are nested. */
typedef struct {
  ErrorFields *fields;
  char       **target;
  GString     *text;
} XmlState;

static void
xml_start (GMarkupParseContext *context, const char *element, const char **names,
           const char **values, gpointer user_data, GError **error)
{
  XmlState *state = user_data;
  ErrorFields *f = state->fields;

  state->target = NULL;
  if (g_str_equal (element, "Code") && f->code == NULL)
    state->target = &f->code;
  else if (g_str_equal (element, "Message") && f->message == NULL)
    state->target = &f->message;
  else if ((g_str_equal (element, "RequestId") || g_str_equal (element, "RequestID")) &&
           f->request_id == NULL)
    state->target = &f->request_id;
  g_string_truncate (state->text, 0);
}

static void
xml_text (GMarkupParseContext *context, const char *text, gsize len,
          gpointer user_data, GError **error)
{
  XmlState *state = user_data;
  if (state->target)
    g_string_append_len (state->text, text, len);
}

static void
xml_end (GMarkupParseContext *context, const char *element, gpointer user_data, GError **error)
{
  XmlState *state = user_data;
  if (state->target)
    {
      g_strstrip (state->text->str);
      set_once (state->target, state->text->str);
    }
  state->target = NULL;
}

static void
parse_xml_error (const char *body, gsize body_len, ErrorFields *fields)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  XmlState state = { fields, NULL, g_string_new (NULL) };
  GMarkupParseContext *context =
    g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &state, NULL);

  /* The XML declaration is not something GMarkup accepts: skip it. */
  if (body_len > 5 && strncmp (body, "<?xml", 5) == 0)
    {
      const char *end = g_strstr_len (body, body_len, "?>");
      if (end)
        {
          body_len -= (end + 2) - body;
          body = end + 2;
        }
    }
  /* A malformed body still yields whatever was parsed before the fault. */
  if (g_markup_parse_context_parse (context, body, body_len, NULL))
    g_markup_parse_context_end_parse (context, NULL);
  g_markup_parse_context_free (context);
  g_string_free (state.text, TRUE);
}

static const char *
skip_space (const char *body, gsize *len)
{
  while (*len > 0 && g_ascii_isspace (*body))
    {
      body++;
      (*len)--;
    }
  return body;
}

/**
 * gaws_service_error_get_request_id:
 * @headers: response headers
 *
 * Returns: (nullable): the request id from whichever header the service uses
 */
const char *
gaws_service_error_get_request_id (GawsHttpHeaders *headers)
{
  static const char *const names[] = { "x-amzn-RequestId", "x-amz-request-id", "x-amzn-requestid" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = gaws_http_headers_get_one (headers, names[i]);
      if (value)
        return value;
    }
  return NULL;
}

static void
read_error_headers (GawsHttpHeaders *headers, ErrorFields *fields)
{
  const char *type = gaws_http_headers_get_one (headers, "x-amzn-ErrorType");
  const char *query_error = gaws_http_headers_get_one (headers, "x-amzn-query-error");

  /* awsQueryCompatible services name the query-protocol code here. */
  if (query_error && *query_error)
    {
      const char *semi = strchr (query_error, ';');
      fields->code = g_utf8_make_valid (query_error, semi ? semi - query_error : -1);
    }
  else if (type && *type)
    fields->code = sanitize_code (type);
  set_once (&fields->request_id, gaws_service_error_get_request_id (headers));
}

/**
 * gaws_service_error_parse:
 * @status: HTTP status of the response
 * @headers: response headers
 * @body: (array length=body_len) (nullable): the response body
 * @body_len: its length
 *
 * Builds the #GError for an error response of any AWS protocol. The result
 * is a %GAWS_ERROR_SERVICE error when a service error code was found, else
 * a %GAWS_ERROR_HTTP error whose code is the status number (as botocore
 * reports `404` for a HEAD without body).
 *
 * Returns: (transfer full): the error
 */
GError *
gaws_service_error_parse (guint            status,
                          GawsHttpHeaders *headers,
                          const char      *body,
                          gsize            body_len)
{
  ErrorFields fields = { NULL, NULL, NULL };
  GError *error;

  read_error_headers (headers, &fields);
  body = body ? skip_space (body, &body_len) : NULL;
  if (body && body_len > 0 && body[0] == '{')
    parse_json_error (body, body_len, &fields);
  else if (body && body_len > 0 && body[0] == '<')
    parse_xml_error (body, body_len, &fields);

  if (fields.code != NULL)
    error = gaws_error_new_service (fields.code, fields.message, status, fields.request_id);
  else
    {
      g_autofree char *code = g_strdup_printf ("%u", status);
      const char *reason = status == 404 ? "Not Found" : status == 403 ? "Forbidden" : "HTTP error";
      error = g_error_new (GAWS_ERROR, GAWS_ERROR_HTTP, "An error occurred (%s): %s",
                           code, fields.message ? fields.message : reason);
      gaws_error_set_details (error, code, fields.message ? fields.message : reason,
                              status, fields.request_id);
    }
  error_fields_clear (&fields);
  return error;
}

/**
 * gaws_service_error_from_response:
 * @response: a buffered response with a non-2xx status
 *
 * The error keeps a reference to @response until the operation layer has
 * read the modelled exception from it (see gaws_error_get_shape()).
 *
 * Returns: (transfer full): the error @response reports
 */
GError *
gaws_service_error_from_response (GawsHttpResponse *response)
{
  GBytes *body = gaws_http_response_get_body (response);
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  GError *error = gaws_service_error_parse (gaws_http_response_get_status (response),
                                            gaws_http_response_get_headers (response), data, len);

  /* The operation layer reads the modelled exception from it later. */
  gaws_error_set_response (error, response);
  return error;
}
