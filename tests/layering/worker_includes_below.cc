// Must compile: the allowed direction (a worker uses the policy, the model, the parse
// layer and common), so the probes above fail for their include and nothing else.
#include "common/job_ring.h"
#include "model/device_model.h"
#include "parse/config_tree.h"
#include "policy/policy.h"
#include "worker/job_processor.h"
