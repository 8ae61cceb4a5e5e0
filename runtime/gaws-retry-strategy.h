/* gaws-retry-strategy.h: placeholder, being written */
#pragma once
