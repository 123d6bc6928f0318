// Must not compile: the model does not know the rules that read it
#include "policy/policy.h"
