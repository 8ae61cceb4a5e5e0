/* gaws-sigv4-signer.h: placeholder, being written */
#pragma once
