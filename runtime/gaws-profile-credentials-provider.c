/* gaws-profile-credentials-provider.c: placeholder, being written */
#include "gaws-profile-credentials-provider.h"
