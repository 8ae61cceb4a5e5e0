/* gaws-session.c: placeholder, being written */
#include "gaws-session.h"
