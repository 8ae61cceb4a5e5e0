/* gaws-service-error.h: placeholder, being written */
#pragma once
