/* gaws-env-credentials-provider.c: placeholder, being written */
#include "gaws-env-credentials-provider.h"
