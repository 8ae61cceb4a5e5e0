/* gaws-service-resource.c: the entry point of a service's resources
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-service-resource.h"
#include "gaws-resource-private.h"
#include "gaws-error.h"

/**
 * GawsServiceResource:
 *
 * A service's resources, as boto3's `session.resource('dynamodb')`: the
 * #GawsResource without identifiers whose sub-resources are every
 * resource type of the model (`Table`, `Bucket`, `Queue`, ...), with the
 * service-level actions (`create_table`) and collections (`tables`,
 * `buckets`). All the resources it makes share its client.
 */
struct _GawsServiceResource
{
  GawsResource parent_instance;
};

G_DEFINE_FINAL_TYPE (GawsServiceResource, gaws_service_resource, GAWS_TYPE_RESOURCE)

static void
gaws_service_resource_class_init (GawsServiceResourceClass *klass)
{
}

static void
gaws_service_resource_init (GawsServiceResource *self)
{
}

/**
 * gaws_service_resource_new_for_model:
 * @client: a client of the service
 * @model: the service's resource model
 *
 * A service resource interpreting @model, for models loaded by hand (see
 * gaws_resource_model_new_from_json()).
 *
 * Returns: (transfer full): the service resource
 */
GawsServiceResource *
gaws_service_resource_new_for_model (GawsClient        *client,
                                     GawsResourceModel *model)
{
  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  return (GawsServiceResource *) gaws_resource_new_of_type (GAWS_TYPE_SERVICE_RESOURCE, client, model,
                                                            NULL, NULL, NULL, NULL);
}

/**
 * gaws_service_resource_new:
 * @client: a generated client, such as a `GawsDynamodbClient`
 * @error: return location for a #GError
 *
 * The resources of @client's service, sharing @client (boto3's
 * `session.resource('s3')`, whose `meta.client` is the client).
 *
 * Returns: (transfer full) (nullable): the service resource, or %NULL with
 *   %GAWS_ERROR_INVALID_ARGUMENT when the service has no resource model
 */
GawsServiceResource *
gaws_service_resource_new (GawsClient  *client,
                           GError     **error)
{
  const GawsServiceInfo *service;
  g_autoptr(GawsResourceModel) model = NULL;

  g_return_val_if_fail (GAWS_IS_CLIENT (client), NULL);

  service = gaws_client_get_model (client);
  if (service == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "The client carries no service model");
      return NULL;
    }
  model = gaws_resource_model_get_for_service (service, error);
  if (model == NULL)
    return NULL;
  return gaws_service_resource_new_for_model (client, model);
}

/**
 * gaws_service_resource_get_resource:
 * @self: a #GawsServiceResource
 * @name: a resource type, such as `Table`
 * @identifiers: (array zero-terminated=1): its identifiers, in the model's order
 * @error: return location for a #GError
 *
 * Makes a resource (boto3's `dynamodb.Table('name')`); nothing is called.
 *
 * Returns: (transfer full) (nullable): the resource, or %NULL with an error
 */
GawsResource *
gaws_service_resource_get_resource (GawsServiceResource  *self,
                                    const char           *name,
                                    const char * const   *identifiers,
                                    GError              **error)
{
  g_return_val_if_fail (GAWS_IS_SERVICE_RESOURCE (self), NULL);
  return gaws_resource_get_resource (GAWS_RESOURCE (self), name, identifiers, error);
}

/**
 * gaws_service_resource_get_collection:
 * @self: a #GawsServiceResource
 * @name: a collection, such as `buckets`, `tables` or `queues`
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the collection, or %NULL with an error
 */
GawsResourceCollection *
gaws_service_resource_get_collection (GawsServiceResource  *self,
                                      const char           *name,
                                      GError              **error)
{
  g_return_val_if_fail (GAWS_IS_SERVICE_RESOURCE (self), NULL);
  return gaws_resource_get_collection (GAWS_RESOURCE (self), name, error);
}
