// Must not compile: a worker does not know the supervisor
#include "engine/supervisor.h"
