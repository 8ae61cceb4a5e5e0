/* gaws-process-credentials-provider.c: placeholder, being written */
#include "gaws-process-credentials-provider.h"
