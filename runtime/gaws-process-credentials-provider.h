/* gaws-process-credentials-provider.h: placeholder, being written */
#pragma once
