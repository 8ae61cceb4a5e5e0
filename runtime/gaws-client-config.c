/* gaws-client-config.c: placeholder, being written */
#include "gaws-client-config.h"
