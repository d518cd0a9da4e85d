printf "old\n" > k.key
