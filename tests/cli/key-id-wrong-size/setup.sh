printf "%s\n" 0123456789abcdef > k.key
chmod 600 k.key
