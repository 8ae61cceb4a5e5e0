/* gaws-static-credentials-provider.h: placeholder, being written */
#pragma once
