/* gaws-http-engine.h: placeholder, being written */
#pragma once
