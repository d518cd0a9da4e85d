# mode 0600 under umask 0, 65 bytes: 64 hex digits and a newline
[ "$(stat -c %a k.key)" = 600 ] || { echo "mode $(stat -c %a k.key)"; exit 1; }
[ "$(wc -c < k.key)" -eq 65 ] || exit 1
grep -Eqx '[0-9a-f]{64}' k.key || exit 1
# key id works on it and prints 16 hex digits
"$KARTLAGG" key id k.key | grep -Eqx '[0-9a-f]{16}'
