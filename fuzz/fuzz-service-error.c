/* fuzz-service-error.c: libFuzzer target for gaws_service_error_parse()
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build and run: see fuzz/README.md.
 *
 * Input layout: two bytes of HTTP status (big-endian, folded into 100-599),
 * then header lines `Name: value` up to the first empty line, then the
 * body, so that the error headers (x-amzn-ErrorType, x-amzn-query-error,
 * request ids) and XML or JSON bodies mix. Seeds are error bodies of the
 * protocol test suites.
 * What must hold, besides no crash, leak or sanitizer report:
 *  - the result is a GAWS_ERROR_SERVICE or GAWS_ERROR_HTTP error carrying
 *    the status, a code and a UTF-8 message;
 *  - parsing is deterministic.
 */
#include "gaws-error.h"
#include "gaws-http-headers.h"
#include "gaws-service-error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Reads header lines from @data; returns where the body starts. */
static gsize
read_headers (const char *data, gsize size, GawsHttpHeaders *headers)
{
  gsize pos = 0;

  while (pos < size)
    {
      const char *line = data + pos;
      const char *nl = memchr (line, '\n', size - pos);
      gsize len = nl ? (gsize) (nl - line) : size - pos;
      const char *colon = memchr (line, ':', len);

      pos += len + (nl ? 1 : 0);
      if (len == 0)
        break;
      if (colon != NULL)
        {
          gsize name_len = colon - line;
          const char *value = colon + 1;
          gsize value_len = len - name_len - 1;

          while (value_len > 0 && *value == ' ')
            value++, value_len--;
          gaws_http_headers_append_len (headers, line, name_len, value, value_len);
        }
    }
  return pos;
}

/* Parses a copy of exactly @len bytes, without a terminating NUL, so that
 * ASan sees any read past the body's end. */
static GError *
parse_copy (guint status, GawsHttpHeaders *headers, const char *body, gsize len)
{
  char *copy = g_memdup2 (body, len);
  GError *error = gaws_service_error_parse (status, headers, copy, len);

  g_free (copy);
  return error;
}

static void
check_error (const GError *error, guint status)
{
  if (error == NULL || error->domain != GAWS_ERROR)
    abort ();
  if (error->code != GAWS_ERROR_SERVICE && error->code != GAWS_ERROR_HTTP)
    abort ();
  if (gaws_error_get_http_status (error) != status || gaws_error_get_code (error) == NULL)
    abort ();
  if (!g_utf8_validate (error->message, -1, NULL))
    abort ();
  gaws_error_get_message (error);
  gaws_error_get_request_id (error);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* A critical is a broken precondition inside the runtime: a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GawsHttpHeaders *headers;
  GError *error, *again;
  const char *text = (const char *) data + 2;
  gsize body_start, body_len;
  guint status;

  if (size < 2)
    return 0;
  status = 100 + (((guint) data[0] << 8) | data[1]) % 500;
  headers = gaws_http_headers_new ();
  body_start = read_headers (text, size - 2, headers);
  body_len = size - 2 - body_start;

  error = parse_copy (status, headers, text + body_start, body_len);
  again = parse_copy (status, headers, text + body_start, body_len);
  check_error (error, status);
  if (error->code != again->code || strcmp (error->message, again->message) != 0 ||
      g_strcmp0 (gaws_error_get_request_id (error), gaws_error_get_request_id (again)) != 0)
    abort ();

  g_error_free (error);
  g_error_free (again);
  gaws_http_headers_unref (headers);
  return 0;
}
