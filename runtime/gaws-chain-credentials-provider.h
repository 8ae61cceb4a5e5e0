/* gaws-chain-credentials-provider.h: placeholder, being written */
#pragma once
