/* gaws-paginator.c: SKELETON — the paginator helper replaces this file
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#include "gaws-paginator.h"
#include "gaws-error.h"

struct _GawsPaginator
{
  GObject                  parent_instance;
  GawsClient              *client;
  const GawsPaginatorInfo *info;
  GawsShape               *input;
};

G_DEFINE_FINAL_TYPE (GawsPaginator, gaws_paginator, G_TYPE_OBJECT)

static void
gaws_paginator_finalize (GObject *object)
{
  GawsPaginator *self = GAWS_PAGINATOR (object);

  g_clear_object (&self->client);
  g_clear_object (&self->input);
  G_OBJECT_CLASS (gaws_paginator_parent_class)->finalize (object);
}

static void
gaws_paginator_class_init (GawsPaginatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gaws_paginator_finalize;
}

static void
gaws_paginator_init (GawsPaginator *self)
{
}

GawsPaginator *
gaws_paginator_new (GawsClient              *client,
                    const GawsPaginatorInfo *info,
                    GawsShape               *input)
{
  GawsPaginator *self = g_object_new (GAWS_TYPE_PAGINATOR, NULL);

  self->client = g_object_ref (client);
  self->info = info;
  self->input = input != NULL ? gaws_shape_copy (input) : NULL;
  return self;
}

GawsPaginator *
gaws_client_get_paginator (GawsClient  *client,
                           const char  *operation_name,
                           GawsShape   *input,
                           GError     **error)
{
  const GawsServiceInfo *model = gaws_client_get_model (client);
  const GawsPaginatorInfo *info = model ? gaws_service_info_find_paginator (model, operation_name) : NULL;

  if (info == NULL)
    {
      g_set_error (error, GAWS_ERROR, GAWS_ERROR_INVALID_ARGUMENT,
                   "Operation cannot be paginated: %s", operation_name);
      return NULL;
    }
  return gaws_paginator_new (client, info, input);
}
