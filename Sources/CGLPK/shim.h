#ifndef HOSPSIM_CGLPK_SHIM_H
#define HOSPSIM_CGLPK_SHIM_H

// The GNU Linear Programming Kit, for integer covering programs (staffing rosters). Debian's
// libglpk-dev ships no pkg-config file, so the module map names the library itself.
#include <glpk.h>

#endif
