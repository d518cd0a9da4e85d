# The fuzz harnesses, one per input parser (keep sorted).  Each has a seed
# corpus in tests/fuzz/corpus/<name>/ and its past findings, kept as
# regression inputs, in tests/fuzz/regressions/<name>/.
set(KL_FUZZ_HARNESSES
	fuzz_codebook
	fuzz_csv
	fuzz_feeds
	fuzz_import
	fuzz_map
	fuzz_mse
	fuzz_mse_merge
	fuzz_pnr
	fuzz_report
	fuzz_report_build
	fuzz_scb
	fuzz_sdc
)
