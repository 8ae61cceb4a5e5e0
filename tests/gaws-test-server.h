/* gaws-test-server: placeholder */
#pragma once
