/* gaws-rate-limiter.c: placeholder, being written */
#include "gaws-rate-limiter.h"
