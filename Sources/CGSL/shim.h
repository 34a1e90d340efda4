#ifndef HOSPSIM_CGSL_SHIM_H
#define HOSPSIM_CGSL_SHIM_H

#include <stdio.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_erf.h>

// GSL exposes its generator types as mutable C globals, which Swift 6's strict concurrency
// checking refuses to read. These accessors return them by value instead.
static inline const gsl_rng_type *hospsim_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *hospsim_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_min_fminimizer_type *hospsim_min_brent(void) { return gsl_min_fminimizer_brent; }
static inline const gsl_multimin_fminimizer_type *hospsim_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }

// The antithetic twin of MT19937: the same state, seeding and sequence, but every integer x is
// returned as max - x and so every uniform u as (about) 1 - u. A replication driven by it mirrors
// the replication driven by MT19937 with the same seed, through every GSL distribution alike.
// (max - x) / 2^32 stays in [0, 1) as GSL's uniforms must.
static inline unsigned long int hospsim_antithetic_get(void *state) {
    return 0xffffffffUL - gsl_rng_mt19937->get(state);
}
static inline double hospsim_antithetic_get_double(void *state) {
    return (double)hospsim_antithetic_get(state) / 4294967296.0;
}
static inline void hospsim_antithetic_set(void *state, unsigned long int seed) {
    gsl_rng_mt19937->set(state, seed);
}
static inline const gsl_rng_type *hospsim_rng_mt19937_antithetic(void) {
    static gsl_rng_type type = {0};
    if (type.name == 0) {
        type.max = gsl_rng_mt19937->max;
        type.min = gsl_rng_mt19937->min;
        type.size = gsl_rng_mt19937->size;
        type.set = hospsim_antithetic_set;
        type.get = hospsim_antithetic_get;
        type.get_double = hospsim_antithetic_get_double;
        type.name = "mt19937-antithetic";
    }
    return &type;
}

// One double through snprintf, without Swift's variadic arguments: boxing a Double as CVarArg
// costs a dynamic cast per call, and a scan of the conformance records on the first.
static inline int hospsim_format_double(char *buffer, size_t size, const char *format, double x) {
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wformat-nonliteral"
    return snprintf(buffer, size, format, x);
#pragma clang diagnostic pop
}

// GSL aborts the process on domain errors by default; the project validates parameters before
// sampling, so a GSL error would be a bug, but it must never abort a batch run.
static inline void hospsim_gsl_quiet(void) { gsl_set_error_handler_off(); }

#endif
