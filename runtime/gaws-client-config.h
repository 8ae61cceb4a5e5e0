/* gaws-client-config.h: placeholder, being written */
#pragma once
