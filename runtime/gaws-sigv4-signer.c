/* gaws-sigv4-signer.c: placeholder, being written */
#include "gaws-sigv4-signer.h"
