/* gaws-chain-credentials-provider.c: placeholder, being written */
#include "gaws-chain-credentials-provider.h"
