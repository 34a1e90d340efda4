#ifndef HOSPSIM_CLIBPQ_SHIM_H
#define HOSPSIM_CLIBPQ_SHIM_H

// PostgreSQL's own client library, for results stored in a PostgreSQL server.
#include <libpq-fe.h>

#endif
