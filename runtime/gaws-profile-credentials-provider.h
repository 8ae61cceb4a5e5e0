/* gaws-profile-credentials-provider.h: placeholder, being written */
#pragma once
