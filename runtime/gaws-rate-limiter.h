/* gaws-rate-limiter.h: placeholder, being written */
#pragma once
