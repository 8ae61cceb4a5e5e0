/* gaws-test-curl.c: plain libcurl requests, as a user of a presigned URL makes them
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-test-curl.h"

#include <curl/curl.h>
#include <string.h>

static size_t
collect (char *data, size_t size, size_t n, void *user_data)
{
  g_byte_array_append (user_data, (const guint8 *) data, (guint) (size * n));
  return size * n;
}

static gboolean
has_header (const char * const *headers, const char *name)
{
  gsize length = strlen (name);

  for (gsize i = 0; headers != NULL && headers[i] != NULL; i++)
    if (g_ascii_strncasecmp (headers[i], name, length) == 0 && headers[i][length] == ':')
      return TRUE;
  return FALSE;
}

/* Runs @easy and gives the status; the transfer itself must work. */
static guint
perform (CURL *easy, struct curl_slist *list, GBytes **out_body)
{
  GByteArray *received = g_byte_array_new ();
  long status = 0;
  CURLcode code;

  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, received);
  curl_easy_setopt (easy, CURLOPT_TIMEOUT, 60L);
  code = curl_easy_perform (easy);
  if (code != CURLE_OK)
    g_error ("curl failed: %s", curl_easy_strerror (code));
  curl_easy_getinfo (easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (easy);
  curl_slist_free_all (list);
  if (out_body)
    *out_body = g_byte_array_free_to_bytes (received);
  else
    g_byte_array_unref (received);
  return (guint) status;
}

/**
 * gaws_test_curl_request:
 * @method: `GET`, `PUT`, `HEAD`, ...
 * @url: the URL, used as is
 * @headers: (nullable): `Name: value` lines to send
 * @body: (nullable): the body to send
 * @out_body: (out) (optional): the response body
 *
 * Returns: the HTTP status
 */
guint
gaws_test_curl_request (const char         *method,
                        const char         *url,
                        const char * const *headers,
                        GBytes             *body,
                        GBytes            **out_body)
{
  CURL *easy = curl_easy_init ();
  struct curl_slist *list = NULL;

  for (gsize i = 0; headers != NULL && headers[i] != NULL; i++)
    list = curl_slist_append (list, headers[i]);
  /* curl would add these otherwise, and a presigned URL's user sends only
   * what was signed */
  list = curl_slist_append (list, "Expect:");
  if (!has_header (headers, "Content-Type"))
    list = curl_slist_append (list, "Content-Type:");

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, method);
  if (g_str_equal (method, "HEAD"))
    curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
  if (body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);

      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, data != NULL ? data : "");
    }
  return perform (easy, list, out_body);
}

/**
 * gaws_test_curl_post_form:
 * @url: the URL to post to
 * @names: (array zero-terminated=1): the field names, in order
 * @values: (array zero-terminated=1): their values
 * @file_name: the file name of the `file` field
 * @file: the contents of the `file` field, which goes last
 * @out_body: (out) (optional): the response body
 *
 * Posts a `multipart/form-data` form with libcurl's mime API.
 *
 * Returns: the HTTP status
 */
guint
gaws_test_curl_post_form (const char         *url,
                          const char * const *names,
                          const char * const *values,
                          const char         *file_name,
                          GBytes             *file,
                          GBytes            **out_body)
{
  CURL *easy = curl_easy_init ();
  curl_mime *mime = curl_mime_init (easy);
  curl_mimepart *part;
  gsize size = 0;
  const char *data = g_bytes_get_data (file, &size);
  guint status;

  for (gsize i = 0; names[i] != NULL; i++)
    {
      part = curl_mime_addpart (mime);
      curl_mime_name (part, names[i]);
      curl_mime_data (part, values[i], CURL_ZERO_TERMINATED);
    }
  part = curl_mime_addpart (mime);
  curl_mime_name (part, "file");
  curl_mime_filename (part, file_name);
  curl_mime_data (part, data != NULL ? data : "", size);

  curl_easy_setopt (easy, CURLOPT_URL, url);
  curl_easy_setopt (easy, CURLOPT_MIMEPOST, mime);
  status = perform (easy, curl_slist_append (NULL, "Expect:"), out_body);
  curl_mime_free (mime);
  return status;
}
