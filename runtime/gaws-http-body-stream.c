/* gaws-http-body-stream.c: placeholder, being written */
#include "gaws-http-body-stream.h"
