// Must not compile: the parsers do not know the model built on their tree
#include "model/device_model.h"
