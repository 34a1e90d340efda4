#ifndef HOSPSIM_CLIBPQ_SHIM_H
#define HOSPSIM_CLIBPQ_SHIM_H

// PostgreSQL's own client library, for results stored in a PostgreSQL server: its types and
// constants. The library is not linked: HospitalFormats opens it when a PostgreSQL URL is first
// used (LibPQ.swift), so that simrun does not load it, and its dependencies, at every start.
#include <postgresql/libpq-fe.h>

#endif
