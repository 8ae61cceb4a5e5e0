/* gaws-client.h: placeholder, being written */
#pragma once
