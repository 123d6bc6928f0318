// Must not compile: common/ is the OS and IPC layer; it knows no config syntax
#include "parse/config_tree.h"
