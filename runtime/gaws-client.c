/* gaws-client.c: placeholder, being written */
#include "gaws-client.h"
