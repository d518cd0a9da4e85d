/*
 * fuzz.h - what the fuzz harnesses share.  Each harness defines
 * LLVMFuzzerTestOneInput(); built with clang -fsanitize=fuzzer it is a
 * libFuzzer target (make fuzz), built with fuzz_main.c it replays files
 * (the seed corpus and every past finding) in the ordinary test build.
 */
#ifndef KL_FUZZ_H
#define KL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct kl_store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Put data into an anonymous in-memory file and return a path that opens
 * it ("/proc/self/fd/N"); close it with fuzz_file_close().  Returns NULL
 * when the kernel has no memfd.
 */
const char *fuzz_file(const uint8_t *data, size_t size, int *fd);
void fuzz_file_close(int fd);

/* A store in a temporary directory, created on the first call and kept
 * open for the life of the process (harnesses import with dry_run). */
struct kl_store *fuzz_store(void);

#endif
