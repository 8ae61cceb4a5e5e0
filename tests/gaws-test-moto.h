/* gaws-test-moto: placeholder */
#pragma once
