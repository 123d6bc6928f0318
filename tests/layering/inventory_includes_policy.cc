// Must not compile: the inventory is read by the policy, not the other way
#include "policy/policy.h"
