/* gaws-waiter.c: SKELETON — the waiter helper replaces this file
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-waiter.h"
#include "gaws-error.h"

struct _GawsWaiter
{
  GObject               parent_instance;
  GawsClient           *client;
  const GawsWaiterInfo *info;
};

G_DEFINE_FINAL_TYPE (GawsWaiter, gaws_waiter, G_TYPE_OBJECT)

static void
gaws_waiter_finalize (GObject *object)
{
  GawsWaiter *self = GAWS_WAITER (object);

  g_clear_object (&self->client);
  G_OBJECT_CLASS (gaws_waiter_parent_class)->finalize (object);
}

static void
gaws_waiter_class_init (GawsWaiterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_waiter_finalize;
}

static void
gaws_waiter_init (GawsWaiter *self)
{
}

GawsWaiter *
gaws_waiter_new (GawsClient           *client,
                 const GawsWaiterInfo *info)
{
  GawsWaiter *self = g_object_new (GAWS_TYPE_WAITER, NULL);

  self->client = g_object_ref (client);
  self->info = info;
  return self;
}

GawsWaiter *
gaws_client_get_waiter (GawsClient  *client,
                        const char  *name,
                        GError     **error)
{
  const GawsServiceInfo *model = gaws_client_get_model (client);
  const GawsWaiterInfo *info = model ? gaws_service_info_find_waiter (model, name) : NULL;

  if (info == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Waiter does not exist: %s", name);
      return NULL;
    }
  return gaws_waiter_new (client, info);
}
