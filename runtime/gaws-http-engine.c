/* gaws-http-engine.c: placeholder, being written */
#include "gaws-http-engine.h"
