/* fuzz-http1-parser.c: libFuzzer target for GawsHttp1Parser
 *
 * Copyright 2026 The gaws authors
 * SPDX-License-Identifier: Apache-2.0
 *
 * Build: CC=clang meson setup -Dfuzzing=true (see fuzz/meson.build), or
 * by hand from the top folder, with the runtime files it needs:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iruntime \
 *     fuzz/fuzz-http1-parser.c runtime/gaws-http1-parser.c runtime/gaws-error.c \
 *     $(pkg-config --cflags --libs gio-2.0)
 * Run: ./fuzz-http1-parser -max_total_time=120 /tmp/scratch fuzz/corpus/http1-parser/
 *
 * The first input byte steers the run; the rest is the response, as a
 * server would send it.
 *  - Bit 0 set: the request was HEAD.
 *  - Bits 1-7: the size of the pieces for the second run (1 to 128).
 * The response is fed twice: whole, then in pieces, each piece in a buffer
 * of its own (stopping at the first feed that takes fewer bytes than it
 * was given, or fails); then the connection's end.
 * What must hold, besides no crash, leak or sanitizer report (the checks
 * are in fuzz-http1-parser-check.h, shared with the regression test):
 *  - both runs give the same trace: the status lines, the header lines
 *    (name and value, byte for byte), the end of the head, the body bytes
 *    put together, and how they ended (the error's domain and code, or
 *    complete or not and the bytes taken; then feed_eof()'s result, the
 *    status, the Content-Length and keep-alive);
 *  - a feed takes no more than it is given, and fewer only once the
 *    response is complete; a complete response takes no more bytes;
 *  - callbacks come in order (status lines, then the final response's
 *    headers, headers_done once, then body bytes, never 0 of them);
 *  - a header's name and value lie inside its line (inside the bytes fed,
 *    when fed whole), with no line end up to the value's end; the name is
 *    a token (no ':'), the value has no blank at either end and no control
 *    byte but HTAB;
 *  - a complete response is framed as its headers say (HEAD, 204 and 304:
 *    no body; else Transfer-Encoding, Content-Length, the close, in that
 *    order; the names compared by the harness itself), and its body is
 *    exactly what follows its head: its Content-Length of bytes, or the
 *    data of its chunks as an independent de-chunker reads them, ending
 *    where the parser stopped, or everything up to the close;
 *  - a connection kept alive has no bytes left over;
 *  - errors are GAWS_ERROR_PROTOCOL (GAWS_ERROR_CONNECTION for an early
 *    end), with UTF-8 messages, and a parser that failed stays failed.
 */
#include "fuzz-http1-parser-check.h"

#include <stdint.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

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
  http1_check_input (data, size);
  return 0;
}
