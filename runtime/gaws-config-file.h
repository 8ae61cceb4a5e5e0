/* gaws-config-file.h: placeholder, being written */
#pragma once
