#ifndef HOSPSIM_CGSL_SHIM_H
#define HOSPSIM_CGSL_SHIM_H

#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

// GSL exposes its generator types as mutable C globals, which Swift 6's strict concurrency
// checking refuses to read. These accessors return them by value instead.
static inline const gsl_rng_type *hospsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *hospsim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

// GSL aborts the process on domain errors by default; the project validates parameters before
// sampling, so a GSL error would be a bug, but it must never abort a batch run.
static inline void hospsim_gsl_quiet(void) { gsl_set_error_handler_off(); }

#endif
