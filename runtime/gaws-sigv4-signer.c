/* gaws-sigv4-signer.c: AWS Signature Version 4
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-sigv4-signer.h"
#include "gaws-crypto.h"
#include "gaws-decimal-private.h"
#include "gaws-error.h"
#include "gaws-http-headers-private.h"
#include "gaws-scratch-private.h"
#include "gaws-word-private.h"

#include <string.h>

#define ALGORITHM            "AWS4-HMAC-SHA256"
#define EMPTY_SHA256         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define KEY_LEN              32
#define HEAD_LEN             64    /* a SHA-256 block */
/* One signer usually serves a handful of (region, service) pairs; a day
 * change or a credential rotation only adds a few more. */
#define KEY_CACHE_SIZE       16
#define MAX_PRESIGN_EXPIRES  604800

#define append_string(out, text) gaws_string_append_len ((out), (text), strlen (text))
#define put_literal(p, literal) put_bytes ((p), (literal), sizeof (literal) - 1)

/**
 * GawsSigv4Signer:
 *
 * Signs requests (#GawsHttpRequest) with AWS Signature Version 4, in the
 * `Authorization` header (gaws_sigv4_signer_sign()) or in the query string
 * (gaws_sigv4_signer_presign_url()), and signs the chunks of an S3
 * `aws-chunked` upload (gaws_sigv4_signer_sign_chunk()).
 *
 * A signer keeps the signing keys it derives, one per secret, day, region
 * and service, so a busy client derives each key once a day. It is safe to
 * share one signer between threads.
 */

typedef struct {
  char            *id;           /* sha256(secret) \n date \n region \n service */
  GawsCredentials *credentials;  /* the last credentials it served (credentials are
                                  * immutable), found without hashing the secret */
  char            *scope;        /* date/region/service/aws4_request, as a Scope
                                  * spells it: one memcmp() finds the entry */
  gsize            scope_len;
  gsize            date_len;     /* where the parts of @scope end: a region or a */
  gsize            region_len;   /* service holding a '/' cannot pass for another */
  guint8           key[KEY_LEN];
  GawsHmacSha256   hmac;         /* keyed with @key: copying it saves hashing the
                                  * padded key twice per signature */
  char             head[HEAD_LEN];  /* the first block of the last string to sign, */
  GawsHmacSha256   head_hmac;    /* and @hmac having hashed it: the strings to sign
                                  * of one second share it (see get_signing_key()) */
  gboolean         has_head;
  guint64          last_used;    /* 0 while the slot is empty */
} CachedKey;

struct _GawsSigv4Signer {
  GObject    parent_instance;
  GMutex     lock;
  CachedKey  cache[KEY_CACHE_SIZE];
  guint64    clock;
  guint      n_derived;
};

G_DEFINE_FINAL_TYPE (GawsSigv4Signer, gaws_sigv4_signer, G_TYPE_OBJECT)

G_DEFINE_FLAGS_TYPE (GawsSigv4Flags, gaws_sigv4_flags,
  G_DEFINE_ENUM_VALUE (GAWS_SIGV4_FLAGS_NONE, "none"),
  G_DEFINE_ENUM_VALUE (GAWS_SIGV4_UNSIGNED_PAYLOAD, "unsigned-payload"),
  G_DEFINE_ENUM_VALUE (GAWS_SIGV4_CONTENT_SHA256_HEADER, "content-sha256-header"),
  G_DEFINE_ENUM_VALUE (GAWS_SIGV4_NO_PATH_NORMALIZE, "no-path-normalize"),
  G_DEFINE_ENUM_VALUE (GAWS_SIGV4_OMIT_SESSION_TOKEN, "omit-session-token"),
  G_DEFINE_ENUM_VALUE (GAWS_SIGV4_ANONYMOUS, "anonymous"))

static void
cached_key_clear (CachedKey *entry)
{
  g_clear_pointer (&entry->id, g_free);
  g_clear_pointer (&entry->scope, g_free);
  g_clear_object (&entry->credentials);
  gaws_hmac_sha256_clear (&entry->hmac);
  gaws_hmac_sha256_clear (&entry->head_hmac);
  entry->has_head = FALSE;
  gaws_crypto_wipe (entry->key, KEY_LEN);
}

static void
gaws_sigv4_signer_finalize (GObject *object)
{
  GawsSigv4Signer *self = GAWS_SIGV4_SIGNER (object);

  for (guint i = 0; i < KEY_CACHE_SIZE; i++)
    cached_key_clear (&self->cache[i]);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (gaws_sigv4_signer_parent_class)->finalize (object);
}

static void
gaws_sigv4_signer_class_init (GawsSigv4SignerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_sigv4_signer_finalize;
}

static void
gaws_sigv4_signer_init (GawsSigv4Signer *self)
{
  g_mutex_init (&self->lock);
}

/**
 * gaws_sigv4_signer_new:
 *
 * Returns: (transfer full): a new signer with an empty key cache
 */
GawsSigv4Signer *
gaws_sigv4_signer_new (void)
{
  return g_object_new (GAWS_TYPE_SIGV4_SIGNER, NULL);
}

/* Everything that depends on the credentials and the time but not on the
 * request: what a chunk signature needs as much as a request signature. */
typedef struct {
  const char *algorithm;  /* AWS4-HMAC-SHA256 or a chunk or trailer variant */
  gsize   algorithm_len;
  char    amz_date[17];   /* 20150830T123600Z */
  char   *scope;          /* 20150830/us-east-1/service/aws4_request */
  gsize   scope_len;
  gsize   date_len;       /* the parts of @scope, which the key cache */
  gsize   region_len;     /* matches */
  char    scope_buffer[96]; /* holds @scope unless it is longer */
  GawsHmacSha256  hmac;   /* keyed with the signing key once scope_init()
                           * set it; used up by the one signature a scope
                           * makes (scope_sign_into()) */
  gsize   absorbed;       /* how much of the string to sign @hmac has hashed */
} Scope;

/* Room for @len more bytes at the end of @out, and where they go: a text
 * of several pieces is written with one call, where an inline append per
 * piece costs a capacity check and a fallback call each, in code that
 * every request runs through. */
static char *
string_extend (GString *out,
               gsize    len)
{
  gsize start = out->len;

  g_string_set_size (out, start + len);
  return out->str + start;
}

static char *
put_bytes (char       *out,
           const char *data,
           gsize       len)
{
  memcpy (out, data, len);
  return out + len;
}

/* ---- hashing ---------------------------------------------------------- */

/* SHA-256 and HMAC-SHA256 are gaws-crypto.c's: libcrypto's when the build
 * found it, GLib's otherwise. */

static char *
sha256_hex (const char *text, gsize len)
{
  char *out = g_malloc (GAWS_SHA256_HEX_LEN);

  gaws_sha256_hex (text, len, out);
  return out;
}

static char *
sha256_hex_bytes (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return sha256_hex (data != NULL ? data : "", len);
}

static void
derive_signing_key (const char *secret,
                    const char *date,
                    const char *region,
                    const char *service,
                    guint8      out[KEY_LEN])
{
  gsize secret_len = strlen (secret);
  guint8 *k_secret = g_malloc (4 + secret_len);
  guint8 k_date[KEY_LEN], k_region[KEY_LEN], k_service[KEY_LEN];

  memcpy (k_secret, "AWS4", 4);
  memcpy (k_secret + 4, secret, secret_len);
  gaws_hmac_sha256 (k_secret, 4 + secret_len, date, strlen (date), k_date);
  gaws_hmac_sha256 (k_date, KEY_LEN, region, strlen (region), k_region);
  gaws_hmac_sha256 (k_region, KEY_LEN, service, strlen (service), k_service);
  gaws_hmac_sha256 (k_service, KEY_LEN, "aws4_request", strlen ("aws4_request"), out);

  gaws_crypto_wipe (k_secret, 4 + secret_len);
  g_free (k_secret);
  gaws_crypto_wipe (k_date, KEY_LEN);
  gaws_crypto_wipe (k_region, KEY_LEN);
  gaws_crypto_wipe (k_service, KEY_LEN);
}

/* Lengths first: the comparison then stays within @entry's scope. */
static gboolean
scope_matches (const CachedKey *entry,
               const Scope     *scope)
{
  return entry->scope_len == scope->scope_len && entry->date_len == scope->date_len &&
         entry->region_len == scope->region_len &&
         memcmp (entry->scope, scope->scope, scope->scope_len) == 0;
}

/* lookup_signing_key() for credentials that no entry served: found by a
 * hash of the secret, or derived. Out of line: it runs once per
 * credentials and day, and its code would only crowd the per-request
 * path out of the instruction cache. */
static G_GNUC_NO_INLINE CachedKey *
find_or_derive_signing_key (GawsSigv4Signer *self,
                            GawsCredentials *credentials,
                            const Scope     *scope,
                            const char      *date,
                            const char      *region,
                            const char      *service)
{
  const char *secret = gaws_credentials_get_secret_access_key (credentials);
  g_autofree char *secret_hash = NULL;
  g_autofree char *id = NULL;
  CachedKey *victim = &self->cache[0];

  /* The cache is keyed by a hash of the secret so that it never holds a
   * copy of the secret itself. */
  secret_hash = sha256_hex (secret, strlen (secret));
  id = g_strjoin ("\n", secret_hash, date, region, service, NULL);
  for (guint i = 0; i < KEY_CACHE_SIZE; i++)
    {
      CachedKey *entry = &self->cache[i];

      if (entry->id != NULL && g_str_equal (entry->id, id))
        {
          g_set_object (&entry->credentials, credentials);
          return entry;
        }
      if (entry->last_used < victim->last_used)
        victim = entry;
    }

  cached_key_clear (victim);
  derive_signing_key (secret, date, region, service, victim->key);
  victim->id = g_steal_pointer (&id);
  victim->scope = g_strndup (scope->scope, scope->scope_len);
  victim->scope_len = scope->scope_len;
  victim->date_len = scope->date_len;
  victim->region_len = scope->region_len;
  victim->credentials = g_object_ref (credentials);
  gaws_hmac_sha256_init (&victim->hmac, victim->key, KEY_LEN);
  self->n_derived++;
  return victim;
}

/* The cache entry of @scope (which scope_set() made of @date, @region and
 * @service) for @credentials, derived on a miss; called with the lock
 * held. */
static CachedKey *
lookup_signing_key (GawsSigv4Signer *self,
                    GawsCredentials *credentials,
                    const Scope     *scope,
                    const char      *date,
                    const char      *region,
                    const char      *service)
{
  self->clock++;
  /* The same credentials object: no need to hash the secret. */
  for (guint i = 0; i < KEY_CACHE_SIZE; i++)
    {
      CachedKey *entry = &self->cache[i];

      if (entry->credentials == credentials && scope_matches (entry, scope))
        return entry;
    }
  return find_or_derive_signing_key (self, credentials, scope, date, region, service);
}

/* Copies into @out_hmac an HMAC keyed with the signing key of the scope:
 * all that signing needs of the key itself. Given the @head of the string
 * to sign (algorithm, date and time, scope), which the requests of one
 * second share, the HMAC has hashed its first block too: the entry keeps
 * that state for the next signature. Returns how much of @head it hashed. */
static gsize
get_signing_key (GawsSigv4Signer  *self,
                 GawsCredentials  *credentials,
                 const Scope      *scope,
                 const char       *date,
                 const char       *region,
                 const char       *service,
                 const char       *head,
                 gsize             head_len,
                 GawsHmacSha256   *out_hmac)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  CachedKey *entry = lookup_signing_key (self, credentials, scope, date, region, service);

  entry->last_used = self->clock;
  if (head_len < HEAD_LEN)
    {
      gaws_hmac_sha256_copy (out_hmac, &entry->hmac);
      return 0;
    }
  if (!entry->has_head || memcmp (entry->head, head, HEAD_LEN) != 0)
    {
      gaws_hmac_sha256_clear (&entry->head_hmac);
      gaws_hmac_sha256_copy (&entry->head_hmac, &entry->hmac);
      gaws_hmac_sha256_update (&entry->head_hmac, head, HEAD_LEN);
      memcpy (entry->head, head, HEAD_LEN);
      entry->has_head = TRUE;
    }
  gaws_hmac_sha256_copy (out_hmac, &entry->head_hmac);
  return HEAD_LEN;
}

/* ---- scope ------------------------------------------------------------ */

static void
scope_clear (Scope *scope)
{
  if (scope->scope != scope->scope_buffer)
    g_free (scope->scope);
  scope->scope = NULL;
  gaws_hmac_sha256_clear (&scope->hmac);
}

static void
put_digits (char *out,
            int   value,
            int   n)
{
  while (n-- > 0)
    {
      out[n] = (char) ('0' + value % 10);
      value /= 10;
    }
}

/* g_date_time_format (utc, "%Y%m%dT%H%M%SZ") without its format parser
 * and locale look-ups. Out of line, as is format_amz_date_unix(): a client
 * signs with the time now, which is formatted once a second. */
static G_GNUC_NO_INLINE void
format_amz_date (GDateTime *when,
                 char       out[17])
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);
  int year, month, day;

  g_date_time_get_ymd (utc, &year, &month, &day);
  put_digits (out, year, 4);
  put_digits (out + 4, month, 2);
  put_digits (out + 6, day, 2);
  out[8] = 'T';
  put_digits (out + 9, g_date_time_get_hour (utc), 2);
  put_digits (out + 11, g_date_time_get_minute (utc), 2);
  put_digits (out + 13, g_date_time_get_second (utc), 2);
  out[15] = 'Z';
  out[16] = '\0';
}

/* The same for a time in seconds since the epoch, without a #GDateTime:
 * the civil date by Howard Hinnant's days_from_civil inverse. */
static G_GNUC_NO_INLINE void
format_amz_date_unix (gint64 seconds,
                      char   out[17])
{
  gint64 days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  gint64 rest = seconds - days * 86400;
  gint64 z = days + 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int day = (int) (doy - (153 * mp + 2) / 5 + 1);
  int month = (int) (mp < 10 ? mp + 3 : mp - 9);
  int year = (int) (yoe + era * 400 + (month <= 2));

  put_digits (out, year, 4);
  put_digits (out + 4, month, 2);
  put_digits (out + 6, day, 2);
  out[8] = 'T';
  put_digits (out + 9, (int) (rest / 3600), 2);
  put_digits (out + 11, (int) (rest / 60 % 60), 2);
  put_digits (out + 13, (int) (rest % 60), 2);
  out[15] = 'Z';
  out[16] = '\0';
}

/* The date text of the last second a request was signed in, per thread:
 * the requests of one second all format the same text. */
typedef struct {
  gint64 seconds;
  char   text[17];
} AmzDate;

static __thread AmzDate last_amz_date = { G_MININT64, "" };

static void
format_amz_date_now (char out[17])
{
  gint64 seconds = g_get_real_time () / G_USEC_PER_SEC;

  if (G_UNLIKELY (seconds != last_amz_date.seconds))
    {
      format_amz_date_unix (seconds, last_amz_date.text);
      last_amz_date.seconds = seconds;
    }
  memcpy (out, last_amz_date.text, sizeof last_amz_date.text);
}

/* The scope string is built for every request: in the Scope's own buffer
 * unless the region and service names are unusually long. */
static void
scope_set (Scope      *scope,
           const char *date,
           const char *region,
           const char *service)
{
  static const char tail[] = "/aws4_request";
  gsize date_len = strlen (date), region_len = strlen (region), service_len = strlen (service);
  char *p;

  scope->date_len = date_len;
  scope->region_len = region_len;
  scope->scope_len = date_len + 1 + region_len + 1 + service_len + sizeof tail - 1;
  if (G_UNLIKELY (scope->scope_len >= sizeof scope->scope_buffer))
    {
      scope->scope = g_strconcat (date, "/", region, "/", service, tail, NULL);
      return;
    }
  p = scope->scope = scope->scope_buffer;
  memcpy (p, date, date_len);
  p += date_len;
  *p++ = '/';
  memcpy (p, region, region_len);
  p += region_len;
  *p++ = '/';
  memcpy (p, service, service_len);
  p += service_len;
  memcpy (p, tail, sizeof tail);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scope, scope_clear)

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

/* "algorithm\n<amz-date>\n<scope>\n", the start of every string to sign
 * of @scope: its length, and the text into @out, which has room for it. */
static gsize
scope_head_len (const Scope *scope)
{
  return scope->algorithm_len + 1 + 16 + 1 + scope->scope_len + 1;
}

static char *
scope_put_head (const Scope *scope,
                char        *out)
{
  memcpy (out, scope->algorithm, scope->algorithm_len);
  out += scope->algorithm_len;
  *out++ = '\n';
  memcpy (out, scope->amz_date, 16);
  out += 16;
  *out++ = '\n';
  memcpy (out, scope->scope, scope->scope_len);
  out += scope->scope_len;
  *out++ = '\n';
  return out;
}

/* Whether the credentials and the scope can sign at all; out of line, so
 * that the error paths stay out of the per-request code. */
static G_GNUC_NO_INLINE gboolean
can_sign (GawsCredentials  *credentials,
          const char       *region,
          const char       *service,
          GError          **error)
{
  if (is_empty (gaws_credentials_get_access_key_id (credentials)) ||
      is_empty (gaws_credentials_get_secret_access_key (credentials)))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_SIGNING,
                           "Cannot sign a request without an access key id and a secret access key");
      return FALSE;
    }
  if (is_empty (region) || is_empty (service))
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_SIGNING,
                           "Cannot sign a request without a region and a service name");
      return FALSE;
    }
  return TRUE;
}

static gboolean
scope_init (GawsSigv4Signer  *self,
            Scope            *scope,
            const char       *algorithm,
            GawsCredentials  *credentials,
            const char       *region,
            const char       *service,
            GDateTime        *when,
            GError          **error)
{
  char date[9];
  char head[256];
  gsize head_len;

  if (!can_sign (credentials, region, service, error))
    return FALSE;
  if (when)
    format_amz_date (when, scope->amz_date);
  else
    format_amz_date_now (scope->amz_date);
  memcpy (date, scope->amz_date, 8);
  date[8] = '\0';
  scope_set (scope, date, region, service);
  scope->algorithm = algorithm;
  scope->algorithm_len = strlen (algorithm);
  head_len = scope_head_len (scope);
  if (head_len <= sizeof head)
    scope_put_head (scope, head);
  else
    head_len = 0;
  scope->absorbed = get_signing_key (self, credentials, scope, date, region, service,
                                     head, head_len, &scope->hmac);
  return TRUE;
}

/* The string to sign goes into the HMAC in one piece, put together on
 * the stack (one update rather than seven: each has its own overhead), but
 * for what scope_init() had the HMAC hash already. */
static void
scope_sign_into (Scope      *scope,
                 const char *rest,
                 char        out[GAWS_SHA256_HEX_LEN],
                 char      **out_string_to_sign)
{
  GawsHmacSha256 *hmac = &scope->hmac;   /* a scope signs once: used up here */
  char buffer[512];
  gsize rest_len = strlen (rest);
  gsize len = scope_head_len (scope) + rest_len;
  g_autofree char *heap = len < sizeof buffer ? NULL : g_malloc (len + 1);
  char *string = heap ? heap : buffer;

  memcpy (scope_put_head (scope, string), rest, rest_len + 1);
  gaws_hmac_sha256_update_finish_hex (hmac, string + scope->absorbed, len - scope->absorbed, out);
  if (out_string_to_sign)
    *out_string_to_sign = heap ? g_steal_pointer (&heap) : g_strndup (buffer, len);
}

static char *
scope_sign (Scope      *scope,
            const char *rest,
            char      **out_string_to_sign)
{
  char signature[GAWS_SHA256_HEX_LEN];

  scope_sign_into (scope, rest, signature, out_string_to_sign);
  return g_strdup (signature);
}

/**
 * gaws_sigv4_signer_sign_string:
 * @self: a #GawsSigv4Signer
 * @credentials: the credentials
 * @date: the scope date, `YYYYMMDD`
 * @region: the scope region
 * @service: the scope service
 * @string_to_sign: a complete SigV4 string to sign
 *
 * Signs a string to sign that the caller built, with the signing key of
 * the scope, derived once and kept in the signer's cache. This is the last
 * step of every SigV4 variant; event stream frames, whose strings to sign
 * are their own, use it directly.
 *
 * Returns: (transfer full): the signature, in lower-case hex
 */
char *
gaws_sigv4_signer_sign_string (GawsSigv4Signer *self,
                               GawsCredentials *credentials,
                               const char      *date,
                               const char      *region,
                               const char      *service,
                               const char      *string_to_sign)
{
  g_auto(Scope) scope = { 0 };
  char *signature;

  g_return_val_if_fail (GAWS_IS_SIGV4_SIGNER (self), NULL);
  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  signature = g_malloc (2 * KEY_LEN + 1);
  scope_set (&scope, date, region, service);
  /* the copy of the cached HMAC is this call's own: finished in place */
  get_signing_key (self, credentials, &scope, date, region, service, NULL, 0, &scope.hmac);
  gaws_hmac_sha256_update_finish_hex (&scope.hmac, string_to_sign, strlen (string_to_sign), signature);
  return signature;
}

/* ---- canonical request ------------------------------------------------ */

static gboolean
is_unreserved (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* How many bytes from @data on stay as they are: unreserved, or slashes
 * unless @encode_slash. */
static gsize
plain_run (const char *data,
           gsize       len,
           gboolean    encode_slash)
{
  gsize i = 0;

  while (i < len && (is_unreserved ((guchar) data[i]) || (data[i] == '/' && !encode_slash)))
    i++;
  return i;
}

static void
append_escape (GString *out,
               guchar   c)
{
  static const char hex[] = "0123456789ABCDEF";
  char escape[3] = { '%', hex[c >> 4], hex[c & 15] };

  gaws_string_append_len (out, escape, 3);
}

/* Works on counted bytes rather than on gaws_uri_encode()'s C strings
 * because a decoded query parameter may hold %00. Runs of bytes that stay
 * as they are go in with one append each. */
static void
append_encoded (GString    *out,
                const char *data,
                gsize       len,
                gboolean    encode_slash)
{
  gsize i = 0;

  while (i < len)
    {
      gsize run = plain_run (data + i, len - i, encode_slash);

      gaws_string_append_len (out, data + i, run);
      i += run;
      if (i < len)
        append_escape (out, (guchar) data[i++]);
    }
}

/* botocore's remove_dot_segments(): RFC 3986 dot-segment removal, plus the
 * empty segments (doubled slashes) that AWS services drop as well. */
static char *
remove_dot_segments (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gsize len = strlen (path);
  GString *out = g_string_new (path[0] == '/' ? "/" : "");

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *segment = segments[i];

      if (*segment == '\0' || g_str_equal (segment, "."))
        continue;
      if (g_str_equal (segment, ".."))
        {
          if (kept->len > 0)
            g_ptr_array_remove_index (kept, kept->len - 1);
          continue;
        }
      g_ptr_array_add (kept, (gpointer) segment);
    }

  for (guint i = 0; i < kept->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '/');
      g_string_append (out, g_ptr_array_index (kept, i));
    }
  if (len > 0 && path[len - 1] == '/' && kept->len > 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

static void
append_canonical_uri (GString        *out,
                      const char     *path,
                      GawsSigv4Flags  flags)
{
  gsize start = out->len;

  if (path == NULL)
    path = "";

  if (flags & GAWS_SIGV4_NO_PATH_NORMALIZE)
    {
      /* S3 signs the path as sent. Escapes stay as they are; a byte that
       * cannot appear raw in a path is escaped the way the server will see
       * it once the engine sends it. */
      gsize len = strlen (path);

      for (gsize i = 0; i < len;)
        {
          gsize run = plain_run (path + i, len - i, FALSE);

          gaws_string_append_len (out, path + i, run);
          i += run;
          if (i == len)
            break;
          if (path[i] == '%' && g_ascii_isxdigit (path[i + 1]) && g_ascii_isxdigit (path[i + 2]))
            {
              gaws_string_append_len (out, path + i, 3);
              i += 3;
            }
          else
            append_escape (out, (guchar) path[i++]);
        }
    }
  else
    {
      /* Every other service wants the path encoded once more, on top of the
       * encoding it was sent with: the "double encoding" of botocore. A
       * path without dots or doubled slashes (DynamoDB's "/") has no
       * segments to remove. */
      if (strchr (path, '.') == NULL && strstr (path, "//") == NULL)
        append_encoded (out, path, strlen (path), FALSE);
      else
        {
          g_autofree char *normalized = remove_dot_segments (path);
          append_encoded (out, normalized, strlen (normalized), FALSE);
        }
    }

  if (out->len == start)
    g_string_append_c (out, '/');
}

/* A parameter of the canonical query: its name and value, recoded, in
 * the buffer append_canonical_query() writes them to. */
typedef struct {
  const char *name;
  const char *value;
} QueryParam;

/* Sorting by value too makes repeated names (a=2&a=1) canonical, which
 * botocore does not do but the AWS test suite expects. */
static int
query_param_compare (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const QueryParam *pa = a, *pb = b;
  int c = strcmp (pa->name, pb->name);
  return c != 0 ? c : strcmp (pa->value, pb->value);
}

/* Query text as sent may be encoded in any of several equivalent ways (or
 * not at all); decoding then encoding gives the one form SigV4 wants.
 * Both in one pass, byte by byte, into @out, which has room for three
 * bytes for each of @len and a NUL, which ends the part. Returns the end. */
static char *
put_recoded_query_part (char       *out,
                        const char *data,
                        gsize       len)
{
  static const char hex[] = "0123456789ABCDEF";

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) data[i];

      if (c == '%' && i + 2 < len && g_ascii_isxdigit (data[i + 1]) && g_ascii_isxdigit (data[i + 2]))
        {
          c = (guchar) ((g_ascii_xdigit_value (data[i + 1]) << 4) | g_ascii_xdigit_value (data[i + 2]));
          i += 2;
        }
      if (is_unreserved (c))
        *out++ = (char) c;
      else
        {
          *out++ = '%';
          *out++ = hex[c >> 4];
          *out++ = hex[c & 15];
        }
    }
  *out++ = '\0';
  return out;
}

/* Sorts the few parameters of a usual query in place. */
static void
sort_query_params (QueryParam *params,
                   guint       n_params)
{
  if (n_params > 16)
    {
      g_qsort_with_data (params, (gint) n_params, sizeof (QueryParam), query_param_compare, NULL);
      return;
    }
  for (guint i = 1; i < n_params; i++)
    {
      QueryParam param = params[i];
      guint j = i;

      for (; j > 0 && query_param_compare (&params[j - 1], &param, NULL) > 0; j--)
        params[j] = params[j - 1];
      params[j] = param;
    }
}

/* The parameters are recoded into one buffer, on the stack when the query
 * is short (S3's ListObjectsV2 sends three), and sorted there: no string
 * per name and value, nor array of them. */
static void
append_canonical_query (GString    *out,
                        const char *query)
{
  char stack_parts[512];
  QueryParam stack_params[16];
  g_autofree char *heap_parts = NULL;
  g_autofree QueryParam *heap_params = NULL;
  const char *p = query ? query : "";
  QueryParam *params = stack_params;
  gsize query_len, n_max = 1;
  guint n_params = 0;
  char *parts = stack_parts, *end;

  if (*p == '\0')
    return;
  query_len = strlen (p);
  for (const char *amp = p; (amp = strchr (amp, '&')) != NULL; amp++)
    n_max++;
  /* each byte recodes to three at most, each part ends in a NUL */
  if (3 * query_len + 2 * n_max > sizeof stack_parts)
    parts = heap_parts = g_malloc (3 * query_len + 2 * n_max);
  if (n_max > G_N_ELEMENTS (stack_params))
    params = heap_params = g_new (QueryParam, n_max);
  end = parts;
  while (*p)
    {
      const char *amp = strchr (p, '&');
      gsize len = amp ? (gsize) (amp - p) : strlen (p);
      const char *eq = memchr (p, '=', len);

      if (len > 0)
        {
          gsize name_len = eq ? (gsize) (eq - p) : len;

          params[n_params].name = end;
          end = put_recoded_query_part (end, p, name_len);
          params[n_params].value = end;
          end = put_recoded_query_part (end, eq ? eq + 1 : "", eq ? len - name_len - 1 : 0);
          n_params++;
        }
      p += len;
      if (*p == '&')
        p++;
    }

  sort_query_params (params, n_params);
  for (guint i = 0; i < n_params; i++)
    {
      if (i > 0)
        g_string_append_c (out, '&');
      append_string (out, params[i].name);
      g_string_append_c (out, '=');
      append_string (out, params[i].value);
    }
}

/* Headers that a proxy or the HTTP stack may add, drop or rewrite on the
 * way, or that carry the signature itself: signing them would make valid
 * requests fail. botocore's blacklist plus the hop-by-hop headers. */
#define UNSIGNED_HEADERS(X) \
  X ("authorization") X ("connection") X ("expect") X ("transfer-encoding") \
  X ("upgrade") X ("user-agent") X ("x-amzn-trace-id")
#define UNSIGNED_ENTRY(name) { name, sizeof name - 1 },
static const struct {
  const char *name;
  gsize       len;
} unsigned_headers[] = { UNSIGNED_HEADERS (UNSIGNED_ENTRY) };
#undef UNSIGNED_ENTRY

/* The lengths of the names above, as bits, made of the same list (each
 * shorter than 32, as header_is_signed() assumes). */
#define UNSIGNED_LENGTH_BIT(name) | (1u << (sizeof name - 1))
#define UNSIGNED_LENGTHS (0u UNSIGNED_HEADERS (UNSIGNED_LENGTH_BIT))
#define UNSIGNED_LENGTH_FITS(name) G_STATIC_ASSERT (sizeof name - 1 < 32);
UNSIGNED_HEADERS (UNSIGNED_LENGTH_FITS)
#undef UNSIGNED_LENGTH_FITS

static G_GNUC_NO_INLINE gboolean
is_unsigned_header (const char *lower_name,
                    gsize       len)
{
  for (gsize i = 0; i < G_N_ELEMENTS (unsigned_headers); i++)
    if (len == unsigned_headers[i].len && memcmp (lower_name, unsigned_headers[i].name, len) == 0)
      return TRUE;
  return FALSE;
}

/* Told apart by length first: most names have none of these lengths, and
 * the comparisons, out of line, stay out of the per-request code. */
static gboolean
header_is_signed (const char *lower_name,
                  gsize       len)
{
  if (len == 0)
    return FALSE;
  return len >= 32 || !(UNSIGNED_LENGTHS & (1u << len)) || !is_unsigned_header (lower_name, len);
}

/* Whether any of the eight bytes at @p is below 0x21 (white space,
 * controls): a borrow only starts at such a byte, so there is no false
 * one when none is. */
static gboolean
has_byte_below_0x21 (const char *p)
{
  guint64 w;

  memcpy (&w, p, sizeof w);
  return gaws_word_bytes_below (w, 0x21) != 0;
}

/* Whether the @len bytes of @value (NUL-terminated) are already
 * canonical: no whitespace at either end, no whitespace but single spaces
 * inside. Almost every value is. */
static gboolean
header_value_is_canonical (const char *value,
                           gsize       len)
{
  const char *p = value, *end = value + len;

  if (g_ascii_isspace (*p))
    return FALSE;
  /* Eight bytes at a time past those above ' ', which cannot break the
   * rule, and the last eight overlapping those: no byte loop for values
   * without a space. */
  if (len >= 8)
    {
      while (end - p > 8 && !has_byte_below_0x21 (p))
        p += 8;
      if (end - p <= 8 && !has_byte_below_0x21 (end - 8))
        return TRUE;
    }
  for (; p < end; p++)
    if (g_ascii_isspace (*p) && (*p != ' ' || p[1] == '\0' || g_ascii_isspace (p[1])))
      return FALSE;
  return TRUE;
}

/* Writes @value trimmed, every run of whitespace (obs-fold line breaks
 * included) folded into one space, into @out, which has room for its @len
 * bytes (folding only shortens it); returns the end. */
static char *
put_canonical_header_value (char       *out,
                            const char *value,
                            gsize       len)
{
  char *start = out;
  gboolean pending_space = FALSE;

  if (header_value_is_canonical (value, len))
    {
      memcpy (out, value, len);
      return out + len;
    }
  for (const char *p = value; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          pending_space = out > start;
          continue;
        }
      if (pending_space)
        *out++ = ' ';
      pending_space = FALSE;
      *out++ = *p;
    }
  return out;
}

/* put_canonical_header_value() at the end of @out. */
static void
append_canonical_header_value (GString    *out,
                               const char *value)
{
  gsize start = out->len, len = strlen (value);

  g_string_set_size (out, start + len);
  g_string_set_size (out, (gsize) (put_canonical_header_value (out->str + start, value, len) - out->str));
}

typedef struct {
  const char *name;      /* lower case, trimmed; in the names buffer */
  gsize       name_len;
  guint64     key;       /* see name_key() */
  const char *value;
  gsize       value_len;
} HeaderLine;

/* The first eight bytes of a name as a big-endian number, zero past its
 * end: ordered as strcmp() orders the names (a name holds no NUL), and
 * equal only when the names share those bytes. @name has eight readable
 * bytes. */
static guint64
name_key (const char *name,
          gsize       len)
{
  guint64 key;

  memcpy (&key, name, sizeof key);
  key = GUINT64_FROM_BE (key);
  if (len < 8)
    key &= ~(G_MAXUINT64 >> (8 * len));
  return key;
}

static int
compare_lines (const HeaderLine *a,
               const HeaderLine *b)
{
  if (a->key != b->key)
    return a->key < b->key ? -1 : 1;
  return a->name_len < 8 ? 0 : strcmp (a->name, b->name);
}

static gboolean
same_name (const HeaderLine *a,
           const HeaderLine *b)
{
  return a->key == b->key && a->name_len == b->name_len &&
         (a->name_len <= 8 || memcmp (a->name + 8, b->name + 8, a->name_len - 8) == 0);
}

/* A stable insertion sort by name: the values of a repeated header keep
 * the order they are sent in. A request has about a dozen headers, for
 * which this beats a merge sort and its comparison callback; the keys
 * order most pairs without a strcmp(), and pointers move, not lines. */
static void
sort_header_lines (HeaderLine **lines,
                   guint        n)
{
  for (guint i = 1; i < n; i++)
    {
      HeaderLine *line = lines[i];
      guint j = i;

      while (j > 0 && compare_lines (lines[j - 1], line) > 0)
        {
          lines[j] = lines[j - 1];
          j--;
        }
      lines[j] = line;
    }
}

static char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

static void
put_lower_8 (char       *out,
             const char *in)
{
  guint64 w;

  memcpy (&w, in, sizeof w);
  w |= gaws_word_bytes_between (w, 'A', 'Z') >> 2;
  memcpy (out, &w, sizeof w);
}

/* A name of fewer than eight bytes, byte by byte; out of line, as a name
 * that short is usually followed by enough of its value to be read eight
 * bytes at a time (see put_lower()). */
static G_GNUC_NO_INLINE void
put_lower_short (char       *out,
                 const char *in,
                 gsize       len)
{
  for (gsize i = 0; i < len; i++)
    out[i] = ascii_lower (in[i]);
}

/* @len bytes of @in, lower-cased, to @out; eight at a time: a byte of 'A'
 * to 'Z' (its high bit clear, so no sum carries into the next byte) gets
 * 0x20 added, every other byte is copied as it is. The last eight bytes
 * overlap those before, which is harmless: @in is not @out. A shorter name
 * is done in one word too when @readable bytes from @in on may be read
 * (its value follows it), which writes eight bytes to @out: it has room
 * for them (see append_canonical_headers()). */
static void
put_lower (char       *out,
           const char *in,
           gsize       len,
           gsize       readable)
{
  if (len < 8)
    {
      if (readable >= 8)
        put_lower_8 (out, in);
      else
        put_lower_short (out, in, len);
      return;
    }
  for (gsize i = 0; i + 8 < len; i += 8)
    put_lower_8 (out + i, in + i);
  put_lower_8 (out + len - 8, in + len - 8);
}

/* Every request is signed: the lower-cased names and the lines on the
 * stack for the usual dozen headers, written straight into the canonical
 * request, which is sized once for them: the header lines, the empty line
 * after them and the signed header list (which the canonical request has
 * next), with no printf and no append call per piece. The list's own
 * lengths spare a strlen() of every name and value. Returns where the
 * signed header list starts in @canonical; it ends at its end. */
static gsize
append_canonical_headers (GawsHttpHeaders *headers,
                          GString         *canonical)
{
  HeaderLine stack_lines[24];
  HeaderLine *stack_order[G_N_ELEMENTS (stack_lines)];
  char stack_names[512];
  guint n;
  const GawsHttpHeaderLine *items = gaws_http_headers_peek_lines (headers, &n);
  gboolean on_heap = n > G_N_ELEMENTS (stack_lines);
  g_autofree HeaderLine *heap_lines = on_heap ? g_new (HeaderLine, n) : NULL;
  g_autofree HeaderLine **heap_order = on_heap ? g_new (HeaderLine *, n) : NULL;
  HeaderLine *lines = on_heap ? heap_lines : stack_lines;
  HeaderLine **order = on_heap ? heap_order : stack_order;
  g_autofree char *heap_names = NULL;
  char *names, *c, *h;
  gsize names_len = 8, used = 0, canonical_room = 0, signed_room = 0;
  gsize canonical_start = canonical->len, signed_start;
  guint n_lines = 0;

  /* eight bytes of room past the last name, for name_key() */
  for (guint i = 0; i < n; i++)
    names_len += items[i].name_len + 1;
  if (names_len > sizeof stack_names)
    names = heap_names = g_malloc (names_len);
  else
    names = stack_names;
  for (guint i = 0; i < n; i++)
    {
      const char *name = items[i].name;
      gsize len = items[i].name_len;
      char *lower = names + used;
      HeaderLine *line = &lines[n_lines];

      /* names are hardly ever padded: one comparison when they are not */
      if (len > 0 && (guchar) name[0] <= ' ')
        while (len > 0 && g_ascii_isspace (*name))
          {
            name++;
            len--;
          }
      if (len > 0 && (guchar) name[len - 1] <= ' ')
        while (len > 0 && g_ascii_isspace (name[len - 1]))
          len--;
      /* the name's run of text ends after its value's NUL */
      put_lower (lower, name, len,
                 (gsize) (items[i].name + items[i].name_len + 1 + items[i].value_len + 1 - name));
      lower[len] = '\0';
      used += len + 1;
      if (!header_is_signed (lower, len))
        continue;
      line->name = lower;
      line->name_len = len;
      line->key = name_key (lower, len);
      line->value = gaws_http_header_line_get_value (&items[i]);
      line->value_len = items[i].value_len;
      /* "name:value\n" and "name;", or for a repeated name ",value" */
      canonical_room += len + line->value_len + 2;
      signed_room += len + 1;
      order[n_lines++] = line;
    }
  if (n_lines == 0)
    {
      g_string_append_c (canonical, '\n');
      return canonical->len;
    }
  sort_header_lines (order, n_lines);

  /* The lines, the empty line, then the names, @signed_room past the
   * lines' @canonical_room: both written in one pass, the names where
   * they go as long as values do not fold, moved back after if they do. */
  g_string_set_size (canonical, canonical_start + canonical_room + 1 + signed_room);
  c = canonical->str + canonical_start;
  h = canonical->str + canonical_start + canonical_room + 1;
  signed_start = (gsize) (h - canonical->str);
  for (guint i = 0; i < n_lines; i++)
    {
      const HeaderLine *line = order[i];

      if (i > 0 && same_name (line, order[i - 1]))
        {
          *c++ = ',';
          c = put_canonical_header_value (c, line->value, line->value_len);
          continue;
        }
      if (i > 0)
        {
          *c++ = '\n';
          *h++ = ';';
        }
      memcpy (c, line->name, line->name_len);
      c += line->name_len;
      *c++ = ':';
      c = put_canonical_header_value (c, line->value, line->value_len);
      memcpy (h, line->name, line->name_len);
      h += line->name_len;
    }
  *c++ = '\n';
  *c++ = '\n';
  if (c != canonical->str + signed_start)
    {
      /* folded values or repeated names left a gap */
      gsize len = (gsize) (h - (canonical->str + signed_start));

      memmove (c, canonical->str + signed_start, len);
      signed_start = (gsize) (c - canonical->str);
      h = c + len;
    }
  g_string_truncate (canonical, (gsize) (h - canonical->str));
  return signed_start;
}

/* The hash is the request's own, a constant, or written into @buffer. */
static const char *
compute_payload_hash (GawsHttpRequest *request,
                      GawsSigv4Flags   flags,
                      char             buffer[GAWS_SHA256_HEX_LEN])
{
  const char *preset = gaws_http_request_get_payload_hash (request);
  GBytes *body = gaws_http_request_get_body (request);

  /* A preset hash wins over the flag: it is how a caller asks for a
   * streaming marker, or saves hashing a body it has hashed already. */
  if (!is_empty (preset))
    return preset;
  if (flags & GAWS_SIGV4_UNSIGNED_PAYLOAD)
    return GAWS_SIGV4_PAYLOAD_UNSIGNED;
  if (body != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);

      gaws_sha256_hex (data != NULL ? data : "", len, buffer);
      return buffer;
    }
  /* Hashing a stream would consume it before it is sent. */
  if (gaws_http_request_get_body_stream (request) != NULL)
    return GAWS_SIGV4_PAYLOAD_UNSIGNED;
  return EMPTY_SHA256;
}

/* Whether @path goes into the canonical URI as it is: not empty, no byte
 * to encode, and unless @flags keep the path as sent, no dot or empty
 * segment to remove. DynamoDB's "/" and most REST paths are. One pass,
 * where the general case looks for dots, doubled slashes and bytes to
 * encode in three. Returns its length in @len. */
static gboolean
path_is_canonical (const char     *path,
                   GawsSigv4Flags  flags,
                   gsize          *len)
{
  gboolean normalize = !(flags & GAWS_SIGV4_NO_PATH_NORMALIZE);
  const char *p = path;

  if (path == NULL || *path == '\0')
    return FALSE;
  for (; *p != '\0'; p++)
    {
      if (*p == '/')
        {
          if (normalize && p[1] == '/')
            return FALSE;
        }
      else if (!is_unreserved ((guchar) *p) || (normalize && *p == '.'))
        return FALSE;
    }
  *len = (gsize) (p - path);
  return TRUE;
}

/* The canonical request is built in one buffer: method, URI and query
 * here, then the headers, then canonical_request_end(). */
static void
canonical_request_begin (GString         *out,
                         GawsHttpRequest *request,
                         const char      *query,
                         GawsSigv4Flags   flags)
{
  const char *method = gaws_http_request_get_method (request);
  const char *path = gaws_http_request_get_path (request);
  gsize method_len = strlen (method), path_len;
  char *p;

  if (is_empty (query) && path_is_canonical (path, flags, &path_len))
    {
      p = put_bytes (string_extend (out, method_len + 1 + path_len + 2), method, method_len);
      *p++ = '\n';
      p = put_bytes (p, path, path_len);
      *p++ = '\n';
      *p = '\n';
      return;
    }
  gaws_string_append_len (out, method, method_len);
  g_string_append_c (out, '\n');
  append_canonical_uri (out, path, flags);
  g_string_append_c (out, '\n');
  append_canonical_query (out, query);
  g_string_append_c (out, '\n');
}

/* After the signed header list. */
static void
canonical_request_end (GString    *out,
                       const char *payload_hash)
{
  gsize len = strlen (payload_hash);
  char *p = string_extend (out, 1 + len);

  *p = '\n';
  memcpy (p + 1, payload_hash, len);
}

static void
sign_canonical_request (Scope   *scope,
                        GString *canonical_request,
                        char     signature[GAWS_SHA256_HEX_LEN],
                        char   **out_string_to_sign)
{
  char hash[GAWS_SHA256_HEX_LEN];

  gaws_sha256_hex_same_head (canonical_request->str, canonical_request->len, hash);
  scope_sign_into (scope, hash, signature, out_string_to_sign);
}

static gboolean
check_request (GawsHttpRequest  *request,
               GError          **error)
{
  if (is_empty (gaws_http_request_get_host (request)) &&
      gaws_http_headers_get_one (gaws_http_request_get_headers (request), "Host") == NULL)
    {
      g_set_error_literal (error, GAWS_ERROR, GAWS_ERROR_SIGNING,
                           "Cannot sign a request that has no host");
      return FALSE;
    }
  return TRUE;
}

/* Adds a Host header unless @has_host. */
static void
ensure_host_header (GawsHttpRequest *request,
                    gboolean         has_host)
{
  GawsHttpHeaders *headers = gaws_http_request_get_headers (request);

  const char *host, *scheme;
  char buffer[256], *end;
  gsize host_len;
  int port;

  if (has_host)
    return;
  /* gaws_http_request_dup_authority() on the stack for the common case: a
   * name or IPv4 address, any port. */
  host = gaws_http_request_get_host (request);
  scheme = gaws_http_request_get_scheme (request);
  port = gaws_http_request_get_port (request);
  host_len = host ? strlen (host) : 0;
  if (host == NULL || strchr (host, ':') != NULL ||
      host_len + 2 + GAWS_DECIMAL_MAX_DIGITS > sizeof buffer)
    {
      g_autofree char *authority = gaws_http_request_dup_authority (request);
      gaws_http_headers_append (headers, "Host", authority);
      return;
    }
  memcpy (buffer, host, host_len);
  end = buffer + host_len;
  if (!(port <= 0 ||
        (port == 443 && g_strcmp0 (scheme, "https") == 0) ||
        (port == 80 && g_strcmp0 (scheme, "http") == 0)))
    {
      *end++ = ':';
      end = gaws_put_decimal (end, (guint) port);
    }
  *end = '\0';
  gaws_http_headers_append (headers, "Host", buffer);
}

/* The headers of a request that signing replaces or adds unless there. */
typedef enum {
  HAS_HOST          = 1 << 0,
  HAS_DATE          = 1 << 1,
  HAS_AUTHORIZATION = 1 << 2,
} SigningHeaders;

/* Whether the @len bytes of @name are @lower_name's, without regard to
 * ASCII case: g_ascii_strncasecmp() without a call and its NUL checks. */
static gboolean
equal_lower (const char *name,
             const char *lower_name,
             gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (ascii_lower (name[i]) != lower_name[i])
      return FALSE;
  return TRUE;
}

/* Which of them @headers has: one walk through the list rather than a
 * look-up for each (gaws_http_headers_get_one() and _remove() walk it
 * too), told apart by length first, with one comparison at most a line. */
static SigningHeaders
find_signing_headers (GawsHttpHeaders *headers)
{
  guint n;
  const GawsHttpHeaderLine *lines = gaws_http_headers_peek_lines (headers, &n);
  SigningHeaders found = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *name;
      SigningHeaders which;

      switch (lines[i].name_len)
        {
        case 4: name = "host"; which = HAS_HOST; break;
        case 10: name = "x-amz-date"; which = HAS_DATE; break;
        case 13: name = "authorization"; which = HAS_AUTHORIZATION; break;
        default: continue;
        }
      if (equal_lower (lines[i].name, name, lines[i].name_len))
        found |= which;
    }
  return found;
}

static const char *
session_token (GawsCredentials *credentials)
{
  const char *token = gaws_credentials_get_session_token (credentials);
  return is_empty (token) ? NULL : token;
}

/* ---- public API ------------------------------------------------------- */

/* The canonical request, then the Authorization header: kept per thread
 * (gaws-scratch.c). */
static GPrivate canonical_scratch = GAWS_SCRATCH_INIT;

/* "AWS4-HMAC-SHA256 Credential=<key id>/<scope>, SignedHeaders=<list>,
 * Signature=<signature>" at the end of @out, which holds the signed header
 * list from @signed_start on: the header is copied from there. */
static void
append_authorization (GString     *out,
                      const char  *access_key_id,
                      const Scope *scope,
                      gsize        signed_start,
                      gsize        signed_len,
                      const char   signature[GAWS_SHA256_HEX_LEN])
{
  gsize key_id_len = strlen (access_key_id);
  char *p = string_extend (out, sizeof ALGORITHM " Credential=" - 1 + key_id_len + 1 + scope->scope_len +
                                sizeof ", SignedHeaders=" - 1 + signed_len +
                                sizeof ", Signature=" - 1 + 2 * KEY_LEN);

  p = put_literal (p, ALGORITHM " Credential=");
  p = put_bytes (p, access_key_id, key_id_len);
  *p++ = '/';
  p = put_bytes (p, scope->scope, scope->scope_len);
  p = put_literal (p, ", SignedHeaders=");
  p = put_bytes (p, out->str + signed_start, signed_len);
  p = put_literal (p, ", Signature=");
  memcpy (p, signature, 2 * KEY_LEN);
}

/**
 * gaws_sigv4_signer_sign_full:
 * @self: a #GawsSigv4Signer
 * @request: the request to sign; its headers are changed
 * @credentials: the credentials to sign with
 * @region: the signing region, such as `us-east-1`
 * @service: the signing name of the service, such as `dynamodb`
 * @when: (nullable): the signing time, or %NULL for now
 * @flags: how to build the canonical request
 * @out_canonical_request: (out) (optional) (transfer full): the canonical request
 * @out_string_to_sign: (out) (optional) (transfer full): the string to sign
 * @out_signature: (out) (optional) (transfer full): the signature, in hex; for
 *   an `aws-chunked` upload, the seed signature of the first chunk
 * @error: return location for a #GError
 *
 * Like gaws_sigv4_signer_sign(), and gives the intermediate steps too, for
 * tests and for streaming uploads that chain chunk signatures to the
 * request's.
 *
 * Returns: %TRUE if @request was signed; %FALSE with @error set (in the
 *   %GAWS_ERROR domain, %GAWS_ERROR_SIGNING) and @request unchanged otherwise
 */
gboolean
gaws_sigv4_signer_sign_full (GawsSigv4Signer  *self,
                             GawsHttpRequest  *request,
                             GawsCredentials  *credentials,
                             const char       *region,
                             const char       *service,
                             GDateTime        *when,
                             GawsSigv4Flags    flags,
                             char            **out_canonical_request,
                             char            **out_string_to_sign,
                             char            **out_signature,
                             GError          **error)
{
  g_auto(Scope) scope = { 0 };
  char hash_buffer[GAWS_SHA256_HEX_LEN];
  char signature[GAWS_SHA256_HEX_LEN];
  const char *payload_hash;
  GString *canonical;
  gsize signed_start, signed_len, authorization_start;
  GawsHttpHeaders *headers;
  SigningHeaders present;
  const char *token;

  g_return_val_if_fail (GAWS_IS_SIGV4_SIGNER (self), FALSE);
  g_return_val_if_fail (GAWS_IS_HTTP_REQUEST (request), FALSE);
  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_request (request, error) ||
      !scope_init (self, &scope, ALGORITHM, credentials, region, service, when, error))
    return FALSE;

  headers = gaws_http_request_get_headers (request);
  token = session_token (credentials);

  /* A retried request comes back here with the previous attempt's
   * signature and date on it. */
  present = find_signing_headers (headers);
  if (present & HAS_AUTHORIZATION)
    gaws_http_headers_remove (headers, "Authorization");
  if (present & HAS_DATE)
    gaws_http_headers_remove (headers, "X-Amz-Date");
  gaws_http_headers_append (headers, "X-Amz-Date", scope.amz_date);
  ensure_host_header (request, (present & HAS_HOST) != 0);
  if (token != NULL)
    {
      gaws_http_headers_remove (headers, "X-Amz-Security-Token");
      if (!(flags & GAWS_SIGV4_OMIT_SESSION_TOKEN))
        gaws_http_headers_append (headers, "X-Amz-Security-Token", token);
    }

  payload_hash = compute_payload_hash (request, flags, hash_buffer);
  if (flags & GAWS_SIGV4_CONTENT_SHA256_HEADER)
    gaws_http_headers_replace (headers, "x-amz-content-sha256", payload_hash);

  canonical = gaws_scratch_take (&canonical_scratch, 1024);
  canonical_request_begin (canonical, request, gaws_http_request_get_query (request), flags);
  signed_start = append_canonical_headers (headers, canonical);
  signed_len = canonical->len - signed_start;
  canonical_request_end (canonical, payload_hash);
  sign_canonical_request (&scope, canonical, signature, out_string_to_sign);
  if (out_canonical_request)
    *out_canonical_request = g_strndup (canonical->str, canonical->len);

  /* The header goes after the canonical request, in the same buffer, from
   * which it copies the signed header list. */
  authorization_start = canonical->len;
  append_authorization (canonical, gaws_credentials_get_access_key_id (credentials), &scope,
                        signed_start, signed_len, signature);
  gaws_http_headers_append (headers, "Authorization", canonical->str + authorization_start);
  if (token != NULL && (flags & GAWS_SIGV4_OMIT_SESSION_TOKEN))
    gaws_http_headers_append (headers, "X-Amz-Security-Token", token);

  gaws_scratch_give (&canonical_scratch, canonical);
  if (out_signature)
    *out_signature = g_strdup (signature);
  return TRUE;
}

/**
 * gaws_sigv4_signer_sign:
 * @self: a #GawsSigv4Signer
 * @request: the request to sign; its headers are changed
 * @credentials: the credentials to sign with
 * @region: the signing region, such as `us-east-1`
 * @service: the signing name of the service, such as `dynamodb`
 * @when: (nullable): the signing time, or %NULL for now
 * @flags: how to build the canonical request
 * @error: return location for a #GError
 *
 * Signs @request in its `Authorization` header. Sets `X-Amz-Date`, `Host`
 * when it is missing, `X-Amz-Security-Token` when @credentials have a
 * session token, `x-amz-content-sha256` with
 * %GAWS_SIGV4_CONTENT_SHA256_HEADER, and replaces any earlier
 * `Authorization`, so a request can be signed again for each attempt.
 *
 * The payload hash is the request's own (gaws_http_request_set_payload_hash())
 * when set, else `UNSIGNED-PAYLOAD` with %GAWS_SIGV4_UNSIGNED_PAYLOAD, else
 * the SHA-256 of an in-memory body; a body stream is not read and is signed
 * as `UNSIGNED-PAYLOAD`. Every header is signed but `User-Agent`, `Expect`,
 * `X-Amzn-Trace-Id` and hop-by-hop headers (`Connection`,
 * `Transfer-Encoding`, `Upgrade`).
 *
 * Returns: %TRUE if @request was signed; %FALSE with @error set (in the
 *   %GAWS_ERROR domain, %GAWS_ERROR_SIGNING) and @request unchanged otherwise
 */
gboolean
gaws_sigv4_signer_sign (GawsSigv4Signer  *self,
                        GawsHttpRequest  *request,
                        GawsCredentials  *credentials,
                        const char       *region,
                        const char       *service,
                        GDateTime        *when,
                        GawsSigv4Flags    flags,
                        GError          **error)
{
  return gaws_sigv4_signer_sign_full (self, request, credentials, region, service, when,
                                      flags, NULL, NULL, NULL, error);
}

/**
 * gaws_sigv4_signer_presign_url_full:
 * @self: a #GawsSigv4Signer
 * @request: the request to presign; it is not changed
 * @credentials: the credentials to sign with
 * @region: the signing region, such as `us-east-1`
 * @service: the signing name of the service, such as `s3`
 * @when: (nullable): the signing time, or %NULL for now
 * @expires_seconds: how long the URL stays valid, from 1 to 604800 (7 days)
 * @flags: how to build the canonical request
 * @out_canonical_request: (out) (optional) (transfer full): the canonical request
 * @out_string_to_sign: (out) (optional) (transfer full): the string to sign
 * @out_signature: (out) (optional) (transfer full): the signature, in hex
 * @error: return location for a #GError
 *
 * Like gaws_sigv4_signer_presign_url(), and gives the intermediate steps too.
 *
 * Returns: (transfer full) (nullable): the presigned URL, or %NULL with
 *   @error set
 */
char *
gaws_sigv4_signer_presign_url_full (GawsSigv4Signer  *self,
                                    GawsHttpRequest  *request,
                                    GawsCredentials  *credentials,
                                    const char       *region,
                                    const char       *service,
                                    GDateTime        *when,
                                    guint             expires_seconds,
                                    GawsSigv4Flags    flags,
                                    char            **out_canonical_request,
                                    char            **out_string_to_sign,
                                    char            **out_signature,
                                    GError          **error)
{
  g_auto(Scope) scope = { 0 };
  g_autoptr(GawsHttpRequest) copy = NULL;
  g_autoptr(GString) query = NULL;
  g_autoptr(GString) headers_text = g_string_new (NULL);
  g_autoptr(GString) signed_headers = g_string_new (NULL);
  g_autoptr(GString) canonical_request = g_string_new (NULL);
  char hash_buffer[GAWS_SHA256_HEX_LEN];
  char signature[GAWS_SHA256_HEX_LEN];
  const char *payload_hash;
  gsize signed_start;
  g_autofree char *credential = NULL;
  GawsHttpHeaders *headers;
  const char *token, *existing;

  g_return_val_if_fail (GAWS_IS_SIGV4_SIGNER (self), NULL);
  g_return_val_if_fail (GAWS_IS_HTTP_REQUEST (request), NULL);
  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (expires_seconds == 0 || expires_seconds > MAX_PRESIGN_EXPIRES)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_SIGNING,
                   "A presigned URL must expire within 1 to %u seconds (7 days), not %u",
                   (guint) MAX_PRESIGN_EXPIRES, expires_seconds);
      return NULL;
    }
  if (!check_request (request, error) ||
      !scope_init (self, &scope, ALGORITHM, credentials, region, service, when, error))
    return NULL;

  /* What header signing would add has no place in a URL: the query string
   * carries the date, token and signature instead. */
  copy = gaws_http_request_copy (request);
  headers = gaws_http_request_get_headers (copy);
  gaws_http_headers_remove (headers, "Authorization");
  gaws_http_headers_remove (headers, "X-Amz-Date");
  gaws_http_headers_remove (headers, "X-Amz-Security-Token");
  gaws_http_headers_remove (headers, "x-amz-content-sha256");
  ensure_host_header (copy, gaws_http_headers_get_one (headers, "Host") != NULL);
  token = session_token (credentials);

  payload_hash = compute_payload_hash (copy, flags, hash_buffer);
  signed_start = append_canonical_headers (headers, headers_text);
  g_string_append_len (signed_headers, headers_text->str + signed_start, headers_text->len - signed_start);
  g_string_truncate (headers_text, signed_start);
  credential = g_strdup_printf ("%s/%s", gaws_credentials_get_access_key_id (credentials), scope.scope);

  /* The operation's own parameters first, then the signing ones, as
   * botocore lays them out. */
  query = g_string_new (NULL);
  existing = gaws_http_request_get_query (copy);
  if (!is_empty (existing))
    g_string_append_printf (query, "%s&", existing);
  g_string_append (query, "X-Amz-Algorithm=" ALGORITHM "&X-Amz-Credential=");
  append_encoded (query, credential, strlen (credential), TRUE);
  g_string_append_printf (query, "&X-Amz-Date=%s&X-Amz-Expires=%u&X-Amz-SignedHeaders=",
                          scope.amz_date, expires_seconds);
  append_encoded (query, signed_headers->str, signed_headers->len, TRUE);
  if (token != NULL && !(flags & GAWS_SIGV4_OMIT_SESSION_TOKEN))
    {
      g_string_append (query, "&X-Amz-Security-Token=");
      append_encoded (query, token, strlen (token), TRUE);
    }

  canonical_request_begin (canonical_request, copy, query->str, flags);
  g_string_append_len (canonical_request, headers_text->str, headers_text->len);
  g_string_append_len (canonical_request, signed_headers->str, signed_headers->len);
  canonical_request_end (canonical_request, payload_hash);
  sign_canonical_request (&scope, canonical_request, signature, out_string_to_sign);

  if (token != NULL && (flags & GAWS_SIGV4_OMIT_SESSION_TOKEN))
    {
      g_string_append (query, "&X-Amz-Security-Token=");
      append_encoded (query, token, strlen (token), TRUE);
    }
  g_string_append_printf (query, "&X-Amz-Signature=%s", signature);
  gaws_http_request_set_query (copy, query->str);

  if (out_canonical_request)
    *out_canonical_request = g_strndup (canonical_request->str, canonical_request->len);
  if (out_signature)
    *out_signature = g_strdup (signature);
  return gaws_http_request_dup_url (copy);
}

/**
 * gaws_sigv4_signer_presign_url:
 * @self: a #GawsSigv4Signer
 * @request: the request to presign; it is not changed
 * @credentials: the credentials to sign with
 * @region: the signing region, such as `us-east-1`
 * @service: the signing name of the service, such as `s3`
 * @when: (nullable): the signing time, or %NULL for now
 * @expires_seconds: how long the URL stays valid, from 1 to 604800 (7 days)
 * @flags: how to build the canonical request
 * @error: return location for a #GError
 *
 * Signs @request in its query string (`X-Amz-Algorithm`, `X-Amz-Credential`,
 * `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`,
 * `X-Amz-Security-Token`, `X-Amz-Signature`) and returns its URL, for
 * anyone to use without credentials until it expires.
 *
 * The payload hash follows the rules of gaws_sigv4_signer_sign(): S3 presigns
 * with `UNSIGNED-PAYLOAD`, so pass %GAWS_SIGV4_UNSIGNED_PAYLOAD (with
 * %GAWS_SIGV4_NO_PATH_NORMALIZE) for S3; other services (an RDS auth token,
 * an STS GetCallerIdentity URL) sign the body hash, as botocore does.
 * Headers of @request other than `Host` are signed too, so whoever uses the
 * URL must send them. %GAWS_SIGV4_CONTENT_SHA256_HEADER is ignored.
 *
 * Returns: (transfer full) (nullable): the presigned URL, or %NULL with
 *   @error set (%GAWS_ERROR_SIGNING, also when @expires_seconds is out of range)
 */
char *
gaws_sigv4_signer_presign_url (GawsSigv4Signer  *self,
                               GawsHttpRequest  *request,
                               GawsCredentials  *credentials,
                               const char       *region,
                               const char       *service,
                               GDateTime        *when,
                               guint             expires_seconds,
                               GawsSigv4Flags    flags,
                               GError          **error)
{
  return gaws_sigv4_signer_presign_url_full (self, request, credentials, region, service, when,
                                             expires_seconds, flags, NULL, NULL, NULL, error);
}

/**
 * gaws_sigv4_signer_sign_chunk:
 * @self: a #GawsSigv4Signer
 * @credentials: the credentials the request was signed with
 * @region: the signing region of the request
 * @service: the signing name of the service of the request
 * @when: the signing time of the request (its `X-Amz-Date`)
 * @previous_signature: the signature of the previous chunk, or for the first
 *   chunk the seed signature (the request's, see gaws_sigv4_signer_sign_full())
 * @chunk: (nullable): the chunk's data; %NULL or empty for the final chunk
 * @error: return location for a #GError
 *
 * Computes the `chunk-signature` of one chunk of an S3 `aws-chunked` body
 * sent with the payload hash %GAWS_SIGV4_PAYLOAD_STREAMING or
 * %GAWS_SIGV4_PAYLOAD_STREAMING_TRAILER. Each chunk's signature chains to
 * the one before, so chunks must be signed in the order they are sent.
 *
 * Returns: (transfer full) (nullable): the chunk signature, in hex, or %NULL
 *   with @error set
 */
char *
gaws_sigv4_signer_sign_chunk (GawsSigv4Signer  *self,
                              GawsCredentials  *credentials,
                              const char       *region,
                              const char       *service,
                              GDateTime        *when,
                              const char       *previous_signature,
                              GBytes           *chunk,
                              GError          **error)
{
  g_auto(Scope) scope = { 0 };
  g_autofree char *chunk_hash = NULL;
  g_autofree char *rest = NULL;

  g_return_val_if_fail (GAWS_IS_SIGV4_SIGNER (self), NULL);
  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (previous_signature != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!scope_init (self, &scope, "AWS4-HMAC-SHA256-PAYLOAD", credentials, region, service, when, error))
    return NULL;

  chunk_hash = chunk ? sha256_hex_bytes (chunk)
                     : g_strdup (EMPTY_SHA256);
  rest = g_strdup_printf ("%s\n" EMPTY_SHA256 "\n%s", previous_signature, chunk_hash);
  return scope_sign (&scope, rest, NULL);
}

/**
 * gaws_sigv4_signer_sign_trailer:
 * @self: a #GawsSigv4Signer
 * @credentials: the credentials the request was signed with
 * @region: the signing region of the request
 * @service: the signing name of the service of the request
 * @when: the signing time of the request (its `X-Amz-Date`)
 * @previous_signature: the signature of the final, empty chunk
 * @trailers: the trailing headers, in the order they are sent
 * @error: return location for a #GError
 *
 * Computes the `x-amz-trailer-signature` of the trailing headers (such as
 * `x-amz-checksum-crc32`) of an S3 `aws-chunked` body sent with the payload
 * hash %GAWS_SIGV4_PAYLOAD_STREAMING_TRAILER. Each trailer is signed as
 * `name:value\n`, its name lower-cased and its value trimmed.
 *
 * Returns: (transfer full) (nullable): the trailer signature, in hex, or
 *   %NULL with @error set
 */
char *
gaws_sigv4_signer_sign_trailer (GawsSigv4Signer  *self,
                                GawsCredentials  *credentials,
                                const char       *region,
                                const char       *service,
                                GDateTime        *when,
                                const char       *previous_signature,
                                GawsHttpHeaders  *trailers,
                                GError          **error)
{
  g_auto(Scope) scope = { 0 };
  g_autoptr(GString) canonical = g_string_new (NULL);
  g_autofree char *hash = NULL;
  g_autofree char *rest = NULL;

  g_return_val_if_fail (GAWS_IS_SIGV4_SIGNER (self), NULL);
  g_return_val_if_fail (GAWS_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (when != NULL, NULL);
  g_return_val_if_fail (previous_signature != NULL, NULL);
  g_return_val_if_fail (trailers != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!scope_init (self, &scope, "AWS4-HMAC-SHA256-TRAILER", credentials, region, service, when, error))
    return NULL;

  for (guint i = 0; i < gaws_http_headers_get_length (trailers); i++)
    {
      g_autofree char *name = g_strstrip (g_ascii_strdown (gaws_http_headers_get_name (trailers, i), -1));

      g_string_append (canonical, name);
      g_string_append_c (canonical, ':');
      append_canonical_header_value (canonical, gaws_http_headers_get_value (trailers, i));
      g_string_append_c (canonical, '\n');
    }
  hash = sha256_hex (canonical->str, canonical->len);
  rest = g_strdup_printf ("%s\n%s", previous_signature, hash);
  return scope_sign (&scope, rest, NULL);
}

/**
 * gaws_sigv4_signer_get_n_derived_keys:
 * @self: a #GawsSigv4Signer
 *
 * How many signing keys @self has derived so far: once per secret, day,
 * region and service while the key stays in its cache. A diagnostic, which
 * tests use to check that the cache works.
 *
 * Returns: the number of signing keys derived
 */
guint
gaws_sigv4_signer_get_n_derived_keys (GawsSigv4Signer *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (GAWS_IS_SIGV4_SIGNER (self), 0);

  locker = g_mutex_locker_new (&self->lock);
  return self->n_derived;
}
