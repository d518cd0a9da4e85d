cp "$DATA/feeds/polis_extract_a.csv" ./19800704-9839.csv
