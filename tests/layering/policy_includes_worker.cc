// Must not compile: the policy does not know the process that runs it
#include "worker/job_processor.h"
