/*
 * Soak: many connections through one client and one server credential (SCH_CREDENTIALS, TLS 1.2
 * and 1.3; after the first, TLS 1.3 connections resume with the credential's tickets), each with
 * a handshake, one exchange both ways, and close_notify. The resident set size is sampled from
 * /proc/self/statm; after a warm-up (the first tenth: caches fill, allocator arenas settle) it
 * must not grow by more than SCHSHIM_SOAK_RSS_BOUND_KIB (default 4096 KiB).
 *
 * SCHSHIM_SOAK_CONNECTIONS sets the count: `make test` runs the default (500), `make soak`
 * 10,000. Figures (connections/s, RSS samples) are printed. Under AddressSanitizer or valgrind
 * the RSS bound is not enforced (their quarantine / freed-block queue holds freed memory by
 * design); the figures are still printed.
 */
#include "common.h"

#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SOAK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOAK_ASAN 1
#endif
#endif
#ifndef SOAK_ASAN
#define SOAK_ASAN 0
#endif

/* CONTRACT §2; soak (issue 10) */
static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (!f) return -1;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* CONTRACT §2; soak (issue 10) */
static long env_long(const char *name, long def)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : def;
}

/* CONTRACT §2; soak (issue 10) */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    test_init();
    long n = env_long("SCHSHIM_SOAK_CONNECTIONS", 500);
    long bound = env_long("SCHSHIM_SOAK_RSS_BOUND_KIB", 4096);
    long warm = n / 10 > 0 ? n / 10 : 1;
    const char *preload = getenv("LD_PRELOAD");
    int instrumented = SOAK_ASAN || (preload && strstr(preload, "vgpreload"));

    PCCERT_CONTEXT cert = load_cert("ecdsa", CERT_PEM);
    if (!CHECK(cert != NULL)) return test_finish("test_soak");
    CredHandle client, server;
    if (!CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_OUTBOUND, 0,
                                              SCH_CRED_MANUAL_CRED_VALIDATION, NULL, &client),
                      SEC_E_OK) ||
        !CHECK_STATUS(acquire_sch_credentials(API_A, SECPKG_CRED_INBOUND, 0, 0, cert, &server),
                      SEC_E_OK))
        return test_finish("test_soak");
    CertFreeCertificateContext(cert);

    long rss_start = rss_kib(), rss_warm = 0, rss_peak = 0;
    unsigned resumed = 0, failed = 0;
    double t0 = now(), t_warm = t0;
    for (long i = 0; i < n; i++) {
        Pair p;
        pair_init(&p, API_A, client, API_A, server);
        SECURITY_STATUS s = pair_handshake(&p);
        if (s == SEC_E_OK) {
            SecPkgContext_SessionInfo info;
            if (peer_query(&p.client, SECPKG_ATTR_SESSION_INFO, &info) == SEC_E_OK &&
                (info.dwFlags & SSL_SESSION_RECONNECT))
                resumed++;
            char msg[32];
            int len = snprintf(msg, sizeof msg, "connection %ld", i);
            if (!pair_exchange(&p, msg, (size_t)len)) failed++;
            if (peer_shutdown(&p.client, 0, NULL) != SEC_E_OK) failed++;
        } else {
            failed++;
        }
        pair_free(&p);
        long r = rss_kib();
        if (r > rss_peak) rss_peak = r;
        if (i + 1 == warm) {
            rss_warm = r;
            t_warm = now();
        }
        if ((i + 1) % (n / 10 > 0 ? n / 10 : 1) == 0)
            printf("soak: %ld connections, RSS %ld KiB\n", i + 1, r);
    }
    double secs = now() - t0;
    long rss_end = rss_kib();
    long growth = rss_end - rss_warm;
    printf("soak: %ld connections in %.2f s (%.0f/s after warm-up), %u resumed, %u failed\n", n,
           secs, (n - warm) / (now() - t_warm > 0 ? now() - t_warm : 1), resumed, failed);
    printf("soak: RSS KiB start %ld, after warm-up (%ld) %ld, end %ld, peak %ld; growth after "
           "warm-up %ld KiB (bound %ld%s)\n",
           rss_start, warm, rss_warm, rss_end, rss_peak, growth, bound,
           instrumented ? ", not enforced under ASan/valgrind" : "");
    CHECK_EQ(failed, 0);
    CHECK(resumed > 0); /* the credential's session store is in use */
    if (!instrumented) CHECK(growth <= bound);
    free_cred(&client);
    free_cred(&server);
    return test_finish("test_soak");
}
