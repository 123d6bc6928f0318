// Must not compile: the reports do not know the SSH stage
#include "engine/fleet/ssh_fetch.h"
