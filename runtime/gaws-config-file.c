/* gaws-config-file.c: placeholder, being written */
#include "gaws-config-file.h"
