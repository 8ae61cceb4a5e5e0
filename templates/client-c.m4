m4_include(common.m4)m4_divert(-1)
# client-c.m4: the client class of a service. Each operation hands its
# descriptor and input to gaws_operation_invoke_async(); the runtime does
# the rest. Paginators and waiters are runtime objects made from their
# descriptors.
#
# Copyright 2026 The gaws authors
# SPDX-License-Identifier: Apache-2.0

m4_define([g4_service], [g4_remember_service($@)])

m4_define([g4_service_meta], [m4_divert(0)@>g4_stem-client.c
g4_banner

#include "g4_stem-private.h"

/* What the transport needs: endpoint, signing, environment. */
static const GawsClientServiceInfo client_service_info = {
g4_line_string_field([service_id], [$1])m4_dnl
g4_line_string_field([endpoint_prefix], [$2])m4_dnl
g4_line_string_field([signing_name], [$3])m4_dnl
g4_line_string_field([env_name], [$8])m4_dnl
g4_line_field([signing_flags], [$9])m4_dnl
g4_line_string_field([global_region], [$10])m4_dnl
g4_line_field([endpoint_rule_set_json], [$11])m4_dnl
  .model = &g4_func[]__service_info,
};

/**
 * g4_camel[]Client:g4_doc_lines
 *
 * The client of the g4_name service.
 */
struct _[]g4_camel[]Client
{
  GawsClient parent_instance;
};

G_DEFINE_FINAL_TYPE (g4_camel[]Client, g4_func[]_client, GAWS_TYPE_CLIENT)

/* The runtime finds the service by name (gaws_service_registry_new_client()):
 * registered when the library is loaded, where the compiler has constructor
 * functions, and when the client class is first used. */
static void
register_service (void)
{
  gaws_service_registry_register ("g4_name", &g4_func[]__service_info,
                                  g4_func[]_client_get_type, &client_service_info);
}

#ifdef __GNUC__
__attribute__ ((constructor)) static void
register_at_load (void)
{
  register_service ();
}
#endif

static void
g4_func[]_client_class_init (g4_camel[]ClientClass *klass)
{
  register_service ();
}

static void
g4_func[]_client_init (g4_camel[]Client *self)
{
}

/**
 * g4_func[]_client_new:
 * @session: the #GawsSession to take credentials and configuration from
 * @config: (nullable): per-client settings, or %NULL for the session's
 *
 * Returns: (transfer full): a new client of the g4_name service
 */
g4_camel[]Client *
g4_func[]_client_new (GawsSession      *session,
    GawsClientConfig *config)
{
  return g_object_new (g4_upper[]_TYPE_CLIENT,
                       "session", session,
                       "config", config,
                       "service-info", &client_service_info,
                       NULL);
}

/**
 * g4_func[]_get_service_info: (skip)
 *
 * Returns: the descriptor tables of the g4_name service, for dynamic use
 */
const GawsServiceInfo *
g4_func[]_get_service_info (void)
{
  return &g4_func[]__service_info;
}
m4_divert(-1)])

m4_define([g4_operation], [m4_divert(0)
/**
 * g4_func[]_client_$3_async:
 * @self: a #g4_camel[]Client
m4_ifelse([$8], [], [], [ * @input: the input
]) * @cancellable: (nullable): a #GCancellable
 * @callback: called when the call completes
 * @user_data: data for @callback
 *
 * Calls `$2`, without blocking.g4_doc_lines
 */
void
g4_func[]_client_$3_async (g4_camel[]Client *self,m4_ifelse([$8], [], [], [
    $8 *input,])
    GCancellable *cancellable,
    GAsyncReadyCallback callback,
    gpointer user_data)
{
  gaws_operation_invoke_async ((GawsClient *) self, &g4_func[]__operations@{$1@},
                               m4_ifelse([$8], [], [NULL], [(GawsShape *) input]), cancellable, callback, user_data);
}

/**
 * g4_func[]_client_$3_finish:
 * @self: a #g4_camel[]Client
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
m4_ifelse([$9], [], [ * Returns: %TRUE on success
], [ * Returns: (transfer full) (nullable): the output, or %NULL with @error set
]) */
m4_ifelse([$9], [], [gboolean], [$9 *])
g4_func[]_client_$3_finish (g4_camel[]Client *self,
    GAsyncResult *result,
    GError **error)
{
m4_ifelse([$9], [], [  return gaws_operation_invoke_finish_no_output ((GawsClient *) self, result, error);
], [  return ($9 *) gaws_operation_invoke_finish ((GawsClient *) self, result, error);
])}

/**
 * g4_func[]_client_$3_sync:
 * @self: a #g4_camel[]Client
m4_ifelse([$8], [], [], [ * @input: the input
]) * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Calls `$2`, blocking the calling thread.
 *
m4_ifelse([$9], [], [ * Returns: %TRUE on success
], [ * Returns: (transfer full) (nullable): the output, or %NULL with @error set
]) */
m4_ifelse([$9], [], [gboolean], [$9 *])
g4_func[]_client_$3_sync (g4_camel[]Client *self,m4_ifelse([$8], [], [], [
    $8 *input,])
    GCancellable *cancellable,
    GError **error)
{
m4_ifelse([$9], [], [  return gaws_operation_invoke_sync_no_output ((GawsClient *) self, &g4_func[]__operations@{$1@},
                                               m4_ifelse([$8], [], [NULL], [(GawsShape *) input]), cancellable, error);
], [  return ($9 *) gaws_operation_invoke_sync ((GawsClient *) self, &g4_func[]__operations@{$1@},
                                            m4_ifelse([$8], [], [NULL], [(GawsShape *) input]), cancellable, error);
])}
m4_divert(-1)])

m4_define([g4_service_extras], [g4_remember([paginators_symbol], [$1])g4_remember([waiters_symbol], [$3])])

m4_define([g4_paginator], [m4_divert(0)
/**
 * g4_func[]_client_get_paginator_$4:
 * @self: a #g4_camel[]Client
m4_ifelse([$12], [], [], [ * @input: (nullable): the input of the first page, or %NULL for an empty one
]) *
 * Creates a paginator over the pages of `$3`: boto3's
 * `get_paginator ("$5")`. Nothing is sent before the first
 * page is asked for.
 *
 * Returns: (transfer full): a new #GawsPaginator
 */
GawsPaginator *
g4_func[]_client_get_paginator_$4 (g4_camel[]Client *self[]m4_ifelse([$12], [], [], [,
    $12 *input]))
{
  return gaws_paginator_new ((GawsClient *) self, &g4_paginators_symbol@{$1@},
                             m4_ifelse([$12], [], [NULL], [(GawsShape *) input]));
}
m4_divert(-1)])

m4_define([g4_waiter], [m4_divert(0)
/**
 * g4_func[]_client_get_waiter_$4:
 * @self: a #g4_camel[]Client
 *
 * Creates the `$2` waiter: boto3's
 * `get_waiter ("$3")`.g4_doc_lines
 *
 * It calls `$6` with the input given to
 * gaws_waiter_wait_async() until the model's acceptors say the wait is
 * over: every $7 seconds, at most $8 times.
 *
 * Returns: (transfer full): a new #GawsWaiter
 */
GawsWaiter *
g4_func[]_client_get_waiter_$4 (g4_camel[]Client *self)
{
  return gaws_waiter_new ((GawsClient *) self, &g4_waiters_symbol@{$1@});
}
m4_divert(-1)])

g4_include_facts
