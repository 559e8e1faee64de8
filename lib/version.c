#include "almen/version.h"

const char *almen_version(void) { return ALMEN_VERSION_STRING; }
int almen_abi_version(void) { return ALMEN_ABI_VERSION; }
