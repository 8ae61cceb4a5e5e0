/* gaws-protocol-rest-xml.c: the rest-xml protocol
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-protocol-rest-xml.h"

#include <string.h>
#include "gaws-error-private.h"
#include "gaws-service-error.h"
#include "gaws-protocol-query.h"
#include "gaws-protocol-rest.h"
#include "gaws-protocol-xml.h"

/* rest-xml (S3, CloudFront, Route 53): the REST bindings of
 * gaws-protocol-rest.c, and what remains as one XML element named after the
 * input (or the payload member), in its namespace. */

static gboolean
has_body_values (GawsShape *input)
{
  const GawsShapeInfo *info = gaws_shape_get_info (input);

  for (guint i = 0; i < info->n_members; i++)
    if (info->members[i].location == GAWS_LOCATION_BODY && gaws_shape_is_set (input, i))
      return TRUE;
  return FALSE;
}

static void
set_xml_body (GawsHttpRequest *request,
              GString         *xml)
{
  g_autoptr(GBytes) body = g_string_free_to_bytes (xml);

  gaws_http_request_set_body (request, body);
  if (gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Content-Type") == NULL)
    gaws_http_headers_replace (gaws_http_request_get_headers (request), "Content-Type", "application/xml");
}

static void
serialize_body (const GawsOperationInfo *op,
                GawsHttpRequest         *request,
                GawsShape               *input)
{
  const GawsShapeInfo *info = gaws_shape_get_info (input);
  const GawsMemberInfo *payload = gaws_protocol_rest_get_payload (info);
  GString *xml;

  if (payload != NULL && gaws_protocol_rest_is_raw_payload (payload))
    {
      gaws_protocol_rest_set_raw_payload (request, payload, gaws_shape_get_value (input, info->payload));
      return;
    }
  if (payload != NULL)
    {
      const char *name = payload->location_name ? payload->location_name
                         : payload->shape->location_name ? payload->shape->location_name
                         : payload->shape->name;

      if (!gaws_shape_is_set (input, info->payload))
        return;
      xml = g_string_new (NULL);
      gaws_xml_write_member (xml, payload, name, gaws_shape_get_value (input, info->payload), NULL);
      set_xml_body (request, xml);
      return;
    }
  if (!has_body_values (input))
    return;
  xml = g_string_new (NULL);
  gaws_xml_write_structure (xml, input,
                            op->input_location_name ? op->input_location_name
                            : info->location_name ? info->location_name : info->name,
                            NULL,
                            op->input_xml_namespace_uri ? op->input_xml_namespace_uri : info->xml_namespace_uri,
                            TRUE);
  set_xml_body (request, xml);
}

static GawsHttpRequest *
rest_xml_serialize (const GawsOperationInfo  *op,
                    GawsShape                *input,
                    GError                  **error)
{
  GawsHttpRequest *request = gaws_protocol_rest_new_request (op, input, error);

  if (request != NULL && input != NULL)
    serialize_body (op, request, input);
  return request;
}

static GawsShape *
rest_xml_deserialize (const GawsOperationInfo  *op,
                      GawsHttpResponse         *response,
                      GError                  **error)
{
  g_autoptr(GawsShape) output = NULL;
  g_autoptr(GawsXmlNode) root = NULL;
  const GawsMemberInfo *payload;
  gboolean empty;

  if (op->output == NULL)
    return NULL;
  output = gaws_shape_new (op->output);
  if (!gaws_protocol_rest_read_new_bindings (output, response, error))
    return NULL;
  payload = gaws_protocol_rest_get_payload (op->output);
  if (payload != NULL && gaws_protocol_rest_is_raw_payload (payload))
    {
      if (!gaws_protocol_rest_read_raw_payload (output, op->output->payload, response, error))
        return NULL;
      return g_steal_pointer (&output);
    }
  root = gaws_protocol_xml_parse_body (response, &empty, error);
  if (root == NULL)
    return empty ? g_steal_pointer (&output) : NULL;
  if (payload != NULL)
    {
      if (!gaws_xml_read_member (output, op->output->payload, root, error))
        return NULL;
    }
  else if (!gaws_xml_read_new_structure (output, root, error))
    return NULL;
  return g_steal_pointer (&output);
}

static const GawsProtocolCodec rest_xml_codec = {
  "rest-xml", rest_xml_serialize, rest_xml_deserialize, gaws_protocol_xml_parse_rest_error,
};

/**
 * gaws_protocol_rest_xml_get_codec:
 *
 * Returns: the codec of the `rest-xml` protocol
 */
const GawsProtocolCodec *
gaws_protocol_rest_xml_get_codec (void)
{
  return &rest_xml_codec;
}

/* The first half of botocore's _should_handle_200_error: an output whose
 * payload is a blob or string (GetObject) cannot be told apart from an
 * error document. Only the payload member is looked at here: the walk
 * through every member's shape for an event stream (each shape at its own
 * place in the model's data: some 80 data cache misses for GetObject's 40
 * members) is has_event_stream_output(), made only for a body that does
 * not look like a success. */
static gboolean
may_carry_200_error (const GawsOperationInfo *op)
{
  const GawsShapeInfo *output = op->output;

  if (output == NULL || g_strcmp0 (op->service->name, "s3") != 0)
    return FALSE;
  if (output->payload >= 0)
    {
      guint8 kind = output->members[output->payload].shape->kind;
      if (kind == GAWS_SHAPE_KIND_BLOB || kind == GAWS_SHAPE_KIND_STRING)
        return FALSE;
    }
  return TRUE;
}

/* The rest of botocore's test, made only for a body that does not look
 * like a success: an event stream is not a document. Not made for every
 * 2xx reply, as it reads every output member's shape (ListObjectsV2's
 * fifteen, each on a cache line of its own) to find none. */
static gboolean
has_event_stream_output (const GawsOperationInfo *op)
{
  const GawsShapeInfo *output = op->output;

  for (guint i = 0; i < output->n_members; i++)
    if (output->members[i].shape->flags & GAWS_SHAPE_FLAG_EVENTSTREAM)
      return TRUE;
  return FALSE;
}

/* Where @term (ending in '>', @term_length bytes) first starts at or
 * after @from, or %NULL: found from its '>' with memchr(), which the XML
 * declaration of every S3 reply makes worth it over g_strstr_len()'s byte
 * by byte comparisons. */
static const char *
find_terminator (const char *from,
                 const char *end,
                 const char *term,
                 gsize       term_length)
{
  const char *p = from + term_length - 1;

  while (p < end && (p = memchr (p, '>', end - p)) != NULL)
    {
      if (memcmp (p - (term_length - 1), term, term_length - 1) == 0)
        return p - (term_length - 1);
      p++;
    }
  return NULL;
}

/* Past the XML declaration, processing instructions, comments, a
 * doctype and whitespace: where the root element starts, or %NULL */
static const char *
skip_prolog (const char *p,
             const char *end)
{
  while (p < end)
    {
      const char *close = NULL;

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      if (end - p >= 2 && memcmp (p, "<?", 2) == 0)
        close = find_terminator (p + 2, end, "?>", 2);
      else if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        close = find_terminator (p + 4, end, "-->", 3);
      else if (end - p >= 2 && memcmp (p, "<!", 2) == 0)
        close = memchr (p + 2, '>', end - p - 2);
      else
        return *p == '<' ? p : NULL;
      if (close == NULL)
        return NULL;
      p = close + (*close == '>' ? 1 : close[0] == '?' ? 2 : 3);
    }
  return NULL;
}

/* Whether @data is one whole XML document whose root element is not
 * `Error`: the root's name is read and its end tag looked for at the
 * end, without parsing the body (the deserializer does that next). A
 * body cut short, or no XML at all, is FALSE, as a failed parse was. */
static gboolean
looks_like_success (const char *data,
                    gsize       length)
{
  const char *end = data + length;
  const char *p = skip_prolog (data, end);
  const char *name, *local, *tag_end;
  gsize name_length;

  if (p == NULL)
    return FALSE;
  name = ++p;
  while (p < end && !g_ascii_isspace (*p) && *p != '>' && *p != '/')
    p++;
  name_length = p - name;
  if (name_length == 0 || p == end)
    return FALSE;
  local = memchr (name, ':', name_length);
  local = local ? local + 1 : name;
  if (p - local == 5 && memcmp (local, "Error", 5) == 0)
    return FALSE;
  while (end > p && g_ascii_isspace (end[-1]))
    end--;
  /* <Root .../> alone */
  tag_end = memchr (p, '>', end - p);
  if (tag_end == NULL)
    return FALSE;
  if (tag_end[-1] == '/')
    return tag_end + 1 == end;
  /* ...</Root> at the end */
  if (end - tag_end < (gssize) name_length + 3 || end[-1] != '>')
    return FALSE;
  p = end - 1;
  while (p > tag_end && g_ascii_isspace (p[-1]))
    p--;
  p -= name_length;
  return p - 2 > tag_end && p[-2] == '<' && p[-1] == '/' && memcmp (p, name, name_length) == 0;
}

/**
 * gaws_protocol_rest_xml_check_200_error:
 * @op: a #GawsOperationInfo
 * @response: a buffered 2xx response to @op
 *
 * S3 may answer CopyObject, UploadPartCopy, CompleteMultipartUpload (and, as
 * botocore assumes, any operation whose output is not a raw payload) with
 * `200 OK` and an `<Error>` document, or with a body cut short once the
 * status was sent. As botocore does (`_handle_200_error`), such a response
 * is a `500` service error, which the retry strategies retry. The body is
 * not parsed for this: its root element's name and its end tag tell.
 *
 * Returns: (transfer full) (nullable): the error @response reports, or
 *   %NULL when it is a success
 */
GError *
gaws_protocol_rest_xml_check_200_error (const GawsOperationInfo *op,
                                        GawsHttpResponse        *response)
{
  GError *error;
  GBytes *body;
  gsize length = 0, i;
  const char *data;

  if (gaws_http_response_get_status (response) != 200 || !may_carry_200_error (op))
    return NULL;
  body = gaws_http_response_get_body (response);
  if (body == NULL || g_bytes_get_size (body) == 0)
    return NULL;
  data = g_bytes_get_data (body, &length);
  for (i = 0; i < length && g_ascii_isspace (data[i]); i++)
    ;
  if (i == length || looks_like_success (data, length) || has_event_stream_output (op))
    return NULL;
  error = gaws_service_error_parse (500, gaws_http_response_get_headers (response), data, length);
  gaws_error_set_response (error, response);
  return error;
}
