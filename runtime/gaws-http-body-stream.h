/* gaws-http-body-stream.h: placeholder, being written */
#pragma once
