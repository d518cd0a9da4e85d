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
struct kl_error;

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

/*
 * Put data into an in-memory file (fuzz_file), call run(path, ctx, err)
 * on it with err cleared, and close it.  Returns 0, what
 * LLVMFuzzerTestOneInput returns; run is not called when the kernel has
 * no memfd.
 */
int fuzz_on_file(const uint8_t *data, size_t size,
                 void (*run)(const char *path, void *ctx, struct kl_error *err),
                 void *ctx);

/*
 * A run for fuzz_on_file: import the file at path into fuzz_store() as
 * a feed with the struct kl_feed_opts at opts, made a dry run here (so
 * the store stays small); the error in *err.  Whatever the import
 * returns is ignored.
 */
void fuzz_import_feed(const char *path, void *opts, struct kl_error *err);

#endif
