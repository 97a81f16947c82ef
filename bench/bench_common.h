/*
 * Shared by the C contenders (shim_bench.c, openssl_bench.c): parameters from the environment,
 * the timing loop, the 2-thread scaling harness, RSS, the workload table and result lines.
 * Header-only (static functions) so each contender is one translation unit.
 *
 * Environment: BENCH_CERTS (PKI from tests-c/certs.sh; default target/bench-certs),
 * BENCH_SCALE (multiplies durations and counts; default 1, make bench-smoke uses 0.01),
 * BENCH_CLOCK (see rate_clock), BENCH_SLICES (see rate_slices), BENCH_COUNT (see bench_rate).
 * Output: `workload,contender,value,unit` lines on stdout; diagnostics on stderr.
 */
#ifndef SCHSHIM_BENCH_COMMON_H
#define SCHSHIM_BENCH_COMMON_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BULK_LEN 16384
#define SMALL_LEN 64

typedef enum { KEY_ECDSA, KEY_RSA } KeyKind;
typedef enum { SUITE_AES256, SUITE_CHACHA } SuiteKind;

/* What a workload asks of a pair: the same table as bench/rustls/src/main.rs. */
typedef struct {
    const char *name;
    const char *unit;
    KeyKind key;
    int tls13;
    int resumption;
    SuiteKind suite;
} Workload;

static const Workload WORKLOADS[] = {
    {"hs13_ecdsa", "hs/s", KEY_ECDSA, 1, 0, SUITE_AES256},
    {"hs13_rsa", "hs/s", KEY_RSA, 1, 0, SUITE_AES256},
    {"hs12_ecdsa", "hs/s", KEY_ECDSA, 0, 0, SUITE_AES256},
    {"resume13", "hs/s", KEY_ECDSA, 1, 1, SUITE_AES256},
    {"resume12", "hs/s", KEY_ECDSA, 0, 1, SUITE_AES256},
    {"bulk_aes", "MB/s", KEY_ECDSA, 1, 0, SUITE_AES256},
    {"bulk_chacha", "MB/s", KEY_ECDSA, 1, 0, SUITE_CHACHA},
    {"small64", "rec/s", KEY_ECDSA, 1, 0, SUITE_AES256},
    {"mem_idle", "KiB/pair", KEY_ECDSA, 1, 0, SUITE_AES256},
    {"scale_hs", "x", KEY_ECDSA, 1, 0, SUITE_AES256},
    {"scale_bulk", "x", KEY_ECDSA, 1, 0, SUITE_AES256},
};

static const Workload *find_workload(const char *name)
{
    for (size_t i = 0; i < sizeof WORKLOADS / sizeof WORKLOADS[0]; i++)
        if (strcmp(WORKLOADS[i].name, name) == 0)
            return &WORKLOADS[i];
    return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static double bench_scale(void)
{
    const char *s = getenv("BENCH_SCALE");
    double v = s ? atof(s) : 1.0;
    return v > 0 ? v : 1.0;
}

/* Seconds of one rate measurement (warm-up is a fifth of it on top). */
static double bench_duration(void)
{
    double d = 0.3 * bench_scale();
    return d < 0.002 ? 0.002 : d;
}

static size_t bench_mem_pairs(void)
{
    size_t n = (size_t)(10000.0 * bench_scale());
    return n < 20 ? 20 : n;
}

static const char *bench_certs(void)
{
    const char *d = getenv("BENCH_CERTS");
    return d && *d ? d : "target/bench-certs";
}

static char *bench_path(const char *file)
{
    static char buf[8][4096];
    static int next;
    char *p = buf[next++ % 8];
    snprintf(p, sizeof buf[0], "%s/%s", bench_certs(), file);
    return p;
}

__attribute__((unused)) static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)n + 1);
    if (fread(p, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    p[n] = 0;
    fclose(f);
    return p;
}

static double clock_s(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The clock of single-thread rates: the thread's CPU time (default: on a shared machine it
 * does not count time the thread was descheduled), or wall time with BENCH_CLOCK=wall.
 * The 2-thread scaling ratios always use wall time. */
static clockid_t rate_clock(void)
{
    const char *c = getenv("BENCH_CLOCK");
    return c && strcmp(c, "wall") == 0 ? CLOCK_MONOTONIC : CLOCK_THREAD_CPUTIME_ID;
}

/* Calls work(state) (which returns the units it did) for d seconds of `clock`, after a warm-up
 * of d/5, in `slices` equal slices; returns the units per second of the fastest slice (other
 * work on a shared machine only ever slows a slice down; with slices = 1 it is the plain
 * average). The clock is read once per batch of calls, the batch sized in the warm-up to take
 * at least 0.5 ms (reading the thread CPU clock is a system call, which would otherwise weigh
 * on 64-byte records). */
typedef uint64_t (*WorkFn)(void *state);

static double bench_rate_on(clockid_t clock, double d, int slices, WorkFn work, void *state)
{
    long batch = 1;
    double t0 = clock_s(clock);
    for (;;) {
        double b0 = clock_s(clock);
        for (long i = 0; i < batch; i++)
            work(state);
        double t = clock_s(clock);
        if (t - b0 < 0.0005)
            batch *= 2;
        if (t - t0 >= d / 5)
            break;
    }
    double best = 0;
    for (int s = 0; s < slices; s++) {
        uint64_t units = 0;
        double start = clock_s(clock), e;
        do {
            for (long i = 0; i < batch; i++)
                units += work(state);
            e = clock_s(clock) - start;
        } while (e < d / slices);
        if ((double)units / e > best)
            best = (double)units / e;
    }
    return best;
}

/* Slices of a single-thread rate measurement: BENCH_SLICES, default 10. */
static int rate_slices(void)
{
    const char *s = getenv("BENCH_SLICES");
    int n = s ? atoi(s) : 10;
    return n > 0 ? n : 1;
}

/* BENCH_COUNT=N (for profilers): exactly N calls, no warm-up, instead of a duration. */
static double bench_rate(double d, WorkFn work, void *state)
{
    const char *count = getenv("BENCH_COUNT");
    if (count && atol(count) > 0) {
        clockid_t clock = rate_clock();
        long n = atol(count);
        uint64_t units = 0;
        double start = clock_s(clock);
        for (long i = 0; i < n; i++)
            units += work(state);
        return (double)units / (clock_s(clock) - start);
    }
    return bench_rate_on(rate_clock(), d, rate_slices(), work, state);
}

/* 2-thread scaling: make() builds one thread's state (its own pair); the ratio of the total
 * rate of two threads running work() at once to the rate of one. */
typedef void *(*MakeFn)(void);

typedef struct {
    MakeFn make;
    WorkFn work;
    double d, result;
    pthread_barrier_t *barrier;
} ScaleArg;

static void *scale_thread(void *p)
{
    ScaleArg *a = p;
    void *state = a->make();
    pthread_barrier_wait(a->barrier);
    a->result = bench_rate_on(CLOCK_MONOTONIC, a->d, 1, a->work, state);
    return NULL;
}

static double bench_scaling(double d, MakeFn make, WorkFn work)
{
    double one = bench_rate_on(CLOCK_MONOTONIC, d, 1, work, make());
    pthread_barrier_t barrier;
    pthread_barrier_init(&barrier, NULL, 2);
    ScaleArg args[2];
    pthread_t th[2];
    for (int i = 0; i < 2; i++) {
        args[i] = (ScaleArg){make, work, d, 0, &barrier};
        pthread_create(&th[i], NULL, scale_thread, &args[i]);
    }
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&barrier);
    return (args[0].result + args[1].result) / one;
}

/* Resident set size in bytes. */
static uint64_t rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, res = 0;
    if (!f || fscanf(f, "%lu %lu", &size, &res) != 2) {
        fprintf(stderr, "cannot read /proc/self/statm\n");
        exit(1);
    }
    fclose(f);
    return (uint64_t)res * (uint64_t)sysconf(_SC_PAGESIZE);
}

static void report(const Workload *w, const char *contender, double value)
{
    printf("%s,%s,%.3f,%s\n", w->name, contender, value, w->unit);
    fflush(stdout);
}

#define DIE(...)                          \
    do {                                  \
        fprintf(stderr, __VA_ARGS__);     \
        fputc('\n', stderr);              \
        exit(1);                          \
    } while (0)

#endif
