/* gaws-endpoint.c: an endpoint resolved by the endpoint rules
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-endpoint.h"

struct _GawsEndpoint
{
  gatomicrefcount  ref_count;
  char            *url;
  json_t          *headers;      /* object: name → array of strings */
  json_t          *properties;   /* object */
};

G_DEFINE_BOXED_TYPE (GawsEndpoint, gaws_endpoint, gaws_endpoint_ref, gaws_endpoint_unref)

/**
 * gaws_endpoint_new: (skip)
 * @url: the endpoint URL
 * @headers: (nullable): a JSON object mapping header names to arrays of
 *   values, or %NULL for none
 * @properties: (nullable): a JSON object of properties, or %NULL for none
 *
 * Returns: (transfer full): a new #GawsEndpoint, holding references to
 *   @headers and @properties
 */
GawsEndpoint *
gaws_endpoint_new (const char *url, json_t *headers, json_t *properties)
{
  GawsEndpoint *self = g_new0 (GawsEndpoint, 1);

  g_return_val_if_fail (url != NULL, NULL);
  g_atomic_ref_count_init (&self->ref_count);
  self->url = g_strdup (url);
  self->headers = headers ? json_incref (headers) : json_object ();
  self->properties = properties ? json_incref (properties) : json_object ();
  return self;
}

/**
 * gaws_endpoint_ref:
 * @self: a #GawsEndpoint
 *
 * Returns: (transfer full): @self
 */
GawsEndpoint *
gaws_endpoint_ref (GawsEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gaws_endpoint_unref:
 * @self: (transfer full): a #GawsEndpoint
 */
void
gaws_endpoint_unref (GawsEndpoint *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->url);
  json_decref (self->headers);
  json_decref (self->properties);
  g_free (self);
}

/**
 * gaws_endpoint_get_url:
 * @self: a #GawsEndpoint
 *
 * Returns: the URL, such as `https://sts.us-east-1.amazonaws.com`
 */
const char *
gaws_endpoint_get_url (GawsEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->url;
}

/**
 * gaws_endpoint_get_headers: (skip)
 * @self: a #GawsEndpoint
 *
 * Returns: (transfer none): a JSON object mapping header names to arrays
 *   of values; empty when the rules gave none
 */
json_t *
gaws_endpoint_get_headers (GawsEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->headers;
}

/**
 * gaws_endpoint_get_properties: (skip)
 * @self: a #GawsEndpoint
 *
 * Returns: (transfer none): the JSON object of properties; empty when the
 *   rules gave none
 */
json_t *
gaws_endpoint_get_properties (GawsEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->properties;
}

static const char *
first_auth_scheme_string (GawsEndpoint *self, const char *key)
{
  json_t *schemes = json_object_get (self->properties, "authSchemes");
  json_t *first = json_is_array (schemes) ? json_array_get (schemes, 0) : NULL;

  return json_string_value (json_object_get (first, key));
}

/**
 * gaws_endpoint_get_auth_scheme_name:
 * @self: a #GawsEndpoint
 *
 * Returns: (nullable): the name of the first auth scheme (such as `sigv4`
 *   or `sigv4a`), or %NULL when the endpoint names none
 */
const char *
gaws_endpoint_get_auth_scheme_name (GawsEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return first_auth_scheme_string (self, "name");
}

/**
 * gaws_endpoint_get_signing_region:
 * @self: a #GawsEndpoint
 *
 * The region to sign with, from the first auth scheme; for `sigv4a` the
 * first of its region set.
 *
 * Returns: (nullable): the signing region, or %NULL when the endpoint does
 *   not name one
 */
const char *
gaws_endpoint_get_signing_region (GawsEndpoint *self)
{
  json_t *schemes, *set;

  g_return_val_if_fail (self != NULL, NULL);
  if (first_auth_scheme_string (self, "signingRegion") != NULL)
    return first_auth_scheme_string (self, "signingRegion");
  schemes = json_object_get (self->properties, "authSchemes");
  set = json_object_get (json_array_get (schemes, 0), "signingRegionSet");
  return json_string_value (json_array_get (set, 0));
}

/**
 * gaws_endpoint_get_signing_name:
 * @self: a #GawsEndpoint
 *
 * Returns: (nullable): the service name to sign with, from the first auth
 *   scheme, or %NULL when the endpoint does not name one
 */
const char *
gaws_endpoint_get_signing_name (GawsEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return first_auth_scheme_string (self, "signingName");
}
