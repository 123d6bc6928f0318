// Must not compile: the SSH stage does not know the supervisor's options
#include "engine/run_options.h"
