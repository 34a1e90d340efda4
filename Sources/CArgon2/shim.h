#ifndef HOSPSIM_CARGON2_SHIM_H
#define HOSPSIM_CARGON2_SHIM_H

// The reference Argon2 library (Debian's libargon2), for the web service's password hashes.
#include <argon2.h>

#endif
