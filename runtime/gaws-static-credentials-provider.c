/* gaws-static-credentials-provider.c: placeholder, being written */
#include "gaws-static-credentials-provider.h"
