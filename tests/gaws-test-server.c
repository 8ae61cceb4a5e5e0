#include "gaws-test-server.h"
