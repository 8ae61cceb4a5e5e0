/* gaws-test-util.h: shared set-up for the gaws tests
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <gaws.h>

G_BEGIN_DECLS

void         gaws_test_init             (int    *argc,
                                         char ***argv);
const char  *gaws_test_get_testdata_dir (void);
char        *gaws_test_make_temp_dir    (void);
void         gaws_test_wait_for_task    (gboolean *done);
void         gaws_test_wait_until       (gboolean  (*check) (gpointer),
                                         gpointer   data);
void         gaws_test_remove_dir       (const char  *dir);

/**
 * GawsTestSent:
 * @done: set once the send finished
 * @response: (nullable): the response
 * @error: (nullable): the error
 *
 * Where gaws_test_on_sent() puts the outcome of a send.
 */
typedef struct {
  gboolean          done;
  GawsHttpResponse *response;
  GError           *error;
} GawsTestSent;

void              gaws_test_on_sent (GObject           *source,
                                     GAsyncResult      *result,
                                     gpointer           user_data);
GawsHttpResponse *gaws_test_send    (GawsHttpEngine    *engine,
                                     GawsHttpRequest   *request,
                                     GawsHttpBodyMode   mode,
                                     GCancellable      *cancellable,
                                     GError           **error);
gssize            gaws_test_read    (GInputStream      *stream,
                                     void              *buffer,
                                     gsize              count,
                                     GCancellable      *cancellable,
                                     GError           **error);
gboolean     gaws_test_make_certificate (const char  *dir,
                                         const char  *cert_file,
                                         char       **out_key_file);
GTlsCertificate *gaws_test_new_tls_certificate (const char  *dir,
                                                char       **out_cert_file,
                                                const char **out_skip_reason);
void         gaws_test_check_dispose    (GObject     *gone,
                                         GObject     *kept);
void         gaws_test_count_closure_destroy (gpointer    data,
                                              GClosure   *closure);
void         gaws_test_count_weak_notify     (gpointer    data,
                                              GObject    *where_the_object_was);
void         gaws_test_never_notified        (GObject    *object,
                                              GParamSpec *pspec,
                                              gpointer    data);

G_END_DECLS
