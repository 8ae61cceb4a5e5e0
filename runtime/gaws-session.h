/* gaws-session.h: placeholder, being written */
#pragma once
