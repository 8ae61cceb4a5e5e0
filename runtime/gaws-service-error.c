/* gaws-service-error.c: placeholder, being written */
#include "gaws-service-error.h"
