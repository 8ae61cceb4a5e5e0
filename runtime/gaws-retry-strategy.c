/* gaws-retry-strategy.c: placeholder, being written */
#include "gaws-retry-strategy.h"
