#include "gaws-test-moto.h"
