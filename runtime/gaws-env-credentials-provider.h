/* gaws-env-credentials-provider.h: placeholder, being written */
#pragma once
